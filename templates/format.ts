/** Dates, times and durations as an Indonesian office reads them, in the office's time zone. */

import { DEFAULT_TIME_ZONE } from '../engine/time.ts';

export const DEFAULT_TIMEZONE = DEFAULT_TIME_ZONE;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string, kind: 'datetime' | 'date'): Intl.DateTimeFormat {
  const key = `${timeZone}|${kind}`;
  let f = formatters.get(key);
  if (!f) {
    const options: Intl.DateTimeFormatOptions =
      kind === 'datetime'
        ? { timeZone, day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }
        : { timeZone, day: 'numeric', month: 'long', year: 'numeric' };
    f = new Intl.DateTimeFormat('id-ID', options);
    formatters.set(key, f);
  }
  return f;
}

/** Short zone name shown after a time: WIB, WITA or WIT for Indonesian zones. */
export function zoneLabel(timeZone: string): string {
  const names: Record<string, string> = {
    'Asia/Jakarta': 'WIB',
    'Asia/Pontianak': 'WIB',
    'Asia/Makassar': 'WITA',
    'Asia/Jayapura': 'WIT',
  };
  return names[timeZone] ?? timeZone;
}

function toDate(value: string | Date): Date | undefined {
  const d = value instanceof Date ? value : new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** "29 November 2026 20.08 WIB". */
export function formatDateTime(value: string | Date | undefined, timeZone = DEFAULT_TIMEZONE): string {
  if (value === undefined) return '';
  const d = toDate(value);
  if (!d) return String(value);
  return `${formatter(timeZone, 'datetime').format(d).replace(' pukul ', ' ')} ${zoneLabel(timeZone)}`;
}

/** "29 November 2026" for a calendar date written YYYY-MM-DD (no zone shift) or an instant. */
export function formatDate(value: string | Date | undefined, timeZone = DEFAULT_TIMEZONE): string {
  if (value === undefined || value === '') return '';
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const d = toDate(`${value}T12:00:00Z`);
    return d ? formatter('UTC', 'date').format(d) : value;
  }
  const d = toDate(value);
  return d ? formatter(timeZone, 'date').format(d) : String(value);
}

/** A local datetime-input value ("2026-11-29T20:08") shown as the office reads it. */
export function formatLocalDateTime(value: string, timeZone = DEFAULT_TIMEZONE): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})/.exec(value);
  if (!m || value.endsWith('Z') || /[+-]\d{2}:\d{2}$/.test(value)) return formatDateTime(value, timeZone);
  return `${formatDate(m[1])} ${m[2]}.${m[3]} ${zoneLabel(timeZone)}`;
}

/** "2 hari 3 jam", "45 menit": the two largest units of a positive duration. */
export function formatDuration(ms: number): string {
  // Whole minutes, rounded down: 23 h 59 m 40 s left reads "23 jam 59 menit", never "1 hari".
  const minutes = Math.max(0, Math.floor(Math.abs(ms) / 60000));
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  const parts: string[] = [];
  if (days) parts.push(`${days} hari`);
  if (hours) parts.push(`${hours} jam`);
  if (mins && !days) parts.push(`${mins} menit`);
  return parts.length ? parts.slice(0, 2).join(' ') : 'kurang dari 1 menit';
}

/** "sisa 3 jam" before the due time, "terlambat 2 jam" after it. */
export function formatRemaining(remainingMs: number): string {
  return remainingMs >= 0 ? `sisa ${formatDuration(remainingMs)}` : `terlambat ${formatDuration(remainingMs)}`;
}
