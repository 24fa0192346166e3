/**
 * What staff do to a case, for the pages and the API alike: open one (as the engine's projection lets them
 * see it), start one, complete an open step, record a running deadline as met. Each loads through the ports,
 * asks the engine, and commits the change with its audit entry in one transaction. One straight line from the
 * route to the store.
 */
import type { StoreTx } from '../../engine/ports/store.ts';
import { createHash } from 'node:crypto';
import { CaseExistsError, CorruptCaseError } from '../../engine/ports/cases.ts';
import { completeStep, meetDeadline, startCase } from '../../engine/case.ts';
import { summarize } from '../../engine/summary.ts';
import { openTasks, stepOf } from '../../engine/tasks.ts';
import { timeZoneOf } from '../../engine/time.ts';
import type { Actor, Case, Delegation, HistoryEntry, Refusal, Workflow } from '../../engine/types.ts';
import { holdsIdentity, mayOpen, viewCase, type CaseView, type Viewer } from '../../engine/view.ts';
import { formatDateTime } from '../../templates/format.ts';
import { changeOf, withAddress } from '../audit/record.ts';
import { generateCaseId, casePrefix } from '../store/case-ids.ts';
import { caseAttachments, commitAttachments, planAttachments, UploadGoneError, type AttachPlan } from './attachments.ts';
import type { AppDeps, Done, Refused } from './deps.ts';
import { effectiveRoles } from '../../engine/assignment.ts';
import { listDelegations } from './delegations.ts';
import { issueLetterIn, signerFor } from './letters.ts';
import { displayName } from './people.ts';
import { planNotices } from './notify.ts';

export type { Done, Refused };

const STATUS: Record<Refusal['code'], Refused['status']> = {
  forbidden: 403,
  invalid: 422,
  not_open: 409,
  closed: 409,
  stale: 409,
  wrong_workflow: 409,
};

export function refused(r: Refusal): Refused {
  return { ok: false, status: STATUS[r.code], error: r.message, ...(r.fields ? { fields: r.fields } : {}) };
}

/** The same answer for a case that does not exist and one the viewer may not open: no way to learn which. */
export function notFound(id: string): Refused {
  return { ok: false, status: 404, error: `Kasus ${id.slice(0, 64)} tidak ditemukan, atau bukan kasus yang dapat Anda buka.` };
}

export interface OpenedCase {
  case: Case;
  /** The exact definition it runs on (for the engine). */
  pinned: Workflow;
  /** The version in force for new cases (its need-to-know also holds for older cases). */
  inForce: Workflow | undefined;
  /** What this viewer sees of it. */
  view: CaseView;
  /** The delegations recorded (acting officials), as the engine was given them. */
  delegations: Delegation[];
}

/** A damaged stored case: a readable 503 naming it, never a 500 (the administrator's page lists it). */
function damaged(id: string): Refused {
  return { ok: false, status: 503, error: `Data kasus ${id} rusak dan tidak dapat ditampilkan. Administrator sudah dapat melihatnya di halaman Kelola; data dipulihkan dari cadangan.` };
}

/** Loads case `id` for `viewer`: refused with the same 404 whether it is missing or closed to them. */
export async function openCase(deps: AppDeps, id: string, viewer: Viewer): Promise<Done<OpenedCase>> {
  let c: Case | undefined;
  try {
    c = await deps.store.cases.get(id);
  } catch (err) {
    if (err instanceof CorruptCaseError) return damaged(id);
    throw err;
  }
  if (!c) return notFound(id);
  const pinned = deps.workflows.forCase(c.workflow);
  if (!pinned) {
    return { ok: false, status: 409, error: `Definisi ${c.workflow.id} versi ${c.workflow.version} yang dipakai kasus ini tidak tersedia di server.` };
  }
  const inForce = deps.workflows.get(pinned.id);
  // An acting official (Plt. / Plh.) sees and does what the official's roles allow, while the delegation holds.
  const delegations = await listDelegations(deps);
  const acting = { ...viewer, roles: effectiveRoles(viewer as Actor, delegations, deps.now()) };
  if (!mayOpen(pinned, inForce, c, acting)) return notFound(id);
  const attachments = await caseAttachments(deps, c.id);
  return { ok: true, value: { case: c, pinned, inForce, delegations, view: viewCase({ pinned, inForce, case: c, viewer: acting, now: deps.now(), attachments, delegations }) } };
}

/** How a view of an opened case is recorded: whether identities were on the page (`identity` false: a page without them). */
export function viewRecord(o: OpenedCase, identity = true): { caseId: string; rev: number; identity: boolean } {
  return { caseId: o.case.id, rev: o.case.rev, identity: identity && o.view.seesSensitive && holdsIdentity(o.view.definition, o.case) };
}

/** Whether `viewer` may open `c` (after a change: they may have passed it on to a step that is not theirs). */
export function mayStillOpen(deps: AppDeps, c: Case, viewer: Viewer): boolean {
  const pinned = deps.workflows.forCase(c.workflow);
  return pinned !== undefined && mayOpen(pinned, deps.workflows.get(pinned.id), c, viewer);
}

/** The projection of a case just changed by `viewer` (for the API's answer). */
export function viewAfter(deps: AppDeps, c: Case, viewer: Viewer): CaseView | undefined {
  const pinned = deps.workflows.forCase(c.workflow);
  return pinned && viewCase({ pinned, inForce: deps.workflows.get(pinned.id), case: c, viewer, now: deps.now() });
}

/** The projection of a case just changed by `viewer`, with its attachments (for the API's answer). */
export async function viewAfterWithFiles(deps: AppDeps, c: Case, viewer: Viewer): Promise<CaseView | undefined> {
  const pinned = deps.workflows.forCase(c.workflow);
  return pinned && viewCase({ pinned, inForce: deps.workflows.get(pinned.id), case: c, viewer, now: deps.now(), attachments: await caseAttachments(deps, c.id) });
}

/** A form refused by the engine and/or for its attachments: one 422 with every field's message. */
function withUploadErrors(r: Refused | undefined, plan: AttachPlan): Refused | undefined {
  const upload = Object.keys(plan.errors).length > 0;
  if (r && (r.status !== 422 || !upload)) return r;
  if (!upload) return undefined;
  return { ok: false, status: 422, error: r?.error ?? 'Berkas lampiran belum dapat diterima; lihat pesan pada isiannya.', fields: { ...(r?.fields ?? {}), ...plan.errors } };
}

const UPLOAD_GONE: Refused = { ok: false, status: 409, error: new UploadGoneError().message };

/**
 * Starts a case of the version in force of `workflowId` with the intake form's data; `requirements` attaches
 * uploaded copies of the service's requirements (requirement id → upload ids).
 */
export async function startNewCase(deps: AppDeps, workflowId: string, data: Record<string, unknown>, actor: Actor, options: { requirements?: Record<string, string[]> } = {}): Promise<Done<Case>> {
  const wf = deps.workflows.get(workflowId);
  if (!wf) return { ok: false, status: 404, error: `Layanan "${workflowId}" tidak ada.` };
  const prefix = casePrefix(wf.id);
  const plan = await planAttachments(deps, { wf, step: stepOf(wf, wf.start)!, data, requirements: options.requirements, actor });
  for (let attempt = 0; ; attempt++) {
    const now = deps.now();
    const id = generateCaseId({ prefix, now, timeZone: timeZoneOf(wf) });
    if (await deps.store.cases.exists(id)) continue;
    const result = await startCase(wf, { id, data, actor, now, delegations: await listDelegations(deps) });
    const refusal = withUploadErrors(result.ok ? undefined : refused(result.refusal), plan);
    if (refusal || !result.ok) return refusal!;
    const c = result.value.case;
    const intake = result.value.events.find((e) => e.type === 'completed');
    try {
      await deps.store.transaction(async (tx) => {
        await tx.cases.create(c, summarize(wf, c));
        await planNotices(tx, wf, undefined, c, now);
        await tx.audit.append(
          withAddress({
            at: now.toISOString(),
            actor: actor.username,
            action: 'case.start',
            caseId: id,
            details: { workflow: wf.id, version: wf.version, step: wf.start, ...changeOf({}, intake?.type === 'completed' ? intake.data : {}) },
          }),
        );
        await commitAttachments(tx, plan, { wf, caseId: id, step: wf.start, actor, at: now.toISOString() });
      });
    } catch (err) {
      if (err instanceof CaseExistsError && attempt < 5) continue;
      if (err instanceof UploadGoneError) return UPLOAD_GONE;
      throw err;
    }
    return { ok: true, value: c };
  }
}

/**
 * One change of a case in transaction `tx`: the case written back if it is still at the revision it was read at,
 * the notices the change causes, and its audit entry. False when another change came first (nothing written).
 */
export async function writeCaseChange(
  tx: StoreTx,
  wf: Workflow,
  before: Case,
  next: Case,
  now: Date,
  entry: { actor: string; action: string; details: Record<string, unknown> },
): Promise<boolean> {
  if (!(await tx.cases.update(next, summarize(wf, next), before.rev))) return false;
  await planNotices(tx, wf, before, next, now);
  await tx.audit.append(withAddress({ at: now.toISOString(), actor: entry.actor, action: entry.action, caseId: before.id, details: entry.details }));
  return true;
}

/** Completes `step` of case `id`; `rev` (when given) must be the revision the form was opened on. */
export async function completeCaseStep(
  deps: AppDeps,
  input: { id: string; step: string; data: Record<string, unknown>; actor: Actor; rev?: number },
): Promise<Done<Case>> {
  const opened = await openCase(deps, input.id, input.actor);
  if (!opened.ok) return opened;
  const { case: c, pinned: wf } = opened.value;
  if (!stepOf(wf, input.step)) return { ok: false, status: 404, error: `Langkah "${input.step}" tidak ada pada layanan ${wf.title}.` };
  const now = deps.now();
  const result = await completeStep(wf, c, { step: input.step, data: input.data, actor: input.actor, now, rev: input.rev, delegations: await listDelegations(deps) });
  if (!result.ok && (result.refusal.code === 'not_open' || result.refusal.code === 'stale')) return await overtaken(deps, wf, c.id, input.step, result.refusal.message);
  const plan = await planAttachments(deps, { wf, step: stepOf(wf, input.step)!, data: input.data, actor: input.actor, existing: opened.value.view.attachments.flatMap((a) => (a.file ? [a.file] : [])) });
  const refusal = withUploadErrors(result.ok ? undefined : refused(result.refusal), plan);
  if (refusal || !result.ok) return refusal!;
  const next = result.value.case;
  const completed = result.value.events.find((e) => e.type === 'completed');
  // A closing outcome that issues a letter: the signer is read now, the number taken in the same transaction.
  const signer = next.status === 'closed' ? await signerFor(deps, wf, next) : undefined;
  const written = await deps.store.transaction(async (tx) => {
    const details = { step: input.step, rev: next.rev, ...changeOf(c.data, completed?.type === 'completed' ? completed.data : {}) };
    if (!(await writeCaseChange(tx, wf, c, next, now, { actor: input.actor.username, action: 'step.complete', details }))) return false;
    await commitAttachments(tx, plan, { wf, caseId: c.id, step: input.step, actor: input.actor, at: now.toISOString() });
    if (next.status === 'closed') await issueLetterIn(tx, wf, next, signer, input.actor.username, now);
    return true;
  }).catch((err) => {
    if (err instanceof UploadGoneError) return 'gone' as const;
    throw err;
  });
  if (written === 'gone') return UPLOAD_GONE;
  if (!written) return await overtaken(deps, wf, c.id, input.step, 'Kasus ini baru saja diubah orang lain. Muat ulang halaman lalu periksa lagi.');
  return { ok: true, value: next };
}

/**
 * The 409 for someone who came too late: the step was completed (or the case changed) by another person in
 * the meantime. Says who did it and when, read from the case as it is now.
 */
async function overtaken(deps: AppDeps, wf: Workflow, id: string, stepId: string, fallback: string): Promise<Refused> {
  const now = await deps.store.cases.get(id).catch(() => undefined);
  const step = stepOf(wf, stepId);
  const done = now && step && !openTasks(wf, now).some((t) => t.step === stepId) ? await completedBy(deps, wf, now, stepId) : undefined;
  if (step && done) {
    return { ok: false, status: 409, error: `Langkah ${step.number} (${step.title}) ${done}. Isian Anda tidak disimpan; buka kasusnya untuk melihat hasilnya.` };
  }
  const last = now && [...now.history].reverse().find((e): e is Extract<HistoryEntry, { actor: string }> => 'actor' in e);
  if (now && last) {
    return { ok: false, status: 409, error: `${fallback} Perubahan terakhir oleh ${await displayName(deps, last.actor)} pada ${formatDateTime(now.updatedAt, timeZoneOf(wf))}.` };
  }
  return { ok: false, status: 409, error: fallback };
}

/** "sudah diselesaikan oleh Sari Wulandari pada 30 November 2026 09.41 WIB" for the last completion of a step, if any. */
export async function completedBy(deps: AppDeps, wf: Workflow, c: Case, stepId: string): Promise<string | undefined> {
  const done = [...c.history].reverse().find((e) => e.type === 'completed' && e.step === stepId);
  if (!done || done.type !== 'completed') return undefined;
  return `sudah diselesaikan oleh ${await displayName(deps, done.actor)} pada ${formatDateTime(done.at, timeZoneOf(wf))}`;
}

/** Records that a running deadline of case `id` was met (e.g. the missing documents arrived). */
export async function meetCaseDeadline(deps: AppDeps, input: { id: string; deadline: string; actor: Actor; rev?: number }): Promise<Done<Case>> {
  const opened = await openCase(deps, input.id, input.actor);
  if (!opened.ok) return opened;
  const { case: c, pinned: wf } = opened.value;
  const now = deps.now();
  const result = meetDeadline(wf, c, { deadline: input.deadline, actor: input.actor, now, rev: input.rev, delegations: await listDelegations(deps) });
  if (!result.ok) return refused(result.refusal);
  const next = result.value.case;
  const written = await deps.store.transaction(async (tx) => {
    if (!(await tx.cases.update(next, summarize(wf, next), c.rev))) return false;
    await planNotices(tx, wf, c, next, now);
    await tx.audit.append(withAddress({ at: now.toISOString(), actor: input.actor.username, action: 'deadline.met', caseId: c.id, details: { deadline: input.deadline } }));
    return true;
  });
  if (!written) return { ok: false, status: 409, error: 'Kasus ini baru saja diubah orang lain. Muat ulang halaman lalu periksa lagi.' };
  return { ok: true, value: next };
}

/** How long a sent intake form is remembered, to recognise it when it is sent again. */
const SENT_FORM_MS = 60 * 60_000;

/**
 * Starts a case from an intake form that carries its own value (`nonce`): on a slow line a clerk taps "Simpan
 * laporan" again, or the browser resends the post. The same form with the same values, on this server or any
 * other, starts one case, and every sending of it is answered with that case; other values with the same form
 * start their own. The forms sent are remembered in the store (kv "intake"), not in one server's memory.
 */
export async function startCaseOnce(
  deps: AppDeps,
  input: { workflowId: string; data: Record<string, unknown>; actor: Actor; nonce?: string; requirements?: Record<string, string[]>; /** What makes two sendings the same form (default: the values). */ fingerprint?: string },
): Promise<Done<Case>> {
  const options = { requirements: input.requirements };
  if (!input.nonce) return startNewCase(deps, input.workflowId, input.data, input.actor, options);
  const key = `${input.actor.username} ${input.workflowId} ${input.nonce}`;
  const values = input.fingerprint ?? JSON.stringify(input.requirements ? [input.data, input.requirements] : input.data);
  const digest = createHash('sha256').update(values).digest('hex');
  const now = deps.now();
  const expiresAt = new Date(now.getTime() + SENT_FORM_MS).toISOString();
  for (let wait = 0; ; wait++) {
    const claim = await deps.store.kv.claim<{ digest: string; caseId?: string }>('intake', key, { digest }, { expiresAt, now: now.toISOString() });
    if (claim.claimed) break;
    if (claim.entry.value.digest !== digest) return startNewCase(deps, input.workflowId, input.data, input.actor, options);
    if (claim.entry.value.caseId) {
      const c = await deps.store.cases.get(claim.entry.value.caseId);
      if (c) return { ok: true, value: c };
    }
    // The first sending is still on its way (here or on another server): wait for its answer.
    if (wait > 200) return { ok: false, status: 409, error: 'Laporan yang sama sedang disimpan. Tunggu sebentar, lalu buka Daftar kasus.' };
    await new Promise((r) => setTimeout(r, 50));
  }
  let done: Done<Case>;
  try {
    done = await startNewCase(deps, input.workflowId, input.data, input.actor, options);
  } catch (err) {
    await deps.store.kv.delete('intake', key).catch(() => undefined);
    throw err;
  }
  // A refused form may be corrected and sent again with the same value.
  if (done.ok) await deps.store.kv.put('intake', key, { digest, caseId: done.value.id }, { expiresAt, now: now.toISOString() });
  else await deps.store.kv.delete('intake', key);
  return done;
}
