/**
 * The summary a store keeps beside each case: everything a list, a work list, a count or a report needs, so none
 * of them reads whole cases. Computed here, from the case and the exact definition it runs on; never by a store.
 */
import { listSubject } from './access.ts';
import { COMPLETION, outcomeOf } from './deadlines.ts';
import { reportFacts } from './report/facts.ts';
import type { ReportFacts } from './report/types.ts';
import { sentBack } from './returned.ts';
import { openTasks } from './tasks.ts';
import type { Case, StepNumber, Task, Workflow } from './types.ts';

/**
 * The shape's version: raise it when summarize() changes what it computes, and stores recompute the summaries
 * they hold (Store.cases.index) at their next start.
 */
// 4: summaries get the blind-index tokens of the subject's name (server/store/crypt), also those stored before.
// 5: a task sent back says by whom and from which step (the work list's card marks it).
export const SUMMARY_VERSION = 5;

/** An open task as lists show it. */
export interface TaskSummary {
  step: string;
  number: StepNumber;
  title: string;
  /** Roles that may do it, under the case's own version. */
  roles: string[];
  openedAt: string;
  /** Username it is assigned to, when it is. */
  assignee?: string;
  /** The task's own due time, when a deadline runs for it (else the completion time), and that deadline's id and label. */
  due?: string;
  deadline?: string;
  dueLabel?: string;
  /** The completion clock `due` comes from stands still since (a step that pauses it waits). */
  pausedAt?: string;
  /** A step done before that a later one sent back: who sent it (username, role) and from which step. */
  returned?: { actor: string; role: string; step: string; number: StepNumber; title: string };
}

export interface CaseSummary {
  /** SUMMARY_VERSION when it was computed; absent: computed without the definition (bareSummary). */
  v?: number;
  id: string;
  workflow: string;
  version: number;
  hash: string;
  status: Case['status'];
  outcome?: string;
  createdAt: string;
  updatedAt: string;
  closedAt?: string;
  rev: number;
  /** Open tasks (none once closed). */
  tasks: TaskSummary[];
  /** The first open task's step (or null): for readers of the single-step model. */
  current: string | null;
  /** The completion deadline's due time while it runs. */
  due?: string;
  /** Due times of deadlines still running (overdue filters, reminders), also after the case closed. */
  openDeadlines: string[];
  /** The earliest of `openDeadlines`: work lists sort by it. */
  nextDue?: string;
  /** Higher is more urgent (0: ordinary, and every closed case); with the label shown on a badge. */
  priority: number;
  priorityLabel?: string;
  /** A short label of the kind of case, for cards. */
  kind?: string;
  /** Initials naming the case in lists (access.subject); never a full name. */
  subject: Array<{ label: string; initials: string }>;
  /** Values of the YAML's report dimensions: non-identifying figures for reports. */
  facts?: ReportFacts;
  /** Blind-index tokens a name search may match (keyed hashes, never the name). */
  search?: string[];
  /** When the case's identities were removed (engine/privacy.ts): the scheduler skips it from then on. */
  anonymisedAt?: string;
}

/** The summary of case `c`, which runs on `wf` (the exact definition it is pinned to). */
export function summarize(wf: Workflow, c: Case): CaseSummary {
  const tasks: TaskSummary[] = openTasks(wf, c).map((t) => ({
    ...returnedOf(wf, c, t),
    step: t.step,
    number: t.number,
    title: t.title,
    roles: t.roles,
    openedAt: t.openedAt,
    ...(t.assignee ? { assignee: t.assignee } : {}),
    ...(t.due ? { due: t.due } : {}),
    ...(t.deadline ? { deadline: t.deadline } : {}),
    ...(t.dueLabel ? { dueLabel: t.dueLabel } : {}),
    ...(t.pausedAt ? { pausedAt: t.pausedAt } : {}),
  }));
  // A clock that stands still (a step pausing the completion time waits) runs down no deadline.
  const open = c.deadlines.filter((d) => outcomeOf(c, d) === 'running' && !d.pausedAt).map((d) => d.due);
  const nextDue = open.length ? open.reduce((a, b) => (a < b ? a : b)) : undefined;
  const due = c.status === 'open' ? c.deadlines.find((d) => d.id === COMPLETION && !d.metAt)?.due : undefined;
  return {
    v: SUMMARY_VERSION,
    id: c.id,
    workflow: c.workflow.id,
    version: c.workflow.version,
    hash: c.workflow.hash,
    status: c.status,
    ...(c.outcome ? { outcome: c.outcome } : {}),
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    ...(c.closedAt ? { closedAt: c.closedAt } : {}),
    rev: c.rev,
    tasks,
    current: tasks[0]?.step ?? null,
    ...(due ? { due } : {}),
    openDeadlines: open,
    ...(nextDue ? { nextDue } : {}),
    // The YAML's `priority` rules, decided at the case's last step (engine/priority.ts). A closed case waits for
    // nobody: it sorts as ordinary (its label stays, for the badge).
    priority: c.status === 'open' ? (c.priority?.value ?? 0) : 0,
    ...(c.priority ? { priorityLabel: c.priority.label } : {}),
    ...kindOf(wf, c),
    subject: listSubject(wf, c.data),
    facts: reportFacts(wf, c),
    ...(c.anonymised ? { anonymisedAt: c.anonymised.at } : {}),
  };
}

/** Who sent task `t` back and from which step, when it was (engine/returned.ts); no value of the case. */
function returnedOf(wf: Workflow, c: Case, t: Task): Pick<TaskSummary, 'returned'> {
  const back = sentBack(wf, c, t);
  return back ? { returned: { actor: back.completed.actor, role: back.completed.role, step: back.from.id, number: back.from.number, title: back.from.title } } : {};
}

/** The kind of case from the fields `kind` names (option labels, never free text): "Kekerasan fisik, Penelantaran". */
function kindOf(wf: Workflow, c: Case): { kind?: string } {
  const parts: string[] = [];
  for (const name of wf.kind ?? []) {
    const field = wf.steps.flatMap((s) => s.fields ?? []).find((f) => f.name === name);
    const value = c.data[name];
    if (!field || field.sensitive || value === undefined || value === null || value === '') continue;
    const values = Array.isArray(value) ? value : [value];
    for (const v of values) {
      const label = field.options?.find((o) => o.value === String(v))?.label;
      if (label) parts.push(label);
    }
  }
  return parts.length ? { kind: parts.join(', ').slice(0, 200) } : {};
}

/**
 * A summary without the definition (a case whose version is not loaded yet, e.g. while an old data folder is
 * opened): the fields the case itself holds. The store replaces it once the definition is known.
 */
export function bareSummary(c: Case): CaseSummary {
  const open = c.deadlines.filter((d) => outcomeOf(c, d) === 'running').map((d) => d.due);
  const current = c.status === 'open' ? c.current : null;
  return {
    id: c.id,
    workflow: c.workflow.id,
    version: c.workflow.version,
    hash: c.workflow.hash,
    status: c.status,
    ...(c.outcome ? { outcome: c.outcome } : {}),
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    ...(c.closedAt ? { closedAt: c.closedAt } : {}),
    rev: c.rev,
    tasks: current ? [{ step: current, number: 0, title: current, roles: [], openedAt: c.updatedAt }] : [],
    current,
    openDeadlines: open,
    ...(open.length ? { nextDue: open.reduce((a, b) => (a < b ? a : b)) } : {}),
    priority: 0,
    subject: [],
  };
}

/** Whether the case is overdue at `now`: a deadline still running past its due time (engine/deadlines.ts isOverdue). */
export function summaryOverdue(s: Pick<CaseSummary, 'openDeadlines'>, now: Date): boolean {
  const t = now.toISOString();
  return s.openDeadlines.some((d) => d < t);
}
