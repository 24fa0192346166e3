/**
 * Compressed answers for slow connections: pages, htmx fragments and JSON go out gzip'd (hono's compress, on
 * Node's CompressionStream) when the browser accepts it. Only for requests the app's own pages made (or typed in the
 * address bar, or an API client with its token): a page compressed for a request another site triggered would let
 * someone watching the traffic guess secrets on it from its size (the BREACH attack). Static files come compressed
 * from routes/static.ts already and are left alone here.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { compress } from 'hono/compress';
import type { AppEnv } from './routes/env.ts';
import { expectedOrigin } from './security/client.ts';

/** Whether this request came from the app itself, so its answer may be compressed. */
export function mayCompress(c: Context<AppEnv>): boolean {
  if (/^bearer\s/i.test(c.req.header('authorization') ?? '')) return true;
  const site = c.req.header('sec-fetch-site');
  if (site !== undefined) return site === 'same-origin' || site === 'none';
  // Browsers too old to send Sec-Fetch-Site: a link or form of the app's own pages carries its Referer
  // (Referrer-Policy same-origin); another site cannot make one.
  const referer = c.req.header('referer');
  if (!referer) return false;
  try {
    return new URL(referer).origin === expectedOrigin(c);
  } catch {
    return false;
  }
}

export function compression(): MiddlewareHandler<AppEnv> {
  const gzip = compress({ encoding: 'gzip', threshold: 1024 });
  // Pages and API answers are Cache-Control: no-store (security/headers.ts), so no cache mixes the two kinds.
  return async (c, next) => (mayCompress(c) ? gzip(c, next) : next());
}
