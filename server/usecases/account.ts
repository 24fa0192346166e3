/**
 * What a signed-in person does to their own account: see their live sessions and tokens, end one or all of the
 * others, change their password (throttled like a sign-in, every other session ended). Only ever their own.
 */
import type { StoredSession, StoredUser } from '../../engine/ports/accounts.ts';
import { recordAudit } from '../audit/record.ts';
import { verifyPassword } from '../auth/password.ts';
import { officeWords, passwordProblems } from '../auth/strength.ts';
import { openSession, sessionProblem } from '../auth/sessions.ts';
import { knownDevice, rememberDevice } from '../auth/devices.ts';
import { throttleOf } from '../auth/signin.ts';
import { waitText } from '../auth/throttle.ts';
import { contactProblems, setPassword } from '../auth/users.ts';
import type { AppDeps } from './deps.ts';

/** The id a session or token is shown and revoked by: a prefix of the stored hash, never the secret. */
export function publicId(s: StoredSession): string {
  return s.idHash.slice(0, 16);
}

/** My live sessions and tokens, newest first. */
export async function liveSessions(deps: AppDeps, username: string): Promise<StoredSession[]> {
  const now = deps.now();
  return (await deps.store.sessions.list(username)).filter((s) => !sessionProblem(s, now, deps.policy));
}

export async function ownAccount(deps: AppDeps, username: string): Promise<StoredUser | undefined> {
  return deps.store.users.get(username);
}

/** Ends one of my sessions or tokens by its public id; undefined when I have none by that id. */
export async function revokeMine(deps: AppDeps, username: string, id: string): Promise<StoredSession | undefined> {
  if (!/^[0-9a-f]{16}$/.test(id)) return undefined;
  const s = (await liveSessions(deps, username)).find((x) => publicId(x) === id);
  if (!s) return undefined;
  const at = deps.now().toISOString();
  await deps.store.sessions.revoke(s.idHash, at);
  await recordAudit(deps.store, { at, actor: username, action: 'session.revoke', details: { kind: s.kind, id, ...(s.label ? { label: s.label } : {}) } });
  return s;
}

/** Ends every session and token of mine but `keep` (this browser); returns how many. */
export async function revokeOthers(deps: AppDeps, username: string, keep: string | undefined): Promise<number> {
  let n = 0;
  const at = deps.now().toISOString();
  for (const s of await liveSessions(deps, username)) {
    if (s.idHash === keep) continue;
    await deps.store.sessions.revoke(s.idHash, at);
    n++;
  }
  await recordAudit(deps.store, { at, actor: username, action: 'session.revoke', details: { all: true, count: n } });
  return n;
}

export type PasswordChange =
  | { ok: true; secret: string; sessionsEnded: number; /** This browser stays known under the new password. */ device: string }
  | { ok: false; status: 422 | 429; errors: Record<string, string>; retryAfterS?: number };

/**
 * Changes my password: the current one must match (failures count like sign-in failures), the new one must pass
 * the checks; then every session and token ends and this browser gets a fresh session (its secret returned).
 */
export async function changeOwnPassword(deps: AppDeps, input: { username: string; current: string; fresh: string; again: string; address: string; device?: string }): Promise<PasswordChange> {
  const now = deps.now();
  const throttle = throttleOf(deps);
  const device = input.device ? await knownDevice(deps.store, input.device, await deps.store.users.get(input.username), now) : undefined;
  const verdict = await throttle.check(input.username, input.address, now, device);
  if (verdict.waitMs > 0) {
    return { ok: false, status: 429, retryAfterS: Math.ceil(verdict.waitMs / 1000), errors: { sandi_lama: `Terlalu banyak percobaan yang salah. Coba lagi dalam ${waitText(verdict.waitMs)}.` } };
  }
  const stored = await deps.store.users.get(input.username);
  // Every problem at once: a wrong current password and a new one that will not do are both said in one answer.
  const errors: Record<string, string> = {};
  if (!stored?.password || !(await verifyPassword(input.current, stored.password))) {
    await throttle.fail(input.username, input.address, now, device);
    await recordAudit(deps.store, { at: now.toISOString(), actor: input.username, action: 'account.password.failed' });
    errors.sandi_lama = 'Kata sandi sekarang tidak cocok.';
  }
  // Every reason at once, one per line: the page lists them, so one try mends them all.
  const problems = passwordProblems(input.fresh, { username: input.username, displayName: stored?.displayName ?? input.username, current: input.current, office: officeWords(deps.workflows.list()) });
  if (problems.length) errors.sandi_baru = problems.join('\n');
  if (input.again !== input.fresh) errors.sandi_ulang = 'Tidak sama dengan kata sandi baru.';
  if (Object.keys(errors).length) return { ok: false, status: 422, errors };

  const updated = await setPassword(deps.store.users, input.username, input.fresh, now);
  const sessionsEnded = await deps.store.sessions.revokeAll(input.username, now.toISOString());
  const { secret } = await openSession(deps.store.sessions, { username: input.username, kind: 'session', now, policy: deps.policy });
  await recordAudit(deps.store, { at: now.toISOString(), actor: input.username, action: 'account.password', details: { sessionsEnded } });
  return { ok: true, secret, sessionsEnded, device: await rememberDevice(deps.store, input.device, updated, now) };
}

const CHANNEL_IDS = ['inapp', 'email', 'gateway'];

/** Sets where my notifications reach me and which channels I turn off (recorded, without the addresses). */
export async function updateOwnContact(
  deps: AppDeps,
  input: { username: string; email: string; phone: string; channels: string[] },
): Promise<{ ok: true } | { ok: false; errors: Record<string, string> }> {
  const problems = contactProblems({ email: input.email, phone: input.phone });
  if (problems.length) return { ok: false, errors: Object.fromEntries(problems.map((p) => [p.field, p.message])) };
  const optOut = CHANNEL_IDS.filter((ch) => !input.channels.includes(ch));
  const at = deps.now().toISOString();
  await deps.store.users.update(input.username, (u) => {
    const next: StoredUser = { ...u, optOut, updatedAt: at };
    if (input.email.trim()) next.email = input.email.trim();
    else delete next.email;
    if (input.phone.trim()) next.phone = input.phone.trim();
    else delete next.phone;
    return next;
  });
  await recordAudit(deps.store, { at, actor: input.username, action: 'account.contact', details: { email: Boolean(input.email.trim()), phone: Boolean(input.phone.trim()), optOut } });
  return { ok: true };
}
