/**
 * Letters an outcome issues (engine/letter.ts composes them): issued inside the transaction of the step that
 * closes the case, so the number (a yearly sequence per service and letter) is taken only when the case really
 * closes and is never reused or skipped; found again by case or by verification code; checked by anyone at
 * /verifikasi/CODE (rate-limited, showing no case data); revoked with a reason by the roles the YAML allows.
 * Kept as records of kind "surat" (id: the verification code), the letter's text frozen as issued.
 */
import { randomInt } from 'node:crypto';
import { ADMINISTRATOR_ROLE } from '../../engine/access.ts';
import { chooseSigner, composeLetter, letterNumber, letterOf, localYearMonth, revokingRoles, sequenceName, type LetterContent, type LetterSigner } from '../../engine/letter.ts';
import type { StoreTx } from '../../engine/ports/store.ts';
import type { RecordDoc } from '../../engine/ports/misc.ts';
import { timeZoneOf } from '../../engine/time.ts';
import type { Actor, Case, Workflow } from '../../engine/types.ts';
import type { LetterCheck } from '../../templates/verify.tsx';
import { withAddress } from '../audit/record.ts';
import type { AppDeps } from './deps.ts';
import type { Done } from './figures-deps.ts';
import { LIMITS, spend } from './throttle.ts';

export const LETTER_KIND = 'surat';
export type { LetterCheck };

/** A letter as stored: its number and code, who signed, what it says (without the address of the check page). */
export interface IssuedLetter {
  letterId: string;
  number: string;
  seq: number;
  year: number;
  code: string;
  issuedAt: string;
  workflow: string;
  version: number;
  caseId: string;
  outcome: string;
  signer: LetterSigner;
  content: Omit<LetterContent, 'verifyUrl'>;
  revoked?: { at: string; by: string; reason: string };
  /** The revoked letter this one replaces (issued again for the same case and outcome). */
  replaces?: { number: string; code: string };
  /** Set on a revoked letter once a new one is issued in its place. */
  replacedBy?: { number: string; code: string };
}


/** Letters and digits not mistaken for one another when read out (no 0/O, 1/I/L). */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const CODE_LENGTH = 12;

function newCode(): string {
  let s = '';
  for (let i = 0; i < CODE_LENGTH; i++) s += ALPHABET[randomInt(ALPHABET.length)];
  return s.match(/.{4}/g)!.join('-'); // 31^12 ≈ 8·10^17 codes
}

/** "k7qm 3xpa 9trc" → "K7QM-3XPA-9TRC"; undefined when it cannot be a code. */
export function normalizeLetterCode(input: string): string | undefined {
  const s = input.toUpperCase().replace(/[\s-]/g, '');
  return s.length === CODE_LENGTH && [...s].every((ch) => ALPHABET.includes(ch)) ? s.match(/.{4}/g)!.join('-') : undefined;
}

/** The public check page of a code. */
export function verifyPath(code: string): string {
  return `/verifikasi/${code}`;
}

/**
 * Who will sign the letter case `c` issues when it closes (read before the closing transaction): see
 * engine/letter.ts chooseSigner; the account's full name, jabatan and NIP as they are at that moment.
 */
export async function signerFor(deps: Pick<AppDeps, 'store'>, wf: Workflow, c: Case): Promise<LetterSigner | undefined> {
  const found = letterOf(wf, c.outcome);
  if (!found) return undefined;
  const role = found.rule.signer;
  const holders = (await deps.store.users.list()).filter((u) => !u.disabled && u.roles.includes(role)).map((u) => u.username);
  const chosen = chooseSigner(found.rule, c, holders);
  const account = chosen && (await deps.store.users.get(chosen.username));
  if (!account) return { role };
  return { role, username: account.username, name: account.displayName, ...(account.title ? { jabatan: account.title } : {}), ...(account.nip ? { nip: account.nip } : {}) };
}

/**
 * Issues the letter of closed case `c` inside `tx` (the transaction that closes it): takes the next number of
 * the year, composes the letter, stores it and records the issue. Undefined when its outcome issues none.
 */
export async function issueLetterIn(
  tx: StoreTx,
  wf: Workflow,
  c: Case,
  signer: LetterSigner | undefined,
  actor: string,
  now: Date,
  /** More for the audit entry (the demo marks its own). */
  note: Record<string, unknown> = {},
  /** The revoked letter this one replaces: recorded as `letter.reissue`. */
  replaces?: IssuedLetter,
): Promise<IssuedLetter | undefined> {
  const found = letterOf(wf, c.outcome);
  if (!found || c.status !== 'closed') return undefined;
  const tz = timeZoneOf(wf);
  const { year } = localYearMonth(now, tz);
  const seq = await tx.sequences.next(sequenceName(wf, found.id, year));
  const number = letterNumber(found.rule.number, seq, now, tz);
  const code = newCode();
  const issuedAt = now.toISOString();
  const who = signer ?? { role: found.rule.signer };
  const { verifyUrl: _omit, ...content } = composeLetter(wf, c, who, { number, code, issuedAt, verifyUrl: verifyPath(code) });
  const letter: IssuedLetter = {
    letterId: found.id,
    number,
    seq,
    year,
    code,
    issuedAt,
    workflow: wf.id,
    version: wf.version,
    caseId: c.id,
    outcome: found.outcome.id,
    signer: who,
    content,
    ...(replaces ? { replaces: { number: replaces.number, code: replaces.code } } : {}),
  };
  await tx.records.add({ kind: LETTER_KIND, id: code, at: issuedAt, workflow: wf.id, caseId: c.id, data: letter as unknown as Record<string, unknown> });
  const details = { number, code, letter: found.id, signer: who.username ?? '-', ...(replaces ? { replaces: replaces.number, replacesCode: replaces.code } : {}), ...note };
  await tx.audit.append(withAddress({ at: issuedAt, actor, action: replaces ? 'letter.reissue' : 'letter.issue', caseId: c.id, details }));
  return letter;
}

function asLetter(doc: RecordDoc | undefined): IssuedLetter | undefined {
  return doc ? (doc.data as unknown as IssuedLetter) : undefined;
}

/** The letter a case issued: the one no other replaces (a revoked letter issued again gives way to its new one). */
export async function letterOfCase(deps: Pick<AppDeps, 'store'>, caseId: string): Promise<IssuedLetter | undefined> {
  const letters = (await deps.store.records.query(LETTER_KIND, { caseId })).map((d) => asLetter(d)!);
  const replaced = new Set(letters.flatMap((l) => (l.replaces ? [l.replaces.code] : [])));
  return letters.filter((l) => !replaced.has(l.code) && !l.replacedBy).sort((a, b) => b.issuedAt.localeCompare(a.issuedAt))[0] ?? letters.sort((a, b) => b.issuedAt.localeCompare(a.issuedAt))[0];
}

/** The letter with this code (exact, already normalized). */
export async function letterByCode(deps: Pick<AppDeps, 'store'>, code: string): Promise<IssuedLetter | undefined> {
  return asLetter(await deps.store.records.get(LETTER_KIND, code));
}

/** The letter's content as printed: with the absolute address of its check page (for the QR code). */
export function printable(letter: IssuedLetter, baseUrl: string): LetterContent {
  return { ...letter.content, verifyUrl: `${baseUrl.replace(/\/+$/, '')}${verifyPath(letter.code)}` };
}

/** "Respon-Kasus-7-RKA-DISSOSP3A-2026.pdf": the letter's title and number, nothing of the case. */
export function letterFileName(letter: IssuedLetter): string {
  return `${letter.content.title}-${letter.number}`.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 120) + '.pdf';
}

const UNKNOWN = 'Kode verifikasi tidak dikenal. Periksa penulisannya (12 huruf dan angka, seperti tercetak di bawah kode QR surat).';

/** What anyone may learn of a letter from its code: number, date, service, signer, valid or revoked. Rate-limited per address. */
export async function checkLetter(deps: Pick<AppDeps, 'store' | 'workflows' | 'now'>, input: string, address: string): Promise<Done<LetterCheck>> {
  const limited = await spend(deps, LIMITS.verify, address);
  if (limited) return limited;
  const code = normalizeLetterCode(input);
  if (!code) return { ok: false, status: 400, error: UNKNOWN };
  const letter = await letterByCode(deps, code);
  if (!letter) return { ok: false, status: 404, error: UNKNOWN };
  const c = letter.content;
  return {
    ok: true,
    value: {
      number: letter.number,
      date: c.date,
      service: c.service,
      signerName: c.signer.name,
      signerTitle: c.signer.jabatan,
      valid: !letter.revoked,
      ...(letter.revoked && letter.replacedBy ? { replacedBy: letter.replacedBy.number } : {}),
    },
  };
}

/** Whether `actor` may revoke letters of this outcome: a role the YAML allows, or the administrator. */
export function mayRevoke(wf: Workflow, letter: Pick<IssuedLetter, 'outcome'>, actor: Pick<Actor, 'roles'>): boolean {
  if (actor.roles.includes(ADMINISTRATOR_ROLE)) return true;
  const found = letterOf(wf, letter.outcome);
  return Boolean(found && revokingRoles(found.rule).some((r) => actor.roles.includes(r)));
}

/** Revokes the letter of case `caseId` with a reason; the check page says so from then on. Audited. */
export async function revokeLetter(deps: Pick<AppDeps, 'store' | 'workflows' | 'now'>, input: { caseId: string; wf: Workflow; actor: Actor; reason: string }): Promise<Done<IssuedLetter>> {
  const letter = await letterOfCase(deps, input.caseId);
  if (!letter) return { ok: false, status: 404, error: 'Kasus ini belum menerbitkan surat.' };
  if (!mayRevoke(input.wf, letter, input.actor)) {
    const found = letterOf(input.wf, letter.outcome);
    const roles = found ? revokingRoles(found.rule).map((r) => input.wf.roles[r] ?? r).join(', ') : '';
    return { ok: false, status: 403, error: `Surat ini hanya dapat dicabut oleh ${roles || 'peran yang ditetapkan SOP'}.` };
  }
  const reason = input.reason.trim().replace(/\s+/g, ' ');
  if (reason.length < 5) return { ok: false, status: 422, error: 'Tulis alasan pencabutan (paling sedikit 5 huruf).', fields: { alasan: 'Tulis alasan pencabutan (paling sedikit 5 huruf).' } };
  if (reason.length > 500) return { ok: false, status: 422, error: 'Alasan paling banyak 500 karakter.', fields: { alasan: 'Alasan paling banyak 500 karakter.' } };
  if (letter.revoked) return { ok: false, status: 409, error: `Surat ${letter.number} sudah dicabut.` };
  const at = deps.now().toISOString();
  const revoked: IssuedLetter = { ...letter, revoked: { at, by: input.actor.username, reason } };
  const done = await deps.store.transaction(async (tx) => {
    // One revocation per letter, also when two people revoke it at once on two servers.
    const { claimed } = await tx.kv.claim('surat-dicabut', letter.code, { at, by: input.actor.username });
    if (!claimed) return false;
    await tx.records.replace({ kind: LETTER_KIND, id: letter.code, at: letter.issuedAt, workflow: letter.workflow, caseId: letter.caseId, data: revoked as unknown as Record<string, unknown> });
    await tx.audit.append(withAddress({ at, actor: input.actor.username, action: 'letter.revoke', caseId: letter.caseId, details: { number: letter.number, code: letter.code, reason } }));
    return true;
  });
  if (!done) return { ok: false, status: 409, error: `Surat ${letter.number} sudah dicabut.` };
  return { ok: true, value: revoked };
}

/**
 * Issues a new letter for case `caseId` in place of its revoked one (a wrong NIP, a misspelt name corrected since):
 * the same outcome's letter composed from the case as it is now, signed as the accounts say now, with the next
 * number of the year (the old number is never reused); the old letter stays revoked and its check page names the
 * new number. Who may revoke may issue again. One new letter per revoked one, also when two ask at once. Audited
 * (`letter.reissue`, naming the number it replaces).
 */
export async function reissueLetter(deps: AppDeps, input: { caseId: string; wf: Workflow; actor: Actor }): Promise<Done<IssuedLetter>> {
  const old = await letterOfCase(deps, input.caseId);
  if (!old) return { ok: false, status: 404, error: 'Kasus ini belum menerbitkan surat.' };
  if (!mayRevoke(input.wf, old, input.actor)) {
    const found = letterOf(input.wf, old.outcome);
    const roles = found ? revokingRoles(found.rule).map((r) => input.wf.roles[r] ?? r).join(', ') : '';
    return { ok: false, status: 403, error: `Surat pengganti hanya dapat diterbitkan oleh ${roles || 'peran yang ditetapkan SOP'}.` };
  }
  if (!old.revoked) return { ok: false, status: 409, error: `Surat ${old.number} masih berlaku. Cabut dulu surat itu (dengan alasannya), lalu terbitkan penggantinya.` };
  if (old.replacedBy) return { ok: false, status: 409, error: `Surat ${old.number} sudah diganti dengan surat nomor ${old.replacedBy.number}.` };
  const c = await deps.store.cases.get(input.caseId);
  if (!c || c.status !== 'closed' || c.outcome !== old.outcome || !letterOf(input.wf, c.outcome)) {
    return { ok: false, status: 409, error: 'Hasil kasus ini tidak lagi menerbitkan surat yang sama; surat pengganti tidak dapat diterbitkan.' };
  }
  const signer = await signerFor(deps, input.wf, c);
  const now = deps.now();
  const issued = await deps.store.transaction(async (tx) => {
    const { claimed } = await tx.kv.claim('surat-diganti', old.code, { at: now.toISOString(), by: input.actor.username });
    if (!claimed) return undefined;
    const letter = await issueLetterIn(tx, input.wf, c, signer, input.actor.username, now, {}, old);
    if (!letter) return undefined;
    const replaced: IssuedLetter = { ...old, replacedBy: { number: letter.number, code: letter.code } };
    await tx.records.replace({ kind: LETTER_KIND, id: old.code, at: old.issuedAt, workflow: old.workflow, caseId: old.caseId, data: replaced as unknown as Record<string, unknown> });
    return letter;
  });
  if (!issued) return { ok: false, status: 409, error: `Surat ${old.number} sudah diganti oleh orang lain baru saja; muat ulang halaman surat.` };
  return { ok: true, value: issued };
}
