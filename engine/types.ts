/** The shapes shared by every part of alur: a workflow definition as written in YAML, and a case run through it. */

import type { PublicIntake, ReportsSection, StandardSection } from './report/types.ts';

// ---------------------------------------------------------------------------
// Workflow definition (one YAML file per service; see workflows/schema.json)
// ---------------------------------------------------------------------------

/** A json-rules-engine condition tree as written in YAML (all / any / not / fact-operator-value). */
export type Condition =
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  | { fact: string; operator: string; value: unknown; path?: string };

export type FieldType =
  | 'text'
  | 'textarea'
  | 'number'
  | 'date'
  | 'datetime'
  | 'select'
  | 'radio'
  | 'checkbox'
  | 'multiselect'
  | 'file';

export interface FieldOption {
  value: string;
  label: string;
}

/** One input of a form. `name` is also the fact name guards use. */
export interface Field {
  name: string;
  label: string;
  type: FieldType;
  required?: boolean;
  /** Identifies a child or a reporter: masked for roles that do not need it, never published. */
  sensitive?: boolean;
  help?: string;
  /** Starts a titled group of the form with this field ("Identitas anak"): long forms read in parts. */
  section?: string;
  /**
   * The value the form starts with: an option value, a number, true/false, a list for a multiselect, or
   * `today` (date) / `now` (datetime) for the moment the form is opened, in the office's time zone.
   */
  default?: string | number | boolean | string[];
  options?: FieldOption[];
  /** number: bounds; text/textarea: length bounds. */
  min?: number;
  max?: number;
  minLength?: number;
  maxLength?: number;
  /** text only: a regular expression the whole value must match, with its explanation. */
  pattern?: string;
  patternMessage?: string;
  /** The field is shown and required only when this condition holds over the data entered so far. */
  when?: Condition;
}

/** Where a step goes next: the first branch whose `when` holds (a branch without `when` always holds). */
export interface Branch {
  /** A step id, or omitted together with `end` to close the case. */
  to?: string;
  /** Closes the case with this outcome id (declared under `outcomes`). */
  end?: string;
  when?: Condition;
  /** Indonesian clause completing "…, maka <label>", e.g. "laporan divalidasi Kepala UPTD PPA". */
  label?: string;
}

/**
 * A clock a step starts, optionally only when `when` holds: when the step is completed (the default: "documents
 * within 3x24 hours of the check") or when it opens (`starts: opened`: "the assessment within 2 working days").
 */
export interface DeadlineRule {
  id: string;
  label: string;
  /** ISO-8601 duration: P1D, PT72H, P3DT4H… */
  duration: string;
  /** `calendar` counts every hour; `working` counts only the office calendar's working time. */
  calendar?: 'calendar' | 'working';
  when?: Condition;
  /** false: the case goes on while the clock runs (the case is never held up by it). Default false. */
  blocking?: boolean;
  /**
   * `completed` (default): the clock starts when the step is completed, and is met by the action `metLabel`.
   * `opened`: it starts when the step opens and is met when the step is completed (or earlier by `metLabel`).
   */
  starts?: 'completed' | 'opened';
  /** Label of the action that meets the deadline, e.g. "Dokumen susulan diterima". */
  metLabel?: string;
  /** Role(s) that may record `metLabel`; default: the step's role(s). */
  metBy?: string | string[];
  /**
   * true: when the case closes, the clock ends with it (neither met nor late). Default false: a deadline that
   * outlives its case stays open until met (documents handed in after the response was given).
   */
  endsWithCase?: boolean;
}

export interface Step {
  id: string;
  /** The number of the step in the published standard. */
  number: number;
  title: string;
  /** The text of the standard for this step, shown on the task and on the public page. */
  description?: string;
  /** Role id(s) allowed to complete the step. */
  role: string | string[];
  fields?: Field[];
  /** A step id, or branches tried in order. Omitted on a step that ends the case: use `end`. */
  next?: string | Branch[];
  end?: string;
  deadlines?: DeadlineRule[];
}

export interface Requirement {
  id: string;
  text: string;
}

export interface ComplaintChannel {
  channel: 'email' | 'facebook' | 'instagram' | 'website' | 'whatsapp' | 'telepon' | 'lainnya';
  label: string;
  value: string;
}

export interface Outcome {
  id: string;
  label: string;
  /** Whether the outcome delivers the service's product (the printable document). */
  product?: boolean;
}

export interface OfficeCalendar {
  /** IANA time zone of the office, e.g. Asia/Jakarta. */
  timezone: string;
  /** ISO weekday numbers (1 = Senin … 7 = Minggu). */
  workdays: number[];
  /** Office hours, "HH:MM". */
  hours: { start: string; end: string };
  /** Public holidays and collective leave, "YYYY-MM-DD". */
  holidays?: Array<string | { date: string; name?: string }>;
}

export interface Workflow {
  id: string;
  title: string;
  version: number;
  service: {
    agency: string;
    government: string;
    address: string;
    phone?: string;
    email?: string;
    website?: string;
    /** Kabupaten / office logo text etc. are not needed: the header is text. */
  };
  decree: { number: string; effective?: string; title?: string };
  description?: string;
  requirements: Requirement[];
  roles: Record<string, string>;
  /** Who may read cases beyond the roles that act on them, and who may see `sensitive` values. */
  access?: {
    read?: string[];
    sensitive?: string[];
    /**
     * Roles that may read the audit log (who did what when) of this service, besides the administrator; the values
     * recorded there follow `read` and `sensitive` like everywhere else.
     */
    audit?: string[];
    /**
     * Intake fields (sensitive text) by which lists (inbox, case list) name a case, as initials, e.g. [anak_nama].
     * Default: every required sensitive text field of the intake form.
     */
    subject?: string[];
  };
  completion: { text: string; duration: string; calendar?: 'calendar' | 'working' };
  fee: string;
  products: string[];
  complaints: { text?: string; channels: ComplaintChannel[] };
  calendar?: OfficeCalendar;
  outcomes: Outcome[];
  /** The first step: its fields are the intake form that starts a case. */
  start: string;
  steps: Step[];
  /** Statistics of the service (engine/report): who reads them, dimensions, cross-tables, small-count threshold. */
  reports?: ReportsSection;
  /** The standard's other components (Permenpan RB 15/2014) and the service pledge, for the public page. */
  standard?: StandardSection;
  /** The public may start a case from a form on the service pages (a complaint), without an account. */
  publicIntake?: PublicIntake;
}

// ---------------------------------------------------------------------------
// Cases
// ---------------------------------------------------------------------------

export interface Actor {
  username: string;
  roles: string[];
  name?: string;
}

export interface WorkflowRef {
  id: string;
  version: number;
  /** sha256 of the canonical definition: a case always finishes on exactly the definition it started on. */
  hash: string;
}

/** One step open on a case, as stored (several at once on parallel branches). */
export interface CaseTask {
  /** Unique within the case: "t1", "t2"… */
  id: string;
  step: string;
  openedAt: string;
  /** Username the task is assigned to or claimed by. */
  assignee?: string;
  /** The parallel branch the task belongs to, when it does. */
  branch?: string;
}

/** An open task as readers see it (engine/tasks.ts openTasks): the stored task with its step and due time. */
export interface Task {
  /** The CaseTask id. */
  id: string;
  step: string;
  number: number;
  title: string;
  roles: string[];
  openedAt: string;
  /** The task's own deadline's due time when one runs (`starts: opened`), else the case's completion deadline. */
  due?: string;
  /** Id and label of the deadline `due` comes from. */
  deadline?: string;
  dueLabel?: string;
  /** Username the task is assigned to or claimed by. */
  assignee?: string;
  branch?: string;
}

export interface CaseDeadline {
  id: string;
  label: string;
  step: string;
  startedAt: string;
  due: string;
  blocking: boolean;
  /** Met: when, and by whom (absent for the completion deadline, met by closing the case). */
  metAt?: string;
  metBy?: string;
  /** The step was done again (a loop) and a new clock replaced this one: neither met nor late. */
  supersededAt?: string;
  /** Ended without being met: the case closed (`endsWithCase`) or the task it ran for was withdrawn. */
  endedAt?: string;
  /** The task a deadline that started with a step's opening runs for. */
  task?: string;
}

export interface GuardEvaluation {
  /** The branch's target step or outcome. */
  to?: string;
  end?: string;
  result: boolean;
  /** Indonesian, for a case worker: "Saluran laporan: Tidak langsung, maka laporan divalidasi Kepala UPTD PPA". */
  reason: string;
}

export type HistoryEntry =
  | { type: 'started'; at: string; actor: string; step: string }
  | {
      type: 'completed';
      at: string;
      actor: string;
      role: string;
      step: string;
      data: Record<string, unknown>;
      /** Values these fields held before the step (only names that changed). */
      before?: Record<string, unknown>;
    }
  | { type: 'guard'; at: string; step: string; evaluations: GuardEvaluation[]; chosen: GuardEvaluation }
  | { type: 'deadline'; at: string; deadline: string; label: string; due: string; step: string }
  /** `task`: met by completing that task (its step), not by an action of its own. */
  | { type: 'deadline-met'; at: string; actor: string; deadline: string; label: string; step: string; task?: string }
  | { type: 'deadline-superseded'; at: string; deadline: string; label: string; step: string }
  | { type: 'deadline-ended'; at: string; deadline: string; label: string; step: string; reason: 'case-closed' | 'task-withdrawn' }
  /** A task opened at `to` (the step the case moved to); `task` is absent on cases stored before tasks existed. */
  | { type: 'moved'; at: string; from: string; to: string; task?: string; branch?: string }
  | { type: 'closed'; at: string; outcome: string; label: string };

export interface Case {
  id: string;
  workflow: WorkflowRef;
  status: 'open' | 'closed';
  outcome?: string;
  /** Every value entered so far, by field name (the facts guards read). */
  data: Record<string, unknown>;
  /**
   * The open tasks (empty once closed). Absent on cases stored before tasks existed: read them through
   * engine/tasks.ts `tasksOf` / `openTasks`, never directly.
   */
  tasks?: CaseTask[];
  /** Derived, for old readers: the first open task's step, or null. New code uses `openTasks`. */
  current: string | null;
  createdAt: string;
  updatedAt: string;
  closedAt?: string;
  createdBy: string;
  deadlines: CaseDeadline[];
  history: HistoryEntry[];
  /** Increases by one on every change: optimistic concurrency. */
  rev: number;
}

/** Something the engine computed that the edges may want to act on (notify, audit). */
export type EngineEvent = HistoryEntry;

/** Why an action was refused; the server maps `code` to an HTTP status. */
export interface Refusal {
  code: 'forbidden' | 'not_open' | 'invalid' | 'closed' | 'stale' | 'wrong_workflow';
  /** Indonesian, shown to the person. */
  message: string;
  /** Field name → Indonesian message, for `invalid`. */
  fields?: Record<string, string>;
}

export type Result<T> = { ok: true; value: T } | { ok: false; refusal: Refusal };
