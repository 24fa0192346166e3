/** Time arithmetic for deadlines: ISO-8601 durations added in calendar time or in an office's working time. */
import type { OfficeCalendar, Workflow } from './types.ts';

/** The office time zone when a service declares none (Rokan Hulu keeps WIB). */
export const DEFAULT_TIME_ZONE = 'Asia/Jakarta';

/** The time zone a service's dates are read and written in. */
export function timeZoneOf(wf: Pick<Workflow, 'calendar'> | undefined): string {
  return wf?.calendar?.timezone ?? DEFAULT_TIME_ZONE;
}

export interface Duration {
  years: number;
  months: number;
  weeks: number;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

const DURATION = /^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

/** Parses "P1D", "PT72H", "P1DT4H30M"…; undefined when the text is not such a duration. */
export function parseDuration(text: string): Duration | undefined {
  const m = DURATION.exec(text);
  if (!m) return undefined;
  const [years, months, weeks, days, hours, minutes, seconds] = m.slice(1).map((x) => (x ? Number(x) : 0));
  return { years, months, weeks, days, hours, minutes, seconds };
}

/** "1 hari", "72 jam", "1 hari 4 jam": a duration as an Indonesian reader says it. */
export function describeDuration(text: string): string {
  const d = parseDuration(text);
  if (!d) return text;
  const parts: string[] = [];
  const add = (n: number, unit: string) => n && parts.push(`${n} ${unit}`);
  add(d.years, 'tahun');
  add(d.months, 'bulan');
  add(d.weeks, 'minggu');
  add(d.days, 'hari');
  add(d.hours, 'jam');
  add(d.minutes, 'menit');
  add(d.seconds, 'detik');
  return parts.join(' ') || '0 menit';
}

// ---------------------------------------------------------------------------
// Wall-clock time in a zone. Internally a "local" number is milliseconds since the epoch *as if* the
// office's wall clock were UTC; it makes day and weekday arithmetic plain.
// ---------------------------------------------------------------------------

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** Offset of the zone from UTC at an instant, asked of Intl (slow: a formatting per call). */
function measuredOffset(zone: string, instant: number): number {
  const parts = formatter(zone).formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/**
 * Offsets known to hold for a whole hour of UTC, per zone and hour: when the offset is the same at the start of
 * the hour and at its last second, no change of offset falls inside it (zones change at most twice a year), so
 * every instant of that hour has it. An hour with a change is always measured. Bounded: cleared when full.
 */
const steadyOffsets = new Map<string, number>();
const STEADY_LIMIT = 50_000;

/** Offset of the zone from UTC at an instant, in milliseconds (Asia/Jakarta: +7 h). */
export function zoneOffset(zone: string, instant: number): number {
  const hour = Math.floor(instant / HOUR);
  const key = `${zone} ${hour}`;
  const known = steadyOffsets.get(key);
  if (known !== undefined) return known;
  const start = measuredOffset(zone, hour * HOUR);
  if (start !== measuredOffset(zone, hour * HOUR + HOUR - 1000)) return measuredOffset(zone, instant);
  if (steadyOffsets.size >= STEADY_LIMIT) steadyOffsets.clear();
  steadyOffsets.set(key, start);
  return start;
}

export function toLocal(instant: number, zone: string): number {
  return instant + zoneOffset(zone, instant);
}

export function fromLocal(local: number, zone: string): number {
  // Two passes settle the offset even next to a change of offset (zones with summer time).
  let guess = local - zoneOffset(zone, local);
  guess = local - zoneOffset(zone, guess);
  return guess;
}

const DAY = 86_400_000;
const HOUR = 3_600_000;

/** Day strings already formatted, by day number (deadline arithmetic asks the same few days again and again). */
const dayNames = new Map<number, string>();

/** "YYYY-MM-DD" of a local number. */
export function localDate(local: number): string {
  const day = Math.floor(local / DAY);
  let name = dayNames.get(day);
  if (name === undefined) {
    name = new Date(day * DAY).toISOString().slice(0, 10);
    if (dayNames.size >= STEADY_LIMIT) dayNames.clear();
    dayNames.set(day, name);
  }
  return name;
}

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
}

/** Local midnight of the day containing `local`. */
function startOfDay(local: number): number {
  return Math.floor(local / DAY) * DAY;
}

function isoWeekday(local: number): number {
  const d = new Date(local).getUTCDay();
  return d === 0 ? 7 : d;
}

/** The office calendar, prepared for fast questions. */
export interface WorkingTime {
  zone: string;
  workdays: Set<number>;
  open: number; // ms after local midnight
  close: number;
  holidays: Set<string>;
}

export function workingTime(cal: OfficeCalendar): WorkingTime {
  return {
    zone: cal.timezone,
    workdays: new Set(cal.workdays),
    open: minutesOf(cal.hours.start) * 60_000,
    close: minutesOf(cal.hours.end) * 60_000,
    holidays: new Set((cal.holidays ?? []).map((h) => (typeof h === 'string' ? h : h.date))),
  };
}

/** Whether the office works on the local day containing `local`. */
export function isWorkingDay(w: WorkingTime, local: number): boolean {
  return w.workdays.has(isoWeekday(local)) && !w.holidays.has(localDate(local));
}

/** Moves a local instant forward to the nearest instant inside office hours (itself if already inside). */
function toOfficeHours(w: WorkingTime, local: number): number {
  for (let i = 0; i < 400; i++) {
    const day = startOfDay(local);
    if (isWorkingDay(w, local)) {
      const t = local - day;
      if (t < w.open) return day + w.open;
      if (t < w.close) return local;
    }
    local = startOfDay(local) + DAY;
  }
  throw new Error('Kalender kantor tidak memiliki hari kerja dalam setahun.');
}

/** Next working day after the day of `local`, same time of day. */
function nextWorkingDay(w: WorkingTime, local: number): number {
  for (let i = 0; i < 400; i++) {
    local += DAY;
    if (isWorkingDay(w, local)) return local;
  }
  throw new Error('Kalender kantor tidak memiliki hari kerja dalam setahun.');
}

function addMonths(local: number, months: number): number {
  const d = new Date(local);
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d.getTime();
}

/**
 * Adds an ISO-8601 duration to an instant.
 * - `calendar`: years/months/weeks/days move the office's wall-clock date (P1D = same time tomorrow), hours and
 *   smaller are elapsed time.
 * - `working`: the start is first moved into office hours; each day is one working day (weekends and holidays
 *   skipped, same time of day); hours and minutes count only time inside office hours.
 */
export function addDuration(
  start: Date,
  duration: string,
  mode: 'calendar' | 'working' = 'calendar',
  calendar?: OfficeCalendar,
): Date {
  const d = parseDuration(duration);
  if (!d) throw new RangeError(`Durasi tidak dikenal: ${duration}`);
  const zone = calendar?.timezone ?? DEFAULT_TIME_ZONE;
  const timePart = (d.hours * 3600 + d.minutes * 60 + d.seconds) * 1000;

  if (mode === 'calendar' || !calendar) {
    let local = toLocal(start.getTime(), zone);
    local = addMonths(local, d.years * 12 + d.months);
    local += (d.weeks * 7 + d.days) * DAY;
    return new Date(fromLocal(local, zone) + timePart);
  }

  const w = workingTime(calendar);
  // Years and months move the date as on a wall calendar; weeks count as their working days (5 on Monday-Friday).
  let local = addMonths(toLocal(start.getTime(), zone), d.years * 12 + d.months);
  local = toOfficeHours(w, local);
  const days = d.days + d.weeks * w.workdays.size;
  for (let i = 0; i < days; i++) local = nextWorkingDay(w, local);
  let rest = timePart;
  while (rest > 0) {
    local = toOfficeHours(w, local);
    const available = startOfDay(local) + w.close - local;
    if (rest <= available) {
      local += rest;
      rest = 0;
    } else {
      rest -= available;
      local = startOfDay(local) + DAY;
    }
  }
  return new Date(fromLocal(local, zone));
}

/**
 * The time between two instants that counts: all of it in `calendar` mode, only office hours on working days in
 * `working` mode (a pause of the completion clock over a weekend counts nothing of the weekend).
 */
export function countedBetween(from: Date, until: Date, mode: 'calendar' | 'working' = 'calendar', calendar?: OfficeCalendar): number {
  const span = until.getTime() - from.getTime();
  if (span <= 0) return 0;
  if (mode === 'calendar' || !calendar) return span;
  const w = workingTime(calendar);
  const end = toLocal(until.getTime(), w.zone);
  let local = toLocal(from.getTime(), w.zone);
  let counted = 0;
  for (let i = 0; local < end && i < 4000; i++) {
    const day = startOfDay(local);
    if (isWorkingDay(w, local)) {
      const a = Math.max(local, day + w.open);
      const b = Math.min(end, day + w.close);
      if (b > a) counted += b - a;
    }
    local = day + DAY;
  }
  return counted;
}

/** Milliseconds from `now` to `due` (negative when past). */
export function remaining(due: string | Date, now: Date): number {
  return new Date(due).getTime() - now.getTime();
}

/** "2 hari 3 jam", "45 menit": a span for a person, rounded down to minutes. */
export function describeSpan(ms: number): string {
  const abs = Math.abs(ms);
  const days = Math.floor(abs / DAY);
  const hours = Math.floor((abs % DAY) / HOUR);
  const minutes = Math.floor((abs % HOUR) / 60_000);
  if (days) return hours ? `${days} hari ${hours} jam` : `${days} hari`;
  if (hours) return minutes ? `${hours} jam ${minutes} menit` : `${hours} jam`;
  return `${minutes} menit`;
}
