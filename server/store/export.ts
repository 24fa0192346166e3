/**
 * Everything a store holds, as one adapter hands it to another when an office moves (alur migrate): the ports
 * read cases, accounts and the audit chain, but keyed records, counters, messages and documents are listed only
 * by name, so each adapter gives them all here. Audit entries keep their numbers and hashes: the chain arrives
 * as it was, and is checked on arrival.
 */
import type { StoredSession, StoredUser } from '../../engine/ports/accounts.ts';
import type { AuditEntry } from '../../engine/ports/audit.ts';
import type { BlobInfo, InboxItem, KvEntry, OutboxMessage, RecordDoc } from '../../engine/ports/misc.ts';
import type { WorkflowVersionRecord } from '../../engine/ports/versions.ts';
import type { CaseSummary } from '../../engine/summary.ts';
import type { Case } from '../../engine/types.ts';

export interface StoreExport {
  /** Every readable case with its stored summary, in batches. */
  cases(): AsyncIterable<Array<{ case: Case; summary: CaseSummary }>>;
  users: StoredUser[];
  sessions: StoredSession[];
  versions: WorkflowVersionRecord[];
  /** The audit chain from its first entry, oldest first, in batches. */
  audit(): AsyncIterable<AuditEntry[]>;
  kv: KvEntry[];
  sequences: Array<{ name: string; value: number }>;
  /** Every blob with its content, in batches. */
  blobs(): AsyncIterable<Array<BlobInfo & { data: Uint8Array }>>;
  outbox: OutboxMessage[];
  inbox: InboxItem[];
  records: RecordDoc[];
}

/** What was copied, for the operator. */
export interface ImportReport {
  cases: number;
  users: number;
  sessions: number;
  versions: number;
  auditEntries: number;
  kv: number;
  sequences: number;
  blobs: number;
  outbox: number;
  inbox: number;
  records: number;
}
