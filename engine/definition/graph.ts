/** The steps as a graph: every step reachable from `start`, and from every step a way to close the case. */
import type { Step, Workflow } from '../types.ts';
import type { Problem } from './errors.ts';

/** Step ids a step can move to, and whether it can close the case itself. */
function edges(step: Step): { to: string[]; ends: boolean } {
  if (typeof step.next === 'string') return { to: [step.next], ends: step.end !== undefined };
  const branches = Array.isArray(step.next) ? step.next : [];
  return {
    // A fork leads to its branches; they lead on to its join.
    to: branches.flatMap((b) => (b.to !== undefined ? [b.to] : (b.parallel ?? []))),
    ends: step.end !== undefined || branches.some((b) => b.end !== undefined),
  };
}

export function checkGraph(wf: Workflow): Problem[] {
  const index = new Map(wf.steps.map((s, i) => [s.id, i] as const));
  if (!index.has(wf.start)) return []; // reported with the references
  const out = wf.steps.map((s) => edges(s).to.filter((t) => index.has(t)));

  const reachable = new Set<string>([wf.start]);
  const queue = [wf.start];
  while (queue.length) {
    const id = queue.shift()!;
    for (const t of out[index.get(id)!]) {
      if (!reachable.has(t)) {
        reachable.add(t);
        queue.push(t);
      }
    }
  }

  // Walk backwards from the steps that can close the case.
  const incoming = new Map<string, string[]>(wf.steps.map((s) => [s.id, []]));
  wf.steps.forEach((s, i) => out[i].forEach((t) => incoming.get(t)!.push(s.id)));
  // A step pointing at an unknown step is already reported; counting it as finishing avoids a second, vaguer error.
  const finishes = new Set(wf.steps.filter((s) => edges(s).ends || edges(s).to.some((t) => !index.has(t))).map((s) => s.id));
  const back = [...finishes];
  while (back.length) {
    const id = back.pop()!;
    for (const from of incoming.get(id) ?? []) {
      if (!finishes.has(from)) {
        finishes.add(from);
        back.push(from);
      }
    }
  }

  const problems: Problem[] = [];
  // Each branch of a fork must be able to reach the fork's join, or its work would never come back.
  const reaches = (from: string, goal: string): boolean => {
    const seen = new Set([from]);
    const todo = [from];
    while (todo.length) {
      const id = todo.pop()!;
      if (id === goal) return true;
      for (const t of out[index.get(id)!] ?? []) if (!seen.has(t)) (seen.add(t), todo.push(t));
    }
    return false;
  };
  wf.steps.forEach((s, i) => {
    if (!Array.isArray(s.next)) return;
    s.next.forEach((b, j) => {
      if (!b.parallel || !b.join || !index.has(b.join)) return;
      b.parallel.forEach((p, k) => {
        if (index.has(p) && p !== b.join && !reaches(p, b.join!)) {
          problems.push({
            path: ['steps', i, 'next', j, 'parallel', k],
            message: `Cabang bersamaan \`${p}\` tidak pernah sampai ke langkah gabungan \`${b.join}\`.`,
            hint: `Arahkan \`next\` langkah terakhir cabang ini ke \`${b.join}\`.`,
          });
        }
      });
    });
  });
  wf.steps.forEach((s, i) => {
    if (!reachable.has(s.id)) {
      problems.push({
        path: ['steps', i, 'id'],
        message: `Langkah \`${s.id}\` (nomor ${s.number}) tidak pernah dicapai dari langkah awal \`${wf.start}\`.`,
        hint: 'Sebutkan langkah ini pada `next` (atau `to` sebuah cabang) langkah sebelumnya, atau hapus langkah ini.',
      });
    } else if (!finishes.has(s.id) && (s.next !== undefined || s.end !== undefined)) {
      problems.push({
        path: ['steps', i, 'id'],
        message: `Dari langkah \`${s.id}\` (nomor ${s.number}) kasus tidak pernah dapat selesai: setiap jalannya berputar tanpa sampai ke \`end\`.`,
        hint: 'Beri salah satu langkah pada putaran ini cabang yang menuju langkah yang selesai (`end`), atau `end` sendiri.',
      });
    }
  });
  return problems;
}
