/** Who may do which step, and the tasks open on a case (the one reader of Case.tasks: tasksOf, openTasks). */
import { COMPLETION, isRunning, priorityDeadlineOf } from './deadlines.ts';
import type { Actor, Case, CaseTask, Step, Task, Workflow } from './types.ts';

export function stepOf(wf: Workflow, id: string): Step | undefined {
  return wf.steps.find((s) => s.id === id);
}

export function rolesOf(step: Step): string[] {
  return Array.isArray(step.role) ? step.role : [step.role];
}

/** Whether the actor holds one of the roles the step names. */
export function canAct(step: Step, actor: Actor): boolean {
  return rolesOf(step).some((r) => actor.roles.includes(r));
}

/** "Petugas Front Office atau Bidang Teknis": the step's roles by their titles. */
export function roleTitles(wf: Workflow, step: Step): string {
  return rolesOf(step).map((r) => wf.roles[r] ?? r).join(' atau ');
}

/** When a case stored before tasks existed arrived at its current step (the last move there, or its start). */
function arrivedAt(c: Case): string {
  for (let i = c.history.length - 1; i >= 0; i--) {
    const h = c.history[i];
    if (h.type === 'moved' && h.to === c.current) return h.at;
  }
  return c.createdAt;
}

/** Id of the task derived for a case stored before tasks existed. */
export const LEGACY_TASK = 't0';

/**
 * The stored open tasks of a case. A case stored before tasks existed has none stored: its one task is derived
 * from `current` (id `t0`, opened when the case last moved there).
 */
export function tasksOf(c: Case): CaseTask[] {
  if (c.tasks) return c.tasks;
  if (c.status !== 'open' || !c.current) return [];
  return [{ id: LEGACY_TASK, step: c.current, openedAt: arrivedAt(c) }];
}

/** A fresh task id for the case: one more than any used before ("t1", "t2"…). */
export function nextTaskId(c: Case): string {
  let max = 0;
  const seen = (id: string | undefined) => {
    const n = id && /^t(\d+)$/.exec(id) ? Number(id.slice(1)) : 0;
    if (n > max) max = n;
  };
  for (const t of c.tasks ?? []) seen(t.id);
  for (const h of c.history) if (h.type === 'moved') seen(h.task);
  return `t${max + 1}`;
}

/** The open task of `stepId` (the one with id `taskId` when given). */
export function findTask(c: Case, stepId: string, taskId?: string): CaseTask | undefined {
  return tasksOf(c).find((t) => t.step === stepId && (taskId === undefined || t.id === taskId));
}

/**
 * Every open task of a case, with its step and its due time: the earliest of the task's own deadlines
 * (`starts: opened`) and a priority's deadline while it runs (every task of the case works towards it), otherwise
 * the case's completion deadline. Empty once the case is closed.
 */
export function openTasks(wf: Workflow, c: Case): Task[] {
  if (c.status !== 'open') return [];
  const completion = c.deadlines.find((d) => d.id === COMPLETION && isRunning(d));
  const urgent = c.deadlines.filter((d) => isRunning(d) && !d.task && priorityDeadlineOf(wf, d));
  const out: Task[] = [];
  for (const t of tasksOf(c)) {
    const step = stepOf(wf, t.step);
    if (!step) continue;
    const own = [...c.deadlines.filter((d) => d.task === t.id && isRunning(d)), ...urgent].sort((a, b) => a.due.localeCompare(b.due))[0];
    const due = own ?? completion;
    out.push({
      id: t.id,
      step: step.id,
      number: step.number,
      title: step.title,
      roles: rolesOf(step),
      openedAt: t.openedAt,
      ...(due ? { due: due.due, deadline: due.id, dueLabel: due.label, ...(due.pausedAt ? { pausedAt: due.pausedAt } : {}) } : {}),
      ...(t.assignee ? { assignee: t.assignee } : {}),
      ...(t.branch ? { branch: t.branch } : {}),
    });
  }
  return out;
}

/** A task's due time as lists show it at `now`: which deadline (unless it is the completion time), time left, late. */
export function taskDue(task: Task, now: Date): { due: string; label?: string; remainingMs: number; overdue: boolean; paused?: boolean } | undefined {
  if (!task.due) return undefined;
  // A clock that stands still keeps the time it had left when it stopped.
  const remainingMs = Date.parse(task.due) - (task.pausedAt ? Date.parse(task.pausedAt) : now.getTime());
  return {
    due: task.due,
    ...(task.deadline !== COMPLETION && task.dueLabel ? { label: task.dueLabel } : {}),
    remainingMs,
    overdue: remainingMs < 0,
    ...(task.pausedAt ? { paused: true } : {}),
  };
}

/**
 * Whether `actor` may take an open task (as a list shows it): the one it is assigned to, or, while nobody holds
 * it, anyone with one of its roles.
 */
export function canTake(task: { roles: readonly string[]; assignee?: string }, actor: Actor): boolean {
  if (task.assignee) return task.assignee === actor.username;
  return task.roles.some((r) => actor.roles.includes(r));
}
