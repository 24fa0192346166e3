/**
 * Every view of a case's data goes into the audit log: the case page, a task page (also a refused step form shown
 * again as a whole page, which carries the case beside the form), the printable document and the API's case read.
 * Recorded after the answer is ready and only when it showed the case, with whether the viewer's roles let them see
 * the sensitive values (identity of the child or reporter) on it.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { canSeeSensitive } from '../../engine/access.ts';
import { viewOf } from '../casework.ts';
import type { Case, Workflow } from '../../engine/types.ts';
import type { AppEnv } from '../routes/env.ts';
import { clientAddress } from '../security/client.ts';

/** Paths that show one case's data, and what to call them in the log. */
const VIEWS: Array<{ pattern: RegExp; page: string; identity: boolean }> = [
  { pattern: /^\/kasus\/([^/]+)$/, page: 'kasus', identity: true },
  { pattern: /^\/kasus\/([^/]+)\/dokumen$/, page: 'dokumen', identity: false },
  { pattern: /^\/tugas\/([^/]+)\/[^/]+$/, page: 'tugas', identity: true },
  { pattern: /^\/api\/v1\/cases\/([^/]+)$/, page: 'api', identity: true },
];

/** Whether the case holds a value of some `sensitive` field. */
function holdsSensitive(wf: Workflow, k: Case): boolean {
  return wf.steps.some((s) => (s.fields ?? []).some((f) => f.sensitive && k.data[f.name] !== undefined && k.data[f.name] !== ''));
}

export function auditCaseViews(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    if (!c.var.user) return;
    const shown = c.req.method === 'GET' ? c.res.status === 200 : c.req.method === 'POST' && c.res.status === 422 && c.req.header('hx-request') !== 'true';
    if (shown) await recordView(c);
  };
}

async function recordView(c: Context<AppEnv>): Promise<void> {
  const path = new URL(c.req.url).pathname;
  const view = VIEWS.map((v) => ({ v, m: v.pattern.exec(path) })).find((x) => x.m);
  if (!view) return;
  const { deps, user } = c.var;
  const caseId = decodeURIComponent(view.m![1]!);
  const k = await deps.store.cases.get(caseId);
  const wf = k && deps.workflows.forCase(k.workflow);
  if (!k || !wf) return;
  const shown = viewOf(deps, wf);
  const sensitive = view.v.identity && canSeeSensitive(shown, user!.roles) && holdsSensitive(shown, k);
  await deps.store.audit.append({
    at: deps.now().toISOString(),
    actor: user!.username,
    action: 'case.view',
    caseId,
    address: clientAddress(c),
    details: { page: view.v.page, sensitive, rev: k.rev },
  });
}
