/**
 * The file store's small collections in memory (accounts, sessions, versions, keyed records, counters, outbox,
 * in-app notifications, records), read from one file each at open and rewritten at a checkpoint. Changes arrive
 * only as journalled ops (ops.ts), so what is in memory is always what the journal and these files hold.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { StoredSession, StoredUser } from '../../../engine/ports/accounts.ts';
import type { InboxItem, KvEntry, OutboxMessage, RecordDoc } from '../../../engine/ports/misc.ts';
import type { WorkflowVersionRecord } from '../../../engine/ports/versions.ts';
import { CorruptFileError, parseJsonFile, writeFileDurably } from '../durable-file.ts';
import type { Collection, Op } from './ops.ts';

/** File of each collection (the first three keep the names and shapes of earlier data folders). */
export const COLLECTION_FILES: Record<Collection, string> = {
  users: 'users.json',
  sessions: 'sessions.json',
  versions: 'versions.json',
  kv: 'kv.json',
  sequences: 'sequences.json',
  outbox: 'outbox.json',
  inbox: 'inbox.json',
  records: 'records.json',
};

const kvId = (ns: string, key: string) => `${ns}\u0000${key}`;
const recordId = (kind: string, id: string) => `${kind}\u0000${id}`;

async function readJson<T>(file: string): Promise<T | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  return parseJsonFile<T>(file, text);
}

function objectOf<T>(value: unknown, file: string, key: string): Record<string, T> {
  const inner = (value as Record<string, unknown> | undefined)?.[key];
  if (value === undefined) return {};
  if (typeof inner !== 'object' || inner === null || Array.isArray(inner)) throw new CorruptFileError(file, `tidak ada objek "${key}"`);
  return inner as Record<string, T>;
}

export class CollectionState {
  readonly users = new Map<string, StoredUser>();
  readonly sessions = new Map<string, StoredSession>();
  versions: WorkflowVersionRecord[] = [];
  /** Grows with every version change (VersionReader.generation). */
  versionGeneration = 0;
  readonly kv = new Map<string, KvEntry>();
  readonly sequences = new Map<string, number>();
  readonly outbox = new Map<string, OutboxMessage>();
  readonly inbox = new Map<string, InboxItem>();
  readonly records = new Map<string, RecordDoc>();
  private readonly dirty = new Set<Collection>();

  private constructor(private readonly dir: string) {}

  /** Reads every collection file of `dir` (missing ones are empty); a file that is not JSON throws CorruptFileError. */
  static async open(dir: string): Promise<CollectionState> {
    const s = new CollectionState(dir);
    const file = (c: Collection) => join(dir, COLLECTION_FILES[c]);
    for (const [k, v] of Object.entries(objectOf<StoredUser>(await readJson(file('users')), file('users'), 'users'))) s.users.set(k, v);
    for (const [k, v] of Object.entries(objectOf<StoredSession>(await readJson(file('sessions')), file('sessions'), 'sessions'))) s.sessions.set(k, v);
    const versions = (await readJson<{ versions: WorkflowVersionRecord[] }>(file('versions')))?.versions;
    if (versions !== undefined && !Array.isArray(versions)) throw new CorruptFileError(file('versions'), 'tidak ada daftar "versions"');
    s.versions = versions ?? [];
    for (const e of (await readJson<{ entries: KvEntry[] }>(file('kv')))?.entries ?? []) s.kv.set(kvId(e.ns, e.key), e);
    for (const [k, v] of Object.entries((await readJson<{ sequences: Record<string, number> }>(file('sequences')))?.sequences ?? {})) s.sequences.set(k, v);
    for (const m of (await readJson<{ messages: OutboxMessage[] }>(file('outbox')))?.messages ?? []) s.outbox.set(m.id, m);
    for (const i of (await readJson<{ items: InboxItem[] }>(file('inbox')))?.items ?? []) s.inbox.set(i.id, i);
    for (const r of (await readJson<{ records: RecordDoc[] }>(file('records')))?.records ?? []) s.records.set(recordId(r.kind, r.id), r);
    return s;
  }

  kvGet(ns: string, key: string): KvEntry | undefined {
    return this.kv.get(kvId(ns, key));
  }

  record(kind: string, id: string): RecordDoc | undefined {
    return this.records.get(recordId(kind, id));
  }

  /** Applies one op (a collection op; case and audit ops are applied by their own parts). */
  apply(op: Op, collection: Collection): void {
    this.dirty.add(collection);
    switch (op.o) {
      case 'user':
        this.users.set(op.user.username, op.user);
        return;
      case 'session':
        this.sessions.set(op.session.idHash, op.session);
        return;
      case 'session-del':
        this.sessions.delete(op.idHash);
        return;
      case 'version': {
        const i = this.versions.findIndex((v) => v.workflow === op.record.workflow && v.version === op.record.version);
        if (op.record.active) for (const v of this.versions) if (v.workflow === op.record.workflow) v.active = false;
        if (i >= 0) this.versions[i] = op.record;
        else this.versions.push(op.record);
        this.versionGeneration++;
        return;
      }
      case 'activate':
        for (const v of this.versions) if (v.workflow === op.workflow) v.active = v.version === op.version;
        this.versionGeneration++;
        return;
      case 'kv':
        this.kv.set(kvId(op.entry.ns, op.entry.key), op.entry);
        return;
      case 'kv-del':
        this.kv.delete(kvId(op.ns, op.key));
        return;
      case 'seq':
        this.sequences.set(op.name, op.value);
        return;
      case 'outbox':
        this.outbox.set(op.message.id, op.message);
        return;
      case 'inbox':
        this.inbox.set(op.item.id, op.item);
        return;
      case 'record':
        this.records.set(recordId(op.doc.kind, op.doc.id), op.doc);
        return;
      default:
        return;
    }
  }

  /** Whether a checkpoint has something of these collections to write. */
  get hasDirty(): boolean {
    return this.dirty.size > 0;
  }

  /** Writes each changed collection durably (a checkpoint). */
  async persist(): Promise<void> {
    const dirty = [...this.dirty];
    this.dirty.clear();
    try {
      for (const c of dirty) await writeFileDurably(join(this.dir, COLLECTION_FILES[c]), this.serialize(c));
    } catch (err) {
      for (const c of dirty) this.dirty.add(c);
      throw err;
    }
  }

  private serialize(c: Collection): string {
    const sorted = <T>(m: Map<string, T>) => Object.fromEntries([...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    switch (c) {
      case 'users':
        return JSON.stringify({ users: sorted(this.users) }, null, 2) + '\n';
      case 'sessions':
        return JSON.stringify({ sessions: sorted(this.sessions) }, null, 2) + '\n';
      case 'versions':
        return JSON.stringify({ versions: this.versions }, null, 2) + '\n';
      case 'kv':
        return JSON.stringify({ entries: [...this.kv.values()] }) + '\n';
      case 'sequences':
        return JSON.stringify({ sequences: sorted(this.sequences) }, null, 2) + '\n';
      case 'outbox':
        return JSON.stringify({ messages: [...this.outbox.values()] }) + '\n';
      case 'inbox':
        return JSON.stringify({ items: [...this.inbox.values()] }) + '\n';
      case 'records':
        return JSON.stringify({ records: [...this.records.values()] }) + '\n';
    }
  }
}
