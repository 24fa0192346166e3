/**
 * Deadlines of a case: started from the YAML's rules (when a step opens or is completed), met, superseded by a
 * restarted clock, or ended with the case; and their state at any instant.
 */
import { compiledFor, runGuards, type CompiledGuards } from './guards.ts';
import { addDuration, countedBetween, describeDuration } from './time.ts';
import type { Case, CaseDeadline, Condition, DeadlineRule, HistoryEntry, PriorityDeadline, Step, Workflow } from './types.ts';

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

/** Whether a deadline's clock still runs: not met, not superseded, not ended. */
export function isRunning(d: CaseDeadline): boolean {
  return !d.metAt && !d.supersededAt && !d.endedAt;
}

/** How a rule starts its clock. */
export function startsWhen(rule: DeadlineRule): 'opened' | 'completed' {
  return rule.starts ?? 'completed';
}

/** The rule a case deadline was started from, if its step still declares it. */
export function ruleOf(wf: Workflow, d: Pick<CaseDeadline, 'id' | 'step'>): DeadlineRule | undefined {
  return wf.steps.find((s) => s.id === d.step)?.deadlines?.find((r) => r.id === d.id);
}

/** The priority deadline (PriorityRule.deadline) a case deadline was started from, if the definition declares it. */
export function priorityDeadlineOf(wf: Workflow, d: Pick<CaseDeadline, 'id'>): PriorityDeadline | undefined {
  return (wf.priority ?? []).find((p) => p.deadline?.id === d.id)?.deadline;
}

/**
 * Starts the deadline of the priority a case just took (mutates `c`), unless it ran before or the response it
 * waits for already came (a step of `until` was completed).
 */
export function startPriorityDeadline(wf: Workflow, c: Case, rule: PriorityDeadline, step: string, now: Date, events: HistoryEntry[]): void {
  if (c.deadlines.some((d) => d.id === rule.id)) return;
  const done = (h: HistoryEntry) => h.type === 'completed' && rule.until.includes(h.step);
  if (c.history.some(done) || events.some(done)) return;
  addDeadlines(
    c,
    [{ id: rule.id, label: rule.label, step, startedAt: now.toISOString(), due: addDuration(now, rule.duration, rule.calendar ?? 'calendar', wf.calendar).toISOString(), blocking: false }],
    now.toISOString(),
    events,
  );
}

/** Meets the running priority deadlines that wait for `step` (just completed as task `task` by `actor`). */
export function meetPriorityDeadlines(wf: Workflow, c: Case, step: string, task: string | undefined, actor: string, at: string, events: HistoryEntry[]): void {
  for (const d of c.deadlines) {
    if (!isRunning(d) || !priorityDeadlineOf(wf, d)?.until.includes(step)) continue;
    d.metAt = at;
    d.metBy = actor;
    events.push({ type: 'deadline-met', at, actor, deadline: d.id, label: d.label, step: d.step, task: task ?? step });
  }
}

/** Roles that may record a deadline as met by its action (`metBy`, else the roles of its step). */
export function meetRoles(wf: Workflow, d: Pick<CaseDeadline, 'id' | 'step'>): string[] {
  const step = wf.steps.find((s) => s.id === d.step);
  const rule = ruleOf(wf, d);
  const roles = rule?.metBy ?? step?.role ?? [];
  return Array.isArray(roles) ? roles : [roles];
}

/**
 * Whether the deadline can be met by an action (a button), rather than only by completing its step: every
 * deadline a step's completion starts, and one started at a step's opening when it names `metLabel`.
 */
export function meetableByAction(wf: Workflow, d: CaseDeadline): boolean {
  if (d.id === COMPLETION || priorityDeadlineOf(wf, d)) return false;
  const rule = ruleOf(wf, d);
  return !rule || startsWhen(rule) === 'completed' || rule.metLabel !== undefined;
}

/** Compiled `when` of each deadline list of a definition (never mutated). */
const deadlineGuards = new WeakMap<DeadlineRule[], CompiledGuards>();

async function fromRules(
  wf: Workflow,
  step: Step,
  data: Record<string, unknown>,
  now: Date,
  starts: 'opened' | 'completed',
  task?: string,
): Promise<CaseDeadline[]> {
  const out: CaseDeadline[] = [];
  const rules = step.deadlines ?? [];
  if (!rules.some((r) => startsWhen(r) === starts)) return out;
  const guards = compiledFor(deadlineGuards, rules, () => rules.flatMap((r, i): Array<[string, Condition]> => (r.when ? [[String(i), r.when]] : [])));
  const results = await runGuards(guards, data);
  for (const [i, rule] of rules.entries()) {
    if (startsWhen(rule) !== starts) continue;
    if (rule.when && !results.get(String(i))?.result) continue;
    out.push({
      id: rule.id,
      label: rule.label,
      step: step.id,
      startedAt: now.toISOString(),
      due: addDuration(now, rule.duration, rule.calendar ?? 'calendar', wf.calendar).toISOString(),
      blocking: rule.blocking ?? false,
      ...(task ? { task } : {}),
    });
  }
  return out;
}

/** The deadlines a completed step starts: its rules with `starts: completed` whose `when` holds over the data. */
export function startedBy(wf: Workflow, step: Step, data: Record<string, unknown>, now: Date): Promise<CaseDeadline[]> {
  return fromRules(wf, step, data, now, 'completed');
}

/** The deadlines a step starts when it opens as task `task`: its rules with `starts: opened`. */
export function openedWith(wf: Workflow, step: Step, data: Record<string, unknown>, now: Date, task: string): Promise<CaseDeadline[]> {
  return fromRules(wf, step, data, now, 'opened', task);
}

export function deadlineEntry(d: CaseDeadline): HistoryEntry {
  return { type: 'deadline', at: d.startedAt, deadline: d.id, label: d.label, due: d.due, step: d.step };
}

/**
 * Adds newly started deadlines to the case (mutated), each superseding a clock of the same id still running
 * (a step done again in a loop restarts its clock), and records both in `events`.
 */
export function addDeadlines(c: Case, started: CaseDeadline[], at: string, events: HistoryEntry[]): void {
  for (const d of started) {
    for (const old of c.deadlines) {
      if (old.id !== d.id || !isRunning(old)) continue;
      old.supersededAt = at;
      events.push({ type: 'deadline-superseded', at, deadline: old.id, label: old.label, step: old.step });
    }
    c.deadlines.push(d);
    events.push(deadlineEntry(d));
  }
}

/** Meets every running deadline that was started for task `task` (its step was just completed by `actor`). */
export function meetTaskDeadlines(c: Case, task: string, actor: string, at: string, events: HistoryEntry[]): void {
  for (const d of c.deadlines) {
    if (d.task !== task || !isRunning(d)) continue;
    d.metAt = at;
    d.metBy = actor;
    events.push({ type: 'deadline-met', at, actor, deadline: d.id, label: d.label, step: d.step, task });
  }
}

/** Ends the running deadlines of a task that closed without being completed (withdrawn, or its case closed). */
export function endTaskDeadlines(c: Case, task: string, at: string, reason: 'case-closed' | 'task-withdrawn', events: HistoryEntry[]): void {
  for (const d of c.deadlines) {
    if (d.task !== task || !isRunning(d)) continue;
    d.endedAt = at;
    events.push({ type: 'deadline-ended', at, deadline: d.id, label: d.label, step: d.step, reason });
  }
}

/** At closing: the completion deadline is met; deadlines whose rule says `endsWithCase` end; the others run on. */
export function closeDeadlines(wf: Workflow, c: Case, at: string, events: HistoryEntry[]): void {
  for (const d of c.deadlines) {
    if (!isRunning(d)) continue;
    if (d.id === COMPLETION) d.metAt = at;
    else if (ruleOf(wf, d)?.endsWithCase || priorityDeadlineOf(wf, d)) {
      d.endedAt = at;
      events.push({ type: 'deadline-ended', at, deadline: d.id, label: d.label, step: d.step, reason: 'case-closed' });
    }
  }
}

/** What became of a deadline: still running, met, superseded by a restarted clock, or ended without being met. */
export type DeadlineOutcome = 'running' | 'met' | 'superseded' | 'ended';

/**
 * A deadline's outcome. Cases stored before superseding was recorded closed a restarted clock by setting its
 * `metAt`: such a clock (no `deadline-met` entry at that instant, not the completion deadline) reads as superseded.
 */
export function outcomeOf(c: Case, d: CaseDeadline): DeadlineOutcome {
  if (d.supersededAt) return 'superseded';
  if (d.endedAt) return 'ended';
  if (!d.metAt) return 'running';
  if (d.id === COMPLETION || d.metBy) return 'met';
  const recorded = c.history.some((h) => h.type === 'deadline-met' && h.deadline === d.id && h.at === d.metAt);
  return recorded ? 'met' : 'superseded';
}

export interface DeadlineState extends CaseDeadline {
  outcome: DeadlineOutcome;
  /** The clock stands still (a step that pauses it waits): the time left does not run down. */
  paused: boolean;
  /** All the time the clock stood still so far, the current pause included. */
  stoodStillMs: number;
  /** Running past its due time, or met after it. */
  overdue: boolean;
  /**
   * Milliseconds until due (negative once past); for a met deadline, the margin it was met with; for a superseded
   * or ended one, the time that was left when it stopped.
   */
  remainingMs: number;
}

/** Each deadline of the case as it stands at `now`. */
export function deadlineStatus(c: Case, now: Date): DeadlineState[] {
  return c.deadlines.map((d) => {
    const outcome = outcomeOf(c, d);
    const stoppedAt = d.metAt ?? d.supersededAt ?? d.endedAt ?? (outcome === 'running' ? d.pausedAt : undefined);
    const until = new Date(d.due).getTime() - (stoppedAt ? new Date(stoppedAt).getTime() : now.getTime());
    const paused = outcome === 'running' && d.pausedAt !== undefined;
    const current = paused ? Math.max(0, now.getTime() - new Date(d.pausedAt!).getTime()) : 0;
    return { ...d, outcome, paused, stoodStillMs: (d.pausedMs ?? 0) + current, overdue: (outcome === 'running' || outcome === 'met') && until < 0, remainingMs: until };
  });
}

/**
 * Whether the case has a deadline that ran out and is not met. A deadline that outlives its case (documents
 * still to come after the response) keeps a closed case overdue until it is met.
 */
export function isOverdue(c: Case, now: Date): boolean {
  return c.deadlines.some((d) => outcomeOf(c, d) === 'running' && new Date(d.due).getTime() < new Date(d.pausedAt ?? now).getTime());
}

/** Running blocking deadlines: the case may not move on until they are met. */
export function blockingOpen(c: Case): CaseDeadline[] {
  return c.deadlines.filter((d) => d.blocking && outcomeOf(c, d) === 'running');
}

/** Whether `actor` may record deadline `d` of case `c` as met now (the button on the case page): the engine's rule. */
export function mayMeet(wf: Workflow, c: Case, d: CaseDeadline, actor: { roles: readonly string[] }): boolean {
  return outcomeOf(c, d) === 'running' && meetableByAction(wf, d) && meetRoles(wf, d).some((r) => actor.roles.includes(r));
}

/**
 * Stops or restarts the completion clock to match the open tasks (mutates `c`): it stands still while a task of a
 * step with `pausesClock` is open, and when the last such task closes, the time it stood still (counted in the
 * completion's own calendar) is added to its due time.
 */
export function reconcileClock(wf: Workflow, c: Case, tasks: ReadonlyArray<{ step: string }>, at: string, events: HistoryEntry[]): void {
  const d = c.deadlines.find((x) => x.id === COMPLETION && isRunning(x));
  if (!d) return;
  const pausing = tasks.find((t) => wf.steps.find((s) => s.id === t.step)?.pausesClock);
  if (pausing && !d.pausedAt) {
    d.pausedAt = at;
    events.push({ type: 'paused', at, deadline: d.id, step: pausing.step });
  } else if (!pausing && d.pausedAt) {
    const mode = wf.completion.calendar ?? 'calendar';
    const stood = countedBetween(new Date(d.pausedAt), new Date(at), mode, wf.calendar);
    const seconds = Math.round(stood / 1000);
    if (seconds > 0) d.due = addDuration(new Date(d.due), `PT${seconds}S`, mode, wf.calendar).toISOString();
    d.pausedMs = (d.pausedMs ?? 0) + stood;
    const last = [...c.history, ...events].reverse().find((h) => h.type === 'paused' && h.deadline === d.id);
    delete d.pausedAt;
    events.push({ type: 'resumed', at, deadline: d.id, step: last?.type === 'paused' ? last.step : '', pausedMs: stood, due: d.due });
  }
}
