/**
 * The file store (adapter #1 of engine/ports): one data folder, one process. Transactions are journalled and
 * fsync'd together (group commit), then written to the case files, the audit log and the collection files; a
 * crash at any point leaves each transaction wholly there or not at all once the journal is replayed at open.
 */
import { EventEmitter } from 'node:events';
import { join, resolve } from 'node:path';
import type { StoredSession, StoredUser } from '../../../engine/ports/accounts.ts';
import { UnknownUserError, UserExistsError } from '../../../engine/ports/accounts.ts';
import type { AuditEntry, AuditInput } from '../../../engine/ports/audit.ts';
import type { CaseQuery } from '../../../engine/ports/cases.ts';
import type { InboxItem, KvEntry, OutboxMessage, OutboxStatus, RecordDoc } from '../../../engine/ports/misc.ts';
import { PLAIN_CODEC, type DocumentCodec, type Store, type StoreProblem, type StoreTx } from '../../../engine/ports/store.ts';
import { SUMMARY_VERSION, type CaseSummary } from '../../../engine/summary.ts';
import type { Case } from '../../../engine/types.ts';
import { ensureDir, removeTempFiles } from '../durable-file.ts';
import { acquireLock, type DataLock } from '../lock.ts';
import { AuditLog, chainEntry } from './audit-log.ts';
import { BLOBS_DIR, FileBlobs } from './blobs.ts';
import { CASES_DIR, CaseFiles } from './case-files.ts';
import { Journal, JOURNAL_FILE, type JournalRecord } from './journal.ts';
import { LockTable } from './locks.ts';
import { collectionOf, type Op } from './ops.ts';
import { CollectionState } from './state.ts';
import { FileTx, live } from './tx.ts';
import type { StoreExport } from '../export.ts';

export interface FileStoreOptions {
  /** A session's lastSeen is written when it moved at least this far (default one minute); exact in memory. */
  touchPersistMs?: number;
  /** How documents are sealed at rest (default: plain JSON). */
  codec?: DocumentCodec;
  /** A checkpoint runs once the journal holds this many bytes (default 8 MiB), and when the store is idle. */
  checkpointBytes?: number;
}

interface Pending {
  tx: FileTx;
  resolve: () => void;
  reject: (err: unknown) => void;
  entries?: AuditEntry[];
}

const clone = <T>(v: T): T => structuredClone(v);

export class FileStore implements Store {
  readonly kind = 'file' as const;
  readonly problems: StoreProblem[] = [];
  private readonly events = new EventEmitter();
  private readonly locks = new LockTable();
  private readonly pending: Pending[] = [];
  private running: Promise<void> | undefined;
  private txNumber = 0;
  private broken: Error | undefined;
  private closed = false;
  private closing: Promise<void> | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  private readonly seen = new Map<string, string>();

  private constructor(
    readonly location: string,
    private readonly lock: DataLock,
    private readonly journal: Journal<Op>,
    private readonly files: CaseFiles,
    private readonly state: CollectionState,
    private readonly log: AuditLog,
    readonly blobs: FileBlobs,
    private readonly options: Required<Omit<FileStoreOptions, 'codec'>> & { codec: DocumentCodec },
  ) {
    this.events.setMaxListeners(0);
  }

  /**
   * Opens data folder `dir` (created if missing) for this process alone; throws StoreLockedError when another
   * process has it open. Replays the journal over the files, then makes them durable.
   */
  static async open(dir: string, options: FileStoreOptions = {}): Promise<FileStore> {
    const root = resolve(dir);
    await ensureDir(root);
    const lock = await acquireLock(root);
    const opened: Array<{ close(): Promise<void> }> = [];
    try {
      const codec = options.codec ?? PLAIN_CODEC;
      const problems: StoreProblem[] = (await removeTempFiles(root)).map((name) => ({
        file: join(root, name),
        message: 'Berkas sementara dari penulisan yang terputus dibuang (penulisan itu belum pernah dikonfirmasi).',
        severity: 'info' as const,
      }));
      const { journal, records, damaged } = await Journal.open<Op>(join(root, JOURNAL_FILE), codec);
      opened.push(journal);
      if (damaged !== undefined) {
        problems.push({ file: journal.file, message: `Jurnal rusak di baris ${damaged}; transaksi setelahnya tidak dipulihkan. Periksa cadangan.`, severity: 'error' });
      }
      const state = await CollectionState.open(root);
      const inJournal = new Set(records.flatMap((r) => r.ops.flatMap((o) => (o.o === 'case' ? [o.case.id] : []))));
      const loaded = await CaseFiles.load(join(root, CASES_DIR), codec, inJournal);
      problems.push(...loaded.problems);
      const audit = await AuditLog.open(root);
      opened.push(audit.log);
      problems.push(...audit.problems);
      const store = new FileStore(root, lock, journal, loaded.files, state, audit.log, new FileBlobs(join(root, BLOBS_DIR), codec), {
        touchPersistMs: options.touchPersistMs ?? 60_000,
        checkpointBytes: options.checkpointBytes ?? 8 * 1024 * 1024,
        codec,
      });
      store.problems.push(...problems);
      await store.replay(records);
      store.txNumber = records.length ? records[records.length - 1]!.n : 0;
      await store.checkpoint();
      return store;
    } catch (err) {
      for (const part of opened) await part.close().catch(() => undefined);
      await lock.release();
      throw err;
    }
  }

  /** Applies journalled transactions the files may not hold yet (after a crash); each op is idempotent. */
  private async replay(records: Array<JournalRecord<Op>>): Promise<void> {
    let cases = 0;
    let entries = 0;
    for (const r of records) {
      for (const op of r.ops) {
        if (op.o === 'case') {
          if (await this.files.replay(op.case, op.summary)) cases++;
        } else if (op.o === 'audit') {
          const head = this.log.head();
          if (op.entry.seq <= head.seq) continue;
          if (op.entry.seq !== head.seq + 1) {
            this.problems.push({ file: this.log.file, message: `Log audit berakhir pada catatan ke-${head.seq}, tetapi jurnal melanjutkan dari catatan ke-${op.entry.seq}: ada catatan yang hilang.`, severity: 'error' });
            continue;
          }
          await this.log.write([op.entry]);
          entries++;
        } else {
          this.state.apply(op, collectionOf(op)!);
        }
      }
    }
    if (cases || entries) {
      this.problems.push({ file: this.journal.file, message: `Pemulihan dari jurnal: ${cases} kasus dan ${entries} catatan audit ditulis ulang setelah berhenti mendadak.`, severity: 'info' });
    }
  }

  private usable(): void {
    if (this.closed) throw new Error('Penyimpanan data sudah ditutup.');
    if (this.broken) throw new Error(`Penyimpanan data berhenti menerima perubahan setelah kegagalan menulis (${this.broken.message}); jalankan ulang server.`);
  }

  // -------------------------------------------------------------------------------------------------------------
  // Transactions and the committer
  // -------------------------------------------------------------------------------------------------------------

  async transaction<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> {
    this.usable();
    const tx = new FileTx(this.locks, this.files, this.state, (id) => this.readCase(id));
    let result: T;
    try {
      result = await fn(tx);
    } catch (err) {
      tx.release();
      throw err;
    }
    if (tx.empty) {
      tx.release();
      return result;
    }
    try {
      await new Promise<void>((resolve, reject) => {
        this.pending.push({ tx, resolve, reject });
        this.kick();
      });
    } finally {
      tx.release();
    }
    for (const topic of tx.signals) this.events.emit(topic);
    return result;
  }

  private kick(): void {
    if (this.idleTimer) {
      clearTimeout(this.idleTimer);
      this.idleTimer = undefined;
    }
    this.running ??= this.commitLoop().finally(() => {
      this.running = undefined;
      if (this.pending.length) this.kick();
      else if (!this.closed && this.journal.size > 0) {
        // Quiet for a while: make the files durable and empty the journal.
        this.idleTimer = setTimeout(() => void this.idleCheckpoint(), 5_000);
        this.idleTimer.unref();
      }
    });
  }

  private async idleCheckpoint(): Promise<void> {
    this.idleTimer = undefined;
    if (this.closed || this.running || this.pending.length) return;
    this.running = this.checkpoint()
      .catch((err) => this.fail(err as Error))
      .finally(() => {
        this.running = undefined;
        if (this.pending.length) this.kick();
      });
  }

  /** One batch at a time: number the audit entries, journal the batch with one fsync, apply it, answer. */
  private async commitLoop(): Promise<void> {
    while (this.pending.length) {
      const batch = this.pending.splice(0);
      if (this.broken) {
        for (const p of batch) p.reject(this.broken);
        continue;
      }
      let head = this.log.head();
      const records: Array<JournalRecord<Op>> = batch.map((p) => {
        p.entries = p.tx.audits.map((input) => {
          const e = chainEntry(head, input);
          head = { seq: e.seq, hash: e.hash };
          return e;
        });
        return { n: ++this.txNumber, ops: [...p.tx.ops, ...p.entries.map((entry): Op => ({ o: 'audit', entry }))] };
      });
      try {
        await this.journal.write(records);
      } catch (err) {
        this.txNumber -= records.length;
        for (const p of batch) p.reject(err);
        continue;
      }
      try {
        await this.apply(records);
      } catch (err) {
        // Durable in the journal but not applied: the next start replays it. Until then, no more writes here.
        this.fail(err as Error);
        for (const p of batch) p.reject(err);
        continue;
      }
      for (const p of batch) p.resolve();
      if (this.journal.size >= this.options.checkpointBytes) {
        try {
          await this.checkpoint();
        } catch (err) {
          this.fail(err as Error);
        }
      }
    }
  }

  private fail(err: Error): void {
    this.broken ??= err;
    this.problems.push({ file: this.location, message: `Penulisan data gagal: ${err.message}. Jalankan ulang server; jurnal memulihkan transaksi yang sudah tercatat.`, severity: 'error' });
  }

  private async apply(records: Array<JournalRecord<Op>>): Promise<void> {
    const cases = new Map<string, Extract<Op, { o: 'case' }>>();
    const entries: AuditEntry[] = [];
    for (const r of records) {
      for (const op of r.ops) {
        if (op.o === 'case') cases.set(op.case.id, op);
        else if (op.o === 'audit') entries.push(op.entry);
        else this.state.apply(op, collectionOf(op)!);
      }
    }
    await Promise.all([...cases.values()].map((op) => this.files.write(op.case, op.summary)));
    await this.log.write(entries);
  }

  /** Makes the files durable and empties the journal. Runs only between batches. */
  private async checkpoint(): Promise<void> {
    await this.log.sync();
    await this.files.sync();
    await this.state.persist();
    await this.journal.reset();
  }

  /** A one-op transaction (a write outside any unit of work). */
  private single<T>(fn: (tx: FileTx) => Promise<T>): Promise<T> {
    return this.transaction((tx) => fn(tx as FileTx));
  }

  watch(topic: string, listener: () => void): () => void {
    this.events.on(topic, listener);
    return () => this.events.off(topic, listener);
  }

  async refreshSummaries(summarize: (c: Case) => CaseSummary | undefined): Promise<number> {
    let n = 0;
    for (const id of this.files.staleIds()) {
      const release = await this.locks.acquire(`case:${id}`);
      try {
        const c = await this.files.read(id).catch(() => undefined);
        const s = c && summarize(c);
        if (c && s && s.v === SUMMARY_VERSION) {
          await this.files.write(c, Object.freeze(s));
          n++;
        }
      } finally {
        release();
      }
    }
    if (n) {
      // A changed summary is no change of the case: its file is synced at once rather than journalled.
      await this.files.sync();
    }
    return n;
  }

  private async readCase(id: string): Promise<Case | undefined> {
    this.usable();
    return this.files.read(id);
  }

  // -------------------------------------------------------------------------------------------------------------
  // Reads and the repositories outside transactions
  // -------------------------------------------------------------------------------------------------------------

  readonly cases: Store['cases'] = {
    get: (id) => this.readCase(id),
    summary: async (id) => this.files.summary(id),
    query: async (q: CaseQuery) => {
      this.usable();
      return this.files.query(q);
    },
    count: async () => this.files.size,
    exists: async (id) => this.files.has(id),
    tally: async (workflow) => this.files.tally(workflow),
    scan: (batch = 200) => this.scanCases(batch),
    summaries: () => this.allSummaries(),
  };

  private async *scanCases(batch: number): AsyncGenerator<Case[]> {
    const ids = this.files.allIds();
    for (let i = 0; i < ids.length; i += batch) {
      const out: Case[] = [];
      for (const id of ids.slice(i, i + batch)) {
        const c = await this.files.read(id).catch(() => undefined);
        if (c) out.push(c);
      }
      if (out.length) yield out;
    }
  }

  private async *allSummaries(): AsyncGenerator<CaseSummary[]> {
    const all = this.files.allSummaries();
    for (let i = 0; i < all.length; i += 1000) yield all.slice(i, i + 1000);
  }

  readonly users: Store['users'] = {
    get: async (username) => {
      const u = this.state.users.get(username);
      return u && clone(u);
    },
    list: async () => [...this.state.users.values()].map(clone).sort((a, b) => a.username.localeCompare(b.username)),
    count: async () => this.state.users.size,
    add: (user: StoredUser) =>
      this.single(async (tx) => {
        await tx.lock('users');
        if (this.state.users.has(user.username)) throw new UserExistsError(user.username);
        tx.ops.push({ o: 'user', user: clone(user) });
      }),
    update: (username, change) =>
      this.single(async (tx) => {
        await tx.lock('users');
        const current = this.state.users.get(username);
        if (!current) throw new UnknownUserError(username);
        const next = change(clone(current), [...this.state.users.values()].map(clone));
        if (next.username !== username) throw new Error('Nama pengguna tidak dapat diubah.');
        tx.ops.push({ o: 'user', user: clone(next) });
        return clone(next);
      }),
  };

  private withSeen(s: StoredSession): StoredSession {
    const copy = clone(s);
    const seen = this.seen.get(s.idHash);
    if (seen && seen > copy.lastSeen) copy.lastSeen = seen;
    return copy;
  }

  readonly sessions: Store['sessions'] = {
    get: async (idHash) => {
      const s = this.state.sessions.get(idHash);
      return s && this.withSeen(s);
    },
    list: async (username) =>
      [...this.state.sessions.values()]
        .filter((s) => username === undefined || s.username === username)
        .map((s) => this.withSeen(s))
        .sort((a, b) => (a.createdAt !== b.createdAt ? (a.createdAt < b.createdAt ? 1 : -1) : a.idHash < b.idHash ? -1 : 1)),
    add: (session) =>
      this.single(async (tx) => {
        await tx.lock(`session:${session.idHash}`);
        if (this.state.sessions.has(session.idHash)) throw new Error('Sesi dengan hash ini sudah ada.');
        tx.ops.push({ o: 'session', session: clone(session) });
      }),
    touch: async (idHash, at) => {
      const stored = this.state.sessions.get(idHash);
      if (!stored || at <= (this.seen.get(idHash) ?? stored.lastSeen)) return;
      this.seen.set(idHash, at);
      if (Date.parse(at) - Date.parse(stored.lastSeen) < this.options.touchPersistMs) return;
      await this.single(async (tx) => {
        await tx.lock(`session:${idHash}`);
        const s = this.state.sessions.get(idHash);
        if (s && at > s.lastSeen) tx.ops.push({ o: 'session', session: { ...clone(s), lastSeen: at } });
      });
    },
    revoke: (idHash, at) =>
      this.single(async (tx) => {
        await tx.lock(`session:${idHash}`);
        const s = this.state.sessions.get(idHash);
        if (!s) return false;
        if (!s.revoked) tx.ops.push({ o: 'session', session: { ...this.withSeen(s), revoked: true, revokedAt: at } });
        return true;
      }),
    revokeAll: (username, at, kind) =>
      this.single(async (tx) => {
        await tx.lock('sessions');
        let n = 0;
        for (const s of this.state.sessions.values()) {
          if (s.username !== username || s.revoked || (kind && s.kind !== kind)) continue;
          tx.ops.push({ o: 'session', session: { ...this.withSeen(s), revoked: true, revokedAt: at } });
          n++;
        }
        return n;
      }),
    prune: (before) =>
      this.single(async (tx) => {
        await tx.lock('sessions');
        let n = 0;
        for (const [key, s] of this.state.sessions) {
          if (s.expiresAt < before || (s.revoked && (s.revokedAt ?? s.lastSeen) < before)) {
            tx.ops.push({ o: 'session-del', idHash: key });
            this.seen.delete(key);
            n++;
          }
        }
        return n;
      }),
  };

  readonly versions: Store['versions'] = {
    list: async (workflow) =>
      this.state.versions
        .filter((v) => workflow === undefined || v.workflow === workflow)
        .map(clone)
        .sort((a, b) => (a.workflow === b.workflow ? a.version - b.version : a.workflow < b.workflow ? -1 : 1)),
    get: async (workflow, version) => {
      const v = this.state.versions.find((x) => x.workflow === workflow && x.version === version);
      return v && clone(v);
    },
    byHash: async (workflow, hash) => {
      const v = this.state.versions.find((x) => x.workflow === workflow && x.hash === hash);
      return v && clone(v);
    },
    active: async (workflow) => {
      const v = this.state.versions.find((x) => x.workflow === workflow && x.active);
      return v && clone(v);
    },
    generation: async () => this.state.versionGeneration,
    add: (record) => this.single((tx) => tx.versions.add(record)),
    activate: (workflow, version) => this.single((tx) => tx.versions.activate(workflow, version)),
  };

  readonly audit: Store['audit'] = {
    head: async () => this.log.head(),
    verify: (anchor) => this.log.verify(anchor),
    list: (filter) => this.log.list(filter),
    entries: (fromSeq, batch) => this.log.entries(fromSeq, batch),
    append: async (input: AuditInput) => {
      let entry: AuditEntry | undefined;
      const tx = new FileTx(this.locks, this.files, this.state, (id) => this.readCase(id));
      this.usable();
      tx.audits.push(clone(input));
      await new Promise<void>((resolve, reject) => {
        const p: Pending = {
          tx,
          resolve: () => {
            entry = p.entries![0];
            resolve();
          },
          reject,
        };
        this.pending.push(p);
        this.kick();
      });
      return entry!;
    },
  };

  readonly kv: Store['kv'] = {
    get: async <T>(ns: string, key: string, now?: string) => {
      const e = this.state.kvGet(ns, key);
      return live(e, now) ? (clone(e) as KvEntry<T>) : undefined;
    },
    list: async <T>(ns: string, options: { prefix?: string; limit?: number; now?: string } = {}) => {
      const out: Array<KvEntry<T>> = [];
      for (const e of this.state.kv.values()) {
        if (e.ns !== ns || (options.prefix && !e.key.startsWith(options.prefix)) || !live(e, options.now)) continue;
        out.push(clone(e) as KvEntry<T>);
      }
      out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      return options.limit ? out.slice(0, options.limit) : out;
    },
    put: (ns, key, value, options) => this.single((tx) => tx.kv.put(ns, key, value, options)),
    claim: (ns, key, value, options) => this.single((tx) => tx.kv.claim(ns, key, value, options)),
    delete: (ns, key) => this.single((tx) => tx.kv.delete(ns, key)),
  };

  readonly sequences: Store['sequences'] = {
    current: async (name) => this.state.sequences.get(name) ?? 0,
  };

  readonly outbox: Store['outbox'] = {
    list: async (filter = {}) =>
      [...this.state.outbox.values()]
        .filter((m) => (filter.status === undefined || m.status === filter.status) && (filter.channel === undefined || m.channel === filter.channel) && (filter.caseId === undefined || m.caseId === filter.caseId))
        .sort((a, b) => (a.dueAt < b.dueAt ? -1 : a.dueAt > b.dueAt ? 1 : a.id < b.id ? -1 : 1))
        .slice(0, filter.limit ?? 500)
        .map(clone),
    enqueue: (m) => this.single((tx) => tx.outbox.enqueue(m)),
    cancel: (filter) => this.single((tx) => tx.outbox.cancel(filter)),
    claim: (options) =>
      this.single(async (tx) => {
        await tx.lock('outbox-claim');
        const due = [...this.state.outbox.values()]
          .filter((m) => m.status === 'pending' && m.dueAt <= options.now && (!m.leaseUntil || m.leaseUntil <= options.now))
          .sort((a, b) => (a.dueAt < b.dueAt ? -1 : a.dueAt > b.dueAt ? 1 : 0))
          .slice(0, options.limit);
        const leaseUntil = new Date(Date.parse(options.now) + options.leaseMs).toISOString();
        const taken = due.map((m) => ({ ...clone(m), leaseUntil, worker: options.worker }));
        for (const message of taken) tx.ops.push({ o: 'outbox', message });
        return taken.map(clone);
      }),
    sent: (id, at) => this.outboxMark(id, (m) => (m.status === 'sent' ? m : { ...m, status: 'sent' as OutboxStatus, sentAt: at, attempts: m.attempts + 1, leaseUntil: undefined, worker: undefined })),
    // A late failure from a worker whose lease ran out never turns a message another worker sent back to pending.
    failed: (id, error, retryAt) =>
      this.outboxMark(id, (m) =>
        m.status !== 'pending'
          ? m
          : { ...m, status: (retryAt ? 'pending' : 'failed') as OutboxStatus, attempts: m.attempts + 1, lastError: error, ...(retryAt ? { dueAt: retryAt } : {}), leaseUntil: undefined, worker: undefined },
      ),
  };

  private outboxMark(id: string, change: (m: OutboxMessage) => OutboxMessage): Promise<void> {
    return this.single(async (tx) => {
      await tx.lock('outbox-claim');
      const m = this.state.outbox.get(id);
      if (m) tx.ops.push({ o: 'outbox', message: JSON.parse(JSON.stringify(change(clone(m)))) as OutboxMessage });
    });
  }

  readonly inbox: Store['inbox'] = {
    list: async (username, options = {}) =>
      [...this.state.inbox.values()]
        .filter((i) => i.username === username && (!options.unread || !i.readAt) && (options.before === undefined || i.at < options.before))
        .sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : a.id < b.id ? 1 : -1))
        .slice(0, options.limit ?? 50)
        .map(clone),
    unread: async (username) => {
      let n = 0;
      for (const i of this.state.inbox.values()) if (i.username === username && !i.readAt) n++;
      return n;
    },
    add: (item: InboxItem) => this.single((tx) => tx.inbox.add(item)),
    markRead: (username, at, ids) =>
      this.single(async (tx) => {
        await tx.lock(`inbox:${username}`);
        const wanted = ids && new Set(ids);
        let n = 0;
        for (const i of this.state.inbox.values()) {
          if (i.username !== username || i.readAt || (wanted && !wanted.has(i.id))) continue;
          tx.ops.push({ o: 'inbox', item: { ...clone(i), readAt: at } });
          n++;
        }
        return n;
      }),
  };

  readonly records: Store['records'] = {
    query: async (kind, filter = {}) =>
      [...this.state.records.values()]
        .filter(
          (r) =>
            r.kind === kind &&
            (filter.workflow === undefined || r.workflow === filter.workflow) &&
            (filter.caseId === undefined || r.caseId === filter.caseId) &&
            (filter.from === undefined || r.at >= filter.from) &&
            (filter.to === undefined || r.at < filter.to),
        )
        .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.id < b.id ? -1 : 1))
        .slice(0, filter.limit ?? Number.MAX_SAFE_INTEGER)
        .map(clone),
    get: async (kind, id) => {
      const r = this.state.record(kind, id);
      return r && clone(r);
    },
    add: (doc: RecordDoc) => this.single((tx) => tx.records.add(doc)),
    replace: (doc: RecordDoc) => this.single((tx) => tx.records.replace(doc)),
  };

  /** Everything the folder holds, for moving an office to another store (alur migrate); a snapshot of now. */
  export(): StoreExport {
    this.usable();
    const st = this.state;
    const self = this;
    return {
      async *cases() {
        for await (const batch of self.scanCases(500)) yield batch.map((c) => ({ case: c, summary: clone(self.files.summary(c.id)!) }));
      },
      users: [...st.users.values()].map(clone),
      sessions: [...st.sessions.values()].map((s) => this.withSeen(s)),
      versions: st.versions.map(clone),
      audit: () => this.log.entries(1, 1000),
      kv: [...st.kv.values()].map(clone),
      sequences: [...st.sequences].map(([name, value]) => ({ name, value })),
      async *blobs() {
        for await (const batch of self.blobs.list()) {
          const out = [];
          for (const info of batch) {
            const data = await self.blobs.get(info.id);
            if (data) out.push({ ...info, data });
          }
          if (out.length) yield out;
        }
      },
      outbox: [...st.outbox.values()].map(clone),
      inbox: [...st.inbox.values()].map(clone),
      records: [...st.records.values()].map(clone),
    };
  }

  /** Waits for writes in progress, makes everything durable, closes the files and releases the folder. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      if (this.idleTimer) clearTimeout(this.idleTimer);
      // Pending lastSeen values are written like any other change.
      const late = [...this.seen].filter(([k, at]) => {
        const s = this.state.sessions.get(k);
        return s && at > s.lastSeen;
      });
      if (late.length && !this.broken) {
        await this.single(async (tx) => {
          for (const [k, at] of late) tx.ops.push({ o: 'session', session: { ...clone(this.state.sessions.get(k)!), lastSeen: at } });
        }).catch(() => undefined);
      }
      while (this.running || this.pending.length) await (this.running ?? Promise.resolve());
      this.closed = true;
      try {
        if (!this.broken) await this.checkpoint();
      } finally {
        await this.journal.close().catch(() => undefined);
        await this.log.close().catch(() => undefined);
        await this.lock.release();
      }
    })();
    return this.closing;
  }
}

export function openFileStore(dir: string, options?: FileStoreOptions): Promise<FileStore> {
  return FileStore.open(dir, options);
}
