/**
 * A file-store transaction: its writes are collected as ops (ops.ts) while it runs, under the locks of what it
 * read to change (a case, a counter, a keyed record), and committed together by the store's committer.
 */
import type { AuditInput } from '../../../engine/ports/audit.ts';
import { CaseExistsError, CorruptCaseError } from '../../../engine/ports/cases.ts';
import type { InboxItem, KvEntry, OutboxMessage, RecordDoc } from '../../../engine/ports/misc.ts';
import type { StoreTx } from '../../../engine/ports/store.ts';
import type { WorkflowVersionRecord } from '../../../engine/ports/versions.ts';
import type { CaseSummary } from '../../../engine/summary.ts';
import type { Case } from '../../../engine/types.ts';
import { isValidCaseId } from '../case-ids.ts';
import type { CaseFiles } from './case-files.ts';
import type { LockTable } from './locks.ts';
import type { Op } from './ops.ts';
import type { CollectionState } from './state.ts';

/** Whether a keyed record still counts at `now` (no expiry, or not reached yet). */
export function live(e: KvEntry | undefined, now: string | undefined): e is KvEntry {
  return e !== undefined && (e.expiresAt === undefined || now === undefined || e.expiresAt > now);
}

const kvId = (ns: string, key: string) => `${ns}\u0000${key}`;

export class FileTx implements StoreTx {
  readonly ops: Op[] = [];
  readonly audits: AuditInput[] = [];
  readonly signals = new Set<string>();
  private readonly releases: Array<() => void> = [];
  private readonly held = new Set<string>();
  private readonly cases_ = new Map<string, Case>();
  private readonly kv_ = new Map<string, KvEntry | null>();
  private readonly seq_ = new Map<string, number>();
  private readonly versions_: WorkflowVersionRecord[] = [];

  constructor(
    private readonly locks: LockTable,
    private readonly files: CaseFiles,
    private readonly state: CollectionState,
    private readonly read: (id: string) => Promise<Case | undefined>,
  ) {}

  async lock(name: string): Promise<void> {
    if (this.held.has(name)) return;
    this.held.add(name);
    this.releases.push(await this.locks.acquire(name));
  }

  /** Frees every lock (after the commit, or when the transaction is given up). */
  release(): void {
    for (const r of this.releases.splice(0).reverse()) r();
    this.held.clear();
  }

  signal(topic: string): void {
    this.signals.add(topic);
  }

  readonly cases: StoreTx['cases'] = {
    get: async (id) => {
      const mine = this.cases_.get(id);
      return mine ? structuredClone(mine) : this.read(id);
    },
    create: async (c: Case, summary: CaseSummary) => {
      if (!isValidCaseId(c.id)) throw new Error(`Nomor kasus tidak sah: ${JSON.stringify(c.id)}`);
      await this.lock(`case:${c.id}`);
      if (this.files.has(c.id) || this.cases_.has(c.id)) throw new CaseExistsError(c.id);
      this.cases_.set(c.id, c);
      this.ops.push({ o: 'case', case: structuredClone(c), summary: Object.freeze(structuredClone(summary)) });
    },
    update: async (c: Case, summary: CaseSummary, expectedRev: number) => {
      if (c.rev !== expectedRev + 1) throw new Error(`Kasus ${c.id}: rev baru harus ${expectedRev + 1} (rev lama + 1), bukan ${c.rev}.`);
      await this.lock(`case:${c.id}`);
      const rev = this.cases_.get(c.id)?.rev ?? this.files.summary(c.id)?.rev;
      if (rev === undefined) {
        const broken = this.files.corrupt.get(c.id);
        if (broken) throw new CorruptCaseError(c.id, broken.file, broken.reason);
        throw new Error(`Kasus ${c.id} tidak ada.`);
      }
      if (rev !== expectedRev) return false;
      this.cases_.set(c.id, c);
      this.ops.push({ o: 'case', case: structuredClone(c), summary: Object.freeze(structuredClone(summary)) });
      return true;
    },
  };

  readonly audit: StoreTx['audit'] = {
    append: async (input: AuditInput) => {
      this.audits.push(structuredClone(input));
    },
  };

  readonly versions: StoreTx['versions'] = {
    add: async (record: WorkflowVersionRecord) => {
      await this.lock('versions');
      const all = [...this.state.versions, ...this.versions_];
      if (all.some((v) => v.workflow === record.workflow && v.version === record.version)) {
        throw new Error(`Versi ${record.version} dari alur ${record.workflow} sudah terdaftar.`);
      }
      this.versions_.push(record);
      this.ops.push({ o: 'version', record: structuredClone(record) });
    },
    activate: async (workflow: string, version: number) => {
      await this.lock('versions');
      const all = [...this.state.versions, ...this.versions_];
      if (!all.some((v) => v.workflow === workflow && v.version === version)) throw new Error(`Versi ${version} dari alur ${workflow} tidak terdaftar.`);
      this.ops.push({ o: 'activate', workflow, version });
    },
  };

  private kvNow(ns: string, key: string): KvEntry | undefined {
    const id = kvId(ns, key);
    if (this.kv_.has(id)) return this.kv_.get(id) ?? undefined;
    return this.state.kvGet(ns, key);
  }

  private kvPut(entry: KvEntry): void {
    this.kv_.set(kvId(entry.ns, entry.key), entry);
    this.ops.push({ o: 'kv', entry: structuredClone(entry) });
  }

  readonly kv: StoreTx['kv'] = {
    get: async <T>(ns: string, key: string, now?: string) => {
      await this.lock(`kv:${kvId(ns, key)}`);
      const e = this.kvNow(ns, key);
      return live(e, now) ? (structuredClone(e) as KvEntry<T>) : undefined;
    },
    put: async <T>(ns: string, key: string, value: T, options: { expiresAt?: string; now?: string } = {}) => {
      await this.lock(`kv:${kvId(ns, key)}`);
      this.kvPut({ ns, key, value, ...(options.expiresAt ? { expiresAt: options.expiresAt } : {}), updatedAt: options.now ?? new Date().toISOString() });
    },
    claim: async <T>(ns: string, key: string, value: T, options: { expiresAt?: string; now?: string } = {}) => {
      await this.lock(`kv:${kvId(ns, key)}`);
      const e = this.kvNow(ns, key);
      if (live(e, options.now)) return { claimed: false, entry: structuredClone(e) as KvEntry<T> };
      const entry: KvEntry<T> = { ns, key, value, ...(options.expiresAt ? { expiresAt: options.expiresAt } : {}), updatedAt: options.now ?? new Date().toISOString() };
      this.kvPut(entry);
      return { claimed: true, entry: structuredClone(entry) };
    },
    delete: async (ns: string, key: string) => {
      await this.lock(`kv:${kvId(ns, key)}`);
      if (!this.kvNow(ns, key)) return false;
      this.kv_.set(kvId(ns, key), null);
      this.ops.push({ o: 'kv-del', ns, key });
      return true;
    },
  };

  readonly sequences: StoreTx['sequences'] = {
    next: async (name: string) => {
      await this.lock(`seq:${name}`);
      const value = (this.seq_.get(name) ?? this.state.sequences.get(name) ?? 0) + 1;
      this.seq_.set(name, value);
      this.ops.push({ o: 'seq', name, value });
      return value;
    },
  };

  readonly outbox: StoreTx['outbox'] = {
    enqueue: async (m: Omit<OutboxMessage, 'status' | 'attempts'>) => {
      if (m.key !== undefined) {
        await this.lock(`outbox:${m.key}`);
        const same = [...this.state.outbox.values()].find((x) => x.key === m.key);
        if (same && same.status === 'sent') return;
        if (same && same.status === 'pending') {
          this.ops.push({ o: 'outbox', message: { ...structuredClone(m), id: same.id, status: 'pending', attempts: same.attempts } });
          return;
        }
      }
      this.ops.push({ o: 'outbox', message: { ...structuredClone(m), status: 'pending', attempts: 0 } });
    },
    cancel: async (filter: { caseId?: string; keyPrefix?: string }) => {
      let n = 0;
      for (const m of this.state.outbox.values()) {
        if (m.status !== 'pending') continue;
        if (filter.caseId !== undefined && m.caseId !== filter.caseId) continue;
        if (filter.keyPrefix !== undefined && !(m.key ?? '').startsWith(filter.keyPrefix)) continue;
        this.ops.push({ o: 'outbox', message: { ...structuredClone(m), status: 'cancelled' } });
        n++;
      }
      return n;
    },
  };

  readonly inbox: StoreTx['inbox'] = {
    add: async (item: InboxItem) => {
      this.ops.push({ o: 'inbox', item: structuredClone(item) });
    },
  };

  readonly records: StoreTx['records'] = {
    add: async (doc: RecordDoc) => {
      await this.lock(`record:${doc.kind}\u0000${doc.id}`);
      if (this.state.record(doc.kind, doc.id) || this.ops.some((o) => o.o === 'record' && o.doc.kind === doc.kind && o.doc.id === doc.id)) {
        throw new Error(`Catatan ${doc.kind} ${doc.id} sudah ada.`);
      }
      this.ops.push({ o: 'record', doc: structuredClone(doc) });
    },
    replace: async (doc: RecordDoc) => {
      await this.lock(`record:${doc.kind}\u0000${doc.id}`);
      if (!this.state.record(doc.kind, doc.id)) return false;
      this.ops.push({ o: 'record', doc: structuredClone(doc) });
      return true;
    },
  };

  /** Whether the transaction wrote anything. */
  get empty(): boolean {
    return this.ops.length === 0 && this.audits.length === 0;
  }
}
