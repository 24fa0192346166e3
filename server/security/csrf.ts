/**
 * Cross-site request forgery: every state-changing form of the pages carries a token (hidden field `_csrf`, or
 * the X-CSRF-Token header) derived from the browser's own secret cookie, which another site can neither read
 * nor guess; the Origin (or Sec-Fetch-Site) of the post must be this app. Signed in, the secret is the session
 * cookie; before signing in, a separate pre-session cookie set by the sign-in page. Requests authenticated by a
 * bearer token, and the JSON API, are exempt: a browser never attaches those by itself.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { AppEnv } from '../routes/env.ts';
import { expectedOrigin, isHttps } from './client.ts';

/** The cookie that holds the secret of a browser not signed in yet (sign-in form only). */
export const PRE_SESSION_COOKIE = 'alur_pra';
export const CSRF_FIELD = '_csrf';
export const CSRF_HEADER = 'x-csrf-token';

const SECRET = /^[A-Za-z0-9_-]{43}$/;

/** The token a form must carry for a browser holding cookie secret `secret`. */
export function csrfTokenFor(secret: string): string {
  return createHmac('sha256', secret).update('alur-csrf-v1').digest('base64url');
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * The token for this browser's forms. Signed in: from the session. Not signed in: from the pre-session cookie,
 * which is created (HttpOnly, SameSite=Strict) when missing, so the sign-in page can carry a token too.
 */
export function csrfToken(c: Context<AppEnv>): string {
  if (c.var.csrf) return c.var.csrf;
  let secret = c.var.sessionSecret;
  if (!secret) {
    const pre = getCookie(c, PRE_SESSION_COOKIE);
    if (pre && SECRET.test(pre)) secret = pre;
    else {
      secret = randomBytes(32).toString('base64url');
      setCookie(c, PRE_SESSION_COOKIE, secret, { path: '/', httpOnly: true, sameSite: 'Strict', secure: c.var.deps.secureCookies || isHttps(c) });
    }
  }
  const token = csrfTokenFor(secret);
  c.set('csrf', token);
  return token;
}

/** The token the request carries: the X-CSRF-Token header, or the `_csrf` field of a form body. */
async function presentedToken(c: Context<AppEnv>): Promise<string | undefined> {
  const header = c.req.header(CSRF_HEADER);
  if (header) return header;
  const type = c.req.header('content-type')?.split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded' && type !== 'multipart/form-data') return undefined;
  // Same options as routes/render.ts formValues: Hono keeps the parsed form, so the body is read once.
  const body = await c.req.parseBody({ all: true });
  const value = body[CSRF_FIELD];
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : undefined;
}

export type CsrfRefusal = { reason: 'origin' | 'token'; message: string };

/** Why this request must be refused as possibly forged, or undefined when it may go on. */
export async function csrfProblem(c: Context<AppEnv>): Promise<CsrfRefusal | undefined> {
  const method = c.req.method;
  if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS') return undefined;
  const path = new URL(c.req.url).pathname;
  if (path.startsWith('/api/')) return undefined;
  if (c.var.session?.kind === 'token') return undefined;

  // Another site's page may not post here at all, signed in or not.
  const origin = c.req.header('origin');
  const site = c.req.header('sec-fetch-site');
  if ((origin !== undefined && origin.toLowerCase() !== expectedOrigin(c)) || (site !== undefined && site !== 'same-origin' && site !== 'none')) {
    return { reason: 'origin', message: 'Formulir ini dikirim dari luar aplikasi alur dan ditolak. Buka halamannya langsung dari alur, lalu kirim lagi.' };
  }
  // Without a session nothing can be changed (the routes ask to sign in), except signing in itself, whose form
  // carries the pre-session token (or the session's, when a signed-in person signs in again).
  if (!c.var.user && path !== '/login') return undefined;
  const secrets = [c.var.sessionSecret, path === '/login' ? getCookie(c, PRE_SESSION_COOKIE) : undefined].filter(
    (s): s is string => s !== undefined && SECRET.test(s),
  );
  const token = await presentedToken(c);
  if (!token || !secrets.some((secret) => sameToken(token, csrfTokenFor(secret)))) {
    return {
      reason: 'token',
      message: 'Formulir ini sudah kedaluwarsa atau tidak berasal dari halaman alur (misalnya setelah masuk ulang). Muat ulang halamannya, lalu kirim lagi.',
    };
  }
  return undefined;
}

/** Refuses possibly forged posts with 403 and a readable page; `refuse` renders it. */
export function csrfProtection(refuse: (c: Context<AppEnv>, problem: CsrfRefusal) => Response | Promise<Response>): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const problem = await csrfProblem(c);
    if (problem) return refuse(c, problem);
    await next();
  };
}
