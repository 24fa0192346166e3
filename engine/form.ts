/** Form data against a step's field definitions: which fields apply, and values coerced and checked, with Indonesian messages. */
import { compiledFor, runGuards, type CompiledGuards } from './guards.ts';
import { builtInFacts, computeFields, factsAt } from './compute.ts';
import { check, coerce } from './field-check.ts';
import { runChecks } from './form-checks.ts';
import { checkGroup, isGroupKey } from './groups.ts';
import { DEFAULT_TIME_ZONE, localDate, toLocal } from './time.ts';
import type { Check, Condition, Field } from './types.ts';

type Data = Record<string, unknown>;

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

/**
 * The input with each field's `default` for the names it leaves out (`undefined`), as the form would have opened
 * with them: the API's JSON then means what the same form posted would. A value sent, even an empty one, stays.
 */
export function withDefaults(fields: Field[], input: Record<string, unknown>, now: Date, timeZone: string): Record<string, unknown> {
  const defaults = defaultValues(fields.filter((f) => input[f.name] === undefined && !f.compute), now, timeZone);
  return Object.keys(defaults).length ? { ...defaults, ...input } : input;
}

export interface FormCheck {
  ok: boolean;
  /** The accepted values, typed: numbers, booleans, string arrays, trimmed strings; computed values. Only fields that apply. */
  values: Data;
  /** Field name → message; names not in the form are reported too ("tidak dikenal"). */
  errors: Record<string, string>;
}

export interface FormContext {
  /** The moment of the action: `today` in conditions, date bounds and computed ages. */
  now?: Date;
  timeZone?: string;
  /** The step's cross-field checks. */
  checks?: Check[];
}

/**
 * Checks input for a form. `input` may come from an HTML form (strings, "on" for a checkbox, one string or
 * a list for a multiselect) or from JSON (typed values). `data` is what the case already holds: conditions
 * (`when`) see it together with the new input. Computed fields are computed, never taken from the input; the
 * step's checks run once each field is valid on its own.
 */
export async function validateForm(fields: Field[], input: Data, data: Data = {}, context: FormContext = {}): Promise<FormCheck> {
  const errors: Record<string, string> = {};
  const known = new Set(fields.map((f) => f.name));
  const at = (facts: Data) => factsAt(facts, context.now, context.timeZone ?? DEFAULT_TIME_ZONE);
  for (const name of Object.keys(input)) if (!known.has(name) && !isGroupKey(fields, name)) errors[name] = 'Isian ini tidak dikenal pada formulir ini.';
  const today = context.now ? builtInFacts(context.now, context.timeZone ?? DEFAULT_TIME_ZONE).today : undefined;

  // Coerce everything first so conditions compare typed values.
  const coerced: Data = {};
  const groupErrors: Record<string, string> = {};
  for (const f of fields) {
    if (f.type === 'group') {
      const g = checkGroup(f, input, today);
      Object.assign(groupErrors, g.errors);
      if (g.rows.length) coerced[f.name] = g.rows;
      continue;
    }
    if (f.compute) {
      if (input[f.name] !== undefined && input[f.name] !== '') errors[f.name] = 'Isian ini dihitung otomatis; jangan diisi.';
      continue;
    }
    const r = coerce(f, input[f.name]);
    if ('error' in r) errors[f.name] = r.error;
    else if (r.value !== undefined) coerced[f.name] = r.value;
  }
  const shown = await visibleFields(fields, at({ ...data, ...coerced }));
  const values: Data = {};
  for (const f of shown) {
    if (f.type === 'group') {
      for (const [key, message] of Object.entries(groupErrors)) if (key === f.name || key.startsWith(`${f.name}.`)) errors[key] = message;
      if (coerced[f.name] !== undefined) values[f.name] = coerced[f.name];
      continue;
    }
    if (errors[f.name] || f.compute) continue;
    const value = coerced[f.name];
    const problem = check(f, value, today);
    if (problem) errors[f.name] = problem;
    else if (value !== undefined) values[f.name] = value;
  }
  const computed = computeFields(shown, at({ ...data, ...values }));
  for (const f of shown) {
    if (!f.compute || computed[f.name] === undefined) continue;
    const problem = check(f, computed[f.name], today);
    if (problem) errors[f.name] = problem;
    values[f.name] = computed[f.name];
  }
  Object.assign(errors, await runChecks(context.checks ?? [], shown, at({ ...data, ...values }), errors));
  // Errors on fields that do not apply are dropped: their input is ignored anyway.
  const shownNames = new Set(shown.map((f) => f.name));
  for (const name of Object.keys(errors)) if (known.has(name) && !shownNames.has(name)) delete errors[name];
  return { ok: Object.keys(errors).length === 0, values, errors };
}

/**
 * What a form shows for the values typed so far (before it is sent): the fields that apply, and the computed
 * values (an age from the birth date just typed). Input that does not coerce yet is simply not counted.
 */
export async function previewForm(fields: Field[], input: Data, data: Data = {}, context: FormContext = {}): Promise<{ visible: Field[]; computed: Data }> {
  const coerced: Data = {};
  for (const f of fields) {
    if (f.compute) continue;
    if (f.type === 'group') {
      const rows = checkGroup(f, input).rows;
      if (rows.length) coerced[f.name] = rows;
      continue;
    }
    const r = coerce(f, input[f.name]);
    if (!('error' in r) && r.value !== undefined) coerced[f.name] = r.value;
  }
  const facts = factsAt({ ...data, ...coerced }, context.now, context.timeZone ?? DEFAULT_TIME_ZONE);
  const visible = await visibleFields(fields, facts);
  return { visible, computed: computeFields(visible, facts) };
}
