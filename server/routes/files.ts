/**
 * Attachments over HTTP: the API's upload and download (`POST /api/v1/files`, `GET /api/v1/files/ID`), the pages'
 * upload for the script that shows progress (`POST /berkas`), a case's file as a download
 * (`GET /kasus/CASE/lampiran/ID`), and reading the files a plain multipart form carries. Every download is an
 * attachment (never shown inline), with nosniff, no-store and a safe file name.
 */
import { Hono, type Context } from 'hono';
import { ATTACHMENT_ID, attachmentIds, MAX_FILES, ruleOf, type Attachment, type AttachmentRule } from '../../engine/attachments.ts';
import { ANY_UPLOAD } from '../../engine/attachments.ts';
import type { Step, Workflow } from '../../engine/types.ts';
import { requireApiUser, requirePageUser } from '../auth/middleware.ts';
import { receiveUpload, requirementInput, requirementRule, uploadsShown } from '../usecases/attachments.ts';
import { openAttachment, type DownloadVia } from '../usecases/files.ts';
import type { AppEnv } from './env.ts';
import { errorPage } from './render.ts';

/** `attachment; filename="..."` with an ASCII fallback and the exact name in UTF-8 (RFC 6266 / 5987). */
export function contentDisposition(name: string): string {
  const ascii = name.normalize('NFKD').replace(/[^\x20-\x7e]/g, '_').replace(/["\\;]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** The stored file as a download: never rendered by the browser, never kept in its cache. */
function sendAttachment(c: Context<AppEnv>, a: Attachment, bytes: Uint8Array): Response {
  c.header('Content-Type', a.type);
  c.header('Content-Length', String(bytes.length));
  c.header('Content-Disposition', contentDisposition(a.name));
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('Cache-Control', 'no-store');
  return c.body(bytes as Uint8Array<ArrayBuffer>, 200);
}

/** The rule an upload is checked against: the field's or requirement's named in the request, or the widest. */
function ruleFor(c: Context<AppEnv>, q: { workflow?: string; field?: string; requirement?: string }): AttachmentRule | { error: string } {
  if (!q.workflow) return ANY_UPLOAD;
  const wf = c.var.deps.workflows.get(q.workflow);
  if (!wf) return { error: `Layanan "${q.workflow.slice(0, 80)}" tidak ada.` };
  if (q.requirement) return requirementRule(wf, q.requirement) ?? { error: `Persyaratan "${q.requirement.slice(0, 80)}" tidak diunggah pada layanan ini.` };
  if (q.field) {
    const f = wf.steps.flatMap((s) => s.fields ?? []).find((x) => x.name === q.field && x.type === 'file');
    return f ? ruleOf(f) : { error: `Isian berkas "${q.field.slice(0, 80)}" tidak ada pada layanan ini.` };
  }
  return ANY_UPLOAD;
}

function text(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** Reads one uploaded file (multipart field `file`) and stores it for the signed-in person. */
async function upload(c: Context<AppEnv>) {
  let body: Record<string, unknown>;
  try {
    body = (await c.req.parseBody({ all: true })) as Record<string, unknown>;
  } catch {
    return c.json({ error: 'Kirim berkas sebagai multipart/form-data dengan isian "file".' }, 400);
  }
  const file = [body.file].flat().find((v): v is File => v instanceof File);
  if (!file) return c.json({ error: 'Kirim berkasnya sebagai multipart/form-data dengan isian "file".', fields: { file: 'Wajib diisi: pilih berkasnya.' } }, 422);
  const rule = ruleFor(c, { workflow: text(body.workflow) ?? c.req.query('layanan'), field: text(body.field) ?? c.req.query('isian'), requirement: text(body.requirement) ?? c.req.query('persyaratan') });
  if ('error' in rule) return c.json({ error: rule.error }, 422);
  const done = await receiveUpload(c.var.deps, c.var.user!, { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) }, rule);
  if (!done.ok) return c.json({ error: done.error, fields: { file: done.error } }, done.status);
  const a = done.value;
  return c.json({ id: a.id, name: a.name, type: a.type, size: a.size }, 201);
}

async function download(c: Context<AppEnv>, via: DownloadVia, caseId?: string) {
  const id = c.req.param('file') ?? '';
  const done = ATTACHMENT_ID.test(id) ? await openAttachment(c.var.deps, id, c.var.user!, via, caseId) : ({ ok: false, status: 404, error: 'Berkas tidak ditemukan, atau bukan berkas yang dapat Anda buka.' } as const);
  if (!done.ok) {
    if (via === 'api') return c.json({ error: done.error }, done.status);
    return errorPage(c, done.status, done.error, caseId ? { href: `/kasus/${caseId}`, text: `Kembali ke kasus ${caseId}` } : undefined);
  }
  return sendAttachment(c, done.value.attachment, done.value.bytes);
}

/** POST /api/v1/files and GET /api/v1/files/ID (mounted before the rest of the API). */
export function fileApiRoutes() {
  const api = new Hono<AppEnv>();
  api.use('*', requireApiUser());
  api.post('/', upload);
  api.get('/:file', (c) => download(c, 'api'));
  return api;
}

/** The pages' upload (for the progress bar; the form works without it) and a case's file as a download. */
export function filePageRoutes() {
  const app = new Hono<AppEnv>();
  app.use('/berkas', requirePageUser());
  app.post('/berkas', upload);
  app.get('/kasus/:id/lampiran/:file', requirePageUser(), (c) => download(c, 'kasus', c.req.param('id')));
  return app;
}

/** What a form post's files came to: ids per field and requirement, the messages of refused files. */
export interface FormUploads {
  /** The form's values with each file field's value replaced by its ids (kept and newly uploaded). */
  values: Record<string, unknown>;
  /** Requirement id → ids, for the requirements the form offers. */
  requirements: Record<string, string[]>;
  errors: Record<string, string>;
  /** Every attachment the form now names, to show beside its input again. */
  files: Record<string, Attachment>;
}

/**
 * Reads the files of a multipart form without JavaScript: each file field (and, at intake, each requirement's
 * input) may carry ids kept from an earlier sending and new files; the new ones are checked and stored, a refused
 * one gives a message beside its input while everything else the form carried stays.
 */
export async function readFormUploads(c: Context<AppEnv>, input: { wf: Workflow; step: Step; values: Record<string, unknown>; requirements?: boolean; caseId?: string }): Promise<FormUploads> {
  const type = c.req.header('content-type')?.split(';')[0]?.trim().toLowerCase();
  const body = type === 'multipart/form-data' || type === 'application/x-www-form-urlencoded' ? ((await c.req.parseBody({ all: true })) as Record<string, unknown>) : {};
  const out: FormUploads = { values: { ...input.values }, requirements: {}, errors: {}, files: {} };
  const inputs: Array<{ name: string; rule: AttachmentRule; requirement?: string }> = (input.step.fields ?? []).filter((f) => f.type === 'file').map((f) => ({ name: f.name, rule: ruleOf(f) }));
  if (input.requirements) for (const r of input.wf.requirements ?? []) if (r.attach) inputs.push({ name: requirementInput(r.id), rule: ruleOf(r), requirement: r.id });
  for (const { name, rule, requirement } of inputs) {
    const raw = [body[name] ?? []].flat();
    const ids = attachmentIds(raw.filter((v) => typeof v === 'string'));
    // An empty file input still sends a part with no name and no bytes: that is no file.
    const files = raw.filter((v): v is File => v instanceof File && (v.size > 0 || v.name !== ''));
    // A field of one file: a new file chosen replaces the one kept.
    if (!rule.multiple && files.length) ids.length = 0;
    for (const f of files) {
      const done = await receiveUpload(c.var.deps, c.var.user!, { name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) }, rule);
      if (done.ok) ids.push(done.value.id);
      else out.errors[name] = `${f.name.slice(0, 80) || 'Berkas'}: ${done.error}`;
    }
    if (ids.length > (rule.multiple ? MAX_FILES : 1)) out.errors[name] ??= rule.multiple ? `Paling banyak ${MAX_FILES} berkas.` : 'Hanya satu berkas.';
    if (requirement) {
      delete out.values[name];
      if (ids.length) out.requirements[requirement] = ids;
    } else if (ids.length) out.values[name] = ids;
    else delete out.values[name];
  }
  const named = [...Object.values(out.requirements).flat(), ...inputs.flatMap((i) => (i.requirement ? [] : attachmentIds(out.values[i.name])))];
  out.files = await uploadsShown(c.var.deps, named, c.var.user!, input.caseId);
  return out;
}
