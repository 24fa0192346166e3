/**
 * Path parameters are checked before routing: every segment of a path of this app is a plain id (case ids such
 * as RKA-20261130-7F3K2, step, deadline and service ids, static file names), so anything else (encoded
 * characters, dots climbing up, control bytes, absurd lengths) is a 404 with the usual "not found" answer,
 * never a 500 and never a file name reaching the store.
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../routes/env.ts';

/** One path segment: starts with a letter or digit; letters, digits, '.', '_', '-'; at most 100 characters. */
const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
const MAX_PATH = 600;

/** Whether every segment of `pathname` is a plain id ("/" itself is fine). */
export function isPlainPath(pathname: string): boolean {
  if (pathname.length > MAX_PATH || !pathname.startsWith('/')) return false;
  if (pathname === '/') return true;
  const segments = pathname.slice(1).split('/');
  return segments.every((s) => SEGMENT.test(s) && !s.includes('..'));
}

export function plainPaths(notFound: (c: Context<AppEnv>) => Response | Promise<Response>): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    let pathname: string;
    try {
      pathname = new URL(c.req.url).pathname;
    } catch {
      return notFound(c);
    }
    if (!isPlainPath(pathname)) return notFound(c);
    await next();
  };
}
