/**
 * The PostgreSQL store (adapter #2 of engine/ports): several app servers on one database behave as one system.
 * The database is the truth for everything (cases, accounts, sessions, versions, the audit chain, counters, keyed
 * records, blobs, messages); LISTEN/NOTIFY only wakes other servers early. Opening runs the versioned migrations
 * (schema.ts). While the database is away every call rejects with StoreUnavailableError (the app answers 503) and
 * the pool reconnects by itself once it is back.
 */
import { createHash, randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import pg from 'pg';
import type { StoredSession, StoredUser } from '../../../engine/ports/accounts.ts';
import { UnknownUserError, UserExistsError } from '../../../engine/ports/accounts.ts';
import { GENESIS, type AuditAnchor, type AuditEntry, type AuditFilter, type AuditInput, type AuditVerification } from '../../../engine/ports/audit.ts';
import { CorruptCaseError, type CaseQuery, type CaseTally } from '../../../engine/ports/cases.ts';
import type { BlobInfo, InboxItem, KvEntry, OutboxMessage, RecordDoc } from '../../../engine/ports/misc.ts';
import { PLAIN_CODEC, StoreUnavailableError, type DocumentCodec, type Store, type StoreProblem, type StoreTx } from '../../../engine/ports/store.ts';
import type { WorkflowVersionRecord } from '../../../engine/ports/versions.ts';
import { SUMMARY_VERSION, type CaseSummary } from '../../../engine/summary.ts';
import type { Case } from '../../../engine/types.ts';
import { isValidCaseId } from '../case-ids.ts';
import { chainEntry, entryHash } from '../file/audit-log.ts';
import { encodeCursor, sortKey } from '../file/query.ts';
import { caseSql } from './case-query.ts';
import { isUnavailable, unavailable } from './errors.ts';
import { fromJsonb, toJsonb, toText as t } from './jsonb.ts';
import { migrate } from './schema.ts';
import { insertCase, live, PgTx, replaceCase, writeInbox, writeOutbox, type CaseDocs } from './tx.ts';
import type { ImportReport, StoreExport } from '../export.ts';

/** The tables that hold an office's data, and how an operator calls what they hold. */
const DATA_TABLES: Array<[string, string]> = [
  ['cases', 'kasus'],
  ['users', 'akun'],
  ['sessions', 'sesi'],
  ['workflow_versions', 'versi layanan'],
  ['audit', 'catatan audit'],
  ['kv', 'catatan kunci'],
  ['sequences', 'penomoran'],
  ['blobs', 'berkas'],
  ['outbox', 'pesan keluar'],
  ['inbox', 'notifikasi'],
  ['records', 'dokumen'],
];

/** The target database of a move already holds data: refused, nothing written. */
export class DatabaseNotEmptyError extends Error {
  constructor(readonly held: string[]) {
    super(`Basis data tujuan tidak kosong (berisi ${held.join(', ')}); pindahkan hanya ke basis data baru yang kosong agar tidak ada data yang tercampur atau tertimpa.`);
    this.name = 'DatabaseNotEmptyError';
  }
}

export interface PgStoreOptions {
  /** How documents are sealed at rest (default: plain JSON). */
  codec?: DocumentCodec;
  /** A session's lastSeen is written when it moved at least this far (default one minute); exact in this process. */
  touchPersistMs?: number;
  /** Connections this process keeps (default 10). */
  poolSize?: number;
  /** How long to wait for a connection before answering "unavailable" (default 5 s). */
  connectTimeoutMs?: number;
}

const CHANNEL = 'alur_signal';
const BLOB_ID = /^[0-9a-f]{64}$/;

/** The URL without its password, for messages and `Store.location`. */
export function describeDatabase(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    const host = u.searchParams.get('host');
    return `${u.protocol}//${u.username ? `${u.username}@` : ''}${host ?? u.host}${u.pathname}`;
  } catch {
    return 'postgres://(alamat tidak terbaca)';
  }
}

export function isDatabaseUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location);
}

interface Row {
  [k: string]: unknown;
}

export class PgStore implements Store {
  readonly kind = 'postgres' as const;
  readonly problems: StoreProblem[] = [];
  private readonly events = new EventEmitter();
  private readonly id = randomUUID();
  private readonly docs: CaseDocs;
  private readonly seen = new Map<string, string>();
  private readonly persisted = new Map<string, string>();
  private listener: pg.Client | undefined;
  private listening: Promise<void> | undefined;
  private reconnect: NodeJS.Timeout | undefined;
  private closed = false;

  private constructor(
    readonly location: string,
    private readonly url: string,
    private readonly pool: pg.Pool,
    private readonly options: { codec: DocumentCodec; touchPersistMs: number },
  ) {
    this.events.setMaxListeners(0);
    const codec = options.codec;
    this.docs = {
      encode: (c) => (codec === PLAIN_CODEC ? c : { sealed: codec.encode(c, `case:${c.id}`) }),
      decode: (id, doc) => {
        try {
          const value = fromJsonb<unknown>(doc);
          if (codec === PLAIN_CODEC) return value as Case;
          const sealed = (value as { sealed?: unknown }).sealed;
          if (typeof sealed !== 'string') throw new Error('bukan dokumen tersegel');
          return codec.decode(sealed, `case:${id}`) as Case;
        } catch (err) {
          throw new CorruptCaseError(id, `cases/${id}`, (err as Error).message);
        }
      },
    };
  }

  /**
   * Connects to the database at `url` and brings its schema up to date. Rejects with StoreUnavailableError (an
   * Indonesian message naming the database, never its password) when it cannot be reached, and with
   * SchemaTooNewError when a newer alur migrated it.
   */
  static async open(url: string, options: PgStoreOptions = {}): Promise<PgStore> {
    const location = describeDatabase(url);
    const pool = new pg.Pool({
      connectionString: url,
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
      idleTimeoutMillis: 30_000,
      application_name: 'alur',
    });
    // An idle connection cut by the server (restart, failover) must not end the process; the next query reconnects.
    pool.on('error', () => undefined);
    let client: pg.PoolClient;
    try {
      client = await pool.connect();
    } catch (err) {
      await pool.end().catch(() => undefined);
      throw new StoreUnavailableError(
        `Tidak dapat terhubung ke basis data PostgreSQL ${location}: ${(err as Error).message || (err as { code?: string }).code}. ` +
          'Periksa bahwa server PostgreSQL berjalan, alamat --database (atau ALUR_DATABASE_URL) benar, dan pengguna boleh masuk.',
        err,
      );
    }
    let ran: string[];
    try {
      ran = await migrate(client);
    } catch (err) {
      client.release();
      await pool.end().catch(() => undefined);
      throw unavailable(err, location);
    }
    client.release();
    const store = new PgStore(location, url, pool, { codec: options.codec ?? PLAIN_CODEC, touchPersistMs: options.touchPersistMs ?? 60_000 });
    if (ran.length) store.problems.push({ file: location, message: `Skema basis data diperbarui (${ran.join(', ')}).`, severity: 'info' });
    return store;
  }

  private usable(): void {
    if (this.closed) throw new Error('Penyimpanan data sudah ditutup.');
  }

  /** A query on any pooled connection; a database that is away gives StoreUnavailableError. */
  private async q<R extends Row = Row>(text: string, values?: unknown[]): Promise<R[]> {
    this.usable();
    try {
      return (await this.pool.query<R>(text, values)).rows;
    } catch (err) {
      throw unavailable(err, this.location);
    }
  }

  // -------------------------------------------------------------------------------------------------------------
  // Transactions
  // -------------------------------------------------------------------------------------------------------------

  transaction<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> {
    return this.run(fn).then((r) => r.result);
  }

  /** Runs `fn` in BEGIN ... COMMIT, chains its audit entries at commit, wakes watchers; retried after a deadlock. */
  private async run<T>(fn: (tx: StoreTx) => Promise<T>): Promise<{ result: T; entries: AuditEntry[] }> {
    this.usable();
    for (let attempt = 1; ; attempt++) {
      let client: pg.PoolClient;
      try {
        client = await this.pool.connect();
      } catch (err) {
        throw unavailable(err, this.location);
      }
      let lost: Error | undefined;
      // The connection may break between two queries of the transaction (the server goes away): noted, never thrown
      // at the process; the next query fails and the client is discarded.
      const broke = (e: Error) => (lost ??= e);
      client.on('error', broke);
      try {
        await client.query('BEGIN');
        const tx = new PgTx(client, this.docs, () => new Date().toISOString());
        const result = await fn(tx);
        const entries = tx.audits.length ? await this.chain(client, tx.audits) : [];
        for (const topic of tx.signals) await client.query('SELECT pg_notify($1, $2)', [CHANNEL, JSON.stringify({ from: this.id, topic })]);
        await client.query('COMMIT');
        for (const topic of tx.signals) this.events.emit(topic);
        return { result, entries };
      } catch (err) {
        await client.query('ROLLBACK').catch((e: Error) => (lost = e));
        if (isUnavailable(err)) lost ??= err as Error;
        if ((err as { code?: string }).code === '40P01' && attempt < 4) continue;
        throw unavailable(err, this.location);
      } finally {
        client.off('error', broke);
        client.release(lost);
      }
    }
  }

  /** Numbers and chains `inputs` after the head row, which stays locked until this transaction ends. */
  private async chain(client: pg.ClientBase, inputs: AuditInput[]): Promise<AuditEntry[]> {
    const head = (await client.query<{ seq: string; hash: string }>('SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE')).rows[0]!;
    let at: AuditAnchor = { seq: Number(head.seq), hash: head.hash };
    const entries = inputs.map((input) => {
      const e = chainEntry(at, input);
      at = { seq: e.seq, hash: e.hash };
      return e;
    });
    await client.query(
      `INSERT INTO audit (seq, case_id, actor, action, entry) SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::jsonb[])`,
      [entries.map((e) => e.seq), entries.map((e) => (e.caseId === undefined ? null : t(e.caseId))), entries.map((e) => t(e.actor)), entries.map((e) => t(e.action)), entries.map((e) => toJsonb(e))],
    );
    await client.query('UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1', [at.seq, at.hash]);
    return entries;
  }

  // -------------------------------------------------------------------------------------------------------------
  // Signals: LISTEN/NOTIFY wakes watchers on every server; the database stays the truth
  // -------------------------------------------------------------------------------------------------------------

  watch(topic: string, listener: () => void): () => void {
    this.events.on(topic, listener);
    this.listening ??= this.listen();
    return () => this.events.off(topic, listener);
  }

  private async listen(): Promise<void> {
    if (this.closed) return;
    const client = new pg.Client({ connectionString: this.url, application_name: 'alur-listen' });
    const retry = () => {
      if (this.listener === client) this.listener = undefined;
      client.end().catch(() => undefined);
      if (this.closed || this.reconnect) return;
      this.reconnect = setTimeout(() => {
        this.reconnect = undefined;
        this.listening = this.listen();
      }, 1000);
      this.reconnect.unref();
    };
    client.on('error', retry);
    client.on('end', () => !this.closed && retry());
    client.on('notification', (n) => {
      try {
        const { from, topic } = JSON.parse(n.payload ?? '{}') as { from?: string; topic?: string };
        if (topic && from !== this.id) this.events.emit(topic);
      } catch {
        // Not ours.
      }
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
      this.listener = client;
      // Anything signalled while no connection listened is unknown: wake every watcher once.
      for (const name of this.events.eventNames()) this.events.emit(name);
    } catch {
      retry();
    }
  }

  async refreshSummaries(summarize: (c: Case) => CaseSummary | undefined): Promise<number> {
    const stale = await this.q<{ id: string }>('SELECT id FROM cases WHERE summary_v IS NULL OR summary_v < $1', [SUMMARY_VERSION]);
    let n = 0;
    for (const { id } of stale) {
      n += await this.transaction(async (tx) => {
        const client = (tx as PgTx).client;
        const row = (await client.query<{ doc: unknown }>('SELECT doc FROM cases WHERE id = $1 FOR UPDATE', [id])).rows[0];
        if (!row) return 0;
        let c: Case;
        try {
          c = this.docs.decode(id, row.doc);
        } catch {
          return 0;
        }
        const s = summarize(c);
        if (!s || s.v !== SUMMARY_VERSION) return 0;
        return (await replaceCase(client, undefined, undefined, s)) ? 1 : 0;
      });
    }
    return n;
  }

  // -------------------------------------------------------------------------------------------------------------
  // Cases
  // -------------------------------------------------------------------------------------------------------------

  readonly cases: Store['cases'] = {
    get: async (id) => {
      if (!isValidCaseId(id)) return undefined;
      const rows = await this.q<{ doc: unknown }>('SELECT doc FROM cases WHERE id = $1', [id]);
      return rows[0] ? this.docs.decode(id, rows[0].doc) : undefined;
    },
    summary: async (id) => {
      if (!isValidCaseId(id)) return undefined;
      const rows = await this.q<{ summary: unknown }>('SELECT summary FROM cases WHERE id = $1', [id]);
      return rows[0] ? fromJsonb<CaseSummary>(rows[0].summary) : undefined;
    },
    query: async (q: CaseQuery) => {
      const sql = caseSql(q);
      const [rows, counted] = await Promise.all([this.q<{ summary: unknown }>(sql.page.text, sql.page.values), sql.count ? this.q<{ n: number }>(sql.count.text, sql.count.values) : undefined]);
      const items = rows.slice(0, sql.limit).map((r) => fromJsonb<CaseSummary>(r.summary));
      const last = items[items.length - 1];
      const cap = q.countUpTo === undefined ? undefined : Math.max(0, Math.floor(q.countUpTo));
      const n = counted?.[0]?.n ?? 0;
      return {
        items,
        ...(rows.length > sql.limit && last ? { next: encodeCursor(sortKey(last, sql.order)) } : {}),
        ...(cap !== undefined ? { total: Math.min(n, cap), totalCapped: n > cap } : {}),
      };
    },
    count: async () => (await this.q<{ n: number }>('SELECT count(*)::int AS n FROM cases'))[0]!.n,
    exists: async (id) => isValidCaseId(id) && (await this.q('SELECT 1 FROM cases WHERE id = $1', [id])).length > 0,
    scan: (batch = 200) => this.scanCases(batch),
    tally: async (workflow): Promise<CaseTally> => {
      const [versions, steps] = await Promise.all([
        this.q<{ version: number; open: number; closed: number }>(
          `SELECT version, count(*) FILTER (WHERE status = 'open')::int AS open, count(*) FILTER (WHERE status <> 'open')::int AS closed FROM cases WHERE workflow = $1 GROUP BY version ORDER BY version`,
          [workflow],
        ),
        this.q<{ version: number; step: string; open: number }>(
          `SELECT version, step, count(*)::int AS open FROM cases, unnest(steps) AS step WHERE workflow = $1 AND status = 'open' GROUP BY version, step ORDER BY version, step`,
          [workflow],
        ),
      ]);
      return { versions: versions.map((v) => ({ ...v })), steps: steps.map((s) => ({ ...s })) };
    },
    summaries: () => this.allSummaries(),
  };

  private async *scanCases(batch: number): AsyncGenerator<Case[]> {
    let after = '';
    for (;;) {
      const rows = await this.q<{ id: string; doc: unknown }>('SELECT id, doc FROM cases WHERE id > $1 ORDER BY id LIMIT $2', [after, batch]);
      if (!rows.length) return;
      after = rows[rows.length - 1]!.id;
      const out: Case[] = [];
      for (const r of rows) {
        try {
          out.push(this.docs.decode(r.id, r.doc));
        } catch {
          // A damaged case is reported by its reader, never handed out.
        }
      }
      if (out.length) yield out;
    }
  }

  private async *allSummaries(): AsyncGenerator<CaseSummary[]> {
    let after = '';
    for (;;) {
      const rows = await this.q<{ id: string; summary: unknown }>('SELECT id, summary FROM cases WHERE id > $1 ORDER BY id LIMIT 1000', [after]);
      if (!rows.length) return;
      after = rows[rows.length - 1]!.id;
      yield rows.map((r) => fromJsonb<CaseSummary>(r.summary));
    }
  }

  // -------------------------------------------------------------------------------------------------------------
  // Accounts and sessions
  // -------------------------------------------------------------------------------------------------------------

  /** Runs SQL on the transaction's own connection (for writes of the repositories below). */
  private sql<T>(fn: (client: pg.ClientBase, tx: PgTx) => Promise<T>): Promise<T> {
    return this.transaction((tx) => fn((tx as PgTx).client, tx as PgTx));
  }

  readonly users: Store['users'] = {
    get: async (username) => {
      const rows = await this.q<{ doc: unknown }>('SELECT doc FROM users WHERE username = $1', [t(username)]);
      return rows[0] ? fromJsonb<StoredUser>(rows[0].doc) : undefined;
    },
    list: async () => (await this.q<{ doc: unknown }>('SELECT doc FROM users')).map((r) => fromJsonb<StoredUser>(r.doc)).sort((a, b) => a.username.localeCompare(b.username)),
    count: async () => (await this.q<{ n: number }>('SELECT count(*)::int AS n FROM users'))[0]!.n,
    add: (user: StoredUser) =>
      this.sql(async (client, tx) => {
        await tx.lock('users');
        const r = await client.query('INSERT INTO users (username, doc) VALUES ($1, $2) ON CONFLICT DO NOTHING', [t(user.username), toJsonb(user)]);
        if (r.rowCount !== 1) throw new UserExistsError(user.username);
      }),
    update: (username, change) =>
      this.sql(async (client, tx) => {
        await tx.lock('users');
        const all = (await client.query<{ doc: unknown }>('SELECT doc FROM users')).rows.map((r) => fromJsonb<StoredUser>(r.doc));
        const current = all.find((u) => u.username === username);
        if (!current) throw new UnknownUserError(username);
        const next = change(structuredClone(current), all.map((u) => structuredClone(u)));
        if (next.username !== username) throw new Error('Nama pengguna tidak dapat diubah.');
        await client.query('UPDATE users SET doc = $2 WHERE username = $1', [t(username), toJsonb(next)]);
        return structuredClone(next);
      }),
  };

  private sessionOf(doc: unknown): StoredSession {
    const s = fromJsonb<StoredSession>(doc);
    this.persisted.set(s.idHash, s.lastSeen);
    const seen = this.seen.get(s.idHash);
    if (seen && seen > s.lastSeen) s.lastSeen = seen;
    return s;
  }

  private async writeSession(client: pg.ClientBase, s: StoredSession, insert: boolean): Promise<number> {
    const values = [t(s.idHash), t(s.username), s.kind, s.createdAt, s.lastSeen, s.expiresAt, s.revoked, s.revokedAt ?? null, toJsonb(s)];
    const r = insert
      ? await client.query(
          'INSERT INTO sessions (id_hash, username, kind, created_at, last_seen, expires_at, revoked, revoked_at, doc) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING',
          values,
        )
      : await client.query('UPDATE sessions SET username = $2, kind = $3, created_at = $4, last_seen = $5, expires_at = $6, revoked = $7, revoked_at = $8, doc = $9 WHERE id_hash = $1', values);
    return r.rowCount ?? 0;
  }

  readonly sessions: Store['sessions'] = {
    get: async (idHash) => {
      const rows = await this.q<{ doc: unknown }>('SELECT doc FROM sessions WHERE id_hash = $1', [t(idHash)]);
      return rows[0] ? this.sessionOf(rows[0].doc) : undefined;
    },
    list: async (username) => {
      const rows =
        username === undefined
          ? await this.q<{ doc: unknown }>('SELECT doc FROM sessions ORDER BY created_at DESC, id_hash')
          : await this.q<{ doc: unknown }>('SELECT doc FROM sessions WHERE username = $1 ORDER BY created_at DESC, id_hash', [t(username)]);
      return rows.map((r) => this.sessionOf(r.doc));
    },
    add: (session) =>
      this.sql(async (client) => {
        if ((await this.writeSession(client, session, true)) !== 1) throw new Error('Sesi dengan hash ini sudah ada.');
        this.persisted.set(session.idHash, session.lastSeen);
      }),
    touch: async (idHash, at) => {
      const base = this.seen.get(idHash) ?? this.persisted.get(idHash);
      if (base !== undefined && at <= base) return;
      this.seen.set(idHash, at);
      const stored = this.persisted.get(idHash);
      if (stored !== undefined && Date.parse(at) - Date.parse(stored) < this.options.touchPersistMs) return;
      await this.q(`UPDATE sessions SET last_seen = $2, doc = jsonb_set(doc, '{lastSeen}', to_jsonb($2::text)) WHERE id_hash = $1 AND last_seen < $2`, [t(idHash), at]);
      this.persisted.set(idHash, at);
    },
    revoke: (idHash, at) =>
      this.sql(async (client) => {
        const row = (await client.query<{ doc: unknown }>('SELECT doc FROM sessions WHERE id_hash = $1 FOR UPDATE', [t(idHash)])).rows[0];
        if (!row) return false;
        const s = this.sessionOf(row.doc);
        if (!s.revoked) await this.writeSession(client, { ...s, revoked: true, revokedAt: at }, false);
        return true;
      }),
    revokeAll: (username, at, kind) =>
      this.sql(async (client) => {
        const rows = (
          await client.query<{ doc: unknown }>(
            kind ? 'SELECT doc FROM sessions WHERE username = $1 AND NOT revoked AND kind = $2 FOR UPDATE' : 'SELECT doc FROM sessions WHERE username = $1 AND NOT revoked FOR UPDATE',
            kind ? [t(username), kind] : [t(username)],
          )
        ).rows;
        for (const r of rows) await this.writeSession(client, { ...this.sessionOf(r.doc), revoked: true, revokedAt: at }, false);
        return rows.length;
      }),
    prune: async (before) => {
      const rows = await this.q<{ id_hash: string }>('DELETE FROM sessions WHERE expires_at < $1 OR (revoked AND coalesce(revoked_at, last_seen) < $1) RETURNING id_hash', [before]);
      for (const r of rows) {
        this.seen.delete(r.id_hash);
        this.persisted.delete(r.id_hash);
      }
      return rows.length;
    },
  };

  // -------------------------------------------------------------------------------------------------------------
  // Versions and the audit log
  // -------------------------------------------------------------------------------------------------------------

  private async versionRows(where: string, values: unknown[]): Promise<WorkflowVersionRecord[]> {
    return (await this.q<{ doc: unknown }>(`SELECT doc FROM workflow_versions ${where} ORDER BY workflow, version`, values)).map((r) => fromJsonb<WorkflowVersionRecord>(r.doc));
  }

  readonly versions: Store['versions'] = {
    list: (workflow) => (workflow === undefined ? this.versionRows('', []) : this.versionRows('WHERE workflow = $1', [t(workflow)])),
    get: async (workflow, version) => (await this.versionRows('WHERE workflow = $1 AND version = $2', [t(workflow), version]))[0],
    byHash: async (workflow, hash) => (await this.versionRows('WHERE workflow = $1 AND hash = $2', [t(workflow), t(hash)]))[0],
    active: async (workflow) => (await this.versionRows('WHERE workflow = $1 AND active', [t(workflow)]))[0],
    generation: async () => Number((await this.q<{ value: string }>(`SELECT value FROM alur_counters WHERE name = 'versions.generation'`))[0]!.value),
    add: (record) => this.transaction((tx) => tx.versions.add(record)),
    activate: (workflow, version) => this.transaction((tx) => tx.versions.activate(workflow, version)),
  };

  readonly audit: Store['audit'] = {
    head: async () => {
      const row = (await this.q<{ seq: string; hash: string }>('SELECT seq, hash FROM audit_head WHERE id = 1'))[0]!;
      return { seq: Number(row.seq), hash: row.hash };
    },
    verify: (anchor) => this.verifyChain(anchor),
    list: async (filter: AuditFilter = {}) => {
      const values: unknown[] = [];
      const where: string[] = [];
      const add = (sql: string, v: unknown) => {
        values.push(v);
        where.push(sql.replace('?', `$${values.length}`));
      };
      if (filter.caseId !== undefined) add('case_id = ?', t(filter.caseId));
      if (filter.actor !== undefined) add('actor = ?', t(filter.actor));
      if (filter.action !== undefined) add('action = ?', t(filter.action));
      if (filter.before !== undefined) add('seq < ?', filter.before);
      const limit = Math.max(0, Math.floor(filter.limit ?? 200));
      const rows = await this.q<{ entry: unknown }>(`SELECT entry FROM audit ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT ${limit}`, values);
      return rows.map((r) => fromJsonb<AuditEntry>(r.entry));
    },
    entries: (fromSeq = 1, batch = 500) => this.auditEntries(fromSeq, batch),
    append: async (input: AuditInput) => (await this.run(async (tx) => tx.audit.append(input))).entries[0]!,
  };

  private async *auditEntries(fromSeq: number, batch: number): AsyncGenerator<AuditEntry[]> {
    let next = fromSeq;
    for (;;) {
      const rows = await this.q<{ seq: string; entry: unknown }>('SELECT seq, entry FROM audit WHERE seq >= $1 ORDER BY seq LIMIT $2', [next, batch]);
      if (!rows.length) return;
      next = Number(rows[rows.length - 1]!.seq) + 1;
      yield rows.map((r) => fromJsonb<AuditEntry>(r.entry));
    }
  }

  /** The file store's checks (audit-log.ts verifyAuditFile) over the rows in order, plus the head row as an anchor. */
  private async verifyChain(anchor?: AuditAnchor): Promise<AuditVerification> {
    const head = await this.audit.head();
    let line = 0;
    let prev = GENESIS;
    const fail = (code: Extract<AuditVerification, { ok: false }>['code'], message: string): AuditVerification => ({ ok: false, entries: line - 1, line, code, message: `Log audit catatan ke-${line}: ${message}` });
    for await (const batch of this.auditEntries(1, 1000)) {
      for (const entry of batch) {
        line++;
        if (typeof entry !== 'object' || entry === null || typeof entry.hash !== 'string' || typeof entry.seq !== 'number') return fail('malformed', 'bukan catatan audit yang sah.');
        if (entryHash(entry) !== entry.hash) return fail('edited', 'isi catatan telah diubah (hash tidak cocok dengan isinya).');
        if (entry.seq > line) return fail('missing', `${entry.seq - line} catatan sebelum catatan ini hilang (dihapus): diharapkan nomor ${line}, tertulis ${entry.seq}.`);
        if (entry.seq < line) return fail('reordered', `nomor catatan ${entry.seq} muncul lagi atau urutannya diubah (diharapkan ${line}).`);
        if (entry.prev !== prev) return fail('edited', `rantai putus: catatan sebelumnya (ke-${line - 1}) telah diubah atau diganti.`);
        if (anchor && entry.seq === anchor.seq && entry.hash !== anchor.hash) return fail('edited', `catatan ke-${anchor.seq} tidak sama dengan sidik yang dicatat sebelumnya: log telah ditulis ulang sejak itu.`);
        prev = entry.hash;
      }
    }
    for (const mark of [anchor, head]) {
      if (mark && line < mark.seq) {
        line++;
        return fail('truncated', `log berakhir pada catatan ke-${line - 1}, padahal catatan ke-${mark.seq} pernah tercatat: ${mark.seq - line + 1} catatan terakhir telah dipotong.`);
      }
    }
    if (head.seq === line && head.hash !== prev) return fail('edited', 'catatan terakhir tidak sama dengan kepala rantai yang tercatat.');
    return { ok: true, entries: line, head: prev };
  }

  // -------------------------------------------------------------------------------------------------------------
  // Keyed records, counters, blobs
  // -------------------------------------------------------------------------------------------------------------

  readonly kv: Store['kv'] = {
    get: async <T>(ns: string, key: string, now?: string) => {
      const rows = await this.q<{ doc: unknown }>('SELECT doc FROM kv WHERE ns = $1 AND key = $2', [t(ns), t(key)]);
      const e = rows[0] ? fromJsonb<KvEntry<T>>(rows[0].doc) : undefined;
      return live(e, now) ? e : undefined;
    },
    list: async <T>(ns: string, options: { prefix?: string; limit?: number; now?: string } = {}) => {
      const rows = await this.q<{ doc: unknown }>(
        `SELECT doc FROM kv WHERE ns = $1 AND ($2::text IS NULL OR starts_with(key, $2)) AND ($3::text IS NULL OR expires_at IS NULL OR expires_at > $3) ORDER BY key ${options.limit ? `LIMIT ${Math.max(0, Math.floor(options.limit))}` : ''}`,
        [t(ns), options.prefix ? t(options.prefix) : null, options.now ?? null],
      );
      return rows.map((r) => fromJsonb<KvEntry<T>>(r.doc));
    },
    put: (ns, key, value, options) => this.transaction((tx) => tx.kv.put(ns, key, value, options)),
    claim: (ns, key, value, options) => this.transaction((tx) => tx.kv.claim(ns, key, value, options)),
    delete: (ns, key) => this.transaction((tx) => tx.kv.delete(ns, key)),
  };

  readonly sequences: Store['sequences'] = {
    current: async (name) => Number((await this.q<{ value: string }>('SELECT value FROM sequences WHERE name = $1', [t(name)]))[0]?.value ?? 0),
  };

  readonly blobs: Store['blobs'] = {
    put: async (data: Uint8Array, now: string): Promise<BlobInfo> => {
      const id = createHash('sha256').update(data).digest('hex');
      const sealed = Buffer.from(this.options.codec.encodeBytes(data, `blob:${id}`));
      await this.q('INSERT INTO blobs (id, size, created_at, data) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING', [id, data.length, now, sealed]);
      return (await this.blobs.info(id))!;
    },
    get: async (id) => {
      if (!BLOB_ID.test(id)) return undefined;
      const rows = await this.q<{ data: Buffer }>('SELECT data FROM blobs WHERE id = $1', [id]);
      return rows[0] ? this.options.codec.decodeBytes(new Uint8Array(rows[0].data), `blob:${id}`) : undefined;
    },
    info: async (id) => {
      if (!BLOB_ID.test(id)) return undefined;
      const rows = await this.q<{ id: string; size: number; created_at: string }>('SELECT id, size, created_at FROM blobs WHERE id = $1', [id]);
      return rows[0] && { id: rows[0].id, size: rows[0].size, createdAt: rows[0].created_at };
    },
    delete: async (id) => BLOB_ID.test(id) && (await this.q('DELETE FROM blobs WHERE id = $1 RETURNING id', [id])).length > 0,
    list: () => this.blobList(),
  };

  private async *blobList(): AsyncGenerator<BlobInfo[]> {
    let after = '';
    for (;;) {
      const rows = await this.q<{ id: string; size: number; created_at: string }>('SELECT id, size, created_at FROM blobs WHERE id > $1 ORDER BY id LIMIT 500', [after]);
      if (!rows.length) return;
      after = rows[rows.length - 1]!.id;
      yield rows.map((r) => ({ id: r.id, size: r.size, createdAt: r.created_at }));
    }
  }

  // -------------------------------------------------------------------------------------------------------------
  // Outbox, inbox, records
  // -------------------------------------------------------------------------------------------------------------

  readonly outbox: Store['outbox'] = {
    list: async (filter = {}) => {
      const values: unknown[] = [];
      const where: string[] = [];
      const add = (sql: string, v: unknown) => {
        values.push(v);
        where.push(sql.replace('?', `$${values.length}`));
      };
      if (filter.status !== undefined) add('status = ?', filter.status);
      if (filter.channel !== undefined) add('channel = ?', t(filter.channel));
      if (filter.caseId !== undefined) add('case_id = ?', t(filter.caseId));
      const rows = await this.q<{ doc: unknown }>(
        `SELECT doc FROM outbox ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY due_at, id LIMIT ${Math.max(0, Math.floor(filter.limit ?? 500))}`,
        values,
      );
      return rows.map((r) => fromJsonb<OutboxMessage>(r.doc));
    },
    enqueue: (m) => this.transaction((tx) => tx.outbox.enqueue(m)),
    cancel: (filter) => this.transaction((tx) => tx.outbox.cancel(filter)),
    claim: async (options) => {
      const leaseUntil = new Date(Date.parse(options.now) + options.leaseMs).toISOString();
      // SKIP LOCKED: two servers claiming at once take different messages, never the same one.
      const rows = await this.q<{ doc: unknown }>(
        `UPDATE outbox o SET lease_until = $2, doc = o.doc || jsonb_build_object('leaseUntil', $2::text, 'worker', $3::text)
         FROM (SELECT id FROM outbox WHERE status = 'pending' AND due_at <= $1 AND (lease_until IS NULL OR lease_until <= $1) ORDER BY due_at, id LIMIT $4 FOR UPDATE SKIP LOCKED) c
         WHERE o.id = c.id RETURNING o.doc`,
        [options.now, leaseUntil, t(options.worker), Math.max(0, Math.floor(options.limit))],
      );
      return rows.map((r) => fromJsonb<OutboxMessage>(r.doc)).sort((a, b) => (a.dueAt < b.dueAt ? -1 : a.dueAt > b.dueAt ? 1 : a.id < b.id ? -1 : 1));
    },
    sent: (id, at) => this.outboxMark(id, (m) => (m.status === 'sent' ? m : { ...m, status: 'sent', sentAt: at, attempts: m.attempts + 1, leaseUntil: undefined, worker: undefined })),
    // A late failure from a worker whose lease ran out never turns a message another worker sent back to pending.
    failed: (id, error, retryAt) =>
      this.outboxMark(id, (m) =>
        m.status !== 'pending'
          ? m
          : { ...m, status: retryAt ? 'pending' : 'failed', attempts: m.attempts + 1, lastError: error, ...(retryAt ? { dueAt: retryAt } : {}), leaseUntil: undefined, worker: undefined },
      ),
  };

  private outboxMark(id: string, change: (m: OutboxMessage) => OutboxMessage): Promise<void> {
    return this.sql(async (client) => {
      const row = (await client.query<{ doc: unknown }>('SELECT doc FROM outbox WHERE id = $1 FOR UPDATE', [t(id)])).rows[0];
      if (row) await writeOutbox(client, change(fromJsonb<OutboxMessage>(row.doc)));
    });
  }

  readonly inbox: Store['inbox'] = {
    list: async (username, options = {}) => {
      const rows = await this.q<{ doc: unknown }>(
        `SELECT doc FROM inbox WHERE username = $1 AND ($2::boolean IS NOT TRUE OR NOT read) AND ($3::text IS NULL OR at < $3) ORDER BY at DESC, id DESC LIMIT ${Math.max(0, Math.floor(options.limit ?? 50))}`,
        [t(username), options.unread ?? null, options.before ?? null],
      );
      return rows.map((r) => fromJsonb<InboxItem>(r.doc));
    },
    unread: async (username) => (await this.q<{ n: number }>('SELECT count(*)::int AS n FROM inbox WHERE username = $1 AND NOT read', [t(username)]))[0]!.n,
    add: (item: InboxItem) => this.sql((client) => writeInbox(client, item)),
    markRead: (username, at, ids) =>
      this.sql(async (client) => {
        const r = ids
          ? await client.query(`UPDATE inbox SET read = true, doc = doc || jsonb_build_object('readAt', $2::text) WHERE username = $1 AND NOT read AND id = ANY($3::text[])`, [t(username), at, ids.map(t)])
          : await client.query(`UPDATE inbox SET read = true, doc = doc || jsonb_build_object('readAt', $2::text) WHERE username = $1 AND NOT read`, [t(username), at]);
        return r.rowCount ?? 0;
      }),
  };

  readonly records: Store['records'] = {
    query: async (kind, filter = {}) => {
      const rows = await this.q<{ doc: unknown }>(
        `SELECT doc FROM records WHERE kind = $1 AND ($2::text IS NULL OR workflow = $2) AND ($3::text IS NULL OR case_id = $3) AND ($4::text IS NULL OR at >= $4) AND ($5::text IS NULL OR at < $5)
         ORDER BY at, id ${filter.limit !== undefined ? `LIMIT ${Math.max(0, Math.floor(filter.limit))}` : ''}`,
        [t(kind), filter.workflow === undefined ? null : t(filter.workflow), filter.caseId === undefined ? null : t(filter.caseId), filter.from ?? null, filter.to ?? null],
      );
      return rows.map((r) => fromJsonb<RecordDoc>(r.doc));
    },
    get: async (kind, id) => {
      const rows = await this.q<{ doc: unknown }>('SELECT doc FROM records WHERE kind = $1 AND id = $2', [t(kind), t(id)]);
      return rows[0] ? fromJsonb<RecordDoc>(rows[0].doc) : undefined;
    },
    add: (doc: RecordDoc) => this.transaction((tx) => tx.records.add(doc)),
    replace: (doc: RecordDoc) => this.transaction((tx) => tx.records.replace(doc)),
  };

  /** What the data tables hold (e.g. "3 kasus"); empty for a database that holds nothing yet. */
  async holdings(client?: pg.ClientBase): Promise<string[]> {
    const sql = `SELECT ${DATA_TABLES.map(([t]) => `(SELECT count(*)::int FROM ${t}) AS ${t}`).join(', ')}`;
    const row = client ? (await client.query<Record<string, number>>(sql)).rows[0]! : (await this.q<Record<string, number>>(sql))[0]!;
    return DATA_TABLES.filter(([t]) => row[t]! > 0).map(([t, name]) => `${row[t]} ${name}`);
  }

  /**
   * Copies everything another store exported into this database, which must be empty (DatabaseNotEmptyError
   * otherwise), in one transaction: all of it arrives or nothing does. Audit entries keep their numbers and hashes.
   */
  importFrom(source: StoreExport): Promise<ImportReport> {
    return this.sql(async (client, tx) => {
      await tx.lock('import');
      const held = await this.holdings(client);
      if (held.length) throw new DatabaseNotEmptyError(held);
      const n: ImportReport = { cases: 0, users: 0, sessions: 0, versions: 0, auditEntries: 0, kv: 0, sequences: 0, blobs: 0, outbox: 0, inbox: 0, records: 0 };
      for await (const batch of source.cases()) {
        for (const { case: c, summary } of batch) {
          await insertCase(client, this.docs, c, summary);
          n.cases++;
        }
      }
      for (const u of source.users) {
        await client.query('INSERT INTO users (username, doc) VALUES ($1, $2)', [t(u.username), toJsonb(u)]);
        n.users++;
      }
      for (const s of source.sessions) n.sessions += await this.writeSession(client, s, true);
      for (const v of source.versions) {
        await client.query('INSERT INTO workflow_versions (workflow, version, hash, active, doc) VALUES ($1, $2, $3, $4, $5)', [t(v.workflow), v.version, t(v.hash), v.active, toJsonb(v)]);
        n.versions++;
      }
      if (n.versions) await client.query(`UPDATE alur_counters SET value = value + 1 WHERE name = 'versions.generation'`);
      let last: AuditEntry | undefined;
      for await (const batch of source.audit()) {
        if (!batch.length) continue;
        await client.query(
          `INSERT INTO audit (seq, case_id, actor, action, entry) SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::jsonb[])`,
          [batch.map((e) => e.seq), batch.map((e) => (e.caseId === undefined ? null : t(e.caseId))), batch.map((e) => t(e.actor)), batch.map((e) => t(e.action)), batch.map((e) => toJsonb(e))],
        );
        n.auditEntries += batch.length;
        last = batch[batch.length - 1];
      }
      if (last) await client.query('UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1', [last.seq, last.hash]);
      for (const e of source.kv) {
        await client.query('INSERT INTO kv (ns, key, expires_at, doc) VALUES ($1, $2, $3, $4)', [t(e.ns), t(e.key), e.expiresAt ?? null, toJsonb(e)]);
        n.kv++;
      }
      for (const q of source.sequences) {
        await client.query('INSERT INTO sequences (name, value) VALUES ($1, $2)', [t(q.name), q.value]);
        n.sequences++;
      }
      for await (const batch of source.blobs()) {
        for (const b of batch) {
          await client.query('INSERT INTO blobs (id, size, created_at, data) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING', [b.id, b.data.length, b.createdAt, Buffer.from(this.options.codec.encodeBytes(b.data, `blob:${b.id}`))]);
          n.blobs++;
        }
      }
      for (const m of source.outbox) {
        await writeOutbox(client, m);
        n.outbox++;
      }
      for (const i of source.inbox) {
        await writeInbox(client, i);
        n.inbox++;
      }
      for (const r of source.records) {
        await client.query('INSERT INTO records (kind, id, at, workflow, case_id, doc) VALUES ($1, $2, $3, $4, $5, $6)', [t(r.kind), t(r.id), r.at, r.workflow === undefined ? null : t(r.workflow), r.caseId === undefined ? null : t(r.caseId), toJsonb(r)]);
        n.records++;
      }
      return n;
    });
  }

  /** Writes the lastSeen values kept in this process, stops listening and closes the connections. */
  async close(): Promise<void> {
    if (this.closed) return;
    const late = [...this.seen].filter(([id, at]) => at > (this.persisted.get(id) ?? ''));
    for (const [id, at] of late) {
      await this.q(`UPDATE sessions SET last_seen = $2, doc = jsonb_set(doc, '{lastSeen}', to_jsonb($2::text)) WHERE id_hash = $1 AND last_seen < $2`, [t(id), at]).catch(() => undefined);
    }
    this.closed = true;
    if (this.reconnect) clearTimeout(this.reconnect);
    const listener = this.listener;
    this.listener = undefined;
    await listener?.end().catch(() => undefined);
    await this.pool.end().catch(() => undefined);
  }
}

export function openPgStore(url: string, options?: PgStoreOptions): Promise<PgStore> {
  return PgStore.open(url, options);
}
