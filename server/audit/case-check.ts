/**
 * The case files against the audit log. The log's hash chain shows an edited log, but a case file edited by hand
 * (a child's name changed, a step added or taken away) would pass it: every change of a case is written twice, in
 * the case's own history and as an audit entry with the values it recorded, so each must have the other. Checks,
 * per case: the intake has its `case.start`, every later step its `step.complete` (same person, time and values),
 * every deadline met by someone its `deadline.met`; the case's current values are what its steps recorded; and no
 * audit entry of these kinds is left without the change in the case file (a case rolled back or removed).
 */
import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { readFile } from 'node:fs/promises';
import { canonicalJson } from '../../engine/hash.ts';
import { withoutPaths } from '../../engine/privacy.ts';
import type { Case, HistoryEntry } from '../../engine/types.ts';
import type { AuditEntry } from '../../engine/ports/audit.ts';
import { PLAIN_CODEC, type DocumentCodec } from '../../engine/ports/store.ts';
import { isTempFile } from '../store/durable-file.ts';
import { parseCaseFile } from '../store/file/case-files.ts';
import { readKeyringRecord } from '../store/file/keyring-file.ts';
import { Keyring, SealError } from '../store/crypt/keyring.ts';
import { loadMasterKeys } from '../store/crypt/master-key.ts';
import { openAuditWith, openCaseWith } from '../store/crypt/sealed-store.ts';

/** The audit actions that stand for a change of a case. */
const CHANGES = new Set(['case.start', 'step.complete', 'deadline.met', 'task.claim', 'task.assign', 'task.release']);

export interface CaseProblem {
  caseId: string;
  /** Indonesian, for the operator. */
  message: string;
}

const same = (a: unknown, b: unknown) => canonicalJson(a ?? {}) === canonicalJson(b ?? {});

function record(v: unknown): Record<string, unknown> {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

/** The audit entry a history entry must have: its action and what identifies it. */
function expected(c: Case, e: HistoryEntry, started: HistoryEntry | undefined): { action: string; actor: string; at: string; key: string; after?: Record<string, unknown>; what: string } | undefined {
  if (e.type === 'completed') {
    const intake = started?.type === 'started' && e.step === started.step && e.at === started.at;
    return { action: intake ? 'case.start' : 'step.complete', actor: e.actor, at: e.at, key: e.step, after: e.data, what: intake ? `laporan awal (${e.step})` : `langkah ${e.step}` };
  }
  // A deadline met by completing its task is part of that step's entry (step.complete), not an action of its own.
  if (e.type === 'deadline-met' && e.actor && !e.task) return { action: 'deadline.met', actor: e.actor, at: e.at, key: e.deadline, what: `tenggat ${e.deadline}` };
  // Who holds a task (server/usecases/assignment.ts): taken, given or handed back.
  if (e.type === 'assigned') return { action: `task.${e.kind}`, actor: e.actor, at: e.at, key: e.step, what: `penugasan langkah ${e.step}` };
  return undefined;
}

function keyOf(entry: AuditEntry): string {
  const d = record(entry.details);
  return String(entry.action === 'deadline.met' ? d.deadline : d.step);
}

/** A short fingerprint of a value's canonical JSON (what is compared, without keeping the values). */
function fingerprint(v: unknown): string {
  return createHash('sha256').update(canonicalJson(v ?? {})).digest('base64url').slice(0, 22);
}

const SEP = '\u0000';
const identity = (action: string, actor: string, at: string, key: string) => [action, actor, at, key].join(SEP);

/** "laporan awal (step)", "langkah step", "tenggat deadline": the change an identity stands for. */
function describe(id: string): { what: string; actor: string; at: string } {
  const [action, actor, at, key] = id.split(SEP) as [string, string, string, string];
  return { what: action === 'case.start' ? `laporan awal (${key})` : action === 'step.complete' ? `langkah ${key}` : `tenggat ${key}`, actor, at };
}

/** What one case file says its audit entries must be, as fingerprints (the case itself is not kept). */
interface Wanted {
  ids: string[];
  afters: Array<string | undefined>;
  matched: boolean[];
  /** A matched entry whose values differ: its seq, by the index of the wanted change. */
  differs: Map<number, number>;
  /** Paths of identities removed from an anonymised case (its entries still hold them). */
  anonymised?: string[];
  dataDiffers: boolean;
  /** Entries of the log that stand for a change the case file does not hold. */
  left: AuditEntry[];
}

/**
 * The check, streamed: every case is added (and may be dropped by the caller), then every audit entry, then
 * `problems()`. Memory grows with the number of changes (a fingerprint each), not with the size of the cases or
 * of the log, so a start-up check of 100,000 cases does not hold them all.
 */
export class CaseLogCheck {
  private readonly cases = new Map<string, Wanted>();
  /** Entries of cases with no case file: their count and first seq. */
  private readonly orphans = new Map<string, { count: number; first: number }>();

  addCase(c: Case): void {
    const started = c.history.find((e) => e.type === 'started');
    const w: Wanted = { ids: [], afters: [], matched: [], differs: new Map(), dataDiffers: false, left: [], ...(c.anonymised ? { anonymised: c.anonymised.paths } : {}) };
    let data: Record<string, unknown> = {};
    for (const h of c.history) {
      if (h.type === 'completed') data = { ...data, ...h.data };
      const want = expected(c, h, started);
      if (!want) continue;
      w.ids.push(identity(want.action, want.actor, want.at, want.key));
      w.afters.push(want.after ? fingerprint(want.after) : undefined);
      w.matched.push(false);
    }
    w.dataDiffers = !same(c.data, data);
    this.cases.set(c.id, w);
  }

  addEntry(entry: AuditEntry): void {
    if (!entry.caseId || !CHANGES.has(entry.action)) return;
    const w = this.cases.get(entry.caseId);
    if (!w) {
      const o = this.orphans.get(entry.caseId);
      if (o) o.count++;
      else this.orphans.set(entry.caseId, { count: 1, first: entry.seq });
      return;
    }
    const id = identity(entry.action, entry.actor, entry.at, keyOf(entry));
    const i = w.ids.findIndex((x, k) => x === id && !w.matched[k]);
    if (i < 0) {
      w.left.push(entry);
      return;
    }
    w.matched[i] = true;
    const want = w.afters[i];
    if (want === undefined) return;
    // An anonymised case lacks the identities its audit entries recorded: compare what it still holds.
    const after = record(record(entry.details).after);
    const recorded = w.anonymised ? withoutPaths(after, w.anonymised) : after;
    if (fingerprint(recorded) !== want) w.differs.set(i, entry.seq);
  }

  /** The problems found, case by case in the order the cases were added, then the missing case files. */
  problems(): CaseProblem[] {
    const problems: CaseProblem[] = [];
    for (const [caseId, w] of this.cases) {
      w.ids.forEach((id, i) => {
        const d = describe(id);
        if (!w.matched[i]) problems.push({ caseId, message: `${d.what} oleh ${d.actor} pada ${d.at} ada di berkas kasus tetapi tidak di log audit.` });
        else if (w.differs.has(i)) problems.push({ caseId, message: `isian ${d.what} di berkas kasus berbeda dari yang tercatat di log audit (catatan ke-${w.differs.get(i)}).` });
      });
      if (w.dataDiffers) problems.push({ caseId, message: 'data kasus saat ini berbeda dari isian yang tercatat pada langkah-langkahnya.' });
      for (const a of w.left) problems.push({ caseId, message: `log audit (catatan ke-${a.seq}, ${a.action} oleh ${a.actor} pada ${a.at}) mencatat perubahan yang tidak ada di berkas kasus.` });
    }
    for (const [caseId, o] of this.orphans) {
      problems.push({ caseId, message: `berkas kasus tidak ada, padahal log audit mencatat ${o.count} perubahannya (catatan ke-${o.first} dst.).` });
    }
    return problems;
  }
}

/** Problems between these cases and these audit entries (entries of other kinds are ignored). */
export function checkCases(cases: Iterable<Case>, entries: Iterable<AuditEntry>): CaseProblem[] {
  const check = new CaseLogCheck();
  for (const c of cases) check.addCase(c);
  for (const e of entries) check.addEntry(e);
  return check.problems();
}

/** Every case file of a data folder's cases folder (files that do not parse are problems, not fatal). */
export async function readCaseFiles(casesDir: string, codec: DocumentCodec = PLAIN_CODEC): Promise<{ cases: Case[]; problems: CaseProblem[] }> {
  const cases: Case[] = [];
  const problems: CaseProblem[] = [];
  let shards: string[];
  try {
    shards = await readdir(casesDir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { cases, problems };
    throw err;
  }
  for (const shard of shards.filter((s) => /^[0-9a-f]{2}$/.test(s)).sort()) {
    for (const name of (await readdir(join(casesDir, shard))).sort()) {
      if (isTempFile(name) || !name.endsWith('.json')) continue;
      const file = join(casesDir, shard, name);
      try {
        cases.push(parseCaseFile(file, await readFile(file, 'utf8'), codec).case);
      } catch (err) {
        problems.push({ caseId: name.slice(0, -'.json'.length), message: (err as Error).message });
      }
    }
  }
  return { cases, problems };
}

/**
 * The case files of data folder `dataDir` with their sealed values opened (the keyring read from the folder, the
 * master key from where the server takes it), and the function that opens audit entries the same way: the same
 * name is sealed afresh in a case file and in its audit entry, so they are compared opened. Throws KeyError when
 * the master key is missing or wrong. A case whose values do not open is a problem and is checked as it is.
 */
export async function readOpenedCaseFiles(dataDir: string, env?: NodeJS.ProcessEnv): Promise<{ cases: Case[]; problems: CaseProblem[]; openEntry: (e: AuditEntry) => AuditEntry }> {
  const record = await readKeyringRecord(dataDir);
  const keyring = record && Keyring.open(record, await loadMasterKeys(dataDir, { create: false, env }));
  const read = await readCaseFiles(join(dataDir, 'cases'));
  if (!keyring) return { ...read, openEntry: (e) => e };
  const cases: Case[] = [];
  for (const c of read.cases) {
    try {
      cases.push(openCaseWith(keyring, c));
    } catch (err) {
      if (!(err instanceof SealError)) throw err;
      read.problems.push({ caseId: c.id, message: 'nilai terenkripsi di berkas kasus tidak dapat dibuka: berkas diubah di luar aplikasi atau dipindah dari kasus lain.' });
      cases.push(c);
    }
  }
  return { cases, problems: read.problems, openEntry: (e) => openAuditWith(keyring, e) };
}
