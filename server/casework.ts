/**
 * The three things staff do to a case, shared by the pages and the API: start one, complete its open step,
 * record a running deadline as met. Each reads the case, asks the engine, writes with the case's rev, and
 * maps a refusal to an HTTP status. One straight line from the route to the store.
 */
import { canReadCase, stricterAccess } from '../engine/access.ts';
import { completeStep, meetDeadline, startCase } from '../engine/case.ts';
import { stepOf } from '../engine/tasks.ts';
import { timeZoneOf } from '../engine/time.ts';
import type { Actor, Case, Refusal, Workflow } from '../engine/types.ts';
import { formatDateTime } from '../templates/format.ts';
import { changeOf, recordAudit } from './audit/record.ts';
import type { AppDeps } from './routes/env.ts';
import { CaseExistsError } from './store/cases.ts';

export type Refused = { ok: false; status: 400 | 403 | 404 | 409 | 422; error: string; fields?: Record<string, string> };
export type Done<T> = { ok: true; value: T } | Refused;

const STATUS: Record<Refusal['code'], Refused['status']> = {
  forbidden: 403,
  invalid: 422,
  not_open: 409,
  closed: 409,
  stale: 409,
  wrong_workflow: 409,
};

function refused(r: Refusal): Refused {
  return { ok: false, status: STATUS[r.code], error: r.message, ...(r.fields ? { fields: r.fields } : {}) };
}


/**
 * Whether `roles` may open case `c`, which runs on `wf`: a reader under its own version and under the version in
 * force, or a role of the step it waits at (engine/access.ts canReadCase says why).
 */
export function mayRead(deps: AppDeps, wf: Workflow, c: Pick<Case, 'current'>, roles: readonly string[]): boolean {
  return canReadCase(wf, deps.workflows.get(wf.id), roles, c.current);
}

/** The definition to mask a case of `wf` with: its own, as strict about identities as the version in force. */
export function viewOf(deps: AppDeps, wf: Workflow): Workflow {
  return stricterAccess(wf, deps.workflows.get(wf.id));
}

/**
 * The case and the exact definition it runs on (`workflow`, for the engine), if the actor may read it, with the
 * definition its values are shown with (`view`, for masking: see viewOf).
 */
export async function loadCase(deps: AppDeps, id: string, actor: Actor): Promise<Done<{ case: Case; workflow: Workflow; view: Workflow }>> {
  const c = await deps.store.cases.get(id);
  if (!c) return { ok: false, status: 404, error: `Kasus ${id} tidak ditemukan.` };
  const wf = deps.workflows.forCase(c.workflow);
  if (!wf) {
    return { ok: false, status: 409, error: `Definisi ${c.workflow.id} versi ${c.workflow.version} yang dipakai kasus ini tidak tersedia di server.` };
  }
  if (!mayRead(deps, wf, c, actor.roles)) {
    return { ok: false, status: 403, error: `Peran Anda tidak berhak membuka kasus ${wf.title}.` };
  }
  return { ok: true, value: { case: c, workflow: wf, view: viewOf(deps, wf) } };
}

/** Starts a case of the active version of `workflowId` with the intake form's data. */
export async function startNewCase(deps: AppDeps, workflowId: string, data: Record<string, unknown>, actor: Actor): Promise<Done<Case>> {
  const wf = deps.workflows.get(workflowId);
  if (!wf) return { ok: false, status: 404, error: `Layanan "${workflowId}" tidak ada.` };
  for (let attempt = 0; ; attempt++) {
    const now = deps.now();
    const id = deps.store.cases.newId(wf.id, now, { timeZone: timeZoneOf(wf) });
    const result = await startCase(wf, { id, data, actor, now });
    if (!result.ok) return refused(result.refusal);
    try {
      await deps.store.cases.create(result.value.case);
    } catch (err) {
      if (err instanceof CaseExistsError && attempt < 5) continue;
      throw err;
    }
    const intake = result.value.events.find((e) => e.type === 'completed');
    await recordAudit(deps.store, {
      at: now.toISOString(),
      actor: actor.username,
      action: 'case.start',
      caseId: id,
      details: { workflow: wf.id, version: wf.version, step: wf.start, ...changeOf({}, intake?.type === 'completed' ? intake.data : {}) },
    });
    return { ok: true, value: result.value.case };
  }
}

/** Completes `step` of case `id`; `rev` (when given) must be the revision the form was opened on. */
export async function completeCaseStep(
  deps: AppDeps,
  input: { id: string; step: string; data: Record<string, unknown>; actor: Actor; rev?: number },
): Promise<Done<Case>> {
  const loaded = await loadCase(deps, input.id, input.actor);
  if (!loaded.ok) return loaded;
  const { case: c, workflow: wf } = loaded.value;
  if (!stepOf(wf, input.step)) return { ok: false, status: 404, error: `Langkah "${input.step}" tidak ada pada layanan ${wf.title}.` };
  const now = deps.now();
  const result = await completeStep(wf, c, { step: input.step, data: input.data, actor: input.actor, now, rev: input.rev });
  if (!result.ok) {
    if (result.refusal.code === 'not_open' || result.refusal.code === 'stale') return await overtaken(deps, wf, c.id, input.step, result.refusal.message);
    return refused(result.refusal);
  }
  const next = result.value.case;
  if (!(await deps.store.cases.update(next, c.rev))) {
    return await overtaken(deps, wf, c.id, input.step, 'Kasus ini baru saja diubah orang lain. Muat ulang halaman lalu periksa lagi.');
  }
  const completed = result.value.events.find((e) => e.type === 'completed');
  await recordAudit(deps.store, {
    at: now.toISOString(),
    actor: input.actor.username,
    action: 'step.complete',
    caseId: c.id,
    details: { step: input.step, rev: next.rev, ...changeOf(c.data, completed?.type === 'completed' ? completed.data : {}) },
  });
  return { ok: true, value: next };
}

/**
 * The 409 for someone who came too late: the step was completed (or the case changed) by another person in
 * the meantime. Says who did it and when, read from the case as it is now.
 */
async function overtaken(deps: AppDeps, wf: Workflow, id: string, stepId: string, fallback: string): Promise<Refused> {
  const now = await deps.store.cases.get(id);
  const step = stepOf(wf, stepId);
  const who = (username: string) => deps.store.users.get(username)?.displayName || username;
  const done = now && step && now.current !== stepId ? completedBy(deps, wf, now, stepId) : undefined;
  if (step && done) {
    return {
      ok: false,
      status: 409,
      error: `Langkah ${step.number} (${step.title}) ${done}. Isian Anda tidak disimpan; buka kasusnya untuk melihat hasilnya.`,
    };
  }
  const last = now && [...now.history].reverse().find((e): e is Extract<typeof e, { actor: string }> => 'actor' in e);
  if (now && last) {
    return { ok: false, status: 409, error: `${fallback} Perubahan terakhir oleh ${who(last.actor)} pada ${formatDateTime(now.updatedAt, timeZoneOf(wf))}.` };
  }
  return { ok: false, status: 409, error: fallback };
}

/** "sudah diselesaikan oleh Sari Wulandari pada 30 November 2026 09.41 WIB" for the last completion of a step, if any. */
export function completedBy(deps: AppDeps, wf: Workflow, c: Case, stepId: string): string | undefined {
  const done = [...c.history].reverse().find((e) => e.type === 'completed' && e.step === stepId);
  if (!done || done.type !== 'completed') return undefined;
  const name = deps.store.users.get(done.actor)?.displayName || done.actor;
  return `sudah diselesaikan oleh ${name} pada ${formatDateTime(done.at, timeZoneOf(wf))}`;
}

/** Records that a running deadline of case `id` was met (e.g. the missing documents arrived). */
export async function meetCaseDeadline(
  deps: AppDeps,
  input: { id: string; deadline: string; actor: Actor; rev?: number },
): Promise<Done<Case>> {
  const loaded = await loadCase(deps, input.id, input.actor);
  if (!loaded.ok) return loaded;
  const { case: c, workflow: wf } = loaded.value;
  const now = deps.now();
  const result = meetDeadline(wf, c, { deadline: input.deadline, actor: input.actor, now, rev: input.rev });
  if (!result.ok) return refused(result.refusal);
  if (!(await deps.store.cases.update(result.value.case, c.rev))) {
    return { ok: false, status: 409, error: 'Kasus ini baru saja diubah orang lain. Muat ulang halaman lalu periksa lagi.' };
  }
  await recordAudit(deps.store, { at: now.toISOString(), actor: input.actor.username, action: 'deadline.met', caseId: c.id, details: { deadline: input.deadline } });
  return { ok: true, value: result.value.case };
}
