/**
 * Security headers on every response: a Content-Security-Policy with no inline script and no framing, no
 * MIME sniffing, no referrer outside the app, no caching of anything but the static files, and HSTS when the
 * request came over HTTPS.
 */
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../routes/env.ts';
import { isHttps } from './client.ts';

/**
 * Scripts, styles, images, fonts and requests only from this app; forms post only to it; it cannot be framed.
 * No 'unsafe-inline' anywhere: an injected <script> or style attribute does nothing.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "object-src 'none'",
].join('; ');

export function securityHeaders(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    const h = c.res.headers;
    h.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    h.set('X-Content-Type-Options', 'nosniff');
    h.set('X-Frame-Options', 'DENY');
    // same-origin, not no-referrer: with no-referrer a browser sends "Origin: null" on its own form posts,
    // and the CSRF check reads Origin.
    h.set('Referrer-Policy', 'same-origin');
    h.set('Cross-Origin-Opener-Policy', 'same-origin');
    h.set('Cross-Origin-Resource-Policy', 'same-origin');
    h.set('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=(), usb=()');
    if (isHttps(c)) h.set('Strict-Transport-Security', 'max-age=31536000');
    // Case data must not stay in a shared office PC's cache or a proxy: only the static files may be kept.
    if (!new URL(c.req.url).pathname.startsWith('/static/')) h.set('Cache-Control', 'no-store');
    h.delete('X-Powered-By');
  };
}
