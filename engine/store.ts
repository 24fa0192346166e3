/** The storage port: what the engine's users need from a case store. Adapters live in server/store/. */
import { COMPLETION } from './deadlines.ts';
import type { Case } from './types.ts';

/** A case as lists need it: no form data beyond what the list shows, so listing stays cheap. */
export interface CaseSummary {
  id: string;
  workflow: string;
  version: number;
  status: Case['status'];
  outcome?: string;
  current: string | null;
  createdAt: string;
  updatedAt: string;
  /** The case's completion due time, if any. */
  due?: string;
  /** Due times of deadlines still running (not met), for overdue filters. */
  openDeadlines: string[];
  rev: number;
}

export interface CaseFilter {
  workflow?: string;
  status?: Case['status'];
  /** Only cases waiting on one of these steps. */
  steps?: string[];
}

export interface CaseStore {
  /** undefined when no case has this id. */
  get(id: string): Promise<Case | undefined>;
  /** Stores a new case (rev 1). Rejects when the id exists. */
  create(c: Case): Promise<void>;
  /**
   * Replaces a case if the stored rev still equals `expectedRev`; resolves false (nothing written) when
   * another writer got there first. Resolves only once the write is durable.
   */
  update(c: Case, expectedRev: number): Promise<boolean>;
  list(filter?: CaseFilter): Promise<CaseSummary[]>;
  count(): Promise<number>;
  close?(): Promise<void>;
}

/** The summary a store keeps for a case. */
export function summarize(c: Case): CaseSummary {
  const due = c.deadlines.find((d) => d.id === COMPLETION)?.due;
  return {
    id: c.id,
    workflow: c.workflow.id,
    version: c.workflow.version,
    status: c.status,
    outcome: c.outcome,
    current: c.current,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    due,
    openDeadlines: c.status === 'open' ? c.deadlines.filter((d) => !d.metAt).map((d) => d.due) : [],
    rev: c.rev,
  };
}
