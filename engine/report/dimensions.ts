/** A report dimension's categories: where a case falls (from its data) and the ordered list a table shows. */
import { fieldIndex, shortLabel } from '../explain.ts';
import { localDate, timeZoneOf, toLocal } from '../time.ts';
import type { Field, Workflow } from '../types.ts';
import type { ReportBand, ReportDimension } from './types.ts';

/** The category of a value no band holds (an age of 19 on a children's service). */
export const OUTSIDE_BANDS = '~luar';
/** The category of a case whose fields are empty. */
export const NOT_FILLED = '~kosong';

export interface Category {
  value: string;
  label: string;
}

export function dimensionFields(d: ReportDimension): string[] {
  return Array.isArray(d.field) ? d.field : [d.field];
}

/** Whether a case can fall into several categories of the dimension at once (a multiselect). */
export function isMultiValued(wf: Workflow, d: ReportDimension): boolean {
  const fields = fieldIndex(wf);
  return dimensionFields(d).some((name) => fields.get(name)?.type === 'multiselect');
}

function inBand(b: ReportBand, n: number): boolean {
  return (b.min === undefined || n >= b.min) && (b.max === undefined || n <= b.max);
}

function band(d: ReportDimension, n: number): string {
  return d.bands?.find((b) => inBand(b, n))?.label ?? OUTSIDE_BANDS;
}

/** "YYYY-MM-DD" (the date part) of a date or a local datetime value; undefined when it is neither. */
function datePart(v: unknown): string | undefined {
  return typeof v === 'string' && /^\d{4}-\d{2}-\d{2}/.test(v) ? v.slice(0, 10) : undefined;
}

/** Whole years from one "YYYY-MM-DD" to another (a birthday counts on its day). */
export function yearsBetween(from: string, to: string): number {
  const [fy, fm, fd] = from.split('-').map(Number);
  const [ty, tm, td] = to.split('-').map(Number);
  return ty - fy - (tm < fm || (tm === fm && td < fd) ? 1 : 0);
}

/** The categories of one value of one field, or undefined when the field holds nothing usable. */
function categoriesOf(field: Field | undefined, value: unknown, d: ReportDimension, receivedOn: string, data: Record<string, unknown>): string[] | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (Array.isArray(value)) return value.length ? [...new Set(value.map(String))] : undefined;
  if (typeof value === 'boolean') return [value ? 'ya' : 'tidak'];
  if (field?.type === 'date' || field?.type === 'datetime') {
    const born = datePart(value);
    if (!born) return undefined;
    const at = (d.ageAt && datePart(data[d.ageAt])) || receivedOn;
    return [band(d, yearsBetween(born, at))];
  }
  if (typeof value === 'number') return d.bands ? [band(d, value)] : [String(value)];
  return [String(value)];
}

/**
 * The categories a case falls into for a dimension: the first of its fields that holds a value decides. `createdAt`
 * is when the case was received (the age's reference day when `ageAt` is empty).
 */
export function categorize(
  wf: Workflow,
  d: ReportDimension,
  data: Record<string, unknown>,
  createdAt: string,
  fields: Map<string, Field> = fieldIndex(wf),
): string[] {
  const receivedOn = localDate(toLocal(new Date(createdAt).getTime(), timeZoneOf(wf)));
  for (const name of dimensionFields(d)) {
    const found = categoriesOf(fields.get(name), data[name], d, receivedOn, data);
    if (found) return found;
  }
  return [];
}

/**
 * The categories a table lists, in the YAML's order: bands or the fields' options, then whatever else the counted
 * cases hold (values of an older version), then "outside the bands" and "not filled" when they occur.
 */
export function categoryList(wf: Workflow, d: ReportDimension, seen: Iterable<string>): Category[] {
  const fields = fieldIndex(wf);
  const out: Category[] = [];
  const listed = new Set<string>();
  const add = (value: string, label: string) => {
    if (listed.has(value)) return;
    listed.add(value);
    out.push({ value, label });
  };
  if (d.bands) for (const b of d.bands) add(b.label, b.label);
  else {
    for (const name of dimensionFields(d)) {
      const f = fields.get(name);
      if (f?.type === 'checkbox') {
        add('ya', 'Ya');
        add('tidak', 'Tidak');
      }
      for (const o of f?.options ?? []) add(o.value, shortLabel(o.label));
    }
  }
  const rest = [...seen].filter((v) => !listed.has(v) && v !== OUTSIDE_BANDS && v !== NOT_FILLED).sort();
  for (const v of rest) add(v, v);
  const all = new Set(seen);
  if (all.has(OUTSIDE_BANDS)) add(OUTSIDE_BANDS, 'Di luar kelompok');
  add(NOT_FILLED, 'Tidak diisi');
  return out;
}
