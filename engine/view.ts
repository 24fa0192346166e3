/**
 * What a viewer sees of a case: the one projection every output asks (case and task pages, the JSON API, the
 * printable document, the audit page, exports). Whether they may open it at all, which values are masked,
 * the case's data by the step that recorded it, its open tasks and deadlines with what the viewer may do about
 * them. Pure: the case, its definitions, the viewer and the time come in.
 */
import type { Attachment } from './attachments.ts';
import { canReadCase, canSeeSensitive, HIDDEN, listSubject, maskData, stricterAccess } from './access.ts';
import { deadlineStatus, mayMeet, type DeadlineState } from './deadlines.ts';
import { fieldIndex } from './explain.ts';
import { sentBack } from './returned.ts';
import { assignmentActions, mayWork, type AssignmentActions } from './assignment.ts';
import { openTasks, stepOf } from './tasks.ts';
import type { Actor, Case, Delegation, Field, HistoryEntry, StepNumber, Task, Workflow } from './types.ts';

/** Who is looking: a signed-in person, or nobody with roles (a printed page, a public letter check). */
export type Viewer = Pick<Actor, 'username' | 'roles'>;

/** A printed page or anything that leaves the office: no roles, so no identity. */
export const OUTSIDE: Viewer = { username: '-', roles: [] };

export interface ShownValue {
  field: Field | undefined;
  name: string;
  /** The stored value, or HIDDEN when masked for this viewer. */
  value: unknown;
  masked: boolean;
}

/** The values one completed step recorded, as this viewer may see them. */
export interface StepRecord {
  step: string;
  number: StepNumber;
  title: string;
  actor: string;
  role: string;
  at: string;
  values: ShownValue[];
}

export interface CaseView {
  /** The definition values are masked with: the case's own, as strict about identities as the version in force. */
  definition: Workflow;
  /** Whether the viewer's roles see `sensitive` values. */
  seesSensitive: boolean;
  /** Every value of the case, masked for the viewer. */
  data: Record<string, unknown>;
  /** The history, its recorded values masked like `data`. */
  history: HistoryEntry[];
  /** The data by the step that recorded it, in the order recorded. */
  records: StepRecord[];
  /** Whether some value shown is masked (the page says so). */
  masked: boolean;
  /** Initials naming the case; empty for a viewer who may not see identities. */
  subject: Array<{ label: string; initials: string }>;
  /**
   * The open tasks: `mayAct` whether the viewer may do it now (their role, and nobody else holds it; or as the
   * acting official of who may), `actions` what they may do about who holds it.
   */
  tasks: Array<Task & { mayAct: boolean; actions: AssignmentActions; summary: ShownValue[]; returned?: Returned }>;
  deadlines: Array<DeadlineState & { stepTitle: string; mayMeet: boolean; metLabel?: string }>;
  /** The case's attachments (when given), each with its file only if the viewer may see it. */
  attachments: ShownAttachment[];
}

/** An attachment of a case as a viewer sees it: where it belongs, and the file itself unless masked. */
export interface ShownAttachment {
  id?: string;
  field?: string;
  step?: string;
  requirement?: string;
  /** A copy of a `sensitive` field or requirement, hidden from this viewer: not even its name is shown. */
  masked: boolean;
  file?: Attachment;
}

/**
 * Whether `viewer` may see (and download) attachment `a` under `definition` (already the stricter one): the same
 * rule as a field's value. A copy of a `sensitive` field or requirement is for the roles that see identities; one
 * whose field or requirement the definition no longer knows is treated as sensitive.
 */
export function attachmentShown(definition: Workflow, viewer: Viewer, a: Pick<Attachment, 'field' | 'requirement'>): boolean {
  if (canSeeSensitive(definition, viewer.roles)) return true;
  if (a.field !== undefined) {
    const f = fieldIndex(definition).get(a.field);
    return f !== undefined && !f.sensitive;
  }
  if (a.requirement !== undefined) {
    const r = (definition.requirements ?? []).find((x) => x.id === a.requirement);
    return r !== undefined && !r.sensitive;
  }
  return false;
}

/** Attachments of a case as `viewer` sees them under `definition` (already the stricter one). */
export function shownAttachments(definition: Workflow, viewer: Viewer, attachments: readonly Attachment[]): ShownAttachment[] {
  return attachments.map((a) => {
    const where = { ...(a.field ? { field: a.field } : {}), ...(a.step ? { step: a.step } : {}), ...(a.requirement ? { requirement: a.requirement } : {}) };
    return attachmentShown(definition, viewer, a) ? { id: a.id, ...where, masked: false, file: a } : { ...where, masked: true };
  });
}

/** A task whose step was done before and came back: who sent it back, from which step, why, and what they wrote. */
export interface Returned {
  step: string;
  number: StepNumber;
  title: string;
  actor: string;
  role: string;
  at: string;
  /** The reason of the branch that sent the case back (engine/guards.ts), when a branch decided it. */
  reason?: string;
  /** The values the sending step recorded, masked for the viewer. */
  values: ShownValue[];
}

/**
 * Whether `viewer` may open case `c` (pinned to `pinned`, while `inForce` is the version new cases take): a reader
 * under both versions, or a role of a step the case waits at (access.ts canReadCase says why).
 */
export function mayOpen(pinned: Workflow, inForce: Workflow | undefined, c: Case, viewer: Viewer): boolean {
  if (canReadCase(pinned, inForce, viewer.roles, null)) return true;
  return openTasks(pinned, c).some((t) => t.roles.some((r) => viewer.roles.includes(r)));
}

/** The value of field `name` as `viewer` may see it under `definition` (already the stricter one). */
export function shownValue(definition: Workflow, viewer: Viewer, name: string, value: unknown, fields = fieldIndex(definition)): ShownValue {
  const field = fields.get(name);
  if (field?.type === 'group' && Array.isArray(value) && !canSeeSensitive(definition, viewer.roles)) {
    // A repeating group: each sensitive column of each row masked on its own.
    const rows = maskData(definition, { [name]: value }, viewer.roles)[name];
    return { field, name, value: rows, masked: Boolean(field.fields?.some((s) => s.sensitive)) && value.length > 0 };
  }
  const masked = Boolean(field?.sensitive) && !canSeeSensitive(definition, viewer.roles);
  return { field, name, value: masked ? HIDDEN : value, masked };
}

/** Values of `data` masked for `viewer`: sensitive values become HIDDEN unless the viewer's roles may see them. */
export function maskValues(definition: Workflow, viewer: Viewer, data: Record<string, unknown>): Record<string, unknown> {
  return maskData(definition, data, viewer.roles);
}

/** The projection of case `c` for `viewer` at `now`. Call only for a viewer who may open it (mayOpen). */
export function viewCase(input: {
  pinned: Workflow;
  inForce?: Workflow;
  case: Case;
  viewer: Viewer;
  now: Date;
  attachments?: readonly Attachment[];
  /** The delegations recorded (acting officials): who may do a task assigned to an official. */
  delegations?: readonly Delegation[];
}): CaseView {
  const { pinned, case: c, viewer, now } = input;
  const definition = stricterAccess(pinned, input.inForce);
  const seesSensitive = canSeeSensitive(definition, viewer.roles);
  const fields = fieldIndex(definition);
  const records: StepRecord[] = [];
  let masked = false;
  for (const e of c.history) {
    if (e.type !== 'completed') continue;
    const step = stepOf(definition, e.step);
    if (!step) continue;
    const values: ShownValue[] = [];
    for (const f of step.fields ?? []) {
      // A hidden computed value serves checks and guards; no page shows it.
      if (!(f.name in e.data) || f.hidden) continue;
      const v = shownValue(definition, viewer, f.name, e.data[f.name], fields);
      masked ||= v.masked;
      values.push(v);
    }
    records.push({ step: step.id, number: step.number, title: step.title, actor: e.actor, role: e.role, at: e.at, values });
  }
  const history = c.history.map((e) =>
    e.type === 'completed'
      ? { ...e, data: maskValues(definition, viewer, e.data), ...(e.before ? { before: maskValues(definition, viewer, e.before) } : {}) }
      : e,
  );
  const actor: Actor = { username: viewer.username, roles: [...viewer.roles] };
  const attachments = shownAttachments(definition, viewer, input.attachments ?? []);
  masked ||= attachments.some((a) => a.masked);
  return {
    definition,
    seesSensitive,
    data: maskValues(definition, viewer, c.data),
    history,
    records,
    masked,
    subject: seesSensitive ? listSubject(definition, c.data) : [],
    tasks: openTasks(pinned, c).map((t) => {
      const step = stepOf(pinned, t.step);
      const returned = returnedTask(definition, c, t, viewer, fields);
      return {
        ...t,
        mayAct: step !== undefined && mayWork(pinned, t, actor, input.delegations ?? [], now).ok,
        actions: assignmentActions(pinned, t, actor, input.delegations ?? [], now),
        summary: (step?.summary ?? []).filter((n) => n in c.data).map((n) => shownValue(definition, viewer, n, c.data[n], fields)),
        ...(returned ? { returned } : {}),
      };
    }),
    deadlines: deadlineStatus(c, now).map((d) => {
      const step = stepOf(pinned, d.step);
      const rule = step?.deadlines?.find((r) => r.id === d.id);
      return {
        ...d,
        stepTitle: step?.title ?? d.step,
        mayMeet: mayMeet(pinned, c, d, actor),
        ...(rule?.metLabel ? { metLabel: rule.metLabel } : {}),
      };
    }),
    attachments,
  };
}

/**
 * When task `t` opens a step the case already went through (sent back by a later step, as the Sekretaris returns
 * a response to the Kepala UPTD PPA): the completion that sent it back, its branch reason and its values.
 */
function returnedTask(definition: Workflow, c: Case, t: Task, viewer: Viewer, fields: Map<string, Field>): Returned | undefined {
  const back = sentBack(definition, c, t);
  if (!back) return undefined;
  const { from: step, completed: sent, guard } = back;
  const values = (step.fields ?? []).filter((f) => f.name in sent.data && !f.hidden).map((f) => shownValue(definition, viewer, f.name, sent.data[f.name], fields));
  return { step: step.id, number: step.number, title: step.title, actor: sent.actor, role: sent.role, at: sent.at, ...(guard ? { reason: guard.chosen.reason } : {}), values };
}

/** Whether the case holds a value of some `sensitive` field (a view of it shows an identity when unmasked). */
export function holdsIdentity(definition: Workflow, c: Case): boolean {
  const fields = fieldIndex(definition);
  return Object.entries(c.data).some(([name, v]) => {
    const f = fields.get(name);
    if (f?.type === 'group') return Array.isArray(v) && v.length > 0 && Boolean(f.fields?.some((s) => s.sensitive));
    return f?.sensitive && v !== undefined && v !== null && v !== '';
  });
}
