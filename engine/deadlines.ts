/** Deadlines of a case: started from the YAML's rules, and their state at any instant. */
import { compiledFor, runGuards, type CompiledGuards } from './guards.ts';
import { addDuration, describeDuration } from './time.ts';
import type { Case, CaseDeadline, Condition, DeadlineRule, HistoryEntry, Step, Workflow } from './types.ts';

/** Id of the deadline that carries the service's completion time (Waktu Penyelesaian). */
export const COMPLETION = 'penyelesaian';

/** The completion deadline a new case gets from `completion` in the YAML. */
export function completionDeadline(wf: Workflow, startStep: string, now: Date): CaseDeadline {
  return {
    id: COMPLETION,
    label: `Waktu penyelesaian ${wf.completion.text || describeDuration(wf.completion.duration)}`,
    step: startStep,
    startedAt: now.toISOString(),
    due: addDuration(now, wf.completion.duration, wf.completion.calendar ?? 'calendar', wf.calendar).toISOString(),
    blocking: false,
  };
}

/** Compiled `when` of each deadline list of a definition (never mutated). */
const deadlineGuards = new WeakMap<DeadlineRule[], CompiledGuards>();

/** The deadlines a completed step starts: those whose `when` holds over the case's data. */
export async function startedBy(wf: Workflow, step: Step, data: Record<string, unknown>, now: Date): Promise<CaseDeadline[]> {
  const out: CaseDeadline[] = [];
  const rules = step.deadlines ?? [];
  if (rules.length === 0) return out;
  const guards = compiledFor(deadlineGuards, rules, () => rules.flatMap((r, i): Array<[string, Condition]> => (r.when ? [[String(i), r.when]] : [])));
  const results = await runGuards(guards, data);
  for (const [i, rule] of rules.entries()) {
    if (rule.when && !results.get(String(i))?.result) continue;
    out.push({
      id: rule.id,
      label: rule.label,
      step: step.id,
      startedAt: now.toISOString(),
      due: addDuration(now, rule.duration, rule.calendar ?? 'calendar', wf.calendar).toISOString(),
      blocking: rule.blocking ?? false,
    });
  }
  return out;
}

export function deadlineEntry(d: CaseDeadline): HistoryEntry {
  return { type: 'deadline', at: d.startedAt, deadline: d.id, label: d.label, due: d.due, step: d.step };
}

export interface DeadlineState extends CaseDeadline {
  overdue: boolean;
  /** Milliseconds until due (negative once past); for a met deadline, the margin it was met with. */
  remainingMs: number;
}

/** Each deadline of the case as it stands at `now`. */
export function deadlineStatus(c: Case, now: Date): DeadlineState[] {
  return c.deadlines.map((d) => {
    const until = new Date(d.due).getTime() - (d.metAt ? new Date(d.metAt).getTime() : now.getTime());
    return { ...d, overdue: until < 0, remainingMs: until };
  });
}

/** Whether an open case has a deadline that ran out and is not met. */
export function isOverdue(c: Case, now: Date): boolean {
  return c.status === 'open' && c.deadlines.some((d) => !d.metAt && new Date(d.due).getTime() < now.getTime());
}

/** Running blocking deadlines: the case may not move on until they are met. */
export function blockingOpen(c: Case): CaseDeadline[] {
  return c.deadlines.filter((d) => d.blocking && !d.metAt);
}
