/** Puts the last integrity check on every page an administrator opens, when it found a break (the banner). */
import type { MiddlewareHandler } from 'hono';
import { ADMIN_ROLE } from '../auth/users.ts';
import { lastIntegrityReport } from '../usecases/integrity.ts';
import type { AppEnv } from './env.ts';

export function integrityNotice(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (c.var.user?.roles.includes(ADMIN_ROLE) && !new URL(c.req.url).pathname.startsWith('/api/')) {
      const report = await lastIntegrityReport(c.var.deps.store);
      if (report && !report.ok) c.set('integrity', report);
    }
    await next();
  };
}
