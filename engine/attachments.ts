/**
 * Attachments: the files a `file` field or a requirement of the service carries (a photographed KTP, the police
 * report as a PDF). What the YAML may allow (types by content, a size limit, one file or several), how an
 * attachment is named in a case's data (its id), and what it is recorded with. Pure: the server reads the
 * bytes, types them and stores them; the engine only says what is allowed and who may see it (view.ts).
 */
import type { Field, Requirement } from './types.ts';

/** The kinds of file alur accepts, typed by their content (magic bytes), never by their name. */
export const FILE_KINDS = {
  pdf: { mime: 'application/pdf', ext: 'pdf', label: 'PDF' },
  jpeg: { mime: 'image/jpeg', ext: 'jpg', label: 'JPEG' },
  png: { mime: 'image/png', ext: 'png', label: 'PNG' },
} as const;

export type FileKind = keyof typeof FILE_KINDS;

export const FILE_KIND_NAMES = Object.keys(FILE_KINDS) as FileKind[];

/** What a file field or requirement accepts when the YAML does not say: the usual scans and phone photos. */
export const DEFAULT_ACCEPT: readonly FileKind[] = ['pdf', 'jpeg', 'png'];
/** Megabytes of one file when the YAML does not say: a phone photo or a scanned page or two. */
export const DEFAULT_MAX_MB = 5;
/** The most the YAML may allow for one file. */
export const MAX_MB = 20;
/** Files one field or one requirement holds at most (several pages of a KK photographed one by one). */
export const MAX_FILES = 5;

/** An attachment's id: "lp-" and 22 random letters and digits (never derived from the content or the name). */
export const ATTACHMENT_ID = /^lp-[A-Za-z0-9_-]{22}$/;

/** What one file field or requirement allows. */
export interface AttachmentRule {
  accept: FileKind[];
  maxBytes: number;
  /** More than one file. */
  multiple: boolean;
  /** The phone camera to open for a photo (`environment`: the back camera, for a document). */
  capture?: 'environment' | 'user';
}

/** Settings a `file` field or a requirement with `attach: true` may carry in the YAML. */
export interface AttachmentSettings {
  accept?: FileKind[];
  /** Megabytes of one file. */
  maxMB?: number;
  multiple?: boolean;
  capture?: 'environment' | 'user';
}

/** The rule of a file field (one file unless `multiple`) or of a requirement (several files: pages of a document). */
export function ruleOf(source: Field | Requirement): AttachmentRule {
  const isRequirement = !('type' in source);
  const accept = source.accept?.length ? [...new Set(source.accept)] : [...DEFAULT_ACCEPT];
  const mb = Math.min(MAX_MB, source.maxMB ?? DEFAULT_MAX_MB);
  return {
    accept,
    maxBytes: Math.round(mb * 1024 * 1024),
    multiple: source.multiple ?? isRequirement,
    ...(source.capture ? { capture: source.capture } : {}),
  };
}

/** The rule of an upload made before it is known where it goes (the API's POST /files): every kind, the most size. */
export const ANY_UPLOAD: AttachmentRule = { accept: [...DEFAULT_ACCEPT], maxBytes: MAX_MB * 1024 * 1024, multiple: true };

/** "PDF, JPEG atau PNG" */
export function kindsText(accept: readonly FileKind[]): string {
  const labels = accept.map((k) => FILE_KINDS[k].label);
  return labels.length <= 1 ? (labels[0] ?? '') : `${labels.slice(0, -1).join(', ')} atau ${labels[labels.length - 1]}`;
}

/** "5 MB", "1,5 MB", "300 KB" */
export function sizeText(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  const mb = bytes / (1024 * 1024);
  return `${(Math.round(mb * 10) / 10).toLocaleString('id-ID')} MB`;
}

/** What is allowed, said beside the field: "PDF, JPEG atau PNG, paling besar 5 MB per berkas, paling banyak 5 berkas." */
export function allowedText(rule: AttachmentRule): string {
  return `${kindsText(rule.accept)}, paling besar ${sizeText(rule.maxBytes)} per berkas${rule.multiple ? `, paling banyak ${MAX_FILES} berkas` : ', satu berkas'}.`;
}

/** The kind of a MIME type alur accepts, if it is one. */
export function kindOfMime(mime: string): FileKind | undefined {
  return FILE_KIND_NAMES.find((k) => FILE_KINDS[k].mime === mime);
}

/** The `accept` attribute of a file input: the MIME types (a phone offers its camera and gallery for images). */
export function acceptAttribute(rule: AttachmentRule): string {
  return rule.accept.flatMap((k) => [FILE_KINDS[k].mime, `.${FILE_KINDS[k].ext}`, ...(k === 'jpeg' ? ['.jpeg'] : [])]).join(',');
}

/** Why a file of `kind` (undefined: not a kind alur knows) and `size` bytes does not fit `rule`, if it does not. */
export function misfit(rule: AttachmentRule, kind: FileKind | undefined, size: number): { status: 413 | 415 | 422; message: string } | undefined {
  if (size === 0) return { status: 422, message: `Berkas kosong (0 byte). Pilih berkasnya lagi: ${allowedText(rule)}` };
  if (!kind || !rule.accept.includes(kind)) return { status: 415, message: `Jenis berkas tidak diterima. Yang diterima: ${allowedText(rule)}` };
  if (size > rule.maxBytes) return { status: 413, message: `Berkas terlalu besar (${sizeText(size)}). Yang diterima: ${allowedText(rule)}` };
  return undefined;
}

/** An attachment as recorded: what it is, who uploaded it when, and where it belongs. */
export interface Attachment {
  id: string;
  /** The name as uploaded, made safe (no path, no control characters), with the extension of its real type. */
  name: string;
  /** MIME type, from the content. */
  type: string;
  size: number;
  /** The stored content (sha256; the store's blob id). */
  blob: string;
  uploadedBy: string;
  uploadedAt: string;
  /** Where it belongs once attached to a case (absent while only uploaded). */
  workflow?: string;
  caseId?: string;
  /** The file field it is the value of, and the step that recorded it. */
  field?: string;
  step?: string;
  /** Or the requirement it is a copy of. */
  requirement?: string;
  attachedBy?: string;
  attachedAt?: string;
}

/** The ids a file field's value holds (a list; a single id is one). */
export function attachmentIds(value: unknown): string[] {
  if (typeof value === 'string') return ATTACHMENT_ID.test(value) ? [value] : [];
  if (!Array.isArray(value)) return [];
  return value.filter((v): v is string => typeof v === 'string' && ATTACHMENT_ID.test(v));
}

/** A name safe to show and to give a download: no folders, no control or quoting characters, its real extension. */
export function safeFileName(name: string, kind: FileKind): string {
  const base = (name.split(/[\\/]/).pop() ?? '')
    .normalize('NFC')
    .replace(/[\u0000-\u001f\u007f-\u009f"<>:*?|%;\\]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '');
  const stem = base.replace(/\.[A-Za-z0-9]{1,5}$/, '').slice(0, 80).trim() || 'berkas';
  return `${stem}.${FILE_KINDS[kind].ext}`;
}
