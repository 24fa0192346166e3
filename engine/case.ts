/** Case transitions: (workflow, case, action, actor, now) → new case and the events it recorded. Pure; no I/O. */
import {
  addDeadlines,
  blockingOpen,
  closeDeadlines,
  completionDeadline,
  COMPLETION,
  deadlineEntry,
  endTaskDeadlines,
  meetableByAction,
  meetRoles,
  meetPriorityDeadlines,
  meetTaskDeadlines,
  openedWith,
  outcomeOf,
  reconcileClock,
  startedBy,
  startPriorityDeadline,
} from './deadlines.ts';
import { factsAt } from './compute.ts';
import { copyCase } from './copy.ts';
import { validateForm } from './form.ts';
import { chooseBranch } from './guards.ts';
import { workflowHash } from './hash.ts';
import { priorityRuleOf } from './priority.ts';
import { timeZoneOf } from './time.ts';
import { effectiveRoles, mayWork } from './assignment.ts';
import { canAct, findTask, nextTaskId, roleTitles, rolesOf, stepOf, tasksOf } from './tasks.ts';
import { arrived, branchId, innermostFork, nextForkId, withinFork } from './parallel.ts';
import type { Actor, Branch, Case, CaseTask, Delegation, HistoryEntry, Refusal, Result, Step, Workflow } from './types.ts';

export { copyCase };

export interface Transition {
  case: Case;
  /** What this action added to the history, in order. */
  events: HistoryEntry[];
}

type Data = Record<string, unknown>;

const refuse = (refusal: Refusal): Result<never> => ({ ok: false, refusal });

function forbidden(wf: Workflow, step: Step): Result<never> {
  return refuse({
    code: 'forbidden',
    message: `Langkah ${step.number} (${step.title}) dikerjakan oleh ${roleTitles(wf, step)}; akun Anda tidak memiliki peran itu.`,
  });
}

function invalid(errors: Record<string, string>): Result<never> {
  const n = Object.keys(errors).length;
  return refuse({ code: 'invalid', message: `Ada ${n} isian yang perlu diperbaiki.`, fields: errors });
}

const STALE = 'Kasus ini sudah diubah orang lain sejak Anda membukanya. Muat ulang halaman lalu periksa lagi.';

/** Starts a case: the intake form (fields of the `start` step) is checked, recorded, and the case routed on. */
export async function startCase(
  wf: Workflow,
  input: { id: string; data: Data; actor: Actor; now: Date; delegations?: readonly Delegation[] },
): Promise<Result<Transition>> {
  const step = stepOf(wf, wf.start);
  if (!step) return refuse({ code: 'wrong_workflow', message: `Langkah awal "${wf.start}" tidak ada pada alur ${wf.id}.` });
  if (!canAct(step, { ...input.actor, roles: effectiveRoles(input.actor, input.delegations ?? [], input.now) })) return forbidden(wf, step);
  const form = await validateForm(step.fields ?? [], input.data, {}, { now: input.now, timeZone: timeZoneOf(wf), checks: step.checks });
  if (!form.ok) return invalid(form.errors);

  const at = input.now.toISOString();
  const deadline = completionDeadline(wf, step.id, input.now);
  const c: Case = {
    id: input.id,
    workflow: { id: wf.id, version: wf.version, hash: workflowHash(wf) },
    status: 'open',
    data: {},
    tasks: [],
    current: null,
    createdAt: at,
    updatedAt: at,
    createdBy: input.actor.username,
    deadlines: [deadline],
    history: [],
    rev: 0,
  };
  const events: HistoryEntry[] = [
    { type: 'started', at, actor: input.actor.username, step: step.id },
    deadlineEntry(deadline),
  ];
  return { ok: true, value: await advance(wf, c, undefined, step, form.values, input.actor, input.now, events) };
}

/** "langkah 3: Menerima berkas, langkah 4: …": what a case waits on, for a refusal. */
function waitingOn(wf: Workflow, c: Case): string {
  const open = tasksOf(c).map((t) => stepOf(wf, t.step)).filter((s): s is Step => s !== undefined);
  return open.length ? open.map((s) => `langkah ${s.number}: ${s.title}`).join(', ') : 'tidak ada langkah yang menunggu';
}

/**
 * Completes an open task of a case with the form data entered for it: the task of `step` (the one with id
 * `task` when several of that step are open).
 */
export async function completeStep(
  wf: Workflow,
  c: Case,
  input: { step: string; task?: string; data: Data; actor: Actor; now: Date; rev?: number; delegations?: readonly Delegation[] },
): Promise<Result<Transition>> {
  const pinned = checkPinned(wf, c);
  if (pinned) return pinned;
  if (input.rev !== undefined && input.rev !== c.rev) return refuse({ code: 'stale', message: STALE });
  if (c.status === 'closed') return refuse({ code: 'closed', message: 'Kasus ini sudah selesai; tidak ada langkah yang menunggu.' });
  const step = stepOf(wf, input.step);
  if (!step) return refuse({ code: 'not_open', message: `Langkah "${input.step}" tidak ada pada alur ini.` });
  const task = findTask(c, step.id, input.task);
  if (!task) {
    return refuse({
      code: 'not_open',
      message: `Langkah ${step.number} (${step.title}) tidak sedang menunggu dikerjakan; kasus ini sekarang menunggu ${waitingOn(wf, c)}.`,
    });
  }
  const may = mayWork(wf, task, input.actor, input.delegations ?? [], input.now);
  if (!may.ok) return refuse({ code: 'forbidden', message: may.message });
  const blocking = blockingOpen(c);
  if (blocking.length) {
    return refuse({ code: 'not_open', message: `Kasus menunggu: ${blocking.map((d) => d.label).join(', ')}.` });
  }
  const form = await validateForm(step.fields ?? [], input.data, c.data, { now: input.now, timeZone: timeZoneOf(wf), checks: step.checks });
  if (!form.ok) return invalid(form.errors);
  return { ok: true, value: await advance(wf, copyCase(c), task, step, form.values, input.actor, input.now, [], may.onBehalfOf) };
}

/**
 * Records that a running deadline was met by its action (e.g. the missing documents arrived), by a role its rule
 * allows (`metBy`, else the roles of its step). A deadline that outlives its case may still be met once the case
 * is closed.
 */
export function meetDeadline(
  wf: Workflow,
  c: Case,
  input: { deadline: string; actor: Actor; now: Date; rev?: number; delegations?: readonly Delegation[] },
): Result<Transition> {
  const pinned = checkPinned(wf, c);
  if (pinned) return pinned;
  if (input.rev !== undefined && input.rev !== c.rev) return refuse({ code: 'stale', message: STALE });
  const d = c.deadlines.find((x) => x.id === input.deadline && outcomeOf(c, x) === 'running');
  if (!d || d.id === COMPLETION) return refuse({ code: 'not_open', message: 'Tenggat ini tidak sedang berjalan.' });
  const step = stepOf(wf, d.step);
  if (!meetableByAction(wf, d)) {
    return refuse({
      code: 'not_open',
      message: `Tenggat "${d.label}" terpenuhi ketika langkah ${step?.number ?? d.step}${step ? ` (${step.title})` : ''} diselesaikan.`,
    });
  }
  const roles = meetRoles(wf, d);
  const own = effectiveRoles(input.actor, input.delegations ?? [], input.now);
  if (!roles.some((r) => own.includes(r))) {
    return refuse({
      code: 'forbidden',
      message: `Tenggat "${d.label}" dicatat terpenuhi oleh ${roles.map((r) => wf.roles[r] ?? r).join(' atau ')}; akun Anda tidak memiliki peran itu.`,
    });
  }
  const next = copyCase(c);
  const at = input.now.toISOString();
  const target = next.deadlines[c.deadlines.indexOf(d)];
  target.metAt = at;
  target.metBy = input.actor.username;
  const event: HistoryEntry = { type: 'deadline-met', at, actor: input.actor.username, deadline: d.id, label: d.label, step: d.step };
  next.history.push(event);
  next.updatedAt = at;
  next.rev += 1;
  return { ok: true, value: { case: next, events: [event] } };
}

/** A case runs only on the exact definition it started on. */
function checkPinned(wf: Workflow, c: Case): Result<never> | undefined {
  if (c.workflow.id === wf.id && c.workflow.version === wf.version && c.workflow.hash === workflowHash(wf)) return undefined;
  return refuse({
    code: 'wrong_workflow',
    message: `Kasus ini berjalan pada ${c.workflow.id} versi ${c.workflow.version}, bukan pada definisi yang diberikan (${wf.id} versi ${wf.version}).`,
  });
}

/** Opens a task at `step` on `c` (mutated) and starts the deadlines its opening starts. */
async function openTask(wf: Workflow, c: Case, from: string, step: Step, branch: string | undefined, now: Date, events: HistoryEntry[]): Promise<CaseTask> {
  const at = now.toISOString();
  const task: CaseTask = { id: nextTaskId({ ...c, history: [...c.history, ...events] }), step: step.id, openedAt: at, ...(branch ? { branch } : {}) };
  c.tasks = [...tasksOf(c), task];
  events.push({ type: 'moved', at, from, to: step.id, task: task.id, ...(branch ? { branch } : {}) });
  addDeadlines(c, await openedWith(wf, step, factsAt(c.data, now, timeZoneOf(wf)), now, task.id), at, events);
  return task;
}

/** Opens the parallel branches of a fork from `step`: one task per step of `branch.parallel`. */
async function fork(wf: Workflow, c: Case, step: Step, branch: Branch, parent: string | undefined, now: Date, events: HistoryEntry[]): Promise<void> {
  const id = nextForkId([...c.history, ...events]);
  const targets = (branch.parallel ?? []).map((s) => stepOf(wf, s)).filter((s): s is Step => s !== undefined);
  events.push({
    type: 'forked',
    at: now.toISOString(),
    step: step.id,
    fork: id,
    branches: targets.map((t) => branchId(id, t.id)),
    join: branch.join!,
    wait: branch.wait ?? 'all',
    ...(parent ? { parent } : {}),
  });
  for (const t of targets) await openTask(wf, c, step.id, t, branchId(id, t.id), now, events);
}

/**
 * Moves the work of a completed task on to `target`: within a parallel branch that reaches its fork's join, the
 * branch arrives there (and the join opens once the fork's `wait` is satisfied); anywhere else a task opens.
 */
async function moveTo(wf: Workflow, c: Case, from: Step, target: Step, branch: string | undefined, now: Date, events: HistoryEntry[]): Promise<void> {
  const seen = () => [...c.history, ...events];
  const f = innermostFork(seen(), branch);
  if (!f || !branch || f.join !== target.id) {
    await openTask(wf, c, from.id, target, branch, now, events);
    return;
  }
  const at = now.toISOString();
  events.push({ type: 'joined', at, fork: f.fork, branch, step: target.id });
  if (f.wait === 'any') {
    for (const t of tasksOf(c)) {
      if (!withinFork(seen(), t.branch, f.fork)) continue;
      endTaskDeadlines(c, t.id, at, 'task-withdrawn', events);
      events.push({ type: 'withdrawn', at, task: t.id, step: t.step, ...(t.branch ? { branch: t.branch } : {}), reason: `cabang lain sudah sampai di ${target.title}` });
    }
    c.tasks = tasksOf(c).filter((t) => !withinFork(seen(), t.branch, f.fork));
    await openTask(wf, c, from.id, target, f.parent, now, events);
    return;
  }
  const done = arrived(seen(), f.fork);
  if (f.branches.every((b) => done.has(b))) await openTask(wf, c, from.id, target, f.parent, now, events);
}

/** Closes the case with an outcome: every task still open ends, and so do their deadlines. */
function closeCase(wf: Workflow, c: Case, outcome: string, at: string, events: HistoryEntry[]): void {
  for (const t of tasksOf(c)) endTaskDeadlines(c, t.id, at, 'case-closed', events);
  c.tasks = [];
  reconcileClock(wf, c, [], at, events);
  c.status = 'closed';
  c.outcome = outcome;
  c.closedAt = at;
  closeDeadlines(wf, c, at, events);
  events.push({ type: 'closed', at, outcome, label: wf.outcomes.find((o) => o.id === outcome)?.label ?? outcome });
}

/**
 * Records a completed step on `c` (mutated: callers pass a copy) as the end of `task` (none for the intake),
 * meets and starts its deadlines, and routes the case: to the next step, or closed with an outcome. Every guard
 * evaluation is kept in the history with its reason.
 */
async function advance(
  wf: Workflow,
  c: Case,
  task: CaseTask | undefined,
  step: Step,
  values: Data,
  actor: Actor,
  now: Date,
  events: HistoryEntry[],
  onBehalfOf?: Delegation,
): Promise<Transition> {
  const at = now.toISOString();
  const before: Data = {};
  for (const [k, v] of Object.entries(values)) if (k in c.data && JSON.stringify(c.data[k]) !== JSON.stringify(v)) before[k] = c.data[k];
  c.data = { ...c.data, ...values };
  // The role the work was done in: the actor's own, or the official's for an acting official.
  const held = onBehalfOf ? onBehalfOf.roles : actor.roles;
  const role = rolesOf(step).find((r) => held.includes(r)) ?? rolesOf(step)[0];
  events.push({
    type: 'completed',
    at,
    actor: actor.username,
    role,
    step: step.id,
    data: values,
    ...(Object.keys(before).length ? { before } : {}),
    ...(onBehalfOf ? { onBehalfOf: onBehalfOf.official, acting: onBehalfOf.kind } : {}),
  });
  if (task) {
    c.tasks = tasksOf(c).filter((t) => t.id !== task.id);
    meetTaskDeadlines(c, task.id, actor.username, at, events);
  }
  meetPriorityDeadlines(wf, c, step.id, task?.id, actor.username, at, events);
  const facts = factsAt(c.data, now, timeZoneOf(wf));
  addDeadlines(c, await startedBy(wf, step, facts, now), at, events);

  const choice = await chooseBranch(wf, step, facts);
  if (!choice) {
    // Only reachable with a definition whose every branch is guarded: the case waits here, visibly.
    events.push({ type: 'guard', at, step: step.id, evaluations: [], chosen: { result: false, reason: 'Tidak ada cabang yang syaratnya terpenuhi; hubungi administrator alur.' } });
    if (task) c.tasks = [...tasksOf(c), task];
  } else {
    if (typeof step.next !== 'string' && !step.end && (step.next?.length ?? 0) > 0) {
      events.push({ type: 'guard', at, step: step.id, evaluations: choice.evaluations, chosen: choice.chosen });
    }
    const target = choice.branch.to ? stepOf(wf, choice.branch.to) : undefined;
    if (choice.branch.end) closeCase(wf, c, choice.branch.end, at, events);
    else if (choice.branch.parallel) await fork(wf, c, step, choice.branch, task?.branch, now, events);
    else if (target) await moveTo(wf, c, step, target, task?.branch, now, events);
  }

  if (c.status === 'open') reconcileClock(wf, c, tasksOf(c), at, events);
  c.current = tasksOf(c)[0]?.step ?? null;
  const priority = await priorityRuleOf(wf, facts);
  if (priority) c.priority = { value: priority.value, label: priority.label };
  else delete c.priority;
  // A priority with its own, shorter clock starts it the first time the case takes that priority.
  if (priority?.deadline && c.status === 'open') startPriorityDeadline(wf, c, priority.deadline, step.id, now, events);
  c.history.push(...events);
  c.updatedAt = at;
  c.rev += 1;
  return { case: c, events };
}
