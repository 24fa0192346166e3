/**
 * The store port as a whole: what the application layer reads, and a unit of work (`transaction`) in which a
 * change and its audit entry commit together or not at all. Two adapters implement it: the file store (one
 * data folder, the default) and PostgreSQL (several app servers on one database). Nothing else knows which runs.
 */
import type { SessionRepo, UserRepo } from './accounts.ts';
import type { AuditReader, AuditWriter, AuditEntry, AuditInput } from './audit.ts';
import type { CaseReader, CaseWriter } from './cases.ts';
import type {
  BlobRepo,
  InboxReader,
  InboxWriter,
  KvReader,
  KvWriter,
  OutboxReader,
  OutboxWorker,
  OutboxWriter,
  RecordReader,
  RecordWriter,
  SequenceReader,
  SequenceWriter,
} from './misc.ts';
import type { VersionReader, VersionWriter } from './versions.ts';

/** The writes a transaction can make; nothing of it is visible to others until it commits. */
export interface StoreTx {
  cases: CaseWriter & Pick<CaseReader, 'get'>;
  audit: AuditWriter;
  versions: VersionWriter;
  kv: KvWriter & {
    /** Reads an entry and holds it until the transaction ends, so a read-modify-write is atomic across servers. */
    get<T = unknown>(ns: string, key: string, now?: string): Promise<import('./misc.ts').KvEntry<T> | undefined>;
  };
  sequences: SequenceWriter;
  outbox: OutboxWriter;
  inbox: Pick<InboxWriter, 'add'>;
  records: RecordWriter;
  /** Holds a named lock until the transaction ends (one publish of a service at a time, on every server). */
  lock(name: string): Promise<void>;
  /** Wakes other servers watching `topic` once this transaction commits (see Store.watch). */
  signal(topic: string): void;
}

/** Something found wrong when the store opened or while it runs; `error` means data was skipped or is suspect. */
export interface StoreProblem {
  /** Where: a file, a table row, a case. */
  file: string;
  /** Indonesian, for the operator. */
  message: string;
  severity: 'info' | 'error';
}

export interface Store {
  readonly kind: 'file' | 'postgres';
  /** For the operator: the data folder, or the database (without its password). */
  readonly location: string;
  cases: CaseReader;
  users: UserRepo;
  sessions: SessionRepo;
  versions: VersionReader & VersionWriter;
  audit: AuditReader & {
    /** Appends one entry on its own (an action that changes nothing else, e.g. a case view); resolves once durable. */
    append(input: AuditInput): Promise<AuditEntry>;
  };
  kv: KvReader & Omit<KvWriter, never>;
  sequences: SequenceReader;
  blobs: BlobRepo;
  outbox: OutboxReader & OutboxWorker & Pick<OutboxWriter, 'enqueue' | 'cancel'>;
  inbox: InboxReader & InboxWriter;
  records: RecordReader & Pick<RecordWriter, 'add' | 'replace'>;
  /**
   * Runs `fn` as one unit of work and commits it: resolves with fn's result once every write is durable; if fn
   * throws (or the commit fails) nothing of it is stored and the error is passed on.
   */
  transaction<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T>;
  /** Calls `listener` when a transaction on any server signalled `topic`; returns the unsubscribe function. */
  watch(topic: string, listener: () => void): () => void;
  /**
   * Recomputes the summaries that were computed without their definition or by an older summarize() (see
   * engine/summary.ts SUMMARY_VERSION); `summarize` answers undefined for a case whose definition is unknown.
   * Called once the workflow registry is loaded; resolves with how many were refreshed.
   */
  refreshSummaries(summarize: (c: import('../types.ts').Case) => import('../summary.ts').CaseSummary | undefined): Promise<number>;
  /** What opening found and repaired or skipped. */
  readonly problems: StoreProblem[];
  /** Waits for writes in progress and closes everything. */
  close(): Promise<void>;
}

/** The store cannot be reached now (the database is down): the app answers 503 and recovers by itself. */
export class StoreUnavailableError extends Error {
  constructor(message: string, readonly cause?: unknown) {
    super(message);
    this.name = 'StoreUnavailableError';
  }
}

/**
 * How a stored document is turned into text and back. The default is plain JSON; encryption at rest wraps it
 * (`aad` names what the document is, e.g. "case:RKA-…", so a sealed value cannot be moved to another record).
 */
export interface DocumentCodec {
  encode(value: unknown, aad: string): string;
  decode(text: string, aad: string): unknown;
  /** Bytes of a blob, sealed and opened the same way. */
  encodeBytes(data: Uint8Array, aad: string): Uint8Array;
  decodeBytes(data: Uint8Array, aad: string): Uint8Array;
}

export const PLAIN_CODEC: DocumentCodec = {
  encode: (value) => JSON.stringify(value),
  decode: (text) => JSON.parse(text) as unknown,
  encodeBytes: (data) => data,
  decodeBytes: (data) => data,
};
