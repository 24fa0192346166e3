/**
 * Who is on the other end of a request: the client address (for login throttling and the audit log), whether it
 * came over HTTPS, and the origin the browser should be on. Forwarded headers count only from a trusted proxy.
 */
import type { Context } from 'hono';
import type { AppEnv } from '../routes/env.ts';

/** The first value of a comma-separated header, trimmed. */
function first(value: string | undefined): string | undefined {
  const v = value?.split(',')[0]?.trim();
  return v || undefined;
}

/** The socket's address from @hono/node-server (absent under app.request() in tests). */
function socketAddress(c: Context<AppEnv>): string | undefined {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } }; server?: { incoming?: { socket?: { remoteAddress?: string } } } } | undefined;
  return (env?.incoming ?? env?.server?.incoming)?.socket?.remoteAddress;
}

/**
 * The client's address: behind a trusted proxy the last X-Forwarded-For hop (the one the proxy added; hops
 * before it are the client's own claim), else the socket's address; "-" when unknown.
 */
export function clientAddress(c: Context<AppEnv>): string {
  if (c.var.deps?.trustProxy) {
    const hops = (c.req.header('x-forwarded-for') ?? '').split(',').map((h) => h.trim()).filter(Boolean);
    const last = hops[hops.length - 1];
    if (last && last.length <= 64) return last;
  }
  const raw = socketAddress(c);
  if (!raw) return '-';
  return raw.startsWith('::ffff:') ? raw.slice(7) : raw;
}

/** Whether the browser reached us over HTTPS (directly, or through a trusted proxy that says so). */
export function isHttps(c: Context<AppEnv>): boolean {
  if (c.var.deps?.trustProxy && first(c.req.header('x-forwarded-proto'))?.toLowerCase() === 'https') return true;
  return new URL(c.req.url).protocol === 'https:';
}

/** The origin pages of this app are served from, as a browser writes it in the Origin header. */
export function expectedOrigin(c: Context<AppEnv>): string {
  const url = new URL(c.req.url);
  const host = (c.var.deps?.trustProxy ? first(c.req.header('x-forwarded-host')) : undefined) ?? c.req.header('host') ?? url.host;
  return `${isHttps(c) ? 'https' : url.protocol.replace(/:$/, '')}://${host.toLowerCase()}`;
}
