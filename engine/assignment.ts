/**
 * Who may work on a task: a holder of its step's role, unless the task is assigned to another account; an acting
 * official (Plt. / Plh.) for the official they stand in for, over the period of the delegation. Claiming, assigning
 * and releasing a task. Pure: assignments live on the case, delegations are passed in as data.
 */
import { ADMINISTRATOR_ROLE } from './access.ts';
import { copyCase } from './copy.ts';
import { roleTitles, rolesOf, stepOf, tasksOf } from './tasks.ts';
import type { Actor, Case, CaseTask, Delegation, HistoryEntry, Result, Step, Workflow } from './types.ts';

const KIND_TITLE: Record<Delegation['kind'], string> = { plt: 'Plt.', plh: 'Plh.' };

/** "Plt." or "Plh.". */
export function actingTitle(kind: Delegation['kind']): string {
  return KIND_TITLE[kind];
}

/** The delegations in force at `now` (not revoked, `from` ≤ now < `until`). */
export function activeDelegations(delegations: readonly Delegation[], now: Date): Delegation[] {
  const t = now.getTime();
  return delegations.filter((d) => !d.revokedAt && Date.parse(d.from) <= t && t < Date.parse(d.until));
}

/** The delegations that let `username` act for someone else at `now`. */
export function actingFor(username: string, delegations: readonly Delegation[], now: Date): Delegation[] {
  return activeDelegations(delegations, now).filter((d) => d.acting === username);
}

/** The actor's roles with those delegated to them at `now`: for lists and buttons ("may this person do it?"). */
export function effectiveRoles(actor: Actor, delegations: readonly Delegation[], now: Date): string[] {
  return [...new Set([...actor.roles, ...actingFor(actor.username, delegations, now).flatMap((d) => d.roles)])];
}

/** Roles whose holders may assign and reassign tasks of `role` (the YAML's `assignment.heads`). */
export function headsOf(wf: Workflow, role: string): string[] {
  return wf.assignment?.heads[role] ?? [];
}

export type MayWork = { ok: true; onBehalfOf?: Delegation } | { ok: false; message: string };

/**
 * Whether `actor` may do task `task` now: in their own right (holding a step role, and the task is unassigned
 * or theirs), or as the acting official of someone who could (the task unassigned, or assigned to that official).
 */
export function mayWork(wf: Workflow, task: CaseTask, actor: Actor, delegations: readonly Delegation[], now: Date): MayWork {
  const step = stepOf(wf, task.step);
  if (!step) return { ok: false, message: `Langkah "${task.step}" tidak ada pada alur ini.` };
  const roles = rolesOf(step);
  const free = task.assignee === undefined || task.assignee === actor.username;
  if (free && roles.some((r) => actor.roles.includes(r))) return { ok: true };
  for (const d of actingFor(actor.username, delegations, now)) {
    if (roles.some((r) => d.roles.includes(r)) && (task.assignee === undefined || task.assignee === d.official || task.assignee === actor.username)) {
      return { ok: true, onBehalfOf: d };
    }
  }
  if (task.assignee !== undefined && roles.some((r) => effectiveRoles(actor, delegations, now).includes(r))) {
    const heads = [...new Set(roles.flatMap((r) => headsOf(wf, r)))].map((r) => wf.roles[r] ?? r);
    return {
      ok: false,
      message: `Langkah ${step.number} (${step.title}) ditugaskan kepada akun lain (${task.assignee}).${heads.length ? ` ${heads.join(' atau ')} dapat memindahkannya.` : ''}`,
    };
  }
  return { ok: false, message: `Langkah ${step.number} (${step.title}) dikerjakan oleh ${roleTitles(wf, step)}; akun Anda tidak memiliki peran itu.` };
}

/**
 * Whether `actor` (or the official they act for) heads a role of `step`, or is the administrator: may assign,
 * reassign and release it. A step whose roles have no head declared is assigned by the administrator only.
 */
export function headFor(wf: Workflow, step: Step, actor: Actor, delegations: readonly Delegation[], now: Date): { ok: boolean; onBehalfOf?: Delegation } {
  if (actor.roles.includes(ADMINISTRATOR_ROLE)) return { ok: true };
  const heads = new Set(rolesOf(step).flatMap((r) => headsOf(wf, r)));
  if (actor.roles.some((r) => heads.has(r))) return { ok: true };
  const via = actingFor(actor.username, delegations, now).find((d) => d.roles.some((r) => heads.has(r)));
  return via ? { ok: true, onBehalfOf: via } : { ok: false };
}

type Refusal = Extract<Result<never>, { ok: false }>['refusal'];
const refuse = (code: Refusal['code'], message: string): Result<never> => ({ ok: false, refusal: { code, message } });

interface AssignInput {
  /** The open task (its id). */
  task: string;
  actor: Actor;
  now: Date;
  delegations?: readonly Delegation[];
  rev?: number;
}

function openTask(c: Case, id: string): CaseTask | undefined {
  return c.status === 'open' ? tasksOf(c).find((t) => t.id === id) : undefined;
}

function changed(c: Case, task: CaseTask, patch: Partial<CaseTask>, event: HistoryEntry, at: string): Result<{ case: Case; events: HistoryEntry[] }> {
  const next = copyCase(c);
  next.tasks = tasksOf(c).map((t) => {
    if (t.id !== task.id) return { ...t };
    const out: CaseTask = { ...t, ...patch };
    if (patch.assignee === undefined && 'assignee' in patch) delete out.assignee;
    return out;
  });
  next.history.push(event);
  next.updatedAt = at;
  next.rev += 1;
  return { ok: true, value: { case: next, events: [event] } };
}

function guard(wf: Workflow, c: Case, input: AssignInput): { task: CaseTask; step: Step } | Result<never> {
  if (input.rev !== undefined && input.rev !== c.rev) return refuse('stale', 'Kasus ini sudah diubah orang lain sejak Anda membukanya. Muat ulang halaman lalu periksa lagi.');
  const task = openTask(c, input.task);
  const step = task && stepOf(wf, task.step);
  if (!task || !step) return refuse('not_open', 'Tugas ini tidak sedang terbuka.');
  return { task, step };
}

/** A holder of the step's role takes the open, unassigned task: it is theirs until done, released or reassigned. */
export function claimTask(wf: Workflow, c: Case, input: AssignInput): Result<{ case: Case; events: HistoryEntry[] }> {
  const g = guard(wf, c, input);
  if ('ok' in g) return g;
  const { task, step } = g;
  if (task.assignee !== undefined) {
    return refuse('not_open', task.assignee === input.actor.username ? 'Tugas ini sudah Anda ambil.' : `Tugas ini sudah diambil atau ditugaskan kepada ${task.assignee}.`);
  }
  const may = mayWork(wf, task, input.actor, input.delegations ?? [], input.now);
  if (!may.ok) return refuse('forbidden', may.message);
  const at = input.now.toISOString();
  return changed(c, task, { assignee: input.actor.username }, {
    type: 'assigned', at, actor: input.actor.username, task: task.id, step: step.id, kind: 'claim', to: input.actor.username,
    ...(may.onBehalfOf ? { onBehalfOf: may.onBehalfOf.official } : {}),
  }, at);
}

/**
 * The head of the step's role gives the task to a named account holding that role (`to`, with its roles as the
 * server knows them), or moves it from the account it was given to.
 */
export function assignTask(wf: Workflow, c: Case, input: AssignInput & { to: Actor }): Result<{ case: Case; events: HistoryEntry[] }> {
  const g = guard(wf, c, input);
  if ('ok' in g) return g;
  const { task, step } = g;
  const head = headFor(wf, step, input.actor, input.delegations ?? [], input.now);
  if (!head.ok) {
    const heads = [...new Set(rolesOf(step).flatMap((r) => headsOf(wf, r)))].map((r) => wf.roles[r] ?? r);
    return refuse('forbidden', heads.length ? `Tugas langkah ${step.number} ditugaskan oleh ${heads.join(' atau ')}.` : `Tugas langkah ${step.number} tidak ditugaskan kepada perorangan menurut standar layanan ini.`);
  }
  const targetRoles = effectiveRoles(input.to, input.delegations ?? [], input.now);
  if (!rolesOf(step).some((r) => targetRoles.includes(r))) {
    return refuse('invalid', `${input.to.name ?? input.to.username} tidak memiliki peran ${roleTitles(wf, step)}, jadi tidak dapat mengerjakan langkah ${step.number}.`);
  }
  if (task.assignee === input.to.username) return refuse('not_open', `Tugas ini sudah ditugaskan kepada ${input.to.name ?? input.to.username}.`);
  const at = input.now.toISOString();
  return changed(c, task, { assignee: input.to.username }, {
    type: 'assigned', at, actor: input.actor.username, task: task.id, step: step.id, kind: 'assign', to: input.to.username,
    ...(task.assignee ? { from: task.assignee } : {}),
    ...(head.onBehalfOf ? { onBehalfOf: head.onBehalfOf.official } : {}),
  }, at);
}

/** The account a task is assigned to, or the head of its role, hands it back to the whole role. */
export function releaseTask(wf: Workflow, c: Case, input: AssignInput): Result<{ case: Case; events: HistoryEntry[] }> {
  const g = guard(wf, c, input);
  if ('ok' in g) return g;
  const { task, step } = g;
  if (task.assignee === undefined) return refuse('not_open', 'Tugas ini tidak ditugaskan kepada siapa pun.');
  const head = headFor(wf, step, input.actor, input.delegations ?? [], input.now);
  if (task.assignee !== input.actor.username && !head.ok) return refuse('forbidden', 'Hanya yang memegang tugas ini atau kepalanya yang dapat melepasnya.');
  const at = input.now.toISOString();
  return changed(c, task, { assignee: undefined }, {
    type: 'assigned', at, actor: input.actor.username, task: task.id, step: step.id, kind: 'release', from: task.assignee,
    ...(head.onBehalfOf ? { onBehalfOf: head.onBehalfOf.official } : {}),
  }, at);
}

/** What `actor` may do about who holds an open task (the buttons a page offers; the functions above decide again). */
export interface AssignmentActions {
  /** Take the task nobody holds. */
  claim: boolean;
  /** Give it (or move it) to a named account of its role: the head of the role. */
  assign: boolean;
  /** Hand it back to the whole role: its holder, or the head. */
  release: boolean;
}

export function assignmentActions(wf: Workflow, task: Pick<CaseTask, 'id' | 'step' | 'assignee' | 'openedAt'>, actor: Actor, delegations: readonly Delegation[], now: Date): AssignmentActions {
  const step = stepOf(wf, task.step);
  if (!step) return { claim: false, assign: false, release: false };
  const head = headFor(wf, step, actor, delegations, now).ok;
  return {
    claim: task.assignee === undefined && mayWork(wf, task, actor, delegations, now).ok,
    assign: head,
    release: task.assignee !== undefined && (task.assignee === actor.username || head),
  };
}
