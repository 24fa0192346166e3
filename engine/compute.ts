/**
 * The small expression set of the SOP language: computed field values (age from a date, days between dates, sums,
 * counts, differences), the `today` and `now` facts, and the date operators json-rules-engine gets. No eval.
 */
import { localDate, toLocal } from './time.ts';
import type { Expression, Field } from './types.ts';

type Data = Record<string, unknown>;

/** Built-in facts every condition may read: the office's date and the instant of the action. */
export const TODAY = 'today';
export const NOW = 'now';
export const BUILT_IN_FACTS: readonly string[] = [TODAY, NOW];

/** The office's date ("2026-11-30") and instant at `now`. */
export function builtInFacts(now: Date, timeZone: string): { today: string; now: string } {
  // One action asks for the same instant several times (form, guards, deadlines): the last answer is kept.
  const t = now.getTime();
  if (last.t !== t || last.zone !== timeZone) last = { t, zone: timeZone, facts: { today: localDate(toLocal(t, timeZone)), now: now.toISOString() } };
  return { ...last.facts };
}
let last: { t: number; zone: string; facts: { today: string; now: string } } = { t: NaN, zone: '', facts: { today: '', now: '' } };

/** The case's data with `today` and `now` added: what every condition is evaluated over. */
export function factsAt(data: Data, now: Date | undefined, timeZone: string): Data {
  return now ? { ...data, ...builtInFacts(now, timeZone) } : data;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})/;

/** The day part of a date or datetime value ("2026-11-30" of "2026-11-30T09:15"), or undefined. */
export function dayOf(value: unknown): string | undefined {
  return typeof value === 'string' && DAY.test(value) ? value.slice(0, 10) : undefined;
}

function dayNumber(day: string): number {
  const [y, m, d] = day.split('-').map(Number);
  return Date.UTC(y, m - 1, d) / 86_400_000;
}

/** Full years from `birth` to `at` (both "YYYY-MM-DD"); negative when `at` is earlier. */
export function fullYears(birth: string, at: string): number {
  const [by, bm, bd] = birth.split('-').map(Number);
  const [ay, am, ad] = at.split('-').map(Number);
  let years = ay - by;
  if (am < bm || (am === bm && ad < bd)) years -= 1;
  return years;
}

/** The operands an expression reads (field names, `group.column`, `today`). */
export function operandsOf(e: Expression): string[] {
  if ('age' in e) return e.at ? [e.age, e.at] : [e.age];
  if ('daysBetween' in e) return [...e.daysBetween];
  if ('sum' in e) return [...e.sum];
  if ('count' in e) return [e.count];
  return [...e.difference];
}

function numberOf(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** The value of an operand over the facts: a field's value, a group column's values, or today. */
function operand(name: string, facts: Data): unknown {
  const dot = name.indexOf('.');
  if (dot < 0) return facts[name];
  const rows = facts[name.slice(0, dot)];
  const column = name.slice(dot + 1);
  return Array.isArray(rows) ? rows.map((r) => (r && typeof r === 'object' ? (r as Data)[column] : undefined)) : undefined;
}

/** An expression's value over the facts (which include `today`); undefined when an operand it needs is empty. */
export function evaluateExpression(e: Expression, facts: Data): number | undefined {
  if ('age' in e) {
    const birth = dayOf(facts[e.age]);
    const at = dayOf(operand(e.at ?? TODAY, facts));
    return birth && at ? fullYears(birth, at) : undefined;
  }
  if ('daysBetween' in e) {
    const [from, to] = e.daysBetween.map((n) => dayOf(operand(n, facts)));
    return from && to ? dayNumber(to) - dayNumber(from) : undefined;
  }
  if ('sum' in e) {
    const values = e.sum.flatMap((n) => {
      const v = operand(n, facts);
      return (Array.isArray(v) ? v : [v]).map(numberOf).filter((x): x is number => x !== undefined);
    });
    return values.length ? values.reduce((a, b) => a + b, 0) : undefined;
  }
  if ('count' in e) {
    const rows = facts[e.count];
    return Array.isArray(rows) ? rows.length : 0;
  }
  const [a, b] = e.difference.map((n) => numberOf(operand(n, facts)));
  return a !== undefined && b !== undefined ? a - b : undefined;
}

/**
 * The computed fields of a form, in order, over the data so far (each sees the ones before it): name → value.
 * A computed value that cannot be computed (an empty operand) is left out.
 */
export function computeFields(fields: Field[], facts: Data): Data {
  const out: Data = {};
  let seen = facts;
  for (const f of fields) {
    if (!f.compute) continue;
    const v = evaluateExpression(f.compute, seen);
    if (v === undefined) continue;
    out[f.name] = v;
    seen = { ...seen, [f.name]: v };
  }
  return out;
}

/** Compares the days of two date or datetime values; undefined when either is no date. */
function compareDays(a: unknown, b: unknown): number | undefined {
  const x = dayOf(a);
  const y = dayOf(b);
  return x && y ? (x < y ? -1 : x > y ? 1 : 0) : undefined;
}

/** json-rules-engine operators over dates (the day of a date or datetime field, `today`, or "YYYY-MM-DD"). */
export const DATE_OPERATORS: Record<string, (fact: unknown, value: unknown) => boolean> = {
  dateBefore: (f, v) => (compareDays(f, v) ?? 0) < 0,
  dateOnOrBefore: (f, v) => (compareDays(f, v) ?? 1) <= 0,
  dateAfter: (f, v) => (compareDays(f, v) ?? 0) > 0,
  dateOnOrAfter: (f, v) => (compareDays(f, v) ?? -1) >= 0,
};
