/**
 * Who holds an open task: taking one of my role (claim), giving one to a named account of its role or moving it
 * (assign, by the role's head as `assignment.heads` declares it, or the administrator), handing it back to the
 * whole role (release). Each loads the case, asks the engine (engine/assignment.ts decides), and commits the case
 * with its audit entry and the notices it plans in one transaction.
 */
import { assignTask, claimTask, releaseTask } from '../../engine/assignment.ts';
import { ADMINISTRATOR_ROLE } from '../../engine/access.ts';
import { CorruptCaseError } from '../../engine/ports/cases.ts';
import { findTask, rolesOf, stepOf } from '../../engine/tasks.ts';
import type { Actor, Case, Delegation, HistoryEntry, Result, Workflow } from '../../engine/types.ts';
import { notFound, openCase, refused, writeCaseChange } from './casework.ts';
import type { AppDeps, Done } from './deps.ts';
import { listDelegations } from './delegations.ts';

export type AssignmentKind = 'claim' | 'assign' | 'release';

export interface AssignmentInput {
  /** The case. */
  id: string;
  /** The step of the open task. */
  step: string;
  actor: Actor;
  /** The revision the page or client saw; a change since is refused as stale. */
  rev?: number;
  /** assign: the username of the account to give it to. */
  to?: string;
}

/** An account the head may give a task to: active, holding one of the step's roles. */
export interface Assignable {
  username: string;
  name: string;
}

const STALE = 'Kasus ini baru saja diubah orang lain. Muat ulang halaman lalu periksa lagi.';

/**
 * The case for an assignment: the administrator reaches it without opening it (they see no case data, only
 * hold accounts and their work in order); anyone else as the engine's projection lets them open it.
 */
async function load(deps: AppDeps, input: AssignmentInput): Promise<Done<{ c: Case; wf: Workflow; delegations: Delegation[] }>> {
  if (input.actor.roles.includes(ADMINISTRATOR_ROLE)) {
    let c: Case | undefined;
    try {
      c = await deps.store.cases.get(input.id);
    } catch (err) {
      if (err instanceof CorruptCaseError) return { ok: false, status: 503, error: `Data kasus ${input.id} rusak.` };
      throw err;
    }
    const wf = c && deps.workflows.forCase(c.workflow);
    if (!c || !wf) return notFound(input.id);
    return { ok: true, value: { c, wf, delegations: await listDelegations(deps) } };
  }
  const opened = await openCase(deps, input.id, input.actor);
  if (!opened.ok) return opened;
  return { ok: true, value: { c: opened.value.case, wf: opened.value.pinned, delegations: opened.value.delegations } };
}

/** The active accounts that hold one of `step`'s roles, by name: whom a head may give the task to. */
export async function assignableAccounts(deps: AppDeps, wf: Workflow, stepId: string): Promise<Assignable[]> {
  const step = stepOf(wf, stepId);
  if (!step) return [];
  const roles = rolesOf(step);
  return (await deps.store.users.list())
    .filter((u) => !u.disabled && u.roles.some((r) => roles.includes(r)))
    .map((u) => ({ username: u.username, name: u.displayName || u.username }))
    .sort((a, b) => a.name.localeCompare(b.name, 'id'));
}

/** Claims, assigns or releases the open task of `input.step` on case `input.id`. */
export async function changeAssignment(deps: AppDeps, kind: AssignmentKind, input: AssignmentInput): Promise<Done<Case>> {
  const loaded = await load(deps, input);
  if (!loaded.ok) return loaded;
  const { c, wf, delegations } = loaded.value;
  const step = stepOf(wf, input.step);
  if (!step) return { ok: false, status: 404, error: `Langkah "${input.step.slice(0, 80)}" tidak ada pada layanan ${wf.title}.` };
  if (c.status !== 'open') return { ok: false, status: 409, error: `Kasus ${c.id} sudah selesai; tugasnya tidak dapat diambil atau diserahkan lagi.` };
  const task = findTask(c, step.id);
  if (!task) return { ok: false, status: 409, error: `Langkah ${step.number} (${step.title}) tidak sedang terbuka pada kasus ini.` };
  const now = deps.now();
  const common = { task: task.id, actor: input.actor, now, delegations, rev: input.rev };
  let result: Result<{ case: Case; events: HistoryEntry[] }>;
  if (kind === 'assign') {
    if (!input.to) return { ok: false, status: 422, error: 'Pilih akun yang akan diserahi tugas ini.', fields: { to: 'Pilih akun.' } };
    const target = await deps.store.users.get(input.to);
    if (!target || target.disabled) {
      return { ok: false, status: 422, error: `Akun "${input.to.slice(0, 80)}" tidak ada atau dinonaktifkan.`, fields: { to: 'Pilih akun yang aktif.' } };
    }
    result = assignTask(wf, c, { ...common, to: { username: target.username, roles: target.roles, name: target.displayName || target.username } });
  } else {
    result = kind === 'claim' ? claimTask(wf, c, common) : releaseTask(wf, c, common);
  }
  if (!result.ok) {
    const r = refused(result.refusal);
    return r.status === 422 && input.to ? { ...r, fields: { to: r.error } } : r;
  }
  const next = result.value.case;
  const event = result.value.events[0];
  const details = {
    step: step.id,
    task: task.id,
    rev: next.rev,
    ...(event?.type === 'assigned' && event.to ? { to: event.to } : {}),
    ...(event?.type === 'assigned' && event.from ? { from: event.from } : {}),
    ...(event?.type === 'assigned' && event.onBehalfOf ? { onBehalfOf: event.onBehalfOf } : {}),
  };
  const written = await deps.store.transaction((tx) => writeCaseChange(tx, wf, c, next, now, { actor: input.actor.username, action: `task.${kind}`, details }));
  if (!written) return { ok: false, status: 409, error: STALE };
  return { ok: true, value: next };
}
