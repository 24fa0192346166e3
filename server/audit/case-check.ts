/**
 * The case files against the audit log. The log's hash chain shows an edited log, but a case file edited by hand
 * (a child's name changed, a step added or taken away) would pass it: every change of a case is written twice, in
 * the case's own history and as an audit entry with the values it recorded, so each must have the other. Checks,
 * per case: the intake has its `case.start`, every later step its `step.complete` (same person, time and values),
 * every deadline met by someone its `deadline.met`; the case's current values are what its steps recorded; and no
 * audit entry of these kinds is left without the change in the case file (a case rolled back or removed).
 */
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
const CHANGES = new Set(['case.start', 'step.complete', 'deadline.met']);

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
  return undefined;
}

function keyOf(entry: AuditEntry): string {
  const d = record(entry.details);
  return String(entry.action === 'deadline.met' ? d.deadline : d.step);
}

/** Problems between these cases and these audit entries (entries of other kinds are ignored). */
export function checkCases(cases: Case[], entries: AuditEntry[]): CaseProblem[] {
  const byCase = new Map<string, AuditEntry[]>();
  for (const e of entries) {
    if (!e.caseId || !CHANGES.has(e.action)) continue;
    const list = byCase.get(e.caseId) ?? [];
    list.push(e);
    byCase.set(e.caseId, list);
  }
  const problems: CaseProblem[] = [];
  const seen = new Set<string>();
  for (const c of cases) {
    seen.add(c.id);
    const left = [...(byCase.get(c.id) ?? [])];
    const started = c.history.find((e) => e.type === 'started');
    let data: Record<string, unknown> = {};
    for (const h of c.history) {
      if (h.type === 'completed') data = { ...data, ...h.data };
      const want = expected(c, h, started);
      if (!want) continue;
      const i = left.findIndex((a) => a.action === want.action && a.actor === want.actor && a.at === want.at && keyOf(a) === want.key);
      if (i < 0) {
        problems.push({ caseId: c.id, message: `${want.what} oleh ${want.actor} pada ${want.at} ada di berkas kasus tetapi tidak di log audit.` });
        continue;
      }
      const [entry] = left.splice(i, 1);
      // An anonymised case lacks the identities its audit entries recorded: compare what it still holds.
      const recorded = c.anonymised ? withoutPaths(record(record(entry!.details).after), c.anonymised.paths) : record(entry!.details).after;
      if (want.after && !same(recorded, want.after)) {
        problems.push({ caseId: c.id, message: `isian ${want.what} di berkas kasus berbeda dari yang tercatat di log audit (catatan ke-${entry!.seq}).` });
      }
    }
    if (!same(c.data, data)) problems.push({ caseId: c.id, message: 'data kasus saat ini berbeda dari isian yang tercatat pada langkah-langkahnya.' });
    for (const a of left) problems.push({ caseId: c.id, message: `log audit (catatan ke-${a.seq}, ${a.action} oleh ${a.actor} pada ${a.at}) mencatat perubahan yang tidak ada di berkas kasus.` });
  }
  for (const [caseId, list] of byCase) {
    if (!seen.has(caseId)) problems.push({ caseId, message: `berkas kasus tidak ada, padahal log audit mencatat ${list.length} perubahannya (catatan ke-${list[0]!.seq} dst.).` });
  }
  return problems;
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
