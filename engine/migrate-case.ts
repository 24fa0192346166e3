/**
 * Moving an open case to a newer version of its service, when the decree says so: which cases can move, to
 * which step, and what the new version asks for that the case does not hold yet. The rule lives here, once;
 * the server runs the dry run over the open cases and commits each move chosen with its audit entry.
 *
 * A case can move when it is open, on an older version of the same service, and every open task's step is in the
 * new version (the same id, or the step recognised as renamed). Cases in parallel branches stay where they are
 * (the branches of one version cannot be matched to another's safely). Values the new version requires of steps
 * the case already passed are listed as missing: the case moves, and those values stay empty until someone enters
 * them. Deadlines already running keep their due times; the case history records the move.
 */
import { pairSteps } from './changes/match.ts';
import { visibleFields } from './form.ts';
import { workflowHash } from './hash.ts';
import { rolesOf, stepOf, tasksOf } from './tasks.ts';
import type { Case, StepNumber, Workflow } from './types.ts';

export interface TaskMove {
  task: string;
  from: { step: string; number: StepNumber; title: string };
  to: { step: string; number: StepNumber; title: string; roles: string[] };
  /** The step is done by other roles in the new version (the task leaves the old role's list). */
  roleChanged: boolean;
}

export interface MissingValue {
  step: string;
  number: StepNumber;
  field: string;
  label: string;
}

export interface MovePlan {
  caseId: string;
  fromVersion: number;
  toVersion: number;
  movable: boolean;
  /** Why the case stays on its version (Indonesian), when it cannot move. */
  reasons: string[];
  tasks: TaskMove[];
  missing: MissingValue[];
  /** Steps of the old version recognised under a new id in the new one (old id → new id). */
  renames: Record<string, string>;
}

const emptyValue = (v: unknown) => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);

/** Where a case of `from` would stand in `to`, and whether it may move there (pure: no clock, no store). */
export async function planCaseMove(c: Case, from: Workflow, to: Workflow): Promise<MovePlan> {
  const plan: MovePlan = { caseId: c.id, fromVersion: c.workflow.version, toVersion: to.version, movable: false, reasons: [], tasks: [], missing: [], renames: {} };
  if (c.workflow.id !== to.id || from.id !== to.id) {
    plan.reasons.push('Kasus ini milik layanan lain.');
    return plan;
  }
  if (c.status !== 'open') plan.reasons.push('Kasus sudah selesai; kasus yang selesai tetap pada versinya.');
  if (c.workflow.version === to.version) plan.reasons.push(`Kasus sudah memakai versi ${to.version}.`);
  else if (c.workflow.version > to.version) plan.reasons.push(`Kasus memakai versi ${c.workflow.version}, lebih baru dari versi ${to.version}.`);
  if (plan.reasons.length) return plan;

  const tasks = tasksOf(c);
  if (!tasks.length) plan.reasons.push('Kasus tidak punya tugas terbuka.');
  if (tasks.some((t) => t.branch)) plan.reasons.push('Kasus sedang berjalan di cabang paralel; pindahkan setelah cabangnya bertemu lagi.');
  const pairs = pairSteps(from, to).pairs;
  for (const p of pairs) if (p.renamed) plan.renames[p.before.id] = p.after.id;
  for (const t of tasks) {
    const before = stepOf(from, t.step);
    const after = before ? pairs.find((p) => p.before.id === before.id)?.after : undefined;
    if (!before || !after) {
      const name = before ? `Langkah ${before.number} "${before.title}"` : `Langkah ${t.step}`;
      plan.reasons.push(`${name}, tempat kasus ini menunggu, tidak ada lagi di versi ${to.version}.`);
      continue;
    }
    const roles = rolesOf(after);
    plan.tasks.push({
      task: t.id,
      from: { step: before.id, number: before.number, title: before.title },
      to: { step: after.id, number: after.number, title: after.title, roles },
      roleChanged: rolesOf(before).join() !== roles.join(),
    });
  }

  // What the new version requires of the steps this case already passed (in the new version's form).
  const passed = new Set<string>();
  for (const h of c.history) if (h.type === 'completed') passed.add(h.step);
  const pairOf = (id: string) => pairs.find((p) => p.before.id === id)?.after;
  for (const id of passed) {
    const step = pairOf(id);
    if (!step?.fields?.length) continue;
    for (const f of await visibleFields(step.fields, c.data)) {
      if (f.required && !f.compute && emptyValue(c.data[f.name])) plan.missing.push({ step: step.id, number: step.number, field: f.name, label: f.label });
    }
  }
  plan.movable = plan.reasons.length === 0;
  return plan;
}

/**
 * The case on version `to` after a move planned by `planCaseMove` (which must say it can move): its tasks at
 * their steps in the new version, its history with the move. Throws when the plan does not allow the move.
 */
export function moveCase(c: Case, plan: MovePlan, to: Workflow, input: { actor: string; now: Date; reason?: string }): Case {
  if (!plan.movable || plan.caseId !== c.id || plan.fromVersion !== c.workflow.version) throw new Error(`Kasus ${c.id} tidak dapat dipindah menurut rencananya.`);
  const at = input.now.toISOString();
  const byTask = new Map(plan.tasks.map((m) => [m.task, m]));
  const tasks = tasksOf(c).map((t) => ({ ...t, step: byTask.get(t.id)?.to.step ?? t.step }));
  return {
    ...c,
    workflow: { id: to.id, version: to.version, hash: workflowHash(to) },
    tasks,
    current: tasks[0]?.step ?? null,
    deadlines: c.deadlines.map((d) => (plan.renames[d.step] ? { ...d, step: plan.renames[d.step]! } : d)),
    updatedAt: at,
    rev: c.rev + 1,
    history: [
      ...c.history,
      {
        type: 'migrated',
        at,
        actor: input.actor,
        fromVersion: plan.fromVersion,
        toVersion: to.version,
        decree: to.decree.number,
        tasks: plan.tasks.map((m) => ({ task: m.task, from: m.from.step, to: m.to.step })),
        ...(plan.missing.length ? { missing: plan.missing.map((m) => m.label) } : {}),
        ...(input.reason ? { reason: input.reason } : {}),
      },
    ],
  };
}
