/**
 * The acting officials' page (/delegasi): the delegations recorded, recording one and revoking one. Open to the
 * administrator and to the heads of roles (assignment.heads); each may hand over and revoke only the roles they head.
 */
import { Hono, type Context } from 'hono';
import { fromLocal } from '../../engine/time.ts';
import type { Actor, Delegation } from '../../engine/types.ts';
import { DelegationsPage, type DelegationRow, type DelegationsProps } from '../../templates/delegations.tsx';
import { requirePageUser } from '../auth/middleware.ts';
import { delegableRoles, listDelegations, recordDelegation, revokeDelegation } from '../usecases/delegations.ts';
import { displayNames } from '../usecases/people.ts';
import type { AppEnv } from './env.ts';
import { errorPage, pageProps, redirectAfterPost, renderPage } from './render.ts';
import { timeZoneOf } from './views.ts';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

/** The instant an office date starts (00:00 in the office's time zone); `next`: the day after it. */
function dayStart(date: string, zone: string, next = false): string {
  if (!DATE.test(date)) return '';
  const local = Date.parse(`${date}T00:00:00Z`) + (next ? 86_400_000 : 0);
  return Number.isNaN(local) ? '' : new Date(fromLocal(local, zone)).toISOString();
}

function stateOf(d: Delegation, now: Date): DelegationRow['state'] {
  if (d.revokedAt) return 'dicabut';
  if (Date.parse(d.until) <= now.getTime()) return 'selesai';
  return Date.parse(d.from) > now.getTime() ? 'akan' : 'berlaku';
}

async function page(c: Context<AppEnv>, extra: Partial<Pick<DelegationsProps, 'values' | 'fields' | 'flash'>> = {}, status: 200 | 403 | 404 | 409 | 422 = 200) {
  const { deps, user } = c.var;
  const actor = user as Actor;
  const allowed = delegableRoles(deps, actor);
  const zone = timeZoneOf(deps.workflows.list()[0]);
  const name = await displayNames(deps);
  const titles = new Map(deps.workflows.roles().map((r) => [r.id, r.title]));
  const now = deps.now();
  const all = await listDelegations(deps);
  const rows: DelegationRow[] = all
    .filter((d) => d.roles.some((r) => allowed.has(r)))
    .sort((a, b) => b.from.localeCompare(a.from))
    .map((d) => ({
      d,
      official: name(d.official),
      acting: name(d.acting),
      roles: d.roles.map((r) => titles.get(r) ?? r).join(', '),
      state: stateOf(d, now),
      mayRevoke: d.roles.every((r) => allowed.has(r)),
      createdBy: name(d.createdBy),
      revokedBy: d.revokedBy ? name(d.revokedBy) : undefined,
    }));
  const accounts = (await deps.store.users.list())
    .filter((u) => !u.disabled && u.roles.some((r) => titles.has(r)))
    .map((u) => ({ username: u.username, name: u.displayName || u.username, roles: u.roles.filter((r) => titles.has(r)).map((r) => titles.get(r)!).join(', ') }))
    .sort((a, b) => a.name.localeCompare(b.name, 'id'));
  return renderPage(
    c,
    <DelegationsPage
      {...pageProps(c)}
      rows={rows}
      accounts={accounts}
      roles={[...allowed].map((id) => ({ id, title: titles.get(id) ?? id }))}
      values={extra.values ?? { official: '', acting: '', kind: 'plh', roles: [], from: '', until: '', basis: '' }}
      fields={extra.fields}
      flash={extra.flash}
      timeZone={zone}
    />,
    status,
  );
}

export function delegationRoutes() {
  const app = new Hono<AppEnv>();
  app.use('/delegasi', requirePageUser());
  app.use('/delegasi/*', requirePageUser());
  const refuse = (c: Context<AppEnv>) => errorPage(c, 403, 'Pelimpahan dicatat oleh administrator atau kepala dari peran yang dilimpahkan.', { href: '/tugas', text: 'Tugas saya' });

  app.get('/delegasi', (c) => {
    if (!delegableRoles(c.var.deps, c.var.user as Actor).size) return refuse(c);
    const q = c.req.query();
    const flash = q.dicatat ? { kind: 'ok' as const, text: 'Pelimpahan tercatat. Pelaksana dapat mengerjakan tugas pejabat itu selama masanya.' } : q.dicabut ? { kind: 'ok' as const, text: 'Pelimpahan dicabut.' } : undefined;
    return page(c, { flash });
  });

  app.post('/delegasi', async (c) => {
    const { deps } = c.var;
    const actor = c.var.user as Actor;
    if (!delegableRoles(deps, actor).size) return refuse(c);
    const body = await c.req.parseBody({ all: true });
    const roles = (Array.isArray(body.peran) ? body.peran : body.peran === undefined ? [] : [body.peran]).filter((v): v is string => typeof v === 'string');
    const values = { official: text(body.pejabat), acting: text(body.pelaksana), kind: text(body.jenis), roles, from: text(body.mulai), until: text(body.sampai), basis: text(body.dasar) };
    const zone = timeZoneOf(deps.workflows.list()[0]);
    const done = await recordDelegation(deps, actor, { ...values, from: dayStart(values.from, zone), until: dayStart(values.until, zone, true) });
    if (!done.ok) return page(c, { values, fields: done.fields, flash: done.fields ? undefined : { kind: 'error', text: done.error } }, done.status === 403 ? 403 : 422);
    return redirectAfterPost(c, '/delegasi?dicatat=1');
  });

  app.post('/delegasi/:id/cabut', async (c) => {
    const done = await revokeDelegation(c.var.deps, c.var.user as Actor, c.req.param('id'));
    if (!done.ok) return page(c, { flash: { kind: 'error', text: done.error } }, done.status === 403 || done.status === 404 || done.status === 409 ? done.status : 422);
    return redirectAfterPost(c, '/delegasi?dicabut=1');
  });
  return app;
}
