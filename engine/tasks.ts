/** Who may do which step, and the task a case is waiting on. */
import { COMPLETION } from './deadlines.ts';
import type { Actor, Case, Step, Task, Workflow } from './types.ts';

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

/** When the case arrived at its current step (the last move, or its start). */
function arrivedAt(c: Case): string {
  for (let i = c.history.length - 1; i >= 0; i--) {
    const h = c.history[i];
    if (h.type === 'moved' && h.to === c.current) return h.at;
  }
  return c.createdAt;
}

/** The open task(s) of a case: the step it waits on, with the case's completion deadline. */
export function openTasks(wf: Workflow, c: Case): Task[] {
  if (c.status !== 'open' || !c.current) return [];
  const step = stepOf(wf, c.current);
  if (!step) return [];
  return [
    {
      step: step.id,
      number: step.number,
      title: step.title,
      roles: rolesOf(step),
      openedAt: arrivedAt(c),
      due: c.deadlines.find((d) => d.id === COMPLETION && !d.metAt)?.due,
    },
  ];
}
