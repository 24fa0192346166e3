/** Rendering helpers for pages: the viewer of the layout, full documents, error pages, form bodies. */
import type { Context } from 'hono';
import { canReadAudit } from '../../engine/access.ts';
import { canReadReport } from '../../engine/report/access.ts';
import { canAct, stepOf } from '../../engine/tasks.ts';
import { ErrorPage } from '../../templates/error.tsx';
import { documentOf, type Viewer } from '../../templates/layout.tsx';
import { csrfToken } from '../security/csrf.ts';
import type { AppEnv } from './env.ts';
import { assetUrls } from './static.ts';
import { delegableRoles } from '../usecases/delegations.ts';

/** The signed-in person as the layout shows them. */
export function viewerOf(c: Context<AppEnv>): Viewer | undefined {
  const u = c.var.user;
  if (!u) return undefined;
  const canStart = c.var.deps.workflows.list().some((wf) => {
    const start = stepOf(wf, wf.start);
    return start !== undefined && canAct(start, u);
  });
  return {
    username: u.username,
    roles: u.roles,
    name: u.name,
    roleLabels: u.roles.map((r) => c.var.deps.workflows.roleTitle(r)),
    canStart,
    canReport: c.var.deps.workflows.list().some((wf) => canReadReport(wf, u.roles)),
    canAudit: canReadAudit(c.var.deps.workflows.list(), u.roles),
    unread: c.var.unread,
    canDelegate: delegableRoles(c.var.deps, u).size > 0,
    csrf: csrfToken(c),
  };
}

/** Props every page layout takes from the request: viewer, demo mode, the static files' URLs. */
export function pageProps(c: Context<AppEnv>) {
  const integrity = c.var.integrity;
  return {
    viewer: viewerOf(c),
    demo: Boolean(c.var.deps.demo),
    assets: assetUrls(),
    ...(integrity && !integrity.ok ? { integrityAlert: integrityAlert(integrity) } : {}),
  };
}

/** One line for the banner of every administrator page: what the last integrity check found. */
function integrityAlert(r: import('../usecases/integrity.ts').IntegrityReport): string {
  const parts: string[] = [];
  if (!r.audit.ok) parts.push(`log audit rusak (${r.audit.message})`);
  if (r.cases.length) parts.push(`${r.cases.length} masalah antara data kasus dan log audit`);
  if (r.damaged.length) parts.push(`${r.damaged.length} kasus rusak tidak dapat dibuka (${r.damaged.slice(0, 3).map((d) => d.caseId).join(', ')}${r.damaged.length > 3 ? ', …' : ''})`);
  return parts.join('; ');
}

type Status = 200 | 201 | 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 500 | 503;

/** A whole HTML document with doctype. */
export function renderPage(c: Context<AppEnv>, page: unknown, status: Status = 200) {
  c.header('Cache-Control', 'no-store');
  return c.html(documentOf(page) as Promise<string>, status);
}

/** A fragment for htmx to swap (no doctype, no layout). */
export function renderFragment(c: Context<AppEnv>, fragment: unknown, status: Status = 200) {
  c.header('Cache-Control', 'no-store');
  return c.html(fragment as Promise<string>, status);
}

export function isHtmx(c: Context<AppEnv>): boolean {
  return c.req.header('hx-request') === 'true';
}

/** The error page for a status with an Indonesian message. */
export function errorPage(c: Context<AppEnv>, status: Status, message: string, link?: { href: string; text: string }) {
  return renderPage(c, ErrorPage({ ...pageProps(c), status, message, link }), status);
}

/** After a successful form post: a 303 redirect, or HX-Redirect for htmx (a fetch would follow a 303 itself). */
export function redirectAfterPost(c: Context<AppEnv>, location: string) {
  if (isHtmx(c)) {
    c.header('HX-Redirect', location);
    return c.body(null, 200);
  }
  return c.redirect(location, 303);
}

/**
 * A urlencoded or multipart form as field values: repeated names become lists, names starting with "_"
 * (form machinery such as _rev, _csrf) are left out, uploaded files are ignored.
 */
export async function formValues(c: Context<AppEnv>): Promise<{ values: Record<string, unknown>; meta: Record<string, string> }> {
  const body = await c.req.parseBody({ all: true });
  const values: Record<string, unknown> = {};
  const meta: Record<string, string> = {};
  for (const [key, raw] of Object.entries(body)) {
    const list = (Array.isArray(raw) ? raw : [raw]).filter((v): v is string => typeof v === 'string');
    if (key.startsWith('_')) {
      if (list.length) meta[key] = list[0]!;
      continue;
    }
    if (!list.length) continue;
    values[key] = Array.isArray(raw) ? list : list[0];
  }
  return { values, meta };
}
