/** Readable, unique case ids such as RKA-20261129-7F3K2: service prefix, report date, random part; nothing about the child. */
import { randomInt } from 'node:crypto';
import { DEFAULT_TIME_ZONE } from '../../engine/time.ts';

/** Crockford base32: no I, L, O, U, so an id read out over the phone is not misheard. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

const CASE_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/** Whether `id` can name a case (and its file): letters, digits, '-' and '_', at most 64 characters. */
export function isValidCaseId(id: string): boolean {
  return CASE_ID.test(id);
}

/**
 * The id prefix of a workflow: the configured one if any, else the initials of its id in capitals
 * (respon-kasus-anak → RKA).
 */
export function casePrefix(workflowId: string, configured: Record<string, string> = {}): string {
  const chosen = configured[workflowId];
  if (chosen !== undefined) {
    if (!/^[A-Z0-9]{1,8}$/.test(chosen)) throw new Error(`Awalan nomor kasus "${chosen}" harus 1-8 huruf kapital/angka.`);
    return chosen;
  }
  const initials = workflowId
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0]!.toUpperCase())
    .join('');
  return (initials || 'KASUS').slice(0, 8);
}

/** The calendar date of `now` in the office's time zone, as YYYYMMDD. */
function officeDate(now: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(now);
  const get = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${get('year')}${get('month')}${get('day')}`;
}

export interface CaseIdOptions {
  prefix: string;
  now: Date;
  /** Office time zone for the date part; default Asia/Jakarta. */
  timeZone?: string;
  /** Length of the random part (5 → 33.5 million ids per prefix per day). */
  randomLength?: number;
}

/** A new id; the caller checks it is not taken yet (the case store's `newId` does). */
export function generateCaseId(options: CaseIdOptions): string {
  const length = options.randomLength ?? 5;
  let random = '';
  for (let i = 0; i < length; i++) random += ALPHABET[randomInt(ALPHABET.length)];
  return `${options.prefix}-${officeDate(options.now, options.timeZone ?? DEFAULT_TIME_ZONE)}-${random}`;
}
