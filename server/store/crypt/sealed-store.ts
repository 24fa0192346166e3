/**
 * Encryption at rest, above the adapters: a Store that seals every sensitive value before any adapter (the data
 * folder, PostgreSQL) sees it, and opens it again on the way back. What it seals:
 * - in a case: the values of `sensitive` fields (and repeating groups with a sensitive column) in `data` and in
 *   every completed step's `data` and `before`;
 * - in an audit entry about a case: those values in `details.before` / `details.after`;
 * - blobs (attachments): every byte.
 * The adapter therefore writes only ciphertext to its files, its journal, its tables and so to every backup. A case
 * whose definition is not known yet (no registry given, an unknown version) has ALL its values sealed: unknown
 * never means plaintext. Summaries carry no sensitive value (engine/summary.ts), and get the blind-index tokens of
 * the case's subject names (`search`), so a name search (CaseQuery.name) never opens a case.
 *
 * The audit chain hashes what the adapter stores, the sealed form: the chain verifies without the key, a key
 * rotation never rewrites a line, and the log gives no hash of a plaintext name to test guesses against.
 *
 * Everything else of the store passes through unchanged (a Proxy, so ports added later pass through too).
 */
import { stat } from 'node:fs/promises';
import type { AuditEntry, AuditInput } from '../../../engine/ports/audit.ts';
import { CorruptCaseError, type CaseQuery, type CaseReader, type CaseWriter } from '../../../engine/ports/cases.ts';
import type { BlobRepo, KvEntry, RecordDoc } from '../../../engine/ports/misc.ts';
import type { Store, StoreTx } from '../../../engine/ports/store.ts';
import type { CaseSummary } from '../../../engine/summary.ts';
import type { Case, HistoryEntry, WorkflowRef } from '../../../engine/types.ts';
import { isSealed, Keyring, loadKeyring, SealError } from './keyring.ts';
import { readKeyFile, writeKeyFile, type KeySource } from './master-key.ts';

/** What the definitions say about sealing one case: which names are sensitive, which name the subject. */
export interface SealingPolicy {
  sensitive(name: string): boolean;
  /** Intake field names whose values name the case (the blind index's words). */
  subject: string[];
}

/** The policy for a case's definition; undefined when it is not known (then every value is sealed). */
export type PolicyResolver = (ref: WorkflowRef) => SealingPolicy | undefined;

/**
 * Fields of other stored documents that may name a child: an attachment's file name ("KTP Rina.pdf"), while it waits
 * to be attached (kv `upload`) and once it is the case's (records `attachment`); an issued letter's (records
 * `surat`, server/usecases/letters.ts) texts filled with the case's values: a letter for the family itself carries
 * names and NIK in its subject, addressee, paragraphs and table. Sealed like case values; a dotted name is a path
 * into the document (the letter's number, code, date and signer stay readable: the public check shows only those).
 */
const SEALED_KV: Record<string, string[]> = { upload: ['name'] };
const SEALED_RECORDS: Record<string, string[]> = {
  attachment: ['name'],
  surat: ['content.subject', 'content.addressee', 'content.paragraphs', 'content.facts'],
};

/** What is shown in place of a value that cannot be opened (in an audit entry; a case throws instead). */
export const UNREADABLE = '[tidak dapat dibuka]';

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The value at dotted `path` of `r` (undefined when a step of it is missing). */
function at(r: Rec, path: string): unknown {
  let v: unknown = r;
  for (const k of path.split('.')) v = isRec(v) ? v[k] : undefined;
  return v;
}

/** A copy of `r` with the value at each path (that exists) replaced by `f(value, path)`; `r` itself is not changed. */
function mapPaths(r: Rec, paths: string[], f: (v: unknown, path: string) => unknown): Rec {
  const out: Rec = { ...r };
  for (const path of paths) {
    const keys = path.split('.');
    let into = out;
    let ok = true;
    for (const k of keys.slice(0, -1)) {
      if (!isRec(into[k])) {
        ok = false;
        break;
      }
      into = into[k] = { ...(into[k] as Rec) };
    }
    const last = keys[keys.length - 1]!;
    if (ok && Object.hasOwn(into, last)) into[last] = f(into[last], path);
  }
  return out;
}

export interface SealedStore extends Store {
  /** Gives the definitions once the registry is loaded; before that every value is sealed. */
  useDefinitions(resolve: PolicyResolver): void;
  /** The keyring in use (ids, for the CLI and tests). */
  readonly keyring: Keyring;
  readonly keySource: KeySource;
  /**
   * Seals the values of cases stored before encryption was on (a data folder from an older alur): each such case is
   * written again sealed, with an audit entry `data.seal`. Resolves with how many. Audit entries written before stay
   * as they are: the hash chain forbids rewriting them.
   */
  sealExisting(): Promise<number>;
  /** What the operator should read once (a key made, a rotation done): `alur serve` prints them. */
  readonly notices: string[];
  /** Re-reads the key file and, when its first key is new, rotates to it (the server polls this). */
  checkKeyFile(): Promise<boolean>;
}

export interface SealOptions {
  /** How often a running server looks at the key file for a rotation (ms; 0: never). */
  keyFilePollMs?: number;
  now?: () => Date;
}

/** Wraps `inner` so that sensitive values are sealed with keys from `source` (opening or creating its keyring). */
export async function sealStore(inner: Store, source: KeySource, options: SealOptions = {}): Promise<SealedStore> {
  const now = options.now ?? (() => new Date());
  const loaded = await loadKeyring(inner, source, now().toISOString());
  let keyring = loaded.keyring;
  const notices: string[] = [];
  if (loaded.created) notices.push(`Enkripsi data aktif: kunci data baru dibuat, dibungkus ${source.describe}.`);
  else if (loaded.rotated) notices.push(`Kunci induk diganti: kunci data dibungkus ulang dengan kunci ${source.keys[0]!.id}; nilai baru memakai kunci data ${keyring.currentId}.`);
  let policyOf: PolicyResolver = () => undefined;
  let keySource = source;

  const sealRecord = (id: string, r: Rec, seal: (name: string) => boolean): Rec => {
    const out: Rec = {};
    for (const [k, v] of Object.entries(r)) {
      out[k] = v === undefined || v === null || v === '' || isSealed(v) || !seal(k) ? v : keyring.seal(v, `${id}/${k}`);
    }
    return out;
  };
  const shouldSeal = (ref: WorkflowRef | undefined): ((name: string) => boolean) => {
    const p = ref && policyOf(ref);
    return p ? (name) => p.sensitive(name) : () => true;
  };

  /** Re-reads the keyring (another server rotated it): true when a key id unknown here is now known. */
  const reload = async (keyId: string): Promise<boolean> => {
    if (keyring.knows(keyId)) return true;
    if (keySource.file) {
      const keys = await readKeyFile(keySource.file).catch(() => undefined);
      if (keys?.length) keySource = { ...keySource, keys };
    }
    const again = await loadKeyring({ transaction: (fn) => inner.transaction(fn) }, { ...keySource, keys: keySource.keys }, now().toISOString(), { existing: keyring }).catch(() => undefined);
    if (again) keyring = again.keyring;
    return keyring.knows(keyId);
  };

  const sealCase = (c: Case): Case => {
    const seal = shouldSeal(c.workflow);
    const rec = (r: Rec) => sealRecord(c.id, r, seal);
    return {
      ...c,
      data: rec(c.data),
      history: c.history.map((e): HistoryEntry => (e.type === 'completed' ? { ...e, data: rec(e.data), ...(e.before ? { before: rec(e.before) } : {}) } : e)),
    };
  };
  /** Runs an opening; when it names a data key unknown here (another server rotated), reloads once and retries. */
  const retrying = async <T>(open: () => T): Promise<T> => {
    try {
      return open();
    } catch (err) {
      const missing = err instanceof SealError ? err.missingKey : undefined;
      if (!missing || !(await reload(missing))) throw err;
      return open();
    }
  };
  const openCase = async (c: Case | undefined, where: string): Promise<Case | undefined> => {
    if (!c) return c;
    try {
      return await retrying(() => openCaseWith(keyring, c));
    } catch (err) {
      if (err instanceof SealError) throw new CorruptCaseError(c.id, where, `nilai terenkripsi tidak dapat dibuka: ${err.message}`);
      throw err;
    }
  };
  const withSearch = (c: Case, s: CaseSummary): CaseSummary => {
    const p = policyOf(c.workflow);
    const words = (p?.subject ?? []).map((n) => c.data[n]).filter((v): v is string => typeof v === 'string' && v !== '');
    const search = [...new Set(words.flatMap((w) => keyring.tokens(w)))];
    const { search: _drop, ...rest } = s;
    return search.length ? { ...rest, search } : rest;
  };

  /** `value` with the named fields sealed (bound to `where`), or opened; `a.b` names field b of object field a. */
  const sealFields = <T>(value: T, names: string[] | undefined, where: string): T => {
    if (!names || !isRec(value)) return value;
    return mapPaths(value, names, (v, name) => (v === undefined || v === null || v === '' || isSealed(v) ? v : keyring.seal(v, `${where}/${name}`))) as T;
  };
  const openFields = async <T>(value: T, names: string[] | undefined, where: string): Promise<T> => {
    if (!names || !isRec(value)) return value;
    const opened = new Map<string, unknown>();
    for (const name of names) {
      const v = at(value, name);
      if (!isSealed(v)) continue;
      try {
        opened.set(name, await retrying(() => keyring.open(v, `${where}/${name}`)));
      } catch (err) {
        if (!(err instanceof SealError)) throw err;
        opened.set(name, UNREADABLE);
      }
    }
    return (opened.size ? mapPaths(value, [...opened.keys()], (_, name) => opened.get(name)) : value) as T;
  };
  const kvWhere = (ns: string, key: string) => `kv:${ns}:${key}`;
  const openKv = async <T>(e: KvEntry<T> | undefined): Promise<KvEntry<T> | undefined> =>
    e && SEALED_KV[e.ns] ? { ...e, value: await openFields(e.value, SEALED_KV[e.ns], kvWhere(e.ns, e.key)) } : e;
  const recWhere = (d: Pick<RecordDoc, 'kind' | 'id'>) => `record:${d.kind}:${d.id}`;
  const sealDoc = (d: RecordDoc): RecordDoc => (SEALED_RECORDS[d.kind] ? { ...d, data: sealFields(d.data, SEALED_RECORDS[d.kind], recWhere(d)) } : d);
  const openDoc = async (d: RecordDoc | undefined): Promise<RecordDoc | undefined> =>
    d && SEALED_RECORDS[d.kind] ? { ...d, data: await openFields(d.data, SEALED_RECORDS[d.kind], recWhere(d)) } : d;

  const refOfCase = async (caseId: string, known: Map<string, WorkflowRef>): Promise<WorkflowRef | undefined> => {
    const mine = known.get(caseId);
    if (mine) return mine;
    const s = await inner.cases.summary(caseId).catch(() => undefined);
    return s ? { id: s.workflow, version: s.version, hash: s.hash } : undefined;
  };
  const sealAudit = async (input: AuditInput, known: Map<string, WorkflowRef>): Promise<AuditInput> => {
    const d = input.details;
    if (!input.caseId || !d || (!isRec(d.before) && !isRec(d.after))) return input;
    const seal = shouldSeal(await refOfCase(input.caseId, known));
    const id = input.caseId;
    return { ...input, details: { ...d, ...(isRec(d.before) ? { before: sealRecord(id, d.before, seal) } : {}), ...(isRec(d.after) ? { after: sealRecord(id, d.after, seal) } : {}) } };
  };
  const openAudit = async <T extends AuditInput>(e: T): Promise<T> => {
    const d = e.details;
    const ids = new Set<string>();
    for (const r of [d?.before, d?.after]) if (isRec(r)) for (const v of Object.values(r)) if (isSealed(v)) ids.add(Keyring.keyOf(v));
    for (const id of ids) if (!keyring.knows(id)) await reload(id);
    return openAuditWith(keyring, e);
  };

  const cases: CaseReader = {
    get: async (id) => openCase(await inner.cases.get(id), id),
    summary: (id) => inner.cases.summary(id),
    query: (q: CaseQuery) => {
      const { name, ...rest } = q;
      if (name === undefined) return inner.cases.query(rest);
      const tokens = keyring.tokens(name);
      // A name with no word to look for matches nothing (never "every case").
      return inner.cases.query({ ...rest, search: tokens.length ? tokens : ['-'] });
    },
    count: () => inner.cases.count(),
    exists: (id) => inner.cases.exists(id),
    scan: (batch) =>
      (async function* () {
        for await (const list of inner.cases.scan(batch)) {
          const out: Case[] = [];
          for (const c of list) out.push((await openCase(c, c.id))!);
          yield out;
        }
      })(),
    tally: (workflow) => inner.cases.tally(workflow),
    summaries: () => inner.cases.summaries(),
  };

  const blobs: BlobRepo = {
    put: async (data, at) => ({ ...(await inner.blobs.put(keyring.sealBytes(data), at)), size: data.length }),
    get: async (id) => {
      const raw = await inner.blobs.get(id);
      return raw && Keyring.isSealedBytes(raw) ? retrying(() => keyring.openBytes(raw)) : raw;
    },
    info: async (id) => {
      const info = await inner.blobs.info(id);
      if (!info) return info;
      const data = await blobs.get(id);
      return data ? { ...info, size: data.length } : undefined;
    },
    delete: (id) => inner.blobs.delete(id),
    list: () =>
      (async function* () {
        for await (const list of inner.blobs.list()) {
          const out = [];
          for (const info of list) {
            const data = await blobs.get(info.id);
            out.push(data ? { ...info, size: data.length } : info);
          }
          yield out;
        }
      })(),
  };

  const wrapTx = (tx: StoreTx): StoreTx => {
    const known = new Map<string, WorkflowRef>();
    const txCases: CaseWriter & Pick<CaseReader, 'get'> = {
      get: async (id) => openCase(await tx.cases.get(id), id),
      create: (c, s) => {
        known.set(c.id, c.workflow);
        return tx.cases.create(sealCase(c), withSearch(c, s));
      },
      update: (c, s, rev) => {
        known.set(c.id, c.workflow);
        return tx.cases.update(sealCase(c), withSearch(c, s), rev);
      },
    };
    const txAudit = { append: async (input: AuditInput) => tx.audit.append(await sealAudit(input, known)) };
    const txKv = forward(tx.kv, {
      get: async <T>(ns: string, key: string, at?: string) => openKv(await tx.kv.get<T>(ns, key, at)),
      put: <T>(ns: string, key: string, value: T, o?: { expiresAt?: string; now?: string }) => tx.kv.put(ns, key, sealFields(value, SEALED_KV[ns], kvWhere(ns, key)), o),
      claim: async <T>(ns: string, key: string, value: T, o?: { expiresAt?: string; now?: string }) => {
        const r = await tx.kv.claim(ns, key, sealFields(value, SEALED_KV[ns], kvWhere(ns, key)), o);
        return { ...r, entry: (await openKv(r.entry))! };
      },
    });
    const txRecords = forward(tx.records, {
      add: (d: RecordDoc) => tx.records.add(sealDoc(d)),
      replace: (d: RecordDoc) => tx.records.replace(sealDoc(d)),
    });
    return forward(tx, { cases: txCases, audit: txAudit, kv: txKv, records: txRecords });
  };

  const audit: Store['audit'] = {
    head: () => inner.audit.head(),
    verify: (anchor) => inner.audit.verify(anchor),
    list: async (filter) => Promise.all((await inner.audit.list(filter)).map((e) => openAudit(e))),
    entries: (fromSeq, batch) =>
      (async function* () {
        for await (const list of inner.audit.entries(fromSeq, batch)) yield await Promise.all(list.map((e) => openAudit(e)));
      })(),
    append: async (input): Promise<AuditEntry> => openAudit(await inner.audit.append(await sealAudit(input, new Map()))),
  };

  let keyFileStamp = source.file ? await stat(source.file).then((s) => s.mtimeMs).catch(() => 0) : 0;
  let rotating: Promise<boolean> | undefined;
  /** A key file whose first key is not the one wrapping the keyring: rotate to it, then keep only that key. */
  const checkKeyFile = (): Promise<boolean> =>
    (rotating ??= (async () => {
      const file = keySource.file;
      if (!file) return false;
      const stamp = await stat(file).then((s) => s.mtimeMs).catch(() => 0);
      if (stamp === keyFileStamp) return false;
      keyFileStamp = stamp;
      const keys = await readKeyFile(file).catch(() => undefined);
      if (!keys?.length || keys[0]!.id === keyring.masterId) return false;
      const next = { ...keySource, keys };
      const done = await loadKeyring({ transaction: (fn) => inner.transaction(fn) }, next, now().toISOString(), { existing: keyring });
      keyring = done.keyring;
      keySource = { ...next, keys: [keys[0]!] };
      await writeKeyFile(file, [keys[0]!], inner.location);
      keyFileStamp = await stat(file).then((s) => s.mtimeMs).catch(() => 0);
      const line = `Kunci induk diganti tanpa menghentikan server: kunci ${keys[0]!.id}; nilai baru memakai kunci data ${keyring.currentId}. Kunci lama dihapus dari ${file}.`;
      notices.push(line);
      console.log(line);
      return true;
    })().finally(() => (rotating = undefined)));

  const poll = options.keyFilePollMs ?? 0;
  const timer =
    poll > 0 && source.file
      ? setInterval(
          () =>
            void checkKeyFile().catch((err: Error) => {
              // The keys in memory keep serving; the operator reads why the new file was not taken.
              console.error(`PERINGATAN: berkas kunci ${source.file} berubah tetapi tidak dipakai: ${err.message}`);
            }),
          poll,
        )
      : undefined;
  timer?.unref();

  const kv: Store['kv'] = forward(inner.kv, {
    get: async <T>(ns: string, key: string, at?: string) => openKv(await inner.kv.get<T>(ns, key, at)),
    list: async <T>(ns: string, o?: { prefix?: string; limit?: number; now?: string }) => {
      const list = await inner.kv.list<T>(ns, o);
      return SEALED_KV[ns] ? Promise.all(list.map(async (e) => (await openKv(e))!)) : list;
    },
    put: <T>(ns: string, key: string, value: T, o?: { expiresAt?: string; now?: string }) => inner.kv.put(ns, key, sealFields(value, SEALED_KV[ns], kvWhere(ns, key)), o),
    claim: async <T>(ns: string, key: string, value: T, o?: { expiresAt?: string; now?: string }) => {
      const r = await inner.kv.claim(ns, key, sealFields(value, SEALED_KV[ns], kvWhere(ns, key)), o);
      return { ...r, entry: (await openKv(r.entry))! };
    },
  });
  const records: Store['records'] = forward(inner.records, {
    query: async (kind: string, filter?: Parameters<Store['records']['query']>[1]) => {
      const list = await inner.records.query(kind, filter);
      return SEALED_RECORDS[kind] ? Promise.all(list.map(async (d) => (await openDoc(d))!)) : list;
    },
    get: async (kind: string, id: string) => openDoc(await inner.records.get(kind, id)),
    add: (d: RecordDoc) => inner.records.add(sealDoc(d)),
    replace: (d: RecordDoc) => inner.records.replace(sealDoc(d)),
  });

  const overrides = {
    cases,
    blobs,
    audit,
    kv,
    records,
    transaction: <T>(fn: (tx: StoreTx) => Promise<T>) => inner.transaction((tx) => fn(wrapTx(tx))),
    refreshSummaries: async (summarize: (c: Case) => CaseSummary | undefined) => {
      // The adapter hands over cases as stored: opened here first, so the summary (initials, report facts) is right.
      return inner.refreshSummaries((c) => {
        const plain = tryOpen(keyring, c);
        if (!plain) return undefined;
        const s = summarize(plain);
        return s && withSearch(plain, s);
      });
    },
    useDefinitions: (resolve: PolicyResolver) => {
      policyOf = resolve;
    },
    get keyring() {
      return keyring;
    },
    get keySource() {
      return keySource;
    },
    checkKeyFile,
    notices,
    sealExisting: async () => {
      let n = 0;
      for await (const list of inner.cases.scan(100)) {
        const due: Array<{ raw: Case; summary: CaseSummary }> = [];
        for (const raw of list) {
          const seal = shouldSeal(raw.workflow);
          const open = (r: Rec) => Object.entries(r).some(([k, v]) => v !== undefined && v !== null && v !== '' && !isSealed(v) && seal(k));
          const unsealed = open(raw.data) || raw.history.some((e) => e.type === 'completed' && (open(e.data) || (e.before ? open(e.before) : false)));
          if (!unsealed) continue;
          const summary = await inner.cases.summary(raw.id);
          if (summary) due.push({ raw, summary });
        }
        if (!due.length) continue;
        // One transaction (one fsync) per batch of cases: an office turning encryption on over years of cases waits
        // minutes less; a case changed meanwhile (its rev moved on) is left for the next start.
        n += await inner.transaction(async (tx) => {
          let done = 0;
          for (const { raw, summary } of due) {
            const plain = (await openCase(raw, raw.id))!;
            const next = { ...plain, rev: raw.rev + 1 };
            if (!(await tx.cases.update(sealCase(next), withSearch(next, { ...summary, rev: next.rev }), raw.rev))) continue;
            await tx.audit.append({ at: now().toISOString(), actor: 'sistem', action: 'data.seal', caseId: raw.id, details: { rev: next.rev, key: keyring.currentId } });
            done++;
          }
          return done;
        });
      }
      return n;
    },
    close: async () => {
      if (timer) clearInterval(timer);
      await inner.close();
    },
  };

  return forward(inner, overrides) as unknown as SealedStore;
}

/** Case `c` as stored, with every sealed value opened; throws SealError when one does not open. */
export function openCaseWith(keyring: Keyring, c: Case): Case {
  const rec = (r: Rec): Rec => {
    const out: Rec = {};
    for (const [k, v] of Object.entries(r)) out[k] = isSealed(v) ? keyring.open(v, `${c.id}/${k}`) : v;
    return out;
  };
  return {
    ...c,
    data: rec(c.data),
    history: c.history.map((e): HistoryEntry => (e.type === 'completed' ? { ...e, data: rec(e.data), ...(e.before ? { before: rec(e.before) } : {}) } : e)),
  };
}

function tryOpen(keyring: Keyring, c: Case): Case | undefined {
  try {
    return openCaseWith(keyring, c);
  } catch (err) {
    if (err instanceof SealError) return undefined;
    throw err;
  }
}

/** An audit entry as stored, its sealed before/after values opened (one that does not open reads UNREADABLE). */
export function openAuditWith<T extends AuditInput>(keyring: Keyring, e: T): T {
  const d = e.details;
  if (!e.caseId || !d || (!isRec(d.before) && !isRec(d.after))) return e;
  const id = e.caseId;
  const soft = (r: Rec): Rec => {
    const out: Rec = {};
    for (const [k, v] of Object.entries(r)) {
      try {
        out[k] = isSealed(v) ? keyring.open(v, `${id}/${k}`) : v;
      } catch (err) {
        if (!(err instanceof SealError)) throw err;
        out[k] = UNREADABLE;
      }
    }
    return out;
  };
  return { ...e, details: { ...d, ...(isRec(d.before) ? { before: soft(d.before) } : {}), ...(isRec(d.after) ? { after: soft(d.after) } : {}) } };
}

/** `target` with `overrides` in place of some members; everything else is the target's own (methods bound to it). */
function forward<T extends object>(target: T, overrides: Record<string, unknown>): T {
  return new Proxy(target, {
    get(t, prop, receiver) {
      if (typeof prop === 'string' && Object.hasOwn(overrides, prop)) return overrides[prop];
      const v = Reflect.get(t, prop, t) as unknown;
      void receiver;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(t) : v;
    },
  });
}
