/** Report periods (month, semester, year, custom) as office-local dates, their instants, and their Indonesian names. */
import { fromLocal, localDate, toLocal } from '../time.ts';

export type PeriodKind = 'month' | 'semester' | 'year' | 'custom';

export interface Period {
  kind: PeriodKind;
  /** First day, "YYYY-MM-DD" (office-local). */
  from: string;
  /** Last day, inclusive. */
  to: string;
  /** "November 2026", "Semester II 2026", "Tahun 2026", "1 Nov 2026 - 15 Nov 2026". */
  label: string;
  /** The key a link carries: "2026-11", "2026-S2", "2026", or "2026-11-01..2026-11-15". */
  key: string;
}

export const MONTHS = ['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember'];
const SHORT = ['Jan', 'Feb', 'Mar', 'Apr', 'Mei', 'Jun', 'Jul', 'Agu', 'Sep', 'Okt', 'Nov', 'Des'];

const pad = (n: number) => String(n).padStart(2, '0');
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** "1 Nov 2026". */
export function shortDate(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  return `${d} ${SHORT[m - 1]} ${y}`;
}

export function monthPeriod(year: number, month: number): Period {
  return { kind: 'month', from: `${year}-${pad(month)}-01`, to: `${year}-${pad(month)}-${pad(lastDay(year, month))}`, label: `${MONTHS[month - 1]} ${year}`, key: `${year}-${pad(month)}` };
}

export function semesterPeriod(year: number, half: 1 | 2): Period {
  const [a, b] = half === 1 ? [1, 6] : [7, 12];
  return { kind: 'semester', from: `${year}-${pad(a)}-01`, to: `${year}-${pad(b)}-${pad(lastDay(year, b))}`, label: `Semester ${half === 1 ? 'I' : 'II'} ${year}`, key: `${year}-S${half}` };
}

export function yearPeriod(year: number): Period {
  return { kind: 'year', from: `${year}-01-01`, to: `${year}-12-31`, label: `Tahun ${year}`, key: String(year) };
}

function validDay(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const [y, m, d] = s.split('-').map(Number);
  return m >= 1 && m <= 12 && d >= 1 && d <= lastDay(y, m);
}

/** A custom period, or a message saying what is wrong with its dates. */
export function customPeriod(from: string, to: string): Period | { error: string } {
  if (!validDay(from)) return { error: `Tanggal awal "${from.slice(0, 20)}" tidak dapat dibaca; tulis YYYY-MM-DD, misalnya 2026-11-01.` };
  if (!validDay(to)) return { error: `Tanggal akhir "${to.slice(0, 20)}" tidak dapat dibaca; tulis YYYY-MM-DD, misalnya 2026-11-30.` };
  if (to < from) return { error: 'Tanggal akhir lebih awal daripada tanggal awal.' };
  const days = (Date.parse(to) - Date.parse(from)) / 86_400_000;
  if (days > 3660) return { error: 'Periode paling panjang 10 tahun.' };
  return { kind: 'custom', from, to, label: `${shortDate(from)} - ${shortDate(to)}`, key: `${from}..${to}` };
}

/** A period from its key ("2026-11", "2026-S2", "2026", "2026-11-01..2026-11-15"), or a message. */
export function parsePeriod(key: string): Period | { error: string } {
  let m = /^(\d{4})-(\d{2})$/.exec(key);
  if (m && Number(m[2]) >= 1 && Number(m[2]) <= 12) return monthPeriod(Number(m[1]), Number(m[2]));
  m = /^(\d{4})-S([12])$/i.exec(key);
  if (m) return semesterPeriod(Number(m[1]), Number(m[2]) as 1 | 2);
  m = /^(\d{4})$/.exec(key);
  if (m) return yearPeriod(Number(m[1]));
  m = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/.exec(key);
  if (m) return customPeriod(m[1], m[2]);
  return { error: `Periode "${key.slice(0, 30)}" tidak dikenal; contoh: 2026-11 (bulan), 2026-S2 (semester), 2026 (tahun).` };
}

/** The office-local day of an instant. */
export function dayOf(instant: Date | string | number, zone: string): string {
  return localDate(toLocal(new Date(instant).getTime(), zone));
}

/** The period of this kind that contains `now`. */
export function periodContaining(kind: Exclude<PeriodKind, 'custom'>, now: Date, zone: string): Period {
  const [y, m] = dayOf(now, zone).split('-').map(Number);
  if (kind === 'month') return monthPeriod(y, m);
  if (kind === 'semester') return semesterPeriod(y, m <= 6 ? 1 : 2);
  return yearPeriod(y);
}

/** The period of the same kind just before (a custom period: the same number of days before). */
export function previousPeriod(p: Period): Period {
  const [y, m] = p.from.split('-').map(Number);
  if (p.kind === 'month') return m === 1 ? monthPeriod(y - 1, 12) : monthPeriod(y, m - 1);
  if (p.kind === 'semester') return m === 1 ? semesterPeriod(y - 1, 2) : semesterPeriod(y, 1);
  if (p.kind === 'year') return yearPeriod(y - 1);
  const days = (Date.parse(p.to) - Date.parse(p.from)) / 86_400_000 + 1;
  const to = new Date(Date.parse(p.from) - 86_400_000).toISOString().slice(0, 10);
  const from = new Date(Date.parse(to) - (days - 1) * 86_400_000).toISOString().slice(0, 10);
  return customPeriod(from, to) as Period;
}

/** The instants a period covers: [start, end), from the first day's local midnight to the day after the last. */
export function periodRange(p: Pick<Period, 'from' | 'to'>, zone: string): { start: number; end: number } {
  const start = fromLocal(Date.parse(`${p.from}T00:00:00Z`), zone);
  const end = fromLocal(Date.parse(`${p.to}T00:00:00Z`) + 86_400_000, zone);
  return { start, end };
}

/** The buckets a "cases per …" chart uses: days for up to two months, else months. */
export function buckets(p: Pick<Period, 'from' | 'to'>): Array<{ key: string; label: string }> {
  const out: Array<{ key: string; label: string }> = [];
  const days = (Date.parse(p.to) - Date.parse(p.from)) / 86_400_000 + 1;
  if (days <= 62) {
    for (let t = Date.parse(p.from); t <= Date.parse(p.to); t += 86_400_000) {
      const d = new Date(t).toISOString().slice(0, 10);
      out.push({ key: d, label: shortDate(d).replace(/ \d{4}$/, '') });
    }
    return out;
  }
  let [y, m] = p.from.split('-').map(Number);
  const [ey, em] = p.to.split('-').map(Number);
  const oneYear = y === ey;
  while (y < ey || (y === ey && m <= em)) {
    out.push({ key: `${y}-${pad(m)}`, label: oneYear ? SHORT[m - 1] : `${SHORT[m - 1]} ${y}` });
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
  return out;
}

/** The bucket key of a day for the buckets above. */
export function bucketOf(day: string, daily: boolean): string {
  return daily ? day : day.slice(0, 7);
}
