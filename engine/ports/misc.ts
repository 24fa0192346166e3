/**
 * The smaller ports: keyed records with expiry (kv), gap-free counters (sequences), content-addressed files
 * (blobs), messages to send (outbox), in-app notifications (inbox) and append-only documents (records).
 */

/** A small keyed record, e.g. a login throttle counter, a tracking code, a survey link, a sent form's answer. */
export interface KvEntry<T = unknown> {
  ns: string;
  key: string;
  value: T;
  /** ISO instant after which the entry is gone. */
  expiresAt?: string;
  updatedAt: string;
}

export interface KvReader {
  get<T = unknown>(ns: string, key: string, now?: string): Promise<KvEntry<T> | undefined>;
  /** Entries of a namespace (unexpired at `now`), by key. */
  list<T = unknown>(ns: string, options?: { prefix?: string; limit?: number; now?: string }): Promise<Array<KvEntry<T>>>;
}

export interface KvWriter {
  put<T>(ns: string, key: string, value: T, options?: { expiresAt?: string; now?: string }): Promise<void>;
  /**
   * Stores the entry only if none (unexpired) exists; returns whether it did and the entry now stored. Two
   * callers on two servers: exactly one claims.
   */
  claim<T>(ns: string, key: string, value: T, options?: { expiresAt?: string; now?: string }): Promise<{ claimed: boolean; entry: KvEntry<T> }>;
  delete(ns: string, key: string): Promise<boolean>;
}

export interface SequenceReader {
  /** The last number given for `name` (0 when none). */
  current(name: string): Promise<number>;
}

export interface SequenceWriter {
  /** The next number for `name` (1, 2, …): never reused, and gap-free since it commits with the transaction. */
  next(name: string): Promise<number>;
}

export interface BlobInfo {
  /** sha256 (hex) of the content. */
  id: string;
  size: number;
  createdAt: string;
}

export interface BlobRepo {
  /** Stores content durably (the same content twice is stored once); resolves with its id. */
  put(data: Uint8Array, now: string): Promise<BlobInfo>;
  get(id: string): Promise<Uint8Array | undefined>;
  info(id: string): Promise<BlobInfo | undefined>;
  /** Removes content for good (anonymisation); false when absent. */
  delete(id: string): Promise<boolean>;
  list(): AsyncIterable<BlobInfo[]>;
}

export type OutboxStatus = 'pending' | 'sent' | 'failed' | 'cancelled';

/** A message to send: recorded before it is sent, marked once sent, retried with back-off when a channel fails. */
export interface OutboxMessage {
  id: string;
  /** Same key again replaces a pending message instead of adding one (a reminder moved with its deadline). */
  key?: string;
  channel: string;
  /** Address on that channel (e-mail, phone number, username). */
  to: string;
  /** What to send, already free of any identity: subject, text, link. */
  payload: Record<string, unknown>;
  caseId?: string;
  /** Not before this instant. */
  dueAt: string;
  status: OutboxStatus;
  attempts: number;
  lastError?: string;
  createdAt: string;
  sentAt?: string;
  /** While a worker sends it: until when it holds it. */
  leaseUntil?: string;
  worker?: string;
}

export interface OutboxReader {
  list(filter?: { status?: OutboxStatus; channel?: string; caseId?: string; limit?: number }): Promise<OutboxMessage[]>;
}

export interface OutboxWriter {
  enqueue(message: Omit<OutboxMessage, 'status' | 'attempts'>): Promise<void>;
  /** Cancels pending messages of a case (all, or those whose key starts with `keyPrefix`); returns how many. */
  cancel(filter: { caseId?: string; keyPrefix?: string }): Promise<number>;
}

export interface OutboxWorker {
  /** Takes up to `limit` due messages for `leaseMs`; a message is held by one worker at a time, on any server. */
  claim(options: { now: string; limit: number; leaseMs: number; worker: string }): Promise<OutboxMessage[]>;
  /** Marks a claimed message sent. */
  sent(id: string, at: string): Promise<void>;
  /** Records a failed attempt: tried again at `retryAt`, or given up (`failed`) when it is absent. */
  failed(id: string, error: string, retryAt?: string): Promise<void>;
}

/** A notification shown in the app (the counter in the menu, the list), read or unread. */
export interface InboxItem {
  id: string;
  username: string;
  at: string;
  text: string;
  href?: string;
  caseId?: string;
  readAt?: string;
}

export interface InboxReader {
  list(username: string, options?: { unread?: boolean; limit?: number; before?: string }): Promise<InboxItem[]>;
  unread(username: string): Promise<number>;
}

export interface InboxWriter {
  add(item: InboxItem): Promise<void>;
  /** Marks these (or all) of a person's notifications read; returns how many changed. */
  markRead(username: string, at: string, ids?: string[]): Promise<number>;
}

/** An append-only document of some kind (a survey answer, an issued letter's record…). */
export interface RecordDoc {
  kind: string;
  id: string;
  at: string;
  workflow?: string;
  caseId?: string;
  data: Record<string, unknown>;
}

export interface RecordReader {
  query(kind: string, filter?: { workflow?: string; caseId?: string; from?: string; to?: string; limit?: number }): Promise<RecordDoc[]>;
  get(kind: string, id: string): Promise<RecordDoc | undefined>;
}

export interface RecordWriter {
  add(doc: RecordDoc): Promise<void>;
  /** Replaces the data of a stored record (e.g. a letter revoked); false when absent. */
  replace(doc: RecordDoc): Promise<boolean>;
}
