/**
 * Integrity of the stored record, at start and while running: the audit chain is verified against the last anchor
 * this installation recorded (so a log cut short or deleted is caught, which a chain alone cannot show), and every
 * case against the audit log (server/audit/case-check.ts: a case file edited, added or removed outside the app),
 * and cases the store cannot read are listed. A break is never silently served around: it is printed to the log,
 * recorded in the audit log itself (once per distinct break), and kept in the store's kv so every administrator
 * page on every app server shows it until it is mended. While everything is whole, the anchor moves on to the
 * log's head.
 */
import { createHash } from 'node:crypto';
import type { AuditAnchor } from '../../engine/ports/audit.ts';
import { CorruptCaseError } from '../../engine/ports/cases.ts';
import type { Store } from '../../engine/ports/store.ts';
import { CaseLogCheck, type CaseProblem } from '../audit/case-check.ts';

const NS = 'integrity';

export interface IntegrityReport {
  checkedAt: string;
  ok: boolean;
  /** The chain check; `message` says where it breaks. */
  audit: { ok: boolean; entries: number; message?: string };
  /** The anchor the chain was checked against (none before the first check). */
  anchor?: AuditAnchor & { at: string };
  /** Cases whose stored record disagrees with the audit log. */
  cases: CaseProblem[];
  /** Cases the store cannot read (a damaged file or row): 503 on their pages, listed here. */
  damaged: Array<{ caseId: string; reason: string }>;
}

/**
 * Every case against the audit log, streamed: cases in batches (each reduced to the fingerprints of its changes),
 * then the log in batches; a case the index knows but the scan could not read is damaged (asked for its reason).
 */
async function caseProblemsOnce(store: Store): Promise<{ problems: CaseProblem[]; unreadable: Map<string, string> }> {
  const check = new CaseLogCheck();
  const read = new Set<string>();
  for await (const batch of store.cases.scan(500)) {
    for (const c of batch) {
      read.add(c.id);
      check.addCase(c);
    }
  }
  const unreadable = new Map<string, string>();
  for await (const batch of store.cases.summaries()) {
    for (const s of batch) {
      if (read.has(s.id)) continue;
      try {
        await store.cases.get(s.id);
      } catch (err) {
        if (err instanceof CorruptCaseError) unreadable.set(s.id, err.reason);
        else throw err;
      }
    }
  }
  for await (const batch of store.audit.entries(1, 2000)) for (const e of batch) check.addEntry(e);
  return { problems: check.problems(), unreadable };
}

/** Case problems seen twice in a row: a change committed between reading the cases and the log is not a break. */
async function steadyCaseProblems(store: Store, pause: () => Promise<void>): Promise<{ problems: CaseProblem[]; unreadable: Map<string, string> }> {
  const first = await caseProblemsOnce(store);
  if (!first.problems.length) return first;
  await pause();
  const again = await caseProblemsOnce(store);
  const before = new Set(first.problems.map((p) => `${p.caseId}\n${p.message}`));
  return { problems: again.problems.filter((p) => before.has(`${p.caseId}\n${p.message}`)), unreadable: again.unreadable };
}

/** Damaged case files the store found when it opened (it skipped them). */
function openingDamage(store: Store): Array<{ caseId: string; reason: string }> {
  const out: Array<{ caseId: string; reason: string }> = [];
  for (const p of store.problems) {
    if (p.severity !== 'error') continue;
    const m = /Berkas kasus (\S+) tidak dapat dibaca dan dilewati: (.*)\. Pulihkan dari cadangan\./.exec(p.message);
    if (m) out.push({ caseId: m[1]!, reason: m[2]! });
  }
  return out;
}

export interface IntegrityDeps {
  store: Store;
  now: () => Date;
  /** Where a break is printed (default console.error). */
  log?: (line: string) => void;
  /** Waited between the two case checks (default 1 s). */
  pause?: () => Promise<void>;
}

/** Runs every check, records and prints a new break, moves the anchor on when whole; returns the report. */
export async function checkIntegrity(deps: IntegrityDeps): Promise<IntegrityReport> {
  const { store } = deps;
  const log = deps.log ?? ((line: string) => console.error(line));
  const at = deps.now().toISOString();
  const anchor = (await store.kv.get<AuditAnchor & { at: string }>(NS, 'anchor'))?.value;
  const chain = await store.audit.verify(anchor ? { seq: anchor.seq, hash: anchor.hash } : undefined);
  const { problems, unreadable } = await steadyCaseProblems(store, deps.pause ?? (() => new Promise((r) => setTimeout(r, 1000))));
  const damaged = new Map<string, string>();
  for (const d of openingDamage(store)) damaged.set(d.caseId, d.reason);
  for (const [id, reason] of unreadable) damaged.set(id, reason);
  // A damaged case's missing file shows as "berkas kasus tidak ada" in the case check too: list it once, as damaged.
  const cases = problems.filter((p) => !damaged.has(p.caseId));
  const report: IntegrityReport = {
    checkedAt: at,
    ok: chain.ok && !cases.length && !damaged.size,
    audit: chain.ok ? { ok: true, entries: chain.entries } : { ok: false, entries: chain.entries, message: `baris ${chain.line}: ${chain.message}` },
    anchor,
    cases,
    damaged: [...damaged].map(([caseId, reason]) => ({ caseId, reason })),
  };

  const fingerprint = createHash('sha256')
    .update(JSON.stringify([report.audit.message ?? '', cases.map((p) => [p.caseId, p.message]), report.damaged]))
    .digest('hex');
  const reported = (await store.kv.get<string>(NS, 'reported'))?.value;
  if (!report.ok) {
    if (!chain.ok) log(`INTEGRITAS: log audit rusak, ${report.audit.message}`);
    for (const p of cases.slice(0, 50)) log(`INTEGRITAS: kasus ${p.caseId}: ${p.message}`);
    for (const d of report.damaged.slice(0, 50)) log(`INTEGRITAS: kasus ${d.caseId} rusak dan tidak dilayani: ${d.reason}`);
    if (reported !== fingerprint) {
      await store.audit.append({
        at,
        actor: 'sistem',
        action: 'integrity.broken',
        details: {
          audit: report.audit.ok ? 'utuh' : report.audit.message,
          ...(anchor ? { anchor: `${anchor.seq}:${anchor.hash}` } : {}),
          caseProblems: cases.length,
          damaged: report.damaged.map((d) => d.caseId).slice(0, 100),
          first: cases[0] ? `${cases[0].caseId}: ${cases[0].message}` : undefined,
        },
      });
      await store.kv.put(NS, 'reported', fingerprint, { now: at });
    }
  } else {
    if (reported) {
      await store.audit.append({ at, actor: 'sistem', action: 'integrity.restored', details: { entries: chain.entries } });
      await store.kv.delete(NS, 'reported');
    }
    const head = await store.audit.head();
    await store.kv.put(NS, 'anchor', { seq: head.seq, hash: head.hash, at }, { now: at });
  }
  await store.kv.put(NS, 'report', report, { now: at });
  return report;
}

/** The last report (from any app server), or undefined before the first check. */
export async function lastIntegrityReport(store: Store): Promise<IntegrityReport | undefined> {
  return (await store.kv.get<IntegrityReport>(NS, 'report'))?.value;
}
