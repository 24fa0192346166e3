/**
 * Every view of a case's data goes into the audit log: the case page, a task page (also a refused step form shown
 * again as a whole page, which carries the case beside the form), the printable document and the API's case read.
 * The route says which case it showed (c.var.viewed) and whether the viewer saw identities on it; the entry is
 * written after the answer is ready and only when it showed the case.
 */
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../routes/env.ts';
import { clientAddress } from '../security/client.ts';

/** What to call each kind of page in the log. */
function pageOf(path: string): string {
  if (path.startsWith('/api/')) return 'api';
  if (path.endsWith('/dokumen') || path.endsWith('/dokumen.pdf')) return 'dokumen';
  if (path.startsWith('/tugas/')) return 'tugas';
  return 'kasus';
}

export function auditCaseViews(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    const viewed = c.var.viewed;
    if (!c.var.user || !viewed) return;
    const shown = c.req.method === 'GET' ? c.res.status === 200 : c.req.method === 'POST' && c.res.status === 422 && c.req.header('hx-request') !== 'true';
    if (!shown) return;
    const { deps, user } = c.var;
    await deps.store.audit.append({
      at: deps.now().toISOString(),
      actor: user.username,
      action: 'case.view',
      caseId: viewed.caseId,
      address: clientAddress(c),
      details: { page: viewed.page ?? pageOf(new URL(c.req.url).pathname), sensitive: viewed.identity, rev: viewed.rev },
    });
  };
}
