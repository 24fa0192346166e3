/** Form data against a step's field definitions: which fields apply, and values coerced and checked, with Indonesian messages. */
import { compiledFor, runGuards, type CompiledGuards } from './guards.ts';
import { localDate, toLocal } from './time.ts';
import type { Condition, Field } from './types.ts';

type Data = Record<string, unknown>;

/** Default length limits when the YAML sets none: a form can never carry an unbounded text. */
const DEFAULT_MAX_LENGTH: Partial<Record<Field['type'], number>> = { text: 500, file: 500, textarea: 10_000 };

/** Compiled field conditions per field list of a definition (never mutated; a list built per call is simply not reused). */
const fieldGuards = new WeakMap<Field[], CompiledGuards>();

/** The fields that apply given the data entered so far (a field with `when` shows only while it holds). */
export async function visibleFields(fields: Field[], data: Data): Promise<Field[]> {
  const guards = compiledFor(fieldGuards, fields, () => fields.flatMap((f): Array<[string, Condition]> => (f.when ? [[f.name, f.when]] : [])));
  const results = await runGuards(guards, data);
  return fields.filter((f) => !f.when || results.get(f.name)?.result);
}

/**
 * The values a form opens with (each field's `default`): `today` and `now` are the office's date and time at
 * `now`, as a date or datetime input shows them ("2026-11-30", "2026-11-30T09:15").
 */
export function defaultValues(fields: Field[], now: Date, timeZone: string): Record<string, unknown> {
  const local = toLocal(now.getTime(), timeZone);
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    if (f.default === undefined) continue;
    if (f.default === 'today' && f.type === 'date') out[f.name] = localDate(local);
    else if (f.default === 'now' && f.type === 'datetime') out[f.name] = new Date(local).toISOString().slice(0, 16);
    else out[f.name] = f.default;
  }
  return out;
}

export interface FormCheck {
  ok: boolean;
  /** The accepted values, typed: numbers, booleans, string arrays, trimmed strings. Only fields that apply. */
  values: Data;
  /** Field name → message; names not in the form are reported too ("tidak dikenal"). */
  errors: Record<string, string>;
}

/**
 * Checks input for a form. `input` may come from an HTML form (strings, "on" for a checkbox, one string or
 * a list for a multiselect) or from JSON (typed values). `data` is what the case already holds: conditions
 * (`when`) see it together with the new input.
 */
export async function validateForm(fields: Field[], input: Data, data: Data = {}): Promise<FormCheck> {
  const errors: Record<string, string> = {};
  const known = new Set(fields.map((f) => f.name));
  for (const name of Object.keys(input)) if (!known.has(name)) errors[name] = 'Isian ini tidak dikenal pada formulir ini.';

  // Coerce everything first so conditions compare typed values.
  const coerced: Data = {};
  for (const f of fields) {
    const r = coerce(f, input[f.name]);
    if ('error' in r) errors[f.name] = r.error;
    else if (r.value !== undefined) coerced[f.name] = r.value;
  }
  const shown = await visibleFields(fields, { ...data, ...coerced });
  const values: Data = {};
  for (const f of shown) {
    if (errors[f.name]) continue;
    const value = coerced[f.name];
    const problem = check(f, value);
    if (problem) errors[f.name] = problem;
    else if (value !== undefined) values[f.name] = value;
  }
  // Errors on fields that do not apply are dropped: their input is ignored anyway.
  const shownNames = new Set(shown.map((f) => f.name));
  for (const name of Object.keys(errors)) if (known.has(name) && !shownNames.has(name)) delete errors[name];
  return { ok: Object.keys(errors).length === 0, values, errors };
}

type Coerced = { value: unknown } | { error: string };

function isBlank(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
}

function coerce(f: Field, raw: unknown): Coerced {
  if (f.type === 'checkbox') {
    if (raw === undefined || raw === null || raw === '' || raw === false) return { value: false };
    if (raw === true) return { value: true };
    if (typeof raw === 'string' && ['on', 'true', '1', 'ya'].includes(raw.toLowerCase())) return { value: true };
    if (typeof raw === 'string' && ['off', 'false', '0', 'tidak'].includes(raw.toLowerCase())) return { value: false };
    return { error: 'Jawaban kotak centang harus ya atau tidak.' };
  }
  if (f.type === 'multiselect') {
    if (isBlank(raw)) return { value: undefined };
    const list = Array.isArray(raw) ? raw : [raw];
    if (!list.every((v) => typeof v === 'string')) return { error: 'Pilihan harus berupa daftar teks.' };
    return { value: [...new Set((list as string[]).filter((v) => v !== ''))] };
  }
  if (isBlank(raw)) return { value: undefined };
  if (f.type === 'number') {
    if (typeof raw === 'number') return Number.isFinite(raw) ? { value: raw } : { error: 'Harus berupa angka.' };
    if (typeof raw !== 'string') return { error: 'Harus berupa angka.' };
    const n = Number(raw.trim().replace(',', '.'));
    return Number.isFinite(n) ? { value: n } : { error: 'Harus berupa angka, misalnya 12.' };
  }
  if (typeof raw !== 'string') return { error: 'Harus berupa teks.' };
  return { value: f.type === 'textarea' ? raw.replace(/\r\n/g, '\n').trim() : raw.trim() };
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?$/;

function realDate(y: string, m: string, d: string): boolean {
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  return date.getUTCFullYear() === Number(y) && date.getUTCMonth() === Number(m) - 1 && date.getUTCDate() === Number(d);
}

/** Compiled field patterns (a `u` regular expression has no state between tests); bounded, cleared when full. */
const patterns = new Map<string, RegExp>();

function patternOf(source: string): RegExp {
  let re = patterns.get(source);
  if (!re) {
    if (patterns.size >= 1000) patterns.clear();
    patterns.set(source, (re = new RegExp(source, 'u')));
  }
  return re;
}

/** One field's value against its definition; a message when it fails. */
function check(f: Field, value: unknown): string | undefined {
  if (value === undefined || (Array.isArray(value) && value.length === 0)) {
    return f.required ? (f.type === 'multiselect' ? 'Pilih paling sedikit satu.' : 'Wajib diisi.') : undefined;
  }
  switch (f.type) {
    case 'checkbox':
      return f.required && value !== true ? 'Wajib dicentang.' : undefined;
    case 'number': {
      const n = value as number;
      if (f.min !== undefined && n < f.min) return `Paling kecil ${f.min}.`;
      if (f.max !== undefined && n > f.max) return `Paling besar ${f.max}.`;
      return undefined;
    }
    case 'select':
    case 'radio':
      return f.options?.some((o) => o.value === value) ? undefined : 'Pilih salah satu pilihan yang tersedia.';
    case 'multiselect': {
      const unknown = (value as string[]).filter((v) => !f.options?.some((o) => o.value === v));
      return unknown.length ? `Pilihan tidak tersedia: ${unknown.join(', ')}.` : undefined;
    }
    case 'date': {
      const m = DATE.exec(value as string);
      return m && realDate(m[1], m[2], m[3]) ? undefined : 'Tanggal tidak valid; gunakan format TTTT-BB-HH, misalnya 2026-11-30.';
    }
    case 'datetime': {
      const m = DATETIME.exec(value as string);
      const ok = m && realDate(m[1], m[2], m[3]) && Number(m[4]) < 24 && Number(m[5]) < 60;
      return ok ? undefined : 'Waktu tidak valid; gunakan format TTTT-BB-HHTjj:mm, misalnya 2026-11-30T09:15.';
    }
    default: {
      const s = value as string;
      const max = f.maxLength ?? DEFAULT_MAX_LENGTH[f.type];
      if (max !== undefined && s.length > max) return `Terlalu panjang: paling banyak ${max} karakter (sekarang ${s.length}).`;
      if (f.minLength !== undefined && s.length < f.minLength) return `Terlalu pendek: paling sedikit ${f.minLength} karakter.`;
      if (f.pattern && !patternOf(f.pattern).test(s)) return f.patternMessage ?? 'Bentuk isian tidak sesuai.';
      return undefined;
    }
  }
}
