/**
 * What a case has to tell staff, and when: from (workflow, case) alone, so the same case always plans the same
 * notices under the same keys. A task that arrives tells the roles of its step (or the account it is assigned
 * to); before its due time a reminder; once past, the same people again; then escalation to other roles, level
 * by level. Deadlines that are no task's due time (documents still to come) tell the roles that record them met,
 * when they declare `notify`. Pure: the server stores these in its outbox and sends each key once.
 */
import { COMPLETION, isRunning, meetRoles, priorityDeadlineOf, ruleOf } from './deadlines.ts';
import { openTasks, stepOf } from './tasks.ts';
import { parseDuration } from './time.ts';
import type { Case, CaseDeadline, EscalationLevel, NotificationChannel, NotifyRule, Step, Task, Workflow } from './types.ts';

export type NoticeKind = 'arrival' | 'assigned' | 'reminder' | 'overdue' | 'escalation';

export interface Notice {
  /** The same notice has the same key at every change of the case (a moved due time makes a new one). */
  key: string;
  kind: NoticeKind;
  caseId: string;
  workflow: string;
  /** When it is due to be sent (ISO). */
  at: string;
  /** The step it is about (a task's step, or the step a deadline belongs to). */
  step: string;
  task?: string;
  /** The deadline and due time it is about (reminders, overdue, escalation). */
  deadline?: string;
  due?: string;
  /** Escalation level, from 0. */
  level?: number;
  /** Who is told: every active account holding one of `roles`, and the accounts named. */
  roles: string[];
  usernames: string[];
  channels: NotificationChannel[];
}

/** Milliseconds of a duration as a clock counts them (a day is 24 hours; a month 30 days, a year 365). */
export function durationMs(text: string): number | undefined {
  const d = parseDuration(text);
  if (!d) return undefined;
  const days = d.years * 365 + d.months * 30 + d.weeks * 7 + d.days;
  return ((days * 24 + d.hours) * 60 + d.minutes) * 60_000 + d.seconds * 1000;
}

const shift = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();

/** The rule a task or deadline follows: the service's section, then its step's `notify`, then its deadline's. */
function ruleFor(wf: Workflow, step: Step | undefined, deadline?: NotifyRule): Required<NotifyRule> {
  const base = wf.notifications ?? {};
  const merged = { ...base, ...(step?.notify ?? {}), ...(deadline ?? {}) };
  return { arrival: merged.arrival ?? true, overdue: merged.overdue ?? true, remind: merged.remind ?? [], escalate: merged.escalate ?? [] };
}

function channelsOf(wf: Workflow): NotificationChannel[] {
  return wf.notifications?.channels ?? ['inapp'];
}

/** Reminders before `due`, the notice once it passed, and escalation after it, for these recipients. */
function aroundDue(
  base: Omit<Notice, 'key' | 'kind' | 'at' | 'level' | 'roles' | 'usernames'>,
  prefix: string,
  rule: Required<NotifyRule>,
  due: string,
  since: string,
  who: { roles: string[]; usernames: string[] },
): Notice[] {
  const out: Notice[] = [];
  for (const r of rule.remind) {
    const ms = durationMs(r);
    if (ms === undefined) continue;
    const at = shift(due, -ms);
    // A reminder due before the task arrived says nothing the arrival did not already say.
    if (at < since) continue;
    out.push({ ...base, key: `${prefix}:ingat:${r}:${due}`, kind: 'reminder', at, ...who });
  }
  if (rule.overdue) out.push({ ...base, key: `${prefix}:lewat:${due}`, kind: 'overdue', at: due, ...who });
  rule.escalate.forEach((level: EscalationLevel, i) => {
    const ms = durationMs(level.after);
    if (ms === undefined) return;
    out.push({ ...base, key: `${prefix}:eskalasi:${i}:${due}`, kind: 'escalation', level: i, at: shift(due, ms), roles: [...level.roles], usernames: [] });
  });
  return out;
}

/** Every notice the case plans now (past and future), in time order. */
export function plannedNotices(wf: Workflow, c: Case): Notice[] {
  if (!wf.notifications) return [];
  const out: Notice[] = [];
  const channels = channelsOf(wf);
  for (const t of openTasks(wf, c)) {
    const step = stepOf(wf, t.step);
    const own = t.deadline && t.deadline !== COMPLETION && !priorityDeadlineOf(wf, { id: t.deadline }) ? ruleOf(wf, { id: t.deadline, step: t.step }) : undefined;
    const rule = ruleFor(wf, step, own?.notify);
    const who = t.assignee ? { roles: [], usernames: [t.assignee] } : { roles: [...t.roles], usernames: [] };
    const base = { caseId: c.id, workflow: wf.id, step: t.step, task: t.id, channels };
    // The arrival names the due time the task had when it arrived (a later change does not send it again).
    const arrivalDue = t.due && !t.pausedAt ? { deadline: t.deadline, due: t.due } : {};
    if (rule.arrival) out.push({ ...base, ...arrivalDue, key: `${c.id}:${t.id}:tiba`, kind: 'arrival', at: t.openedAt, roles: [...t.roles], usernames: [] });
    const given = assignedAt(c, t);
    if (given && rule.arrival) out.push({ ...base, ...arrivalDue, key: `${c.id}:${t.id}:tugas:${t.assignee}`, kind: 'assigned', at: given, roles: [], usernames: [t.assignee!] });
    if (t.due && !t.pausedAt) out.push(...aroundDue({ ...base, deadline: t.deadline, due: t.due }, `${c.id}:${t.id}`, rule, t.due, t.openedAt, who));
  }
  // Deadlines that are no task's due time: only those that declare whom they tell.
  for (const d of c.deadlines) {
    if (!isRunning(d) || d.task || d.id === COMPLETION || d.pausedAt || priorityDeadlineOf(wf, d)) continue;
    const notify = ruleOf(wf, d)?.notify;
    if (!notify) continue;
    const rule = ruleFor(wf, undefined, { arrival: false, overdue: false, remind: [], escalate: [], ...notify });
    const base = { caseId: c.id, workflow: wf.id, step: d.step, deadline: d.id, due: d.due, channels };
    out.push(...aroundDue(base, `${c.id}:${d.id}:${d.startedAt}`, rule, d.due, d.startedAt, { roles: meetRoles(wf, d), usernames: [] }));
  }
  return out.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.key < b.key ? -1 : 1));
}

/** When the task was last given to its assignee by someone else (a claim needs no notice), if it was. */
function assignedAt(c: Case, t: Task): string | undefined {
  if (!t.assignee) return undefined;
  for (let i = c.history.length - 1; i >= 0; i--) {
    const h = c.history[i]!;
    if (h.type === 'assigned' && h.task === t.id) return h.kind === 'assign' && h.to === t.assignee ? h.at : undefined;
  }
  return undefined;
}

/** The notices due at `now`: planned at or before it. */
export function dueNotices(wf: Workflow, c: Case, now: Date): Notice[] {
  const t = now.toISOString();
  return plannedNotices(wf, c).filter((n) => n.at <= t);
}

/** Notices `after` plans that `before` did not: what a change of a case adds to the outbox. */
export function newNotices(wf: Workflow, before: Case | undefined, after: Case): Notice[] {
  const known = new Set(before ? plannedNotices(wf, before).map((n) => n.key) : []);
  return plannedNotices(wf, after).filter((n) => !known.has(n.key));
}

/** Whether the notice `key` is still one the case plans (its task still open, its due time unchanged). */
export function stillPlanned(wf: Workflow, c: Case, key: string): Notice | undefined {
  return plannedNotices(wf, c).find((n) => n.key === key);
}

/** The deadline a notice is about, as the case holds it. */
export function noticeDeadline(c: Case, n: Notice): CaseDeadline | undefined {
  return n.deadline ? c.deadlines.find((d) => d.id === n.deadline && d.due === n.due) : undefined;
}
