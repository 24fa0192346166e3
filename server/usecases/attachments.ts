/**
 * Attachments of cases: a file uploaded (typed by its content, photos made smaller and stripped of their
 * metadata, stored content-addressed through the blob port), then attached to a case as the value of a file
 * field or as a copy of a requirement, and downloaded by those the YAML lets see it, every download audited.
 *
 * An upload not yet attached is kept in kv ("upload", one day) for its uploader only; attaching it writes its
 * record ("attachment" in the records port) in the same transaction as the step or intake that names it, so a
 * case and its files are stored together or not at all.
 */
import { randomBytes } from 'node:crypto';
import { fileTypeFromBuffer } from 'file-type';
import sharp from 'sharp';
import {
  allowedText,
  ANY_UPLOAD,
  attachmentIds,
  FILE_KINDS,
  kindOfMime,
  misfit,
  ruleOf,
  safeFileName,
  type Attachment,
  type AttachmentRule,
  type FileKind,
} from '../../engine/attachments.ts';
import type { RecordDoc } from '../../engine/ports/misc.ts';
import type { StoreTx } from '../../engine/ports/store.ts';
import { canAct, openTasks, stepOf } from '../../engine/tasks.ts';
import type { Actor, Case, Requirement, Step, Workflow } from '../../engine/types.ts';
import type { Viewer } from '../../engine/view.ts';
import { withAddress } from '../audit/record.ts';
import type { AppDeps } from './deps.ts';

export const UPLOAD_NS = 'upload';
export const ATTACHMENT_KIND = 'attachment';
/** How long an upload waits to be attached to a case (a form left open over lunch, sent in the afternoon). */
const UPLOAD_TTL_MS = 24 * 60 * 60_000;
/** A photo is kept at most this many pixels on its longer side: a document stays readable, a phone photo shrinks. */
const IMAGE_MAX_SIDE = 2000;
/** Pixels an image may declare before it is decoded (a "decompression bomb" is refused, not decoded). */
const IMAGE_MAX_PIXELS = 60_000_000;

/** The name of a requirement's upload input on a form ("persyaratan.ktp-kk"): its errors are reported under it. */
export const requirementInput = (id: string) => `persyaratan.${id}`;

export type UploadRefused = { ok: false; status: 400 | 403 | 404 | 413 | 415 | 422 | 503; error: string };
export type UploadDone<T> = { ok: true; value: T } | UploadRefused;

/** The file as sent: its name and bytes. */
export interface IncomingFile {
  name: string;
  bytes: Uint8Array;
}

function newId(): string {
  return `lp-${randomBytes(16).toString('base64url').slice(0, 22)}`;
}

/**
 * Types `file` by its content and makes it safe to keep: an image is decoded and encoded again (turned upright,
 * at most IMAGE_MAX_SIDE pixels, no EXIF, no GPS location, no comment chunks), a PDF is kept as sent. Anything
 * else, or an image that does not decode (a "PNG" that is really a web page), is refused with what is allowed.
 */
export async function inspectFile(file: IncomingFile, rule: AttachmentRule): Promise<UploadDone<{ kind: FileKind; bytes: Uint8Array; name: string }>> {
  const detected = file.bytes.length ? await fileTypeFromBuffer(file.bytes) : undefined;
  const kind = detected ? kindOfMime(detected.mime) : undefined;
  const problem = misfit(rule, kind, file.bytes.length);
  if (problem) return { ok: false, status: problem.status, error: problem.message };
  let bytes = file.bytes;
  if (kind === 'jpeg' || kind === 'png') {
    try {
      const image = sharp(file.bytes, { limitInputPixels: IMAGE_MAX_PIXELS, failOn: 'error' })
        .rotate()
        .resize({ width: IMAGE_MAX_SIDE, height: IMAGE_MAX_SIDE, fit: 'inside', withoutEnlargement: true });
      // sharp writes no metadata unless asked (withMetadata): EXIF, GPS, XMP and text chunks are left behind.
      bytes = new Uint8Array(kind === 'jpeg' ? await image.jpeg({ quality: 85 }).toBuffer() : await image.png({ compressionLevel: 9 }).toBuffer());
    } catch {
      return { ok: false, status: 422, error: `Berkas gambar rusak atau bukan gambar yang sebenarnya. Yang diterima: ${allowedText(rule)}` };
    }
  }
  return { ok: true, value: { kind: kind!, bytes, name: safeFileName(file.name, kind!) } };
}

/** Checks, cleans and stores one uploaded file for `actor`; it waits (for them only) to be attached to a case. */
export async function receiveUpload(deps: AppDeps, actor: Actor, file: IncomingFile, rule: AttachmentRule = ANY_UPLOAD): Promise<UploadDone<Attachment>> {
  const inspected = await inspectFile(file, rule);
  if (!inspected.ok) return inspected;
  const now = deps.now();
  const blob = await deps.store.blobs.put(inspected.value.bytes, now.toISOString());
  const attachment: Attachment = {
    id: newId(),
    name: inspected.value.name,
    type: FILE_KINDS[inspected.value.kind].mime,
    size: inspected.value.bytes.length,
    blob: blob.id,
    uploadedBy: actor.username,
    uploadedAt: now.toISOString(),
  };
  await deps.store.kv.put(UPLOAD_NS, attachment.id, attachment, { expiresAt: new Date(now.getTime() + UPLOAD_TTL_MS).toISOString(), now: now.toISOString() });
  return { ok: true, value: attachment };
}

/** An upload waiting to be attached, if `viewer` made it. */
export async function pendingUpload(deps: AppDeps, id: string, viewer: Viewer): Promise<Attachment | undefined> {
  const entry = await deps.store.kv.get<Attachment>(UPLOAD_NS, id, deps.now().toISOString());
  return entry && entry.value.uploadedBy === viewer.username ? entry.value : undefined;
}

/** Name, type and size of uploads a refused form carried, to show them beside their fields again. */
export async function uploadsShown(deps: AppDeps, ids: string[], viewer: Viewer, caseId?: string): Promise<Record<string, Attachment>> {
  const out: Record<string, Attachment> = {};
  const attached = caseId ? await caseAttachments(deps, caseId) : [];
  for (const id of new Set(ids)) {
    // Waiting to be attached; or this case's; or the viewer's own upload attached a moment ago (a form sent twice).
    let a = (await pendingUpload(deps, id, viewer)) ?? attached.find((x) => x.id === id);
    if (!a) {
      const doc = await deps.store.records.get(ATTACHMENT_KIND, id);
      if (doc && doc.data.uploadedBy === viewer.username) a = fromRecord(doc);
    }
    if (a) out[id] = a;
  }
  return out;
}

function fromRecord(doc: RecordDoc): Attachment {
  return { ...(doc.data as unknown as Attachment), id: doc.id };
}

/** Every attachment of case `caseId`, in the order attached. */
export async function caseAttachments(deps: AppDeps, caseId: string): Promise<Attachment[]> {
  const docs = await deps.store.records.query(ATTACHMENT_KIND, { caseId });
  return docs.map(fromRecord).sort((a, b) => (a.attachedAt ?? '').localeCompare(b.attachedAt ?? '') || a.id.localeCompare(b.id));
}

/** What one form (a step, or the intake with its requirements) would attach, checked; or the errors per input. */
export interface AttachPlan {
  errors: Record<string, string>;
  /** Uploads to attach, each with where it goes. */
  add: Array<{ upload: Attachment; field?: string; requirement?: string }>;
}

/**
 * Checks the attachment ids a form carries for `step`'s file fields (in `data`) and, at intake, for the
 * requirements (`requirements`: requirement id → ids): each must be an upload of `actor` waiting to be attached
 * (or, for a step done again, already this case's file of that field), of a type and size the field allows.
 */
export async function planAttachments(
  deps: AppDeps,
  input: { wf: Workflow; step: Step; data: Record<string, unknown>; requirements?: Record<string, string[]>; actor: Actor; existing?: Attachment[] },
): Promise<AttachPlan> {
  const plan: AttachPlan = { errors: {}, add: [] };
  const seen = new Set<string>();
  const check = async (name: string, ids: string[], rule: AttachmentRule, where: { field?: string; requirement?: string }) => {
    for (const id of ids) {
      if (seen.has(id)) {
        plan.errors[name] = 'Berkas yang sama dipakai dua kali.';
        return;
      }
      seen.add(id);
      const kept = input.existing?.find((a) => a.id === id && a.field !== undefined && a.field === where.field);
      if (kept) continue;
      const upload = await pendingUpload(deps, id, input.actor);
      if (!upload) {
        plan.errors[name] = 'Berkas ini tidak ditemukan atau sudah lewat sehari sejak diunggah. Unggah berkasnya lagi.';
        return;
      }
      const kind = kindOfMime(upload.type);
      const problem = misfit(rule, kind, upload.size);
      if (problem) {
        plan.errors[name] = problem.message;
        return;
      }
      plan.add.push({ upload, ...where });
    }
  };
  for (const f of input.step.fields ?? []) {
    if (f.type !== 'file' || input.data[f.name] === undefined) continue;
    await check(f.name, attachmentIds(input.data[f.name]), ruleOf(f), { field: f.name });
  }
  for (const [reqId, ids] of Object.entries(input.requirements ?? {})) {
    const r = (input.wf.requirements ?? []).find((x) => x.id === reqId);
    const name = requirementInput(reqId);
    if (!r?.attach) {
      plan.errors[name] = `Persyaratan "${reqId.slice(0, 80)}" tidak ada, atau salinannya tidak diunggah pada layanan ini.`;
      continue;
    }
    const rule = ruleOf(r);
    if (!rule.multiple && ids.length > 1) {
      plan.errors[name] = 'Hanya satu berkas untuk persyaratan ini.';
      continue;
    }
    await check(name, ids, rule, { requirement: reqId });
  }
  return plan;
}

/**
 * Writes the plan inside the transaction that stores the case change: each upload becomes the case's
 * attachment (its record) and leaves the waiting uploads, with an audit entry naming where it went.
 */
export async function commitAttachments(tx: StoreTx, plan: AttachPlan, where: { wf: Workflow; caseId: string; step?: string; actor: Actor; at: string }): Promise<Attachment[]> {
  const out: Attachment[] = [];
  for (const item of plan.add) {
    // Held until the transaction ends: the same upload cannot go to two cases at once.
    const pending = await tx.kv.get<Attachment>(UPLOAD_NS, item.upload.id, where.at);
    if (!pending) throw new UploadGoneError();
    await tx.kv.delete(UPLOAD_NS, item.upload.id);
    const a: Attachment = {
      ...pending.value,
      workflow: where.wf.id,
      caseId: where.caseId,
      ...(item.field ? { field: item.field, ...(where.step ? { step: where.step } : {}) } : {}),
      ...(item.requirement ? { requirement: item.requirement } : {}),
      attachedBy: where.actor.username,
      attachedAt: where.at,
    };
    const { id, ...data } = a;
    await tx.records.add({ kind: ATTACHMENT_KIND, id, at: where.at, workflow: where.wf.id, caseId: where.caseId, data: data as unknown as Record<string, unknown> });
    await tx.audit.append(
      withAddress({
        at: where.at,
        actor: where.actor.username,
        action: 'attachment.add',
        caseId: where.caseId,
        details: { attachment: id, type: a.type, size: a.size, ...(a.field ? { field: a.field } : {}), ...(a.step ? { step: a.step } : {}), ...(a.requirement ? { requirement: a.requirement } : {}) },
      }),
    );
    out.push(a);
  }
  return out;
}

/** An upload was attached elsewhere (or expired) between the check and the commit: the form is sent again. */
export class UploadGoneError extends Error {
  constructor() {
    super('Berkas yang diunggah baru saja dipakai atau sudah kedaluwarsa. Unggah berkasnya lagi.');
    this.name = 'UploadGoneError';
  }
}

/**
 * Who may add a copy of a requirement to a case later (documents handed in after the report): the roles that
 * record the intake, and those of a step the case waits at.
 */
export function mayAttachRequirement(wf: Workflow, c: Case, actor: Actor, requirement?: Requirement): boolean {
  if (requirement && !requirement.attach) return false;
  if (!(wf.requirements ?? []).some((r) => r.attach)) return false;
  const start = stepOf(wf, wf.start);
  if (start && canAct(start, actor)) return true;
  return openTasks(wf, c).some((t) => t.roles.some((r) => actor.roles.includes(r)));
}

/** The same answer for a file that does not exist and one of a case the viewer may not open. */
export function fileNotFound(): UploadRefused {
  return { ok: false, status: 404, error: 'Berkas tidak ditemukan, atau bukan berkas yang dapat Anda buka.' };
}

/** Rule for the inputs of requirement `id` of `wf`. */
export function requirementRule(wf: Workflow, id: string): AttachmentRule | undefined {
  const r = (wf.requirements ?? []).find((x) => x.id === id && x.attach);
  return r ? ruleOf(r) : undefined;
}

export { allowedText, ruleOf };
