/** Which steps and ways forward differ between two versions: for drawing the draft beside the version in force. */
import type { Step, Workflow } from '../types.ts';
import { pairSteps } from './match.ts';

export interface StepDifferences {
  /** Step ids of the new version that are new, or changed (role, form, route, deadlines, title, number). */
  added: string[];
  changed: string[];
  /** Step ids of the old version that are gone. */
  removed: string[];
  /** Ways forward ("from>to", to an outcome as `selesai:ID`) present only in the new, or only in the old version. */
  newWays: string[];
  goneWays: string[];
}

function ways(s: Step): string[] {
  const out: string[] = [];
  const add = (b: { to?: string; end?: string }) => (b.to ? out.push(b.to) : b.end ? out.push(`selesai:${b.end}`) : undefined);
  if (typeof s.next === 'string') add({ to: s.next });
  else for (const b of s.next ?? []) add(b);
  if (s.end) add({ end: s.end });
  return out;
}

export function stepDifferences(before: Workflow, after: Workflow): StepDifferences {
  const pairing = pairSteps(before, after);
  const newId = new Map(pairing.pairs.map((p) => [p.before.id, p.after.id]));
  const oldId = new Map(pairing.pairs.map((p) => [p.after.id, p.before.id]));
  const mapped = (s: Step, map?: Map<string, string>) =>
    typeof s.next === 'string' ? (map?.get(s.next) ?? s.next) : s.next?.map((b) => (b.to ? { ...b, to: map?.get(b.to) ?? b.to } : b));
  const norm = (s: Step, map?: Map<string, string>) => JSON.stringify({ ...s, id: '', next: mapped(s, map) });
  const changed = pairing.pairs.filter((p) => norm(p.before, newId) !== norm(p.after)).map((p) => p.after.id);
  const waysOf = (wf: Workflow, map?: Map<string, string>) =>
    new Set(wf.steps.flatMap((s) => ways(s).map((w) => `${map?.get(s.id) ?? s.id}>${map?.get(w) ?? w}`)));
  const oldWays = waysOf(before, newId);
  const nowWays = waysOf(after);
  const back = (key: string) => key.split('>').map((x) => oldId.get(x) ?? x).join('>');
  return {
    added: pairing.added.map((s) => s.id),
    changed,
    removed: pairing.removed.map((s) => s.id),
    newWays: [...nowWays].filter((w) => !oldWays.has(w)),
    goneWays: [...oldWays].filter((w) => !nowWays.has(w)).map(back),
  };
}
