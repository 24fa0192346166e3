/**
 * Tracking codes (/lacak): a long random code a reporter is given, which shows only the stage of their case
 * (received, in process, finished) with dates. The store keeps the code's SHA-256, never the code; a code can be
 * withdrawn, and giving a new one withdraws the old.
 */
import { createHash, randomInt } from 'node:crypto';
import type { TrackResult } from '../../templates/figures/track.tsx';
import type { StoreTx } from '../../engine/ports/store.ts';
import type { Done, FiguresDeps } from './figures-deps.ts';
import { LIMITS, spend } from './throttle.ts';

/** Letters and digits that are not mistaken for one another when read out (no 0/O, 1/I/L). */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const LENGTH = 16;

const hashOf = (code: string) => createHash('sha256').update(code).digest('hex');

/** "k7qm 3xpa-9trc w2hd" → "K7QM3XPA9TRCW2HD"; undefined when it cannot be a code. */
export function normalizeCode(input: string): string | undefined {
  const s = input.toUpperCase().replace(/[\s-]/g, '');
  return s.length === LENGTH && [...s].every((ch) => ALPHABET.includes(ch)) ? s : undefined;
}

/** "K7QM-3XPA-9TRC-W2HD". */
export function formatCode(code: string): string {
  return code.match(/.{1,4}/g)!.join('-');
}

function newCode(): string {
  let s = '';
  for (let i = 0; i < LENGTH; i++) s += ALPHABET[randomInt(ALPHABET.length)];
  return s; // 31^16 ≈ 7·10^23 codes
}

/** Gives case `caseId` a new code (withdrawing any earlier one) inside `tx`; returns the code, shown once. */
export async function issueCodeIn(tx: StoreTx, caseId: string, actor: string, now: Date): Promise<string> {
  const code = newCode();
  const earlier = await tx.kv.get<{ hash: string }>('track-case', caseId);
  if (earlier) await tx.kv.delete('track', earlier.value.hash);
  await tx.kv.put('track', hashOf(code), { caseId });
  await tx.kv.put('track-case', caseId, { hash: hashOf(code), issuedAt: now.toISOString() });
  await tx.audit.append({ at: now.toISOString(), actor, action: earlier ? 'case.track.reissue' : 'case.track.issue', caseId });
  return formatCode(code);
}

export async function issueTrackingCode(deps: FiguresDeps, caseId: string, actor: string): Promise<string> {
  return deps.store.transaction((tx) => issueCodeIn(tx, caseId, actor, deps.now()));
}

/** Whether a case has a code in force, and since when (the code itself is not kept). */
export async function trackingCodeOf(deps: FiguresDeps, caseId: string): Promise<{ issuedAt: string } | undefined> {
  const e = await deps.store.kv.get<{ issuedAt: string }>('track-case', caseId);
  return e && { issuedAt: e.value.issuedAt };
}

export async function withdrawTrackingCode(deps: FiguresDeps, caseId: string, actor: string): Promise<boolean> {
  return deps.store.transaction(async (tx) => {
    const e = await tx.kv.get<{ hash: string }>('track-case', caseId);
    if (!e) return false;
    await tx.kv.delete('track', e.value.hash);
    await tx.kv.delete('track-case', caseId);
    await tx.audit.append({ at: deps.now().toISOString(), actor, action: 'case.track.withdraw', caseId });
    return true;
  });
}

const UNKNOWN = 'Kode tidak dikenal, atau sudah ditarik. Periksa penulisannya (16 huruf dan angka).';

/** What a code shows: the stage and its dates; rate-limited per address. */
export async function trackByCode(deps: FiguresDeps, input: string, address: string): Promise<Done<TrackResult>> {
  const limited = await spend(deps, LIMITS.track, address);
  if (limited) return limited;
  const code = normalizeCode(input);
  if (!code) return { ok: false, status: 400, error: UNKNOWN, fields: { kode: UNKNOWN } };
  const e = await deps.store.kv.get<{ caseId: string }>('track', hashOf(code));
  const s = e && (await deps.store.cases.summary(e.value.caseId));
  if (!s) return { ok: false, status: 404, error: UNKNOWN, fields: { kode: UNKNOWN } };
  const wf = deps.workflows.get(s.workflow);
  // Received: nothing done since the intake (its first task opened with the case); in process: a later step opened.
  const worked = (s.tasks ?? []).some((t) => t.openedAt !== s.createdAt);
  const state = s.status === 'closed' ? 'selesai' : worked ? 'diproses' : 'diterima';
  return { ok: true, value: { service: wf?.title ?? s.workflow, state, receivedAt: s.createdAt, ...(s.closedAt ? { closedAt: s.closedAt } : {}) } };
}
