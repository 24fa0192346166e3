/**
 * Repeating groups (`type: group`): the rows of a group from a form post (`anggota.0.nama`) or from JSON (a list of
 * objects), each row's values coerced and checked by its sub-fields, blank rows dropped, the row count bounded.
 */
import { check, coerce } from './field-check.ts';
import type { Field } from './types.ts';

type Data = Record<string, unknown>;

/** The hidden input each row of a form carries, so a row whose fields are all empty still counts as shown. */
export const ROW_MARK = '_baris';

/** "anggota.2.nama" → ["anggota", 2, "nama"] for a key of group `name`, else undefined. */
function flatKey(key: string): { group: string; row: number; column: string } | undefined {
  const m = /^([A-Za-z][A-Za-z0-9_]*)\.(\d{1,3})\.([A-Za-z_][A-Za-z0-9_]*)$/.exec(key);
  return m ? { group: m[1], row: Number(m[2]), column: m[3] } : undefined;
}

/** Whether `key` is a row value of one of the groups among `fields` (a known column, or the row mark). */
export function isGroupKey(fields: Field[], key: string): boolean {
  const k = flatKey(key);
  if (!k) return false;
  const group = fields.find((f) => f.type === 'group' && f.name === k.group);
  return Boolean(group && (k.column === ROW_MARK || group.fields?.some((s) => s.name === k.column)));
}

/** The rows of group `field` in `input`: its list as sent in JSON, or gathered from a form's flat keys in order. */
export function rowsOf(field: Field, input: Data): Data[] {
  const direct = input[field.name];
  if (Array.isArray(direct)) return direct.map((r) => (r && typeof r === 'object' && !Array.isArray(r) ? (r as Data) : {}));
  const rows: Data[] = [];
  for (const [key, value] of Object.entries(input)) {
    const k = flatKey(key);
    if (!k || k.group !== field.name) continue;
    while (rows.length <= k.row) rows.push({});
    if (k.column !== ROW_MARK) rows[k.row][k.column] = value;
  }
  return rows;
}

/** The form's values with group `field`'s rows as a list, one more (`add`) or one fewer (`remove`: its index). */
export function editRows(field: Field, input: Data, edit: { add?: boolean; remove?: number }): Data {
  const rows = rowsOf(field, input);
  if (edit.remove !== undefined) rows.splice(edit.remove, 1);
  if (edit.add) rows.push({});
  const out: Data = {};
  for (const [key, value] of Object.entries(input)) if (flatKey(key)?.group !== field.name && key !== field.name) out[key] = value;
  out[field.name] = rows;
  return out;
}

const blank = (v: unknown) => v === undefined || v === null || v === '' || v === false || (Array.isArray(v) && v.length === 0);

/**
 * Checks group `field`'s rows: each sub-field coerced and checked (errors at "anggota.1.nik", the row as given), rows left entirely
 * empty dropped, then the row count against `min` / `max` (and `required`: at least one). `today` as in field checks.
 */
export function checkGroup(field: Field, input: Data, today?: string): { rows: Data[]; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const rows: Data[] = [];
  const given = rowsOf(field, input);
  if (input[field.name] !== undefined && !Array.isArray(input[field.name])) {
    return { rows, errors: { [field.name]: 'Harus berupa daftar baris, misalnya [{"nama": "..."}].' } };
  }
  for (const [index, raw] of given.entries()) {
    const coerced: Data = {};
    const rowErrors: Record<string, string> = {};
    for (const sub of field.fields ?? []) {
      const r = coerce(sub, raw[sub.name]);
      if ('error' in r) rowErrors[sub.name] = r.error;
      else if (r.value !== undefined) coerced[sub.name] = r.value;
    }
    for (const name of Object.keys(raw)) if (!(field.fields ?? []).some((s) => s.name === name)) rowErrors[name] = 'Isian ini tidak dikenal pada baris ini.';
    if (Object.keys(rowErrors).length === 0 && Object.values(coerced).every(blank)) continue; // an empty row: not counted
    for (const sub of field.fields ?? []) {
      if (rowErrors[sub.name]) continue;
      const problem = check(sub, coerced[sub.name], today);
      if (problem) rowErrors[sub.name] = problem;
    }
    for (const [name, message] of Object.entries(rowErrors)) errors[`${field.name}.${index}.${name}`] = message;
    const row: Data = {};
    for (const [k, v] of Object.entries(coerced)) if (v !== undefined) row[k] = v;
    rows.push(row);
  }
  const min = typeof field.min === 'number' ? field.min : field.required ? 1 : 0;
  if (rows.length < min) errors[field.name] = min === 1 ? 'Isi paling sedikit satu baris.' : `Isi paling sedikit ${min} baris.`;
  else if (typeof field.max === 'number' && rows.length > field.max) errors[field.name] = `Paling banyak ${field.max} baris (sekarang ${rows.length}).`;
  return { rows, errors };
}
