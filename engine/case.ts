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
  meetTaskDeadlines,
  openedWith,
  outcomeOf,
  startedBy,
} from './deadlines.ts';
import { validateForm } from './form.ts';
import { chooseBranch } from './guards.ts';
import { workflowHash } from './hash.ts';
import { canAct, findTask, nextTaskId, roleTitles, rolesOf, stepOf, tasksOf } from './tasks.ts';
import type { Actor, Case, CaseTask, HistoryEntry, Refusal, Result, Step, Workflow } from './types.ts';

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
  input: { id: string; data: Data; actor: Actor; now: Date },
): Promise<Result<Transition>> {
  const step = stepOf(wf, wf.start);
  if (!step) return refuse({ code: 'wrong_workflow', message: `Langkah awal "${wf.start}" tidak ada pada alur ${wf.id}.` });
  if (!canAct(step, input.actor)) return forbidden(wf, step);
  const form = await validateForm(step.fields ?? [], input.data);
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
  input: { step: string; task?: string; data: Data; actor: Actor; now: Date; rev?: number },
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
  if (!canAct(step, input.actor)) return forbidden(wf, step);
  const blocking = blockingOpen(c);
  if (blocking.length) {
    return refuse({ code: 'not_open', message: `Kasus menunggu: ${blocking.map((d) => d.label).join(', ')}.` });
  }
  const form = await validateForm(step.fields ?? [], input.data, c.data);
  if (!form.ok) return invalid(form.errors);
  return { ok: true, value: await advance(wf, copyCase(c), task, step, form.values, input.actor, input.now, []) };
}

/**
 * Records that a running deadline was met by its action (e.g. the missing documents arrived), by a role its rule
 * allows (`metBy`, else the roles of its step). A deadline that outlives its case may still be met once the case
 * is closed.
 */
export function meetDeadline(
  wf: Workflow,
  c: Case,
  input: { deadline: string; actor: Actor; now: Date; rev?: number },
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
  if (!roles.some((r) => input.actor.roles.includes(r))) {
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

/**
 * A deep copy of a case, so a transition never touches the case it was given. A case is plain JSON data (it is
 * stored as JSON), which a walk over objects and arrays copies several times faster than structuredClone;
 * anything else (a Date a caller left in) still goes through structuredClone.
 */
export function copyCase<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    const out = new Array(value.length);
    for (let i = 0; i < value.length; i++) out[i] = copyCase(value[i]);
    return out as T;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return structuredClone(value);
  const out: Record<string, unknown> = {};
  for (const k in value) out[k] = copyCase((value as Record<string, unknown>)[k]);
  return out as T;
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
  addDeadlines(c, await openedWith(wf, step, c.data, now, task.id), at, events);
  return task;
}

/** Closes the case with an outcome: every task still open ends, and so do their deadlines. */
function closeCase(wf: Workflow, c: Case, outcome: string, at: string, events: HistoryEntry[]): void {
  for (const t of tasksOf(c)) endTaskDeadlines(c, t.id, at, 'case-closed', events);
  c.tasks = [];
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
): Promise<Transition> {
  const at = now.toISOString();
  const before: Data = {};
  for (const [k, v] of Object.entries(values)) if (k in c.data && JSON.stringify(c.data[k]) !== JSON.stringify(v)) before[k] = c.data[k];
  c.data = { ...c.data, ...values };
  const role = rolesOf(step).find((r) => actor.roles.includes(r)) ?? rolesOf(step)[0];
  events.push({ type: 'completed', at, actor: actor.username, role, step: step.id, data: values, ...(Object.keys(before).length ? { before } : {}) });
  if (task) {
    c.tasks = tasksOf(c).filter((t) => t.id !== task.id);
    meetTaskDeadlines(c, task.id, actor.username, at, events);
  }
  addDeadlines(c, await startedBy(wf, step, c.data, now), at, events);

  const choice = await chooseBranch(wf, step, c.data);
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
    else if (target) await openTask(wf, c, step.id, target, task?.branch, now, events);
  }

  c.current = tasksOf(c)[0]?.step ?? null;
  c.history.push(...events);
  c.updatedAt = at;
  c.rev += 1;
  return { case: c, events };
}
