/** One field's value: coerced from form text or JSON to its type, then checked against its definition, in Indonesian. */
import { ATTACHMENT_ID, MAX_FILES } from './attachments.ts';
import { dayText } from './explain.ts';
import type { Field } from './types.ts';

/** Default length limits when the YAML sets none: a form can never carry an unbounded text. */
const DEFAULT_MAX_LENGTH: Partial<Record<Field['type'], number>> = { text: 500, textarea: 10_000 };

type Coerced = { value: unknown } | { error: string };

function isBlank(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
}

export function coerce(f: Field, raw: unknown): Coerced {
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
  if (f.type === 'file') {
    // The ids of uploaded attachments (the server checks that each is one, and may go here).
    const list = (Array.isArray(raw) ? raw : [raw]).filter((v) => !isBlank(v));
    if (!list.length) return { value: undefined };
    if (!list.every((v) => typeof v === 'string' && ATTACHMENT_ID.test(v.trim()))) {
      return { error: 'Unggah berkasnya pada isian ini; nilainya adalah id berkas yang sudah diunggah (POST /api/v1/files).' };
    }
    return { value: [...new Set((list as string[]).map((v) => v.trim()))] };
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

/**
 * One field's value against its definition; a message when it fails. `today` (the office's date) is what a date
 * bound of `today` means; without it such a bound is not checked.
 */
export function check(f: Field, value: unknown, today?: string): string | undefined {
  if (value === undefined || (Array.isArray(value) && value.length === 0)) {
    return f.required ? (f.type === 'multiselect' ? 'Pilih paling sedikit satu.' : f.type === 'file' ? 'Wajib diisi: unggah berkasnya.' : 'Wajib diisi.') : undefined;
  }
  if (f.type === 'file') {
    const n = (value as string[]).length;
    if (!f.multiple && n > 1) return `Hanya satu berkas (ada ${n}).`;
    return n > MAX_FILES ? `Paling banyak ${MAX_FILES} berkas (ada ${n}).` : undefined;
  }
  switch (f.type) {
    case 'checkbox':
      return f.required && value !== true ? 'Wajib dicentang.' : undefined;
    case 'number': {
      const n = value as number;
      if (typeof f.min === 'number' && n < f.min) return `Paling kecil ${f.min}.`;
      if (typeof f.max === 'number' && n > f.max) return `Paling besar ${f.max}.`;
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
      if (!(m && realDate(m[1], m[2], m[3]))) return 'Tanggal tidak valid; gunakan format TTTT-BB-HH, misalnya 2026-11-30.';
      return dayBound(f, (value as string).slice(0, 10), today);
    }
    case 'datetime': {
      const m = DATETIME.exec(value as string);
      const ok = m && realDate(m[1], m[2], m[3]) && Number(m[4]) < 24 && Number(m[5]) < 60;
      if (!ok) return 'Waktu tidak valid; gunakan format TTTT-BB-HHTjj:mm, misalnya 2026-11-30T09:15.';
      return dayBound(f, (value as string).slice(0, 10), today);
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

/** The day a date bound stands for: a written date, or today (undefined when today is not known). */
function boundDay(bound: number | string | undefined, today: string | undefined): string | undefined {
  if (typeof bound !== 'string') return undefined;
  return bound === 'today' ? today : bound;
}

/** A date or datetime's day against the field's `min` / `max` ("YYYY-MM-DD" or `today`). */
function dayBound(f: Field, day: string, today: string | undefined): string | undefined {
  const min = boundDay(f.min, today);
  const max = boundDay(f.max, today);
  if (max !== undefined && day > max) return f.max === 'today' ? `Tidak boleh sesudah hari ini (${dayText(max)}).` : `Paling lambat ${dayText(max)}.`;
  if (min !== undefined && day < min) return f.min === 'today' ? `Tidak boleh sebelum hari ini (${dayText(min)}).` : `Paling cepat ${dayText(min)}.`;
  return undefined;
}
