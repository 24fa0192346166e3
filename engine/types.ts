/** The shapes shared by every part of alur: a workflow definition as written in YAML, and a case run through it. */

import type { AttachmentSettings } from './attachments.ts';
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
  | 'file'
  /** A repeating group: rows of the sub-fields in `fields` (family members, several children in one report). */
  | 'group';

export interface FieldOption {
  value: string;
  label: string;
}

/**
 * A value computed from other fields (no second rule language: a few named calculations). Operands are field
 * names, `today` (the office's date at the moment of the action) or, in `sum`, `group.column` of a repeating group.
 */
export type Expression =
  /** Full years from the date in field `age` to the date `at` (a field, or today when omitted). */
  | { age: string; at?: string }
  /** Whole days from the first date to the second. */
  | { daysBetween: [string, string] }
  /** The sum of number fields (or of a repeating group's number column, `anggota.penghasilan`). */
  | { sum: string[] }
  /** The number of rows of a repeating group. */
  | { count: string }
  /** The first number minus the second. */
  | { difference: [string, string] };

/** How a text or number input is typed on a phone; never guessed from the field's name. */
export type InputMode = 'text' | 'numeric' | 'decimal' | 'tel' | 'email' | 'url';

/**
 * One input of a form. `name` is also the fact name guards use. A `file` field is an upload: its value is the
 * list of the attachments' ids; `accept`, `maxMB`, `multiple` and `capture` (AttachmentSettings) say what it takes.
 */
export interface Field extends AttachmentSettings {
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
  /** group: the fields of one row (no groups inside, no `when`, no `compute`); names are unique within the group. */
  fields?: Field[];
  /** group: the label of the button that adds a row ("Tambah anggota keluarga"). */
  addLabel?: string;
  /** number: bounds; date and datetime: the earliest / latest day, "YYYY-MM-DD" or `today`; group: rows. */
  min?: number | string;
  max?: number | string;
  minLength?: number;
  maxLength?: number;
  /** text only: a regular expression the whole value must match, with its explanation. */
  pattern?: string;
  patternMessage?: string;
  /** The field is shown and required only when this condition holds over the data entered so far. */
  when?: Condition;
  /** text and number: the keyboard a phone shows (a NIK: numeric; a telephone number: tel). */
  inputmode?: InputMode;
  /** The value is computed (type number), shown but not typed, and stored with the step. */
  compute?: Expression;
  /** A computed value used only by checks and guards: neither shown on the form nor on the case. */
  hidden?: boolean;
}

/** A rule over several fields of a step's form, with the message shown when it does not hold. */
export interface Check {
  /** Must hold; a check whose fields are not (all) filled in does not apply. */
  rule: Condition;
  /** Indonesian, beside the field: "Tanggal lahir dan perkiraan usia tidak sesuai." */
  message: string;
  /** The field the message is shown at; default the first field of the form the rule reads. */
  field?: string;
}

/** A priority a case takes when its condition holds (the first rule that holds wins). */
export interface PriorityRule {
  /** Higher is more urgent. */
  value: number;
  /** Shown on a badge: "Darurat". */
  label: string;
  when: Condition;
  /**
   * A shorter clock the case gets when it first takes this priority ("a first response within 6 hours"): it runs
   * for every open task until one of the steps `until` names is completed, and ends with the case.
   */
  deadline?: PriorityDeadline;
}

/** The deadline of a priority (see PriorityRule.deadline). */
export interface PriorityDeadline {
  /** Unique among the service's deadline ids. */
  id: string;
  label: string;
  duration: string;
  calendar?: 'calendar' | 'working';
  /** Step ids: the deadline is met when the first of them is completed. */
  until: string[];
}

/** Where a step goes next: the first branch whose `when` holds (a branch without `when` always holds). */
export interface Branch {
  /** A step id, or omitted together with `end` to close the case. */
  to?: string;
  /** Closes the case with this outcome id (declared under `outcomes`). */
  end?: string;
  /**
   * Opens these steps at once, each a branch with its own role, form and deadlines; they meet again at `join`
   * (every branch that reaches it waits there until `wait` is satisfied).
   */
  parallel?: string[];
  /** The step the parallel branches meet at. */
  join?: string;
  /** `all` (default): the join opens once every branch arrived; `any`: at the first arrival, the others are withdrawn. */
  wait?: 'all' | 'any';
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
  /** Reminders and escalation of this clock (its step's, or the service's, otherwise). */
  notify?: NotifyRule;
  /**
   * true: when the case closes, the clock ends with it (neither met nor late). Default false: a deadline that
   * outlives its case stays open until met (documents handed in after the response was given).
   */
  endsWithCase?: boolean;
}

/** How a message reaches staff: in the app, by e-mail, or over the office's WhatsApp/SMS gateway (HTTP). */
export type NotificationChannel = 'inapp' | 'email' | 'gateway';

/** After a due time has passed by `after`, these roles are told too (escalation). */
export interface EscalationLevel {
  /** ISO-8601 duration after the due time; PT0S: at once. */
  after: string;
  roles: string[];
}

/** Whom a step's or a deadline's clock tells, and when (each key left out keeps the service's setting). */
export interface NotifyRule {
  /** Tell the step's roles (or the named account the task is assigned to) when a task arrives. */
  arrival?: boolean;
  /** Reminders before the due time: durations before it, e.g. [PT2H]. */
  remind?: string[];
  /** Tell them again once the due time has passed. */
  overdue?: boolean;
  /** After the due time: tell other roles, level by level. */
  escalate?: EscalationLevel[];
}

/** A service's notifications (engine/notifications.ts): the channels, and the rules every step takes by default. */
export interface NotificationSettings extends NotifyRule {
  /** Default [inapp]. */
  channels?: NotificationChannel[];
}

/** A step number as the decree writes it: 3, "3a", "3.1". */
export type StepNumber = number | string;

export interface Step {
  id: string;
  /**
   * The number of the step in the published standard, as the decree writes it: 3, or "3a", or "3.1" for a
   * sub-step of step 3 (listed and drawn inside it). The order of steps follows these numbers (engine/order.ts).
   */
  number: StepNumber;
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
  /** Cross-field rules the step's form must satisfy. */
  checks?: Check[];
  /**
   * What the official of this step reads first, above the form: the fields of earlier steps (names) that let them
   * judge the case without its identities (a non-identifying summary for a role that may not see them).
   */
  summary?: string[];
  /**
   * While this step waits (e.g. for the applicant to bring a missing document), the completion clock stands
   * still; the time it stood still is added to the completion deadline when the step is done.
   */
  pausesClock?: boolean;
  /** Notifications of this step's tasks (the service's `notifications`, otherwise). */
  notify?: NotifyRule;
}

/**
 * A requirement of the standard ("Fotocopy KTP / KK"). With `attach`, a copy of it can be uploaded at intake or
 * later on the case page (several files; `accept`, `maxMB`, `capture` as for a file field); `sensitive` shows
 * those copies only to the roles that see identities.
 */
export interface Requirement extends AttachmentSettings {
  id: string;
  text: string;
  attach?: boolean;
  sensitive?: boolean;
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
  /** The official letter this outcome issues (numbered, signed, verifiable); engine/letter.ts composes it. */
  letter?: LetterRule;
}

/** An outcome's product as a letter: what it says, who signs it, how it is numbered. */
export interface LetterRule {
  /** Names the letter's yearly number sequence; two outcomes issuing the same letter share it. Default: the outcome id. */
  id?: string;
  /** e.g. "Respon Kasus". */
  title: string;
  /** Letter number: `{seq}` (required), `{year}`, `{month}` (Roman numeral), e.g. "{seq}/RKA/DISSOSP3A/{year}". */
  number: string;
  /** "Kepada Yth." lines. */
  addressee: string | string[];
  /** Perihal (subject line). */
  subject?: string;
  /** Fields of the case the letter carries, in this order; none of them an identity unless `family`. */
  fields?: string[];
  /** Paragraphs; `{field}` and {nomor_kasus} {tanggal_laporan} {tanggal_selesai} {layanan} {hasil} are filled in. */
  body: string | string[];
  /** Place of the date line, e.g. "Pasir Pengaraian". */
  place: string;
  /** The role whose holder signs. */
  signer: string;
  /** Roles that may revoke an issued letter (besides the administrator). Default: the signing role. */
  revoke?: string[];
  /** The letter is handed to the family itself, so it may carry `sensitive` fields. */
  family?: boolean;
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

/** `privacy` of a service: how long a closed case keeps its identities, and what else counts as identity. */
export interface PrivacySection {
  /** Outcome id (or `*` for any other) → ISO-8601 duration after closing, e.g. { ditindaklanjuti: P5Y }. */
  retention?: Record<string, string>;
  /** Fields (or `group.column`) that identify someone without being marked `sensitive`. */
  identity?: string[];
  /** Who answers a person's request for their data (UU 27/2022 Pasal 5-13), shown with the export. */
  contact?: string;
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
  /**
   * Who hands tasks to named accounts: `heads` names, per role, the role(s) of its head, who may assign a task of
   * that role to one of its staff and reassign it. Any holder of a step's role may also take (claim) an open task.
   */
  assignment?: { heads: Record<string, string[]> };
  /** How urgent a case is, decided at every step from its data: the first rule that holds. */
  priority?: PriorityRule[];
  /**
   * Intake choice fields (not sensitive) whose option labels name the kind of case on cards and rows, e.g.
   * [jenis_kasus] → "Kekerasan fisik, Penelantaran".
   */
  kind?: string[];
  /** Who is told when a task arrives, before and after it is due, and by which channels. */
  notifications?: NotificationSettings;
  /** The first step: its fields are the intake form that starts a case. */
  start: string;
  steps: Step[];
  /** Statistics of the service (engine/report): who reads them, dimensions, cross-tables, small-count threshold. */
  reports?: ReportsSection;
  /** Personal data protection (engine/privacy.ts): retention of identities per outcome, extra identity fields. */
  privacy?: PrivacySection;
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
  number: StepNumber;
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
  /** The completion clock `due` comes from stands still since (a step that pauses it waits). */
  pausedAt?: string;
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
  /** The clock stands still since (a step that pauses the completion clock waits). */
  pausedAt?: string;
  /** Time the clock stood still in earlier pauses, already added to `due`. */
  pausedMs?: number;
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
      /** The acting official (Plt. / Plh.) did it for this official. */
      onBehalfOf?: string;
      acting?: Delegation['kind'];
    }
  /** A task taken by (claim), given to (assign) or taken from (release) a named account. */
  | { type: 'assigned'; at: string; actor: string; task: string; step: string; kind: 'claim' | 'assign' | 'release'; to?: string; from?: string; onBehalfOf?: string }
  | { type: 'guard'; at: string; step: string; evaluations: GuardEvaluation[]; chosen: GuardEvaluation }
  | { type: 'deadline'; at: string; deadline: string; label: string; due: string; step: string }
  /** `task`: met by completing that task (its step), not by an action of its own. */
  | { type: 'deadline-met'; at: string; actor: string; deadline: string; label: string; step: string; task?: string }
  | { type: 'deadline-superseded'; at: string; deadline: string; label: string; step: string }
  | { type: 'deadline-ended'; at: string; deadline: string; label: string; step: string; reason: 'case-closed' | 'task-withdrawn' }
  /** Parallel branches opened from `step`: their branch ids, the step they meet at and how it waits. */
  | { type: 'forked'; at: string; step: string; fork: string; branches: string[]; join: string; wait: 'all' | 'any'; parent?: string }
  /** A branch of `fork` reached the join step (and waits there, under `wait: all`, for the others). */
  | { type: 'joined'; at: string; fork: string; branch: string; step: string }
  /** The completion clock stopped while `step` waits, and went on again (`pausedMs`: the time it stood still). */
  | { type: 'paused'; at: string; deadline: string; step: string }
  | { type: 'resumed'; at: string; deadline: string; step: string; pausedMs: number; due: string }
  /** A task closed without being done: its branch lost a `wait: any` join. */
  | { type: 'withdrawn'; at: string; task: string; step: string; branch?: string; reason: string }
  /** A task opened at `to` (the step the case moved to); `task` is absent on cases stored before tasks existed. */
  | { type: 'moved'; at: string; from: string; to: string; task?: string; branch?: string }
  | { type: 'closed'; at: string; outcome: string; label: string }
  /**
   * Moved by an administrator to a newer version of its service (the decree said so): each open task to its step
   * in that version; `missing`: labels of values that version requires of steps already passed, left empty.
   */
  | {
      type: 'migrated';
      at: string;
      actor: string;
      fromVersion: number;
      toVersion: number;
      decree: string;
      tasks: Array<{ task: string; from: string; to: string }>;
      missing?: string[];
      reason?: string;
    };

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
  /** The priority the YAML's `priority` rules gave at the last step; absent when none holds. */
  priority?: { value: number; label: string };
  history: HistoryEntry[];
  /** Increases by one on every change: optimistic concurrency. */
  rev: number;
  /**
   * Set once the retention period of `privacy` ran out (engine/privacy.ts): the identities were removed at `at`
   * from the paths listed; `facts` are the report figures frozen before (categories only).
   */
  anonymised?: { at: string; paths: string[]; facts: import('./report/types.ts').ReportFacts };
}

/**
 * An acting official: `acting` does the work of `official` (their `roles`, or part of them) from `from` until
 * `until`, as Plt. (pelaksana tugas, for a vacancy or a long absence) or Plh. (pelaksana harian, a short absence).
 * Stored by the server, handed to the engine as data; the engine never looks them up.
 */
export interface Delegation {
  id: string;
  official: string;
  acting: string;
  kind: 'plt' | 'plh';
  roles: string[];
  /** ISO instants; the delegation holds from `from` (inclusive) to `until` (exclusive). */
  from: string;
  until: string;
  /** The order that appoints the acting official, e.g. "Surat Perintah Kepala Dinas No. 800/12". */
  basis?: string;
  createdBy: string;
  createdAt: string;
  revokedAt?: string;
  revokedBy?: string;
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
