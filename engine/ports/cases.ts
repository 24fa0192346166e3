/** The case port: cases stored with the summary lists read, and the one query every list uses. */
import type { CaseSummary } from '../summary.ts';
import type { Case } from '../types.ts';

export type { CaseSummary, TaskSummary } from '../summary.ts';

/**
 * Which cases a viewer may list: those of the given (workflow, versions), plus those with an open task for one of
 * `taskRoles` (a role of the step a case waits at may always open it: engine/access.ts canReadCase).
 */
export interface ReadableScope {
  versions: Array<{ workflow: string; versions: number[] }>;
  taskRoles?: string[];
}

/** Open work for a person: tasks of these roles nobody else holds, and tasks assigned to these usernames. */
export interface TaskScope {
  roles: string[];
  usernames: string[];
}

/** newest: created, newest first (the case list). urgent: priority, then earliest deadline, then oldest (work lists). */
export type CaseOrder = 'newest' | 'urgent';

export interface CaseQuery {
  readable?: ReadableScope;
  workflow?: string;
  status?: Case['status'];
  tasks?: TaskScope;
  /** Only cases with an open task at this step id. */
  step?: string;
  /** Only cases with an unmet deadline due before this instant (ISO): overdue at that time. */
  overdueAt?: string;
  /** Case number contains this text (case-insensitive). */
  number?: string;
  /** Has every one of these blind-index tokens (summary.search): keyed hashes of the words of a name. */
  search?: string[];
  /**
   * Words of a name to look for. The sealing layer above the adapters (server/store/crypt) turns them into `search`
   * tokens with its index key: an adapter never sees the name. Only for viewers who may read identities.
   */
  name?: string;
  order?: CaseOrder;
  /** The `next` of the page before. */
  after?: string;
  /** Page size: default 50, at most 1000. */
  limit?: number;
  /** Also count the matches (from the first page on, whatever `after` says), up to this many, so a count costs at most that. */
  countUpTo?: number;
}

export interface CasePage {
  items: CaseSummary[];
  /** Cursor for the next page; absent on the last page. */
  next?: string;
  /** Matches counted (when asked), and whether counting stopped at `countUpTo`. */
  total?: number;
  totalCapped?: boolean;
}

/** Counts of one service's cases: per version, and the open tasks per version and step. */
export interface CaseTally {
  versions: Array<{ version: number; open: number; closed: number }>;
  steps: Array<{ version: number; step: string; open: number }>;
}

export interface CaseReader {
  /** undefined when no case has this id. Throws CorruptCaseError for a case whose stored copy is damaged. */
  get(id: string): Promise<Case | undefined>;
  summary(id: string): Promise<CaseSummary | undefined>;
  query(q: CaseQuery): Promise<CasePage>;
  count(): Promise<number>;
  /** Whether an id is taken (also by a damaged case), for choosing new case numbers. */
  exists(id: string): Promise<boolean>;
  /** Every case, in batches, for exports, checks and moving an office (not for pages). */
  scan(batch?: number): AsyncIterable<Case[]>;
  /** Counts of one service's cases by version, and of open tasks by version and step (before changing a step). */
  tally(workflow: string): Promise<CaseTally>;
  /** Every summary, for reports and scheduling over all cases. */
  summaries(): AsyncIterable<CaseSummary[]>;
}

export interface CaseWriter {
  /** Stores a new case (rev 1) with its summary. Rejects with CaseExistsError when the id is taken. */
  create(c: Case, summary: CaseSummary): Promise<void>;
  /**
   * Replaces a case when the stored rev still equals `expectedRev` (c.rev must be expectedRev + 1); false, and
   * nothing written, when another writer got there first.
   */
  update(c: Case, summary: CaseSummary, expectedRev: number): Promise<boolean>;
}

export class CaseExistsError extends Error {
  constructor(readonly id: string) {
    super(`Kasus ${id} sudah ada.`);
    this.name = 'CaseExistsError';
  }
}

/** A stored case that cannot be read (a damaged file or row): reported, never served, never overwritten. */
export class CorruptCaseError extends Error {
  constructor(
    readonly id: string,
    readonly where: string,
    readonly reason = 'tidak dapat dibaca',
  ) {
    super(`Data kasus ${id} rusak (${reason}); pulihkan dari cadangan.`);
    this.name = 'CorruptCaseError';
  }
}

/** A page cursor that is no cursor of this query: the caller's mistake (400), never a server fault. */
export class BadCursorError extends Error {
  constructor() {
    super('Penanda halaman (cursor) tidak sah; mulai lagi dari halaman pertama.');
    this.name = 'BadCursorError';
  }
}
