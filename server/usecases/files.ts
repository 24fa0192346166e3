/**
 * Opening an attachment (a download, on a page or the API) and adding a requirement's copy to a case later.
 * A file of a case the viewer may not open is answered exactly like a file that does not exist (404); a file
 * the viewer may open the case of but not see (a sensitive field or requirement, engine/view.ts) is a 403; every
 * download is in the audit log before its bytes are sent.
 */
import type { Attachment } from '../../engine/attachments.ts';
import { attachmentShown, type Viewer } from '../../engine/view.ts';
import type { Actor, Case } from '../../engine/types.ts';
import { withAddress } from '../audit/record.ts';
import {
  ATTACHMENT_KIND,
  commitAttachments,
  fileNotFound,
  mayAttachRequirement,
  pendingUpload,
  planAttachments,
  requirementInput,
  UploadGoneError,
  type UploadDone,
} from './attachments.ts';
import { openCase } from './casework.ts';
import type { AppDeps } from './deps.ts';

/** Where a download was asked for, for the audit log. */
export type DownloadVia = 'kasus' | 'api';

/**
 * Attachment `id` and its bytes for `viewer`: their own upload not yet attached, or a file of a case they may
 * open and whose field or requirement they may see. The download is recorded (`attachment.view`) first.
 */
export async function openAttachment(deps: AppDeps, id: string, viewer: Viewer, via: DownloadVia, caseId?: string): Promise<UploadDone<{ attachment: Attachment; bytes: Uint8Array }>> {
  const doc = await deps.store.records.get(ATTACHMENT_KIND, id);
  let attachment: Attachment;
  if (!doc) {
    const pending = await pendingUpload(deps, id, viewer);
    if (!pending || caseId !== undefined) return fileNotFound();
    attachment = pending;
  } else {
    attachment = { ...(doc.data as unknown as Attachment), id: doc.id };
    if (!attachment.caseId || (caseId !== undefined && caseId !== attachment.caseId)) return fileNotFound();
    const opened = await openCase(deps, attachment.caseId, viewer);
    if (!opened.ok) return opened.status === 404 ? fileNotFound() : { ok: false, status: opened.status === 503 ? 503 : 404, error: opened.error };
    if (!attachmentShown(opened.value.view.definition, viewer, attachment)) {
      return { ok: false, status: 403, error: 'Berkas ini menunjukkan identitas seseorang; peran Anda tidak berhak membuka atau mengunduhnya.' };
    }
  }
  const bytes = await deps.store.blobs.get(attachment.blob);
  if (!bytes) return { ok: false, status: 503, error: 'Isi berkas ini tidak ada di penyimpanan. Administrator dapat memulihkannya dari cadangan.' };
  await deps.store.audit.append(
    withAddress({
      at: deps.now().toISOString(),
      actor: viewer.username,
      action: 'attachment.view',
      ...(attachment.caseId ? { caseId: attachment.caseId } : {}),
      details: {
        attachment: attachment.id,
        via,
        type: attachment.type,
        size: attachment.size,
        ...(attachment.field ? { field: attachment.field } : {}),
        ...(attachment.requirement ? { requirement: attachment.requirement } : {}),
      },
    }),
  );
  return { ok: true, value: { attachment, bytes } };
}

/**
 * Adds uploaded copies of requirement `requirement` to case `caseId` (documents handed in after the report).
 * Refused with field messages under the requirement's input name ("persyaratan.ktp-kk").
 */
export async function attachRequirement(
  deps: AppDeps,
  input: { caseId: string; requirement: string; ids: string[]; actor: Actor },
): Promise<{ ok: true; value: Attachment[] } | { ok: false; status: 400 | 403 | 404 | 409 | 422 | 503; error: string; fields?: Record<string, string> }> {
  const opened = await openCase(deps, input.caseId, input.actor);
  if (!opened.ok) return opened;
  const { pinned: wf, case: c } = opened.value;
  const requirement = (wf.requirements ?? []).find((r) => r.id === input.requirement);
  if (!requirement?.attach) return { ok: false, status: 404, error: `Persyaratan "${input.requirement.slice(0, 80)}" tidak ada, atau salinannya tidak diunggah pada layanan ini.` };
  if (!mayAttachRequirement(wf, c, input.actor, requirement)) {
    return { ok: false, status: 403, error: 'Dokumen persyaratan dilampirkan oleh petugas penerima laporan atau petugas langkah yang sedang berjalan; peran Anda tidak termasuk.' };
  }
  const name = requirementInput(requirement.id);
  if (!input.ids.length) return { ok: false, status: 422, error: 'Pilih berkas yang akan dilampirkan.', fields: { [name]: 'Pilih berkasnya dulu.' } };
  const plan = await planAttachments(deps, { wf, step: { id: '-', number: 0, title: '', role: [] }, data: {}, requirements: { [requirement.id]: input.ids }, actor: input.actor });
  if (Object.keys(plan.errors).length) return { ok: false, status: 422, error: plan.errors[name] ?? 'Berkas lampiran belum dapat diterima.', fields: plan.errors };
  const at = deps.now().toISOString();
  try {
    const added = await deps.store.transaction((tx) => commitAttachments(tx, plan, { wf, caseId: c.id, actor: input.actor, at }));
    return { ok: true, value: added };
  } catch (err) {
    if (err instanceof UploadGoneError) return { ok: false, status: 409, error: err.message };
    throw err;
  }
}

/** Whether `actor` may add requirement copies to case `c` now (the case page shows the form only then). */
export function mayAttachTo(deps: AppDeps, c: Case, actor: Actor): boolean {
  const wf = deps.workflows.forCase(c.workflow);
  return wf !== undefined && mayAttachRequirement(wf, c, actor);
}
