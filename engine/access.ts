/**
 * Need-to-know, as the YAML declares it: who may read a workflow's cases and who may see its `sensitive`
 * values. Readers are the roles acting on any step plus `access.read`; sensitive values are shown only to
 * `access.sensitive` (or, when the YAML does not say, to the roles acting on a step). Everyone else sees
 * initials in lists and "disembunyikan" elsewhere. A case on an older version follows the stricter of its own
 * version and the one in force (`canReadCase`, `stricterAccess`). Pure functions; the server applies them to
 * every view.
 */
import { fieldIndex } from './explain.ts';
import type { Field, Workflow } from './types.ts';

/**
 * The role that administers alur itself (accounts, SOP versions). It is no role of any service: a definition may
 * not declare it (definition/references.ts), so no YAML can open cases to the administrator.
 */
export const ADMINISTRATOR_ROLE = 'admin';

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

/**
 * The roles of staff who work or read this service: those acting on a step, reading its cases or identities, its
 * audit log or its report. A role declared but used by none of these (the public applicant, *Pemohon*, names who
 * the service is for, not an account) gives an account nothing, so it is not offered as a staff role.
 */
export function staffRoles(wf: Workflow): Set<string> {
  const roles = readerRoles(wf);
  for (const r of [...(wf.access?.sensitive ?? []), ...(wf.access?.audit ?? []), ...(wf.reports?.roles ?? [])]) roles.add(r);
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
  for (const [name, value] of Object.entries(data)) {
    const f = fields.get(name);
    out[name] = f?.sensitive ? HIDDEN : f?.type === 'group' && Array.isArray(value) ? value.map((row) => maskRow(f, row)) : value;
  }
  return out;
}

/** One row of a repeating group with its `sensitive` columns masked (a family member's NIK, not their relation). */
function maskRow(group: Field, row: unknown): unknown {
  if (!row || typeof row !== 'object') return row;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row as Record<string, unknown>)) out[k] = group.fields?.find((s) => s.name === k)?.sensitive ? HIDDEN : v;
  return out;
}

/** Whether a field's value must be hidden from these roles. */
export function isMasked(wf: Workflow, field: Field, roles: readonly string[]): boolean {
  return Boolean(field.sensitive) && !canSeeSensitive(wf, roles);
}

/** The intake fields that name a case: `access.subject`, or the required sensitive text fields of the intake form. */
export function subjectFields(wf: Workflow): Field[] {
  const intake = wf.steps.find((s) => s.id === wf.start)?.fields ?? [];
  const named = wf.access?.subject;
  return named ? named.flatMap((name) => intake.filter((f) => f.name === name)) : intake.filter((f) => f.sensitive && f.required && f.type === 'text');
}

/**
 * Names of the fields whose values are identities under any of `versions` (a field marked `sensitive` in one
 * counts for all): sensitive fields and repeating groups with a sensitive column. What encryption at rest seals.
 */
export function sensitiveNames(versions: readonly Workflow[]): Set<string> {
  const names = new Set<string>();
  for (const wf of versions) {
    for (const step of wf.steps) {
      for (const f of step.fields ?? []) if (f.sensitive || (f.type === 'group' && f.fields?.some((c) => c.sensitive))) names.add(f.name);
    }
  }
  return names;
}

/**
 * How a case is named in lists (inbox, case list): the intake fields `access.subject` names (by default the
 * required sensitive text fields of the intake form), as initials only, for every viewer, so a list on a screen
 * never shows a full name, and a name the YAML leaves out (a reporter's) not even as initials.
 */
export function listSubject(wf: Workflow, data: Record<string, unknown>): Array<{ label: string; initials: string }> {
  return subjectFields(wf)
    .filter((f) => typeof data[f.name] === 'string' && data[f.name] !== '')
    .map((f) => ({ label: f.label, initials: initials(data[f.name]) }));
}

/**
 * Whether `roles` may open a case that runs on version `pinned` and waits at step `current`, while `inForce` is
 * the version new cases take. A case keeps the procedure it started with, but who may read a child's case is
 * today's decision as much as yesterday's: a role must be a reader under both versions. Narrowing access (a role
 * taken off the service) thus closes the old cases to it at once, and widening it (a role added) opens only the
 * cases begun under the new rule, never the records collected before. The roles of the step the case waits at
 * may always open it, or the case could never finish on its own version; what they see of identities still
 * follows `stricterAccess`.
 */
export function canReadCase(pinned: Workflow, inForce: Workflow | undefined, roles: readonly string[], current: string | null | readonly string[]): boolean {
  // Several steps wait at once on parallel branches: the roles of any of them.
  const waitingAt = current === null ? [] : typeof current === 'string' ? [current] : current;
  for (const id of waitingAt) {
    const waiting = pinned.steps.find((s) => s.id === id);
    if (waiting && (Array.isArray(waiting.role) ? waiting.role : [waiting.role]).some((r) => roles.includes(r))) return true;
  }
  return canReadCases(pinned, roles) && (inForce === undefined || canReadCases(inForce, roles));
}

/**
 * The definition to show a case of version `pinned` with: the same steps and fields, but a field is `sensitive`
 * when either version says so, and only roles both versions let see sensitive values see them. Use it for
 * masking only; the engine runs the case on `pinned` itself.
 */
export function stricterAccess(pinned: Workflow, inForce: Workflow | undefined): Workflow {
  if (!inForce || inForce === pinned) return pinned;
  const laterSensitive = new Set([...fieldIndex(inForce).values()].flatMap((f) => [
    ...(f.sensitive ? [f.name] : []),
    ...(f.fields ?? []).filter((s) => s.sensitive).map((s) => `${f.name}.${s.name}`),
  ]));
  const stricter = (f: Field): Field => ({
    ...f,
    ...(laterSensitive.has(f.name) ? { sensitive: true } : {}),
    ...(f.fields ? { fields: f.fields.map((s) => (laterSensitive.has(`${f.name}.${s.name}`) ? { ...s, sensitive: true } : s)) } : {}),
  });
  const differs = (f: Field) => (!f.sensitive && laterSensitive.has(f.name)) || (f.fields ?? []).some((s) => !s.sensitive && laterSensitive.has(`${f.name}.${s.name}`));
  const allowed = sensitiveRoles(inForce);
  // A requirement whose copies the version in force treats as identities is treated so on old cases too.
  const laterSensitiveRequirements = new Set((inForce.requirements ?? []).filter((r) => r.sensitive).map((r) => r.id));
  return {
    ...pinned,
    requirements: (pinned.requirements ?? []).map((r) => (!r.sensitive && laterSensitiveRequirements.has(r.id) ? { ...r, sensitive: true } : r)),
    access: { ...pinned.access, sensitive: [...sensitiveRoles(pinned)].filter((r) => allowed.has(r)) },
    steps: pinned.steps.map((s) => (s.fields?.some(differs) ? { ...s, fields: s.fields.map((f) => (differs(f) ? stricter(f) : f)) } : s)),
  };
}

/** Whether `roles` may read the audit log: the administrator, or a role some service names in `access.audit`. */
export function canReadAudit(workflows: readonly Workflow[], roles: readonly string[]): boolean {
  if (roles.includes(ADMINISTRATOR_ROLE)) return true;
  return workflows.some((wf) => (wf.access?.audit ?? []).some((r) => roles.includes(r)));
}
