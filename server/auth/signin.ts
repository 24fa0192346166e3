/**
 * Signing in, for the pages and the API alike: throttled per account and per address, password checked in
 * the same time whether the account exists or not, every outcome in the audit log, and a fresh session or API
 * token on success.
 */
import type { AppDeps } from '../routes/env.ts';
import type { StoredSession, StoredUser } from '../../engine/ports/accounts.ts';
import { knownDevice, rememberDevice } from './devices.ts';
import { openSession } from './sessions.ts';
import { LoginThrottle, waitText } from './throttle.ts';
import { checkCredentials } from './users.ts';

export type SignInResult =
  | { ok: true; user: StoredUser; secret: string; session: StoredSession; /** The known-browser cookie to set (web sign-ins). */ device?: string }
  | { ok: false; status: 401 | 403 | 429; error: string; retryAfterS?: number };

const throttles = new WeakMap<object, LoginThrottle>();

/** The throttle of one running app (its counters are in the store; the rules are per app). */
export function throttleOf(deps: AppDeps): LoginThrottle {
  let t = throttles.get(deps.store);
  if (!t) throttles.set(deps.store, (t = new LoginThrottle(deps.store)));
  return t;
}

/** Replaces the throttle rules of the app using `store` (an office with one shared address may want more room). */
export function configureThrottle(store: AppDeps['store'], rules: ConstructorParameters<typeof LoginThrottle>[1]): void {
  throttles.set(store, new LoginThrottle(store, rules));
}

function locked(waitMs: number, scope: 'account' | 'address' | undefined): SignInResult {
  const who = scope === 'address' ? 'dari alamat jaringan ini' : 'untuk akun ini';
  return {
    ok: false,
    status: 429,
    retryAfterS: Math.max(1, Math.ceil(waitMs / 1000)),
    error: `Terlalu banyak percobaan masuk yang gagal ${who}. Demi keamanan data anak, coba lagi dalam ${waitText(waitMs)}. Bila lupa kata sandi, minta administrator meresetnya.`,
  };
}

export async function signIn(
  deps: AppDeps,
  input: { username: string; password: string; address: string; via: 'web' | 'api'; kind: StoredSession['kind']; label?: string; /** The browser's known-device cookie, if any. */ device?: string },
): Promise<SignInResult> {
  const { store, policy } = deps;
  const at = deps.now();
  const name = input.username.slice(0, 64);
  const throttle = throttleOf(deps);
  // A browser where this account signed in before is held up only by its own failures (devices.ts).
  const device = input.device ? await knownDevice(store, input.device, await store.users.get(name), at) : undefined;
  const verdict = await throttle.check(name, input.address, at, device);
  if (verdict.waitMs > 0) return locked(verdict.waitMs, verdict.scope);

  const user = await checkCredentials(store.users, input.username, input.password);
  if (!user) {
    const lock = await throttle.fail(name, input.address, at, device);
    await store.audit.append({ at: at.toISOString(), actor: '-', action: 'login.failed', address: input.address, details: { username: name, via: input.via, ...(device ? { knownBrowser: true } : {}) } });
    if (lock > 0) {
      const now = await throttle.check(name, input.address, at, device);
      await store.audit.append({ at: at.toISOString(), actor: '-', action: 'login.locked', address: input.address, details: { username: name, scope: now.scope, seconds: Math.ceil(lock / 1000) } });
      return locked(now.waitMs || lock, now.scope);
    }
    return { ok: false, status: 401, error: 'Nama pengguna atau kata sandi salah.' };
  }
  await throttle.succeed(user.username, input.address, device);
  if (input.kind === 'token' && user.mustChangePassword) {
    await store.audit.append({ at: at.toISOString(), actor: user.username, action: 'login.refused', address: input.address, details: { via: input.via, reason: 'must-change-password' } });
    return { ok: false, status: 403, error: 'Kata sandi akun ini direset administrator: masuk lewat halaman web dan pilih kata sandi baru dulu.' };
  }
  const { secret, session } = await openSession(store.sessions, { username: user.username, kind: input.kind, now: at, policy, label: input.label });
  await store.audit.append({ at: at.toISOString(), actor: user.username, action: 'login.ok', address: input.address, details: { via: input.via, ...(device ? { knownBrowser: true } : {}) } });
  return { ok: true, user, secret, session, device: input.via === 'web' ? await rememberDevice(store, input.device, user, at) : undefined };
}
