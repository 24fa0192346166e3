/**
 * The outline of a service as the structured editor shows it, read from the YAML text even while the draft has
 * errors elsewhere: header, requirements, roles, steps with their form fields, branches and deadlines, and
 * the pickers' choices (facts for conditions, durations split into a number and a unit).
 */
import { checklistOf } from '../../changes/checklist.ts';
import { flowText } from './render.ts';
import { dataOf } from './source.ts';

export type DurationUnit = 'menit' | 'jam' | 'hari' | 'minggu';

export interface DurationView {
  iso: string;
  /** Set when the duration is one number of one unit (PT72H, P2D): the editor shows a number and a unit. */
  amount?: number;
  unit?: DurationUnit;
}

export interface ClauseView {
  fact: string;
  operator: string;
  /** As typed in the editor: a list joined with commas. */
  value: string;
}

export interface ConditionView {
  /** A single test or one `all`/`any` list of tests: editable row by row. */
  editable: boolean;
  mode: 'all' | 'any';
  clauses: ClauseView[];
  /** The condition on one line, for conditions the rows cannot show (nested `not`, `any` inside `all`…). */
  text?: string;
}

export interface FieldView {
  name: string;
  label: string;
  type: string;
  required: boolean;
  sensitive: boolean;
  section: string;
  help: string;
  options: Array<{ value: string; label: string }>;
  when?: ConditionView;
  /** Settings the form does not show, kept as written (`pattern`, `maxLength`…). */
  advanced: string[];
}

export interface BranchView {
  /** `step:ID` or `end:OUTCOME`. */
  target: string;
  label: string;
  when?: ConditionView;
}

export interface DeadlineView {
  id: string;
  label: string;
  duration: DurationView;
  calendar: string;
  blocking: boolean;
  /** `opened`: the clock starts when the step opens and is met by completing it. */
  starts: 'completed' | 'opened';
  endsWithCase: boolean;
  metLabel: string;
  when?: ConditionView;
}

export interface StepView {
  id: string;
  number: string;
  title: string;
  roles: string[];
  description: string;
  fields: FieldView[];
  branches: BranchView[];
  deadlines: DeadlineView[];
  /** What the step's route can be edited as: false when `next` is written in a shape the rows cannot hold. */
  routeEditable: boolean;
}

export interface FactView {
  name: string;
  label: string;
  type: string;
  options: Array<{ value: string; label: string }>;
  /** Number of the step whose form holds the field. */
  step: string;
}

/** The intake form's list of documents received, matched against the requirements. */
export interface ChecklistView {
  step: string;
  stepNumber: string;
  field: string;
  label: string;
  /** Requirements with no option in that list. */
  missing: Array<{ id: string; text: string }>;
}

export interface OutlineView {
  id: string;
  title: string;
  description: string;
  service: Record<'agency' | 'government' | 'address' | 'phone' | 'email' | 'website', string>;
  decree: { number: string; title: string; effective: string };
  requirements: Array<{ id: string; text: string }>;
  roles: Array<{ id: string; title: string }>;
  access: { read: string[]; sensitive: string[]; subject: string[] };
  completion: { text: string; duration: DurationView; calendar: string };
  fee: string;
  products: string[];
  complaints: { text: string; channels: Array<{ channel: string; label: string; value: string }> };
  outcomes: Array<{ id: string; label: string; product: boolean }>;
  start: string;
  steps: StepView[];
  facts: FactView[];
  checklist?: ChecklistView;
  /** The office calendar in one sentence (edited in the YAML text). */
  calendar?: string;
}

export type OutlineResult = { ok: true; outline: OutlineView } | { ok: false; message: string };

type Rec = Record<string, unknown>;
const isRecord = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '');
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const records = (v: unknown): Rec[] => list(v).filter(isRecord);
const strings = (v: unknown): string[] => (typeof v === 'string' ? [v] : list(v).map(str).filter(Boolean));

const UNITS: Array<[RegExp, DurationUnit]> = [
  [/^PT(\d+)M$/, 'menit'],
  [/^PT(\d+)H$/, 'jam'],
  [/^P(\d+)D$/, 'hari'],
  [/^P(\d+)W$/, 'minggu'],
];

/** A duration as the editor shows it. */
export function durationView(iso: unknown): DurationView {
  const text = str(iso);
  for (const [re, unit] of UNITS) {
    const m = re.exec(text);
    if (m) return { iso: text, amount: Number(m[1]), unit };
  }
  return { iso: text };
}

/** The ISO-8601 duration of a number and a unit. */
export function isoDuration(amount: number, unit: DurationUnit): string {
  return unit === 'menit' ? `PT${amount}M` : unit === 'jam' ? `PT${amount}H` : unit === 'minggu' ? `P${amount}W` : `P${amount}D`;
}

const valueText = (v: unknown): string => (Array.isArray(v) ? v.map(str).join(', ') : str(v));

function leaf(c: unknown): ClauseView | undefined {
  if (!isRecord(c) || typeof c.fact !== 'string' || typeof c.operator !== 'string' || 'path' in c) return undefined;
  if (isRecord(c.value)) return undefined;
  return { fact: c.fact, operator: c.operator, value: valueText(c.value) };
}

/** A condition as rows (fact, operator, value) when it is that simple; else as one line of YAML. */
export function conditionView(c: unknown): ConditionView | undefined {
  if (c === undefined || c === null) return undefined;
  const single = leaf(c);
  if (single) return { editable: true, mode: 'all', clauses: [single] };
  if (isRecord(c) && Object.keys(c).length === 1 && (Array.isArray(c.all) || Array.isArray(c.any))) {
    const mode = Array.isArray(c.all) ? 'all' : 'any';
    const clauses = (c[mode] as unknown[]).map(leaf);
    if (clauses.every((x): x is ClauseView => x !== undefined)) return { editable: true, mode, clauses };
  }
  return { editable: false, mode: 'all', clauses: [], text: flowText(c) };
}

function fieldView(f: Rec): FieldView {
  const shown = new Set(['name', 'label', 'type', 'required', 'sensitive', 'section', 'help', 'options', 'when']);
  return {
    name: str(f.name),
    label: str(f.label),
    type: str(f.type),
    required: f.required === true,
    sensitive: f.sensitive === true,
    section: str(f.section),
    help: str(f.help),
    options: records(f.options).map((o) => ({ value: str(o.value), label: str(o.label) })),
    when: conditionView(f.when),
    advanced: Object.keys(f).filter((k) => !shown.has(k)),
  };
}

function branchesOf(s: Rec): { branches: BranchView[]; editable: boolean } {
  if (typeof s.next === 'string') return { branches: [{ target: `step:${s.next}`, label: '' }], editable: s.end === undefined };
  if (Array.isArray(s.next)) {
    const branches = records(s.next).map((b) => ({
      target: typeof b.to === 'string' ? `step:${b.to}` : typeof b.end === 'string' ? `end:${b.end}` : '',
      label: str(b.label),
      when: conditionView(b.when),
    }));
    return { branches, editable: branches.length === s.next.length && s.end === undefined };
  }
  if (typeof s.end === 'string') return { branches: [{ target: `end:${s.end}`, label: '' }], editable: true };
  return { branches: [], editable: s.next === undefined };
}

function stepView(s: Rec): StepView {
  const { branches, editable } = branchesOf(s);
  return {
    id: str(s.id),
    number: str(s.number),
    title: str(s.title),
    roles: strings(s.role),
    description: str(s.description),
    fields: records(s.fields).map(fieldView),
    branches,
    deadlines: records(s.deadlines).map((d) => ({
      id: str(d.id),
      label: str(d.label),
      duration: durationView(d.duration),
      calendar: str(d.calendar) || 'calendar',
      blocking: d.blocking === true,
      starts: d.starts === 'opened' ? 'opened' : 'completed',
      endsWithCase: d.endsWithCase === true,
      metLabel: str(d.metLabel),
      when: conditionView(d.when),
    })),
    routeEditable: editable,
  };
}

function checklistView(o: Pick<OutlineView, 'steps' | 'start' | 'requirements'>): ChecklistView | undefined {
  const c = checklistOf(o);
  return c && { step: c.step.id, stepNumber: c.step.number, field: c.field.name, label: c.field.label, missing: c.missing };
}

const DAYS = ['', 'Senin', 'Selasa', 'Rabu', 'Kamis', 'Jumat', 'Sabtu', 'Minggu'];

function calendarText(c: unknown): string | undefined {
  if (!isRecord(c)) return undefined;
  const days = list(c.workdays).map((d) => DAYS[Number(d)] ?? str(d)).join(', ');
  const hours = isRecord(c.hours) ? `${str(c.hours.start)}-${str(c.hours.end)}` : '';
  return `Hari kerja ${days || '-'}, jam ${hours || '-'} (${str(c.timezone) || 'zona waktu tidak ditulis'}); ${list(c.holidays).length} hari libur tercatat.`;
}

/** The outline of a YAML text; refused (with a message) only when the text cannot be read as YAML at all. */
export function outlineOf(text: string): OutlineResult {
  let v: unknown;
  try {
    v = dataOf(text);
  } catch {
    v = undefined;
  }
  if (v === undefined) return { ok: false, message: 'Teks YAML belum dapat dibaca; perbaiki kesalahan penulisannya di teks, lalu formulir tampil lagi.' };
  if (!isRecord(v)) return { ok: false, message: 'Isi teks bukan definisi layanan (pasangan kunci: nilai).' };
  const service = isRecord(v.service) ? v.service : {};
  const decree = isRecord(v.decree) ? v.decree : {};
  const completion = isRecord(v.completion) ? v.completion : {};
  const complaints = isRecord(v.complaints) ? v.complaints : {};
  const access = isRecord(v.access) ? v.access : {};
  const steps = records(v.steps).map(stepView);
  const outline: OutlineView = {
    id: str(v.id),
    title: str(v.title),
    description: str(v.description),
    service: {
      agency: str(service.agency),
      government: str(service.government),
      address: str(service.address),
      phone: str(service.phone),
      email: str(service.email),
      website: str(service.website),
    },
    decree: { number: str(decree.number), title: str(decree.title), effective: str(decree.effective) },
    requirements: records(v.requirements).map((r) => ({ id: str(r.id), text: str(r.text) })),
    roles: isRecord(v.roles) ? Object.entries(v.roles).map(([id, title]) => ({ id, title: str(title) })) : [],
    access: { read: strings(access.read), sensitive: strings(access.sensitive), subject: strings(access.subject) },
    completion: { text: str(completion.text), duration: durationView(completion.duration), calendar: str(completion.calendar) || 'calendar' },
    fee: str(v.fee),
    products: strings(v.products),
    complaints: { text: str(complaints.text), channels: records(complaints.channels).map((c) => ({ channel: str(c.channel), label: str(c.label), value: str(c.value) })) },
    outcomes: records(v.outcomes).map((o) => ({ id: str(o.id), label: str(o.label), product: o.product === true })),
    start: str(v.start),
    steps,
    facts: steps.flatMap((s) => s.fields.map((f) => ({ name: f.name, label: f.label, type: f.type, options: f.options, step: s.number }))),
    calendar: calendarText(v.calendar),
  };
  outline.checklist = checklistView(outline);
  return { ok: true, outline };
}
