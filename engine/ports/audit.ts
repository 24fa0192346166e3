/** The audit port: an append-only log, each entry numbered and chained by hash to the one before it. */

/** What a caller gives to record an action. */
export interface AuditInput {
  at: string;
  /** Username, "-" for anonymous, "cli" for the command line, "sistem" for the scheduler. */
  actor: string;
  /** e.g. "login.ok", "case.view", "step.complete", "user.disable". */
  action: string;
  caseId?: string;
  /** Client address, when the action came over HTTP. */
  address?: string;
  details?: Record<string, unknown>;
}

/** An entry as written: numbered and chained to the one before it. */
export interface AuditEntry extends AuditInput {
  /** 1 for the first entry, then +1. */
  seq: number;
  /** `hash` of the previous entry (64 zeros for the first). */
  prev: string;
  /** sha256 of the entry's canonical JSON without `hash`. */
  hash: string;
}

export interface AuditFilter {
  caseId?: string;
  actor?: string;
  action?: string;
  /** Only entries with seq below this (paging backwards). */
  before?: number;
  /** At most this many, newest first (default 200). */
  limit?: number;
}

/** An entry recorded earlier (its number and hash) that the log must still hold unchanged. */
export interface AuditAnchor {
  seq: number;
  hash: string;
}

export type AuditVerification =
  /** `head`: the hash of the last entry (all zeros when empty): recorded off the machine, it anchors a later check. */
  | { ok: true; entries: number; head: string }
  | {
      ok: false;
      entries: number;
      /** Where the chain breaks: the entry's position (1-based; a line of the file store's log). */
      line: number;
      code: 'malformed' | 'edited' | 'missing' | 'reordered' | 'truncated';
      /** Indonesian, names the entry. */
      message: string;
    };

export interface AuditReader {
  head(): Promise<AuditAnchor>;
  /** Checks the whole chain (and, given an anchor, that the entry it names is unchanged). */
  verify(anchor?: AuditAnchor): Promise<AuditVerification>;
  /** Entries matching `filter`, newest first. */
  list(filter?: AuditFilter): Promise<AuditEntry[]>;
  /** Every entry from `fromSeq` (default 1), oldest first, in batches: checks, exports, moving an office. */
  entries(fromSeq?: number, batch?: number): AsyncIterable<AuditEntry[]>;
}

export interface AuditWriter {
  /** Adds an entry; its number and hash are given when the transaction commits, in commit order. */
  append(input: AuditInput): Promise<void>;
}

export const GENESIS = '0'.repeat(64);
