/**
 * Need-to-know, as the YAML declares it: who may read a workflow's cases and who may see its `sensitive`
 * values. Readers are the roles acting on any step plus `access.read`; sensitive values are shown only to
 * `access.sensitive` (or, when the YAML does not say, to the roles acting on a step). Everyone else sees
 * initials in lists and "disembunyikan" elsewhere. Pure functions; the server applies them to every view.
 */
import { fieldIndex } from './explain.ts';
import type { Field, Workflow } from './types.ts';

/** What a masked value reads as on a case page. */
export const HIDDEN = 'disembunyikan';

function actingRoles(wf: Workflow): Set<string> {
  const roles = new Set<string>();
  for (const step of wf.steps) for (const r of Array.isArray(step.role) ? step.role : [step.role]) roles.add(r);
  return roles;
}

/** Roles that may open this workflow's cases. */
export function readerRoles(wf: Workflow): Set<string> {
  const roles = actingRoles(wf);
  for (const r of wf.access?.read ?? []) roles.add(r);
  return roles;
}

/** Roles that may see values of `sensitive` fields. */
export function sensitiveRoles(wf: Workflow): Set<string> {
  return wf.access?.sensitive ? new Set(wf.access.sensitive) : actingRoles(wf);
}

export function canReadCases(wf: Workflow, roles: readonly string[]): boolean {
  const readers = readerRoles(wf);
  return roles.some((r) => readers.has(r));
}

export function canSeeSensitive(wf: Workflow, roles: readonly string[]): boolean {
  const allowed = sensitiveRoles(wf);
  return roles.some((r) => allowed.has(r));
}

/** "Rina Anggraini" → "R.A."; digits-only values (NIK, phone) give no initials. */
export function initials(value: unknown): string {
  if (typeof value !== 'string') return HIDDEN;
  const words = value
    .normalize('NFC')
    .split(/[\s.,-]+/u)
    .filter((w) => /^\p{L}/u.test(w));
  if (!words.length) return HIDDEN;
  return words
    .slice(0, 4)
    .map((w) => `${w[0]!.toLocaleUpperCase('id')}.`)
    .join('');
}

/**
 * The data a viewer with `roles` may see: sensitive values replaced by `HIDDEN` unless the roles may see
 * them. Values of names no field declares are kept as they are (they carry no declared identity).
 */
export function maskData(wf: Workflow, data: Record<string, unknown>, roles: readonly string[]): Record<string, unknown> {
  if (canSeeSensitive(wf, roles)) return { ...data };
  const fields = fieldIndex(wf);
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(data)) out[name] = fields.get(name)?.sensitive ? HIDDEN : value;
  return out;
}

/** Whether a field's value must be hidden from these roles. */
export function isMasked(wf: Workflow, field: Field, roles: readonly string[]): boolean {
  return Boolean(field.sensitive) && !canSeeSensitive(wf, roles);
}

/**
 * How a case is named in lists (inbox, case list): the required sensitive text fields of the intake form,
 * as initials only, for every viewer, so a list on a screen never shows a full name.
 */
export function listSubject(wf: Workflow, data: Record<string, unknown>): Array<{ label: string; initials: string }> {
  const start = wf.steps.find((s) => s.id === wf.start);
  return (start?.fields ?? [])
    .filter((f) => f.sensitive && f.required && f.type === 'text')
    .filter((f) => typeof data[f.name] === 'string' && data[f.name] !== '')
    .map((f) => ({ label: f.label, initials: initials(data[f.name]) }));
}
