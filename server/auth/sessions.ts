/** Browser sessions and API tokens: random secrets given to the client, stored hashed, with idle and absolute expiry. */
import type { SessionRepo, StoredSession } from '../../engine/ports/accounts.ts';

type SessionStore = SessionRepo;
import { hashSecret, newSecret } from './tokens.ts';

export interface SessionPolicy {
  /** A browser session ends after this long without a request. */
  idleMs: number;
  /** A browser session ends this long after sign-in, whatever the activity. */
  absoluteMs: number;
  /** An API token ends this long after it was issued (no idle limit: scripts run daily or weekly). */
  tokenMs: number;
}

export const DEFAULT_POLICY: SessionPolicy = {
  idleMs: 60 * 60 * 1000,
  absoluteMs: 10 * 60 * 60 * 1000,
  tokenMs: 30 * 24 * 60 * 60 * 1000,
};

/** Starts a session or token for `username`; returns the secret (given to the client once) and the record. */
export async function openSession(
  sessions: SessionStore,
  input: { username: string; kind: StoredSession['kind']; now: Date; policy: SessionPolicy; label?: string },
): Promise<{ secret: string; session: StoredSession }> {
  const secret = newSecret();
  const at = input.now.toISOString();
  const lifetime = input.kind === 'token' ? input.policy.tokenMs : input.policy.absoluteMs;
  const session: StoredSession = {
    idHash: hashSecret(secret),
    kind: input.kind,
    username: input.username,
    createdAt: at,
    lastSeen: at,
    expiresAt: new Date(input.now.getTime() + lifetime).toISOString(),
    revoked: false,
    ...(input.label ? { label: input.label } : {}),
  };
  await sessions.add(session);
  return { secret, session };
}

/** Why a session is not usable at `now`, or undefined when it is. */
export function sessionProblem(s: StoredSession, now: Date, policy: SessionPolicy): 'revoked' | 'expired' | 'idle' | undefined {
  if (s.revoked) return 'revoked';
  if (Date.parse(s.expiresAt) <= now.getTime()) return 'expired';
  if (s.kind === 'session' && now.getTime() - Date.parse(s.lastSeen) > policy.idleMs) return 'idle';
  return undefined;
}

/**
 * The live session or token a client secret names, of the expected kind; records the use. Undefined for an
 * unknown, revoked, expired or idle one (a browser cookie cannot be used as a bearer token, nor the reverse).
 */
export async function resolveSession(
  sessions: SessionStore,
  secret: string,
  kind: StoredSession['kind'],
  now: Date,
  policy: SessionPolicy,
): Promise<StoredSession | undefined> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(secret)) return undefined;
  const s = await sessions.get(hashSecret(secret));
  if (!s || s.kind !== kind || sessionProblem(s, now, policy)) return undefined;
  await sessions.touch(s.idHash, now.toISOString());
  return s;
}

/** Ends the session or token a secret names (logout, token revocation); false when unknown. */
export async function closeSession(sessions: SessionStore, secret: string, now: Date): Promise<boolean> {
  return sessions.revoke(hashSecret(secret), now.toISOString());
}
