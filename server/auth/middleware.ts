/**
 * Who is asking: a bearer token (API) or the session cookie (pages) is resolved to a user in c.var.user;
 * `requireUser` turns an anonymous request away (401 JSON on the API, a redirect to /login on pages).
 */
import { DEVICE_COOKIE, DEVICE_DAYS } from './devices.ts';
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { AppEnv, SessionUser } from '../routes/env.ts';
import { isHttps } from '../security/client.ts';
import type { StoredUser } from '../../engine/ports/accounts.ts';
import { resolveSession } from './sessions.ts';

export const SESSION_COOKIE = 'alur_sesi';

export function toSessionUser(u: StoredUser): SessionUser {
  return {
    username: u.username,
    roles: [...u.roles],
    name: u.displayName || u.username,
    ...(u.mustChangePassword ? { mustChangePassword: true } : {}),
  };
}

/** Reads the bearer token or session cookie; never rejects a request itself. */
export function identify(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const { store, now, policy } = c.var.deps;
    c.set('user', undefined);
    c.set('session', undefined);
    c.set('sessionSecret', undefined);
    const header = c.req.header('authorization');
    const bearer = header && /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1];
    const cookie = bearer ? undefined : getCookie(c, SESSION_COOKIE);
    const secret = bearer ?? cookie;
    if (secret) {
      const session = await resolveSession(store.sessions, secret, bearer ? 'token' : 'session', now(), policy);
      const user = session && (await store.users.get(session.username));
      if (session && user && !user.disabled) {
        c.set('user', toSessionUser(user));
        c.set('session', session);
        if (!bearer) c.set('sessionSecret', secret);
      } else if (cookie) {
        deleteCookie(c, SESSION_COOKIE, { path: '/' });
      }
    }
    await next();
  };
}

/** Whether cookies must be Secure: configured so, or the request came over HTTPS (directly or via a trusted proxy). */
export function secureCookie(c: Context<AppEnv>): boolean {
  return c.var.deps.secureCookies || isHttps(c);
}

/**
 * Sets the session cookie: HttpOnly (no script reads it), SameSite=Lax (another site's forms do not carry
 * it), Secure over HTTPS, no Max-Age (ends with the browser; the server ends it after idle or absolute expiry).
 */
export function setSessionCookie(c: Context<AppEnv>, secret: string): void {
  setCookie(c, SESSION_COOKIE, secret, {
    path: '/',
    httpOnly: true,
    sameSite: 'Lax',
    secure: secureCookie(c),
  });
}

/** Marks this browser as known for the accounts that signed in on it (devices.ts); kept 180 days. */
export function setDeviceCookie(c: Context<AppEnv>, value: string): void {
  setCookie(c, DEVICE_COOKIE, value, { path: '/', httpOnly: true, sameSite: 'Strict', secure: secureCookie(c), maxAge: DEVICE_DAYS * 24 * 3600 });
}

export function deviceCookie(c: Context<AppEnv>): string | undefined {
  return getCookie(c, DEVICE_COOKIE);
}

export function clearSessionCookie(c: Context<AppEnv>): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/', secure: secureCookie(c) });
}

/** Where a user whose password an administrator reset must go first. */
export const CHANGE_PASSWORD_PATH = '/akun/sandi';

/** A local path to come back to after signing in; anything else (another site, "//evil") becomes /tugas. */
export function safeNext(next: string | undefined): string {
  return next && /^\/(?![/\\])[\x21-\x7e]*$/.test(next) ? next : '/tugas';
}

/** Pages: an anonymous visitor is sent to the sign-in page and brought back afterwards. */
export function requirePageUser(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!c.var.user) {
      const url = new URL(c.req.url);
      const back = c.req.method === 'GET' ? url.pathname + url.search : '/tugas';
      if (c.req.header('hx-request')) {
        c.header('HX-Redirect', `/login?next=${encodeURIComponent(back)}`);
        return c.body(null, 401);
      }
      return c.redirect(`/login?next=${encodeURIComponent(back)}`, 303);
    }
    if (c.var.user.mustChangePassword && new URL(c.req.url).pathname !== CHANGE_PASSWORD_PATH) {
      if (c.req.header('hx-request')) {
        c.header('HX-Redirect', CHANGE_PASSWORD_PATH);
        return c.body(null, 403);
      }
      return c.redirect(CHANGE_PASSWORD_PATH, 303);
    }
    await next();
  };
}

/** API: 401 with a JSON error when no valid bearer token came (the browser cookie does not open the API). */
export function requireApiUser(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!c.var.user || c.var.session?.kind !== 'token') {
      c.header('WWW-Authenticate', 'Bearer realm="alur"');
      return c.json({ error: 'Belum masuk: kirim header Authorization: Bearer TOKEN dari POST /api/v1/login.' }, 401);
    }
    await next();
  };
}
