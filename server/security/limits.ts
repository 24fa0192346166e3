/**
 * Size and shape limits on what a request may carry, checked before any route reads it: the whole body
 * (413), the JSON of the API (Content-Type, depth, number of values, length of texts) and the fields of a form
 * (how many, how long). The engine checks each field against its definition afterwards; these limits only
 * keep an oversized or absurd request from reaching it. Every refusal is a 4xx with a readable message.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { MAX_BYTES } from '../../engine/definition/decode.ts';
import type { AppEnv } from '../routes/env.ts';

export const LIMITS = {
  /** Bytes of a request body: a full intake form is a few kilobytes. */
  bodyBytes: 256 * 1024,
  /** Characters of one value (the engine's own default for a long text is 10,000). */
  valueChars: 50_000,
  /** Names in one form or one JSON object. */
  names: 300,
  /** Characters of a field name. */
  nameChars: 100,
  /** Values under one name (a multiselect). */
  valuesPerName: 100,
  /** Nesting of a JSON body ({"data": {"field": [...]}} is 3). */
  jsonDepth: 6,
  /** Objects, arrays and values in one JSON body. */
  jsonNodes: 5_000,
} as const;

/**
 * The administrator's SOP editor posts a whole YAML definition, whose one size limit is the definition's own
 * (MAX_BYTES, checked by the definition loader with its message in the editor's check panel): pages under /admin/
 * get room for a definition somewhat over it, URL-encoded (up to 3 characters a byte), so that it is the check
 * that says "too large", not this layer; only a post far beyond it is refused here. The structured form beside
 * the text posts an input per setting of every open step and field: room for those names too.
 */
export const ADMIN_LIMITS = { bodyBytes: 3 * MAX_BYTES + 64 * 1024, valueChars: 3 * MAX_BYTES, names: 6_000, nameChars: 300 } as const;

/**
 * A form that carries files (multipart: an intake with photographed documents, a step with a file field, a
 * requirement's copy added later) and the API's upload get room for several files of the most the YAML may allow;
 * each file's own limit (engine/attachments.ts) is checked on the file, with its message beside its field.
 */
export const UPLOAD_LIMITS = { bodyBytes: 40 * 1024 * 1024 } as const;

/** The API's upload (POST /api/v1/files): multipart, not JSON. */
export function isApiUpload(c: Context<AppEnv>): boolean {
  return c.req.method === 'POST' && new URL(c.req.url).pathname === '/api/v1/files';
}

function isUpload(c: Context<AppEnv>): boolean {
  return mediaType(c) === 'multipart/form-data' && !isAdminPath(c) && (isApiUpload(c) || !new URL(c.req.url).pathname.startsWith('/api/'));
}

function isAdminPath(c: Context<AppEnv>): boolean {
  return new URL(c.req.url).pathname.startsWith('/admin/');
}

export type LimitRefusal = { status: 400 | 413 | 415; message: string; fields?: Record<string, string> };

const thousands = (n: number) => n.toLocaleString('id-ID');

function mediaType(c: Context<AppEnv>): string | undefined {
  return c.req.header('content-type')?.split(';')[0]?.trim().toLowerCase();
}

/** The label a field has in some workflow, to name it in a message; the name itself otherwise. */
function labelOf(c: Context<AppEnv>, name: string): string {
  for (const wf of c.var.deps.workflows.list()) {
    for (const s of wf.steps) for (const f of s.fields ?? []) if (f.name === name) return `"${f.label}"`;
  }
  return `"${name.slice(0, LIMITS.nameChars)}"`;
}

/** Checks a parsed JSON body; the first problem found, named by its path (data.kronologi). */
export function jsonProblem(value: unknown): LimitRefusal | undefined {
  let nodes = 0;
  const walk = (v: unknown, path: string, depth: number): LimitRefusal | undefined => {
    if (++nodes > LIMITS.jsonNodes) return { status: 413, message: `Badan permintaan memuat terlalu banyak nilai (paling banyak ${thousands(LIMITS.jsonNodes)}).` };
    if (typeof v === 'string') {
      if (v.length > LIMITS.valueChars) {
        const where = path || 'badan permintaan';
        return { status: 413, message: `${where}: teks terlalu panjang (${thousands(v.length)} karakter; paling banyak ${thousands(LIMITS.valueChars)}).`, fields: path ? { [path.split('.').pop()!]: `Terlalu panjang: paling banyak ${thousands(LIMITS.valueChars)} karakter.` } : undefined };
      }
      return undefined;
    }
    if (v === null || typeof v !== 'object') return undefined;
    if (depth >= LIMITS.jsonDepth) return { status: 400, message: `${path || 'Badan permintaan'}: susunan JSON terlalu dalam (paling banyak ${LIMITS.jsonDepth} tingkat).` };
    if (Array.isArray(v)) {
      if (v.length > LIMITS.valuesPerName) return { status: 413, message: `${path || 'Badan permintaan'}: daftar terlalu panjang (${v.length}; paling banyak ${LIMITS.valuesPerName}).` };
      for (let i = 0; i < v.length; i++) {
        const p = walk(v[i], `${path}[${i}]`, depth + 1);
        if (p) return p;
      }
      return undefined;
    }
    const keys = Object.keys(v);
    if (keys.length > LIMITS.names) return { status: 413, message: `${path || 'Badan permintaan'}: terlalu banyak nama isian (${keys.length}; paling banyak ${LIMITS.names}).` };
    for (const k of keys) {
      if (k.length > LIMITS.nameChars) return { status: 400, message: `${path || 'Badan permintaan'}: nama isian terlalu panjang (${k.length} karakter; paling banyak ${LIMITS.nameChars}).` };
      const p = walk((v as Record<string, unknown>)[k], path ? `${path}.${k}` : k, depth + 1);
      if (p) return p;
    }
    return undefined;
  };
  return walk(value, '', 0);
}

/** Checks the body of an API request: JSON only, well formed, within the limits. */
async function apiBodyProblem(c: Context<AppEnv>): Promise<LimitRefusal | undefined> {
  const text = await c.req.text();
  if (text.trim() === '') return undefined;
  const type = mediaType(c);
  if (type !== 'application/json' && !type?.endsWith('+json')) {
    return { status: 415, message: 'Kirim badan permintaan sebagai JSON dengan header Content-Type: application/json.' };
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (err) {
    return { status: 400, message: `Badan permintaan bukan JSON yang sah: ${(err as Error).message}` };
  }
  return jsonProblem(body);
}

/** Checks the fields of a form post: how many names, values per name, characters per value. */
async function formBodyProblem(c: Context<AppEnv>): Promise<LimitRefusal | undefined> {
  const maxChars = isAdminPath(c) ? ADMIN_LIMITS.valueChars : LIMITS.valueChars;
  const type = mediaType(c);
  if (type !== 'application/x-www-form-urlencoded' && type !== 'multipart/form-data') return undefined;
  let body: Record<string, unknown>;
  try {
    // Same options as routes/render.ts formValues: Hono keeps the parsed form for the route.
    body = await c.req.parseBody({ all: true });
  } catch {
    return { status: 400, message: 'Isi formulir tidak dapat dibaca. Muat ulang halaman, lalu kirim lagi.' };
  }
  const names = Object.keys(body);
  const maxNames = isAdminPath(c) ? ADMIN_LIMITS.names : LIMITS.names;
  if (names.length > maxNames) return { status: 413, message: `Formulir memuat terlalu banyak isian (${names.length}; paling banyak ${maxNames}).` };
  const maxNameChars = isAdminPath(c) ? ADMIN_LIMITS.nameChars : LIMITS.nameChars;
  for (const name of names) {
    if (name.length > maxNameChars) return { status: 400, message: `Nama isian terlalu panjang (${name.length} karakter).` };
    const raw = body[name];
    const list = Array.isArray(raw) ? raw : [raw];
    if (list.length > LIMITS.valuesPerName) return { status: 413, message: `Isian ${labelOf(c, name)} memuat terlalu banyak pilihan (${list.length}; paling banyak ${LIMITS.valuesPerName}).` };
    for (const v of list) {
      if (typeof v === 'string' && v.length > maxChars) {
        return {
          status: 413,
          message: `Isian ${labelOf(c, name)} terlalu panjang (${thousands(v.length)} karakter; paling banyak ${thousands(maxChars)}). Persingkat isinya, lalu kirim lagi.`,
          fields: { [name]: `Terlalu panjang: paling banyak ${thousands(maxChars)} karakter.` },
        };
      }
    }
  }
  return undefined;
}

/**
 * The body limit, then the shape checks; `refuse` turns a refusal into the response (JSON on the API, a page
 * elsewhere).
 */
export function requestLimits(refuse: (c: Context<AppEnv>, problem: LimitRefusal) => Response | Promise<Response>): MiddlewareHandler<AppEnv> {
  const tooBig = (max: number) => (c: Context) => refuse(c as Context<AppEnv>, { status: 413, message: `Data yang dikirim terlalu besar (paling banyak ${max / 1024} KB).` });
  const limit = bodyLimit({ maxSize: LIMITS.bodyBytes, onError: tooBig(LIMITS.bodyBytes) });
  const adminLimit = bodyLimit({ maxSize: ADMIN_LIMITS.bodyBytes, onError: tooBig(ADMIN_LIMITS.bodyBytes) });
  const uploadLimit = bodyLimit({ maxSize: UPLOAD_LIMITS.bodyBytes, onError: tooBig(UPLOAD_LIMITS.bodyBytes) });
  return async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD' || c.req.method === 'OPTIONS') return next();
    return (isAdminPath(c) ? adminLimit : isUpload(c) ? uploadLimit : limit)(c, async () => {
      // The API's upload is read by its route (one file under `file`); its form fields are few and short.
      if (isApiUpload(c) && mediaType(c) === 'multipart/form-data') return next();
      const api = new URL(c.req.url).pathname.startsWith('/api/');
      let problem: LimitRefusal | undefined;
      try {
        problem = api ? await apiBodyProblem(c) : await formBodyProblem(c);
      } catch {
        problem = { status: 400, message: 'Badan permintaan tidak dapat dibaca.' };
      }
      if (problem) {
        c.res = await refuse(c, problem);
        return;
      }
      await next();
    });
  };
}
