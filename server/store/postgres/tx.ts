/**
 * A PostgreSQL transaction of the store (StoreTx): one connection, BEGIN ... COMMIT, READ COMMITTED. What must
 * not change under a read-modify-write (a keyed record, an account, a service's versions, a named lock) is held by
 * a transaction-scoped advisory lock; a case is changed only if its rev is still the one read (optimistic
 * concurrency); a counter row is locked by its own UPDATE. Audit entries are collected and chained at commit (see
 * PgStore.commit), so the chain follows commit order on every server.
 */
import type pg from 'pg';
import type { AuditInput } from '../../../engine/ports/audit.ts';
import { CaseExistsError, CorruptCaseError } from '../../../engine/ports/cases.ts';
import type { InboxItem, KvEntry, OutboxMessage, RecordDoc } from '../../../engine/ports/misc.ts';
import type { StoreTx } from '../../../engine/ports/store.ts';
import type { WorkflowVersionRecord } from '../../../engine/ports/versions.ts';
import type { CaseSummary } from '../../../engine/summary.ts';
import type { Case } from '../../../engine/types.ts';
import { isValidCaseId } from '../case-ids.ts';
import { caseColumns } from './case-query.ts';
import { fromJsonb, toJsonb, toText as t } from './jsonb.ts';

/** Whether a keyed record still counts at `now` (no expiry, or not reached yet). */
export function live(e: KvEntry | undefined, now: string | undefined): e is KvEntry {
  return e !== undefined && (e.expiresAt === undefined || now === undefined || e.expiresAt > now);
}

/** How case documents are sealed and opened (the store's codec, bound to a case's id). */
export interface CaseDocs {
  encode(c: Case): unknown;
  decode(id: string, doc: unknown): Case;
}

export async function insertCase(client: pg.ClientBase, docs: CaseDocs, c: Case, summary: CaseSummary): Promise<boolean> {
  const col = caseColumns(summary);
  const res = await client.query(
    `INSERT INTO cases (id, rev, workflow, version, status, created_at, urgency, due_key, first_deadline, steps, task_roles, free_roles, assignees, search, summary_v, summary, doc)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) ON CONFLICT (id) DO NOTHING`,
    [c.id, c.rev, col.workflow, col.version, col.status, col.created_at, col.urgency, col.due_key, col.first_deadline, col.steps, col.task_roles, col.free_roles, col.assignees, col.search, col.summary_v, toJsonb(summary), toJsonb(docs.encode(c))],
  );
  return res.rowCount === 1;
}

/** Replaces a case row when its stored rev is `expectedRev` (or, with expectedRev undefined, whatever it is). */
export async function replaceCase(client: pg.ClientBase, docs: CaseDocs | undefined, c: Case | undefined, summary: CaseSummary, expectedRev?: number): Promise<boolean> {
  const col = caseColumns(summary);
  const values: unknown[] = [summary.id, col.workflow, col.version, col.status, col.created_at, col.urgency, col.due_key, col.first_deadline, col.steps, col.task_roles, col.free_roles, col.assignees, col.search, col.summary_v, toJsonb(summary)];
  let set = `workflow = $2, version = $3, status = $4, created_at = $5, urgency = $6, due_key = $7, first_deadline = $8, steps = $9, task_roles = $10, free_roles = $11, assignees = $12, search = $13, summary_v = $14, summary = $15`;
  if (c && docs) {
    values.push(c.rev, toJsonb(docs.encode(c)));
    set += `, rev = $16, doc = $17`;
  }
  let where = 'id = $1';
  if (expectedRev !== undefined) {
    values.push(expectedRev);
    where += ` AND rev = $${values.length}`;
  }
  const res = await client.query(`UPDATE cases SET ${set} WHERE ${where}`, values);
  return res.rowCount === 1;
}

/** A 64-bit key for an advisory lock on `name`, computed by the server. */
export const LOCK_SQL = 'SELECT pg_advisory_xact_lock(hashtextextended($1, 7241))';

export class PgTx implements StoreTx {
  readonly audits: AuditInput[] = [];
  readonly signals = new Set<string>();
  private readonly held = new Set<string>();
  /** Whether anything was written (an empty transaction commits nothing). */
  wrote = false;

  constructor(
    readonly client: pg.ClientBase,
    private readonly docs: CaseDocs,
    readonly now: () => string,
  ) {}

  private q<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>> {
    return this.client.query<R>(text, values);
  }

  async lock(name: string): Promise<void> {
    if (this.held.has(name)) return;
    await this.q(LOCK_SQL, [t(name)]);
    this.held.add(name);
  }

  signal(topic: string): void {
    this.signals.add(topic);
  }

  readonly cases: StoreTx['cases'] = {
    get: async (id) => {
      if (!isValidCaseId(id)) return undefined;
      const r = await this.q<{ doc: unknown }>('SELECT doc FROM cases WHERE id = $1', [id]);
      return r.rows[0] ? this.docs.decode(id, r.rows[0].doc) : undefined;
    },
    create: async (c: Case, summary: CaseSummary) => {
      if (!isValidCaseId(c.id)) throw new Error(`Nomor kasus tidak sah: ${JSON.stringify(c.id)}`);
      this.wrote = true;
      if (!(await insertCase(this.client, this.docs, c, summary))) throw new CaseExistsError(c.id);
    },
    update: async (c: Case, summary: CaseSummary, expectedRev: number) => {
      if (c.rev !== expectedRev + 1) throw new Error(`Kasus ${c.id}: rev baru harus ${expectedRev + 1} (rev lama + 1), bukan ${c.rev}.`);
      if (!isValidCaseId(c.id)) throw new Error(`Kasus ${c.id} tidak ada.`);
      this.wrote = true;
      if (await replaceCase(this.client, this.docs, c, summary, expectedRev)) return true;
      const r = await this.q<{ rev: number; doc: unknown }>('SELECT rev, doc FROM cases WHERE id = $1', [c.id]);
      if (!r.rows[0]) throw new Error(`Kasus ${c.id} tidak ada.`);
      try {
        this.docs.decode(c.id, r.rows[0].doc);
      } catch (err) {
        if (err instanceof CorruptCaseError) throw err;
      }
      return false;
    },
  };

  readonly audit: StoreTx['audit'] = {
    append: async (input: AuditInput) => {
      this.wrote = true;
      this.audits.push(structuredClone(input));
    },
  };

  readonly versions: StoreTx['versions'] = {
    add: async (record: WorkflowVersionRecord) => {
      await this.lock(`versions:${record.workflow}`);
      this.wrote = true;
      const r = await this.q(`INSERT INTO workflow_versions (workflow, version, hash, active, doc) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`, [
        t(record.workflow),
        record.version,
        t(record.hash),
        record.active,
        toJsonb(record),
      ]);
      if (r.rowCount !== 1) throw new Error(`Versi ${record.version} dari alur ${record.workflow} sudah terdaftar.`);
      if (record.active) {
        await this.q(`UPDATE workflow_versions SET active = false, doc = jsonb_set(doc, '{active}', 'false') WHERE workflow = $1 AND version <> $2 AND active`, [t(record.workflow), record.version]);
      }
      await this.q(`UPDATE alur_counters SET value = value + 1 WHERE name = 'versions.generation'`);
    },
    activate: async (workflow: string, version: number) => {
      await this.lock(`versions:${workflow}`);
      this.wrote = true;
      const r = await this.q(
        `UPDATE workflow_versions SET active = (version = $2), doc = jsonb_set(doc, '{active}', to_jsonb(version = $2)) WHERE workflow = $1 AND EXISTS (SELECT 1 FROM workflow_versions WHERE workflow = $1 AND version = $2)`,
        [t(workflow), version],
      );
      if (!r.rowCount) throw new Error(`Versi ${version} dari alur ${workflow} tidak terdaftar.`);
      await this.q(`UPDATE alur_counters SET value = value + 1 WHERE name = 'versions.generation'`);
    },
  };

  private async kvRead<T>(ns: string, key: string): Promise<KvEntry<T> | undefined> {
    const r = await this.q<{ doc: unknown }>('SELECT doc FROM kv WHERE ns = $1 AND key = $2', [t(ns), t(key)]);
    return r.rows[0] ? fromJsonb<KvEntry<T>>(r.rows[0].doc) : undefined;
  }

  private async kvWrite(entry: KvEntry): Promise<void> {
    this.wrote = true;
    await this.q(`INSERT INTO kv (ns, key, expires_at, doc) VALUES ($1, $2, $3, $4) ON CONFLICT (ns, key) DO UPDATE SET expires_at = EXCLUDED.expires_at, doc = EXCLUDED.doc`, [
      t(entry.ns),
      t(entry.key),
      entry.expiresAt ?? null,
      toJsonb(entry),
    ]);
  }

  readonly kv: StoreTx['kv'] = {
    get: async <T>(ns: string, key: string, now?: string) => {
      await this.lock(`kv:${ns}\u0000${key}`);
      const e = await this.kvRead<T>(ns, key);
      return live(e, now) ? e : undefined;
    },
    put: async <T>(ns: string, key: string, value: T, options: { expiresAt?: string; now?: string } = {}) => {
      await this.lock(`kv:${ns}\u0000${key}`);
      await this.kvWrite({ ns, key, value, ...(options.expiresAt ? { expiresAt: options.expiresAt } : {}), updatedAt: options.now ?? this.now() });
    },
    claim: async <T>(ns: string, key: string, value: T, options: { expiresAt?: string; now?: string } = {}) => {
      await this.lock(`kv:${ns}\u0000${key}`);
      const e = await this.kvRead<T>(ns, key);
      if (live(e, options.now)) return { claimed: false, entry: e };
      const entry: KvEntry<T> = { ns, key, value, ...(options.expiresAt ? { expiresAt: options.expiresAt } : {}), updatedAt: options.now ?? this.now() };
      await this.kvWrite(entry);
      return { claimed: true, entry: structuredClone(entry) };
    },
    delete: async (ns: string, key: string) => {
      await this.lock(`kv:${ns}\u0000${key}`);
      this.wrote = true;
      const r = await this.q('DELETE FROM kv WHERE ns = $1 AND key = $2', [t(ns), t(key)]);
      return r.rowCount === 1;
    },
  };

  readonly sequences: StoreTx['sequences'] = {
    next: async (name: string) => {
      this.wrote = true;
      // The row stays locked by this UPDATE until the transaction ends: a number is given once it commits, and a
      // rolled-back one is given again (no gap).
      const r = await this.q<{ value: string }>(
        `INSERT INTO sequences (name, value) VALUES ($1, 1) ON CONFLICT (name) DO UPDATE SET value = sequences.value + 1 RETURNING value`,
        [t(name)],
      );
      return Number(r.rows[0]!.value);
    },
  };

  readonly outbox: StoreTx['outbox'] = {
    enqueue: async (m: Omit<OutboxMessage, 'status' | 'attempts'>) => {
      this.wrote = true;
      if (m.key !== undefined) {
        await this.lock(`outbox:${m.key}`);
        const same = await this.q<{ doc: unknown }>(`SELECT doc FROM outbox WHERE key = $1 AND status IN ('pending', 'sent') ORDER BY status = 'pending' DESC, created_at LIMIT 1`, [t(m.key)]);
        const found = same.rows[0] && fromJsonb<OutboxMessage>(same.rows[0].doc);
        if (found?.status === 'sent') return;
        if (found?.status === 'pending') {
          await writeOutbox(this.client, { ...structuredClone(m), id: found.id, status: 'pending', attempts: found.attempts });
          return;
        }
      }
      await writeOutbox(this.client, { ...structuredClone(m), status: 'pending', attempts: 0 });
    },
    cancel: async (filter: { caseId?: string; keyPrefix?: string }) => {
      this.wrote = true;
      const values: unknown[] = [];
      const where = [`status = 'pending'`];
      if (filter.caseId !== undefined) {
        values.push(t(filter.caseId));
        where.push(`case_id = $${values.length}`);
      }
      if (filter.keyPrefix !== undefined) {
        values.push(t(filter.keyPrefix));
        where.push(`key IS NOT NULL AND starts_with(key, $${values.length})`);
      }
      const r = await this.q(`UPDATE outbox SET status = 'cancelled', doc = jsonb_set(doc, '{status}', '"cancelled"') WHERE ${where.join(' AND ')}`, values);
      return r.rowCount ?? 0;
    },
  };

  readonly inbox: StoreTx['inbox'] = {
    add: async (item: InboxItem) => {
      this.wrote = true;
      await writeInbox(this.client, item);
    },
  };

  readonly records: StoreTx['records'] = {
    add: async (doc: RecordDoc) => {
      this.wrote = true;
      const r = await this.q(`INSERT INTO records (kind, id, at, workflow, case_id, doc) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`, recordValues(doc));
      if (r.rowCount !== 1) throw new Error(`Catatan ${doc.kind} ${doc.id} sudah ada.`);
    },
    replace: async (doc: RecordDoc) => {
      this.wrote = true;
      const r = await this.q(`UPDATE records SET at = $3, workflow = $4, case_id = $5, doc = $6 WHERE kind = $1 AND id = $2`, recordValues(doc));
      return r.rowCount === 1;
    },
  };
}

function recordValues(doc: RecordDoc): unknown[] {
  return [t(doc.kind), t(doc.id), doc.at, doc.workflow === undefined ? null : t(doc.workflow), doc.caseId === undefined ? null : t(doc.caseId), toJsonb(doc)];
}

/** Inserts or replaces an outbox message (by id). */
export async function writeOutbox(client: pg.ClientBase, m: OutboxMessage): Promise<void> {
  const clean = JSON.parse(JSON.stringify(m)) as OutboxMessage;
  await client.query(
    `INSERT INTO outbox (id, key, channel, case_id, status, due_at, lease_until, created_at, doc) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (id) DO UPDATE SET key = EXCLUDED.key, channel = EXCLUDED.channel, case_id = EXCLUDED.case_id, status = EXCLUDED.status,
       due_at = EXCLUDED.due_at, lease_until = EXCLUDED.lease_until, created_at = EXCLUDED.created_at, doc = EXCLUDED.doc`,
    [
      t(clean.id),
      clean.key === undefined ? null : t(clean.key),
      t(clean.channel),
      clean.caseId === undefined ? null : t(clean.caseId),
      clean.status,
      clean.dueAt,
      clean.leaseUntil ?? null,
      clean.createdAt,
      toJsonb(clean),
    ],
  );
}

export async function writeInbox(client: pg.ClientBase, item: InboxItem): Promise<void> {
  await client.query(
    `INSERT INTO inbox (id, username, at, read, doc) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (id) DO UPDATE SET username = EXCLUDED.username, at = EXCLUDED.at, read = EXCLUDED.read, doc = EXCLUDED.doc`,
    [t(item.id), t(item.username), item.at, Boolean(item.readAt), toJsonb(item)],
  );
}
