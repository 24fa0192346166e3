/** The writes a file-store transaction is made of, as journalled and replayed. Each is idempotent. */
import type { StoredSession, StoredUser } from '../../../engine/ports/accounts.ts';
import type { AuditEntry } from '../../../engine/ports/audit.ts';
import type { InboxItem, KvEntry, OutboxMessage, RecordDoc } from '../../../engine/ports/misc.ts';
import type { WorkflowVersionRecord } from '../../../engine/ports/versions.ts';
import type { CaseSummary } from '../../../engine/summary.ts';
import type { Case } from '../../../engine/types.ts';

export type Op =
  /** A case as it is now (replayed only over an older rev). */
  | { o: 'case'; case: Case; summary: CaseSummary }
  /** An audit entry, numbered and chained (replayed only when the log ends before it). */
  | { o: 'audit'; entry: AuditEntry }
  | { o: 'user'; user: StoredUser }
  | { o: 'session'; session: StoredSession }
  | { o: 'session-del'; idHash: string }
  | { o: 'version'; record: WorkflowVersionRecord }
  | { o: 'activate'; workflow: string; version: number }
  | { o: 'kv'; entry: KvEntry }
  | { o: 'kv-del'; ns: string; key: string }
  | { o: 'seq'; name: string; value: number }
  | { o: 'outbox'; message: OutboxMessage }
  | { o: 'inbox'; item: InboxItem }
  | { o: 'record'; doc: RecordDoc };

/** The small collections kept whole in memory and written as one file each at a checkpoint. */
export type Collection = 'users' | 'sessions' | 'versions' | 'kv' | 'sequences' | 'outbox' | 'inbox' | 'records';

export function collectionOf(op: Op): Collection | undefined {
  switch (op.o) {
    case 'user':
      return 'users';
    case 'session':
    case 'session-del':
      return 'sessions';
    case 'version':
    case 'activate':
      return 'versions';
    case 'kv':
    case 'kv-del':
      return 'kv';
    case 'seq':
      return 'sequences';
    case 'outbox':
      return 'outbox';
    case 'inbox':
      return 'inbox';
    case 'record':
      return 'records';
    default:
      return undefined;
  }
}
