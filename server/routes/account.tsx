/**
 * My account: the page (/akun) to change my password and end my sessions and tokens, and the API to list and
 * revoke my tokens (/api/v1/tokens). Only ever the signed-in person's own sessions.
 */
import { Hono, type Context } from 'hono';
import { AccountPage, type SessionRow } from '../../templates/account.tsx';
import { CHANGE_PASSWORD_PATH, deviceCookie, requireApiUser, requirePageUser, setDeviceCookie, setSessionCookie } from '../auth/middleware.ts';
import { clientAddress } from '../security/client.ts';
import { changeOwnPassword, liveSessions, ownAccount, publicId, revokeMine, revokeOthers, updateOwnContact } from '../usecases/account.ts';
import type { AppEnv } from './env.ts';
import { errorPage, formValues, pageProps, renderPage } from './render.ts';
import { timeZoneOf } from './views.ts';

export { publicId };

async function sessionRows(c: Context<AppEnv>): Promise<SessionRow[]> {
  const current = c.var.session?.idHash;
  return (await liveSessions(c.var.deps, c.var.user!.username)).map((s) => ({
    id: publicId(s),
    kind: s.kind,
    label: s.label,
    createdAt: s.createdAt,
    lastSeen: s.lastSeen,
    expiresAt: s.expiresAt,
    current: s.idHash === current,
  }));
}

async function accountPage(c: Context<AppEnv>, status: 200 | 403 | 422 | 429 = 200, errors?: Record<string, string>, flash?: { kind: 'ok' | 'error'; text: string }, typed?: Record<string, string>) {
  const { deps, user } = c.var;
  const stored = await ownAccount(deps, user!.username);
  return renderPage(
    c,
    <AccountPage
      {...pageProps(c)}
      flash={flash}
      username={user!.username}
      name={user!.name}
      roleLabels={user!.roles.map((r) => deps.workflows.roleTitle(r))}
      jabatan={stored?.title}
      nip={stored?.nip}
      // The account the first start made (its password printed on the console, never changed since) reads so.
      mustChange={stored?.mustChangePassword ? (stored.username === 'admin' && stored.passwordChangedAt === stored.createdAt && stored.roles.includes('admin') ? 'first' : true) : false}
      typed={typed}
      sessions={await sessionRows(c)}
      timeZone={timeZoneOf(deps.workflows.list()[0])}
      errors={errors}
      contact={user!.roles.includes('admin') ? undefined : { email: stored?.email, phone: stored?.phone, optOut: stored?.optOut ?? [] }}
    />,
    status,
  );
}

export function accountRoutes() {
  const app = new Hono<AppEnv>();
  app.use('/akun', requirePageUser());
  app.use('/akun/*', requirePageUser());

  app.get('/akun', (c) =>
    accountPage(
      c,
      200,
      undefined,
      c.req.query('sandi') === '1'
        ? { kind: 'ok', text: 'Kata sandi baru tersimpan. Sesi dan token lain telah diakhiri.' }
        : c.req.query('pemberitahuan') === '1'
          ? { kind: 'ok', text: 'Pengaturan pemberitahuan tersimpan.' }
          : undefined,
    ),
  );
  app.get(CHANGE_PASSWORD_PATH, (c) => accountPage(c));

  app.post(CHANGE_PASSWORD_PATH, async (c) => {
    const { deps, user } = c.var;
    const { values } = await formValues(c);
    const text = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : '');
    const done = await changeOwnPassword(deps, { username: user!.username, current: text('sandi_lama'), fresh: text('sandi_baru'), again: text('sandi_ulang'), address: clientAddress(c), device: deviceCookie(c) });
    if (!done.ok) {
      if (done.retryAfterS) c.header('Retry-After', String(done.retryAfterS));
      return accountPage(c, done.status, done.errors, undefined, done.status === 422 ? { sandi_lama: text('sandi_lama'), sandi_baru: text('sandi_baru'), sandi_ulang: text('sandi_ulang') } : undefined);
    }
    // Every other session and token ended; this browser has a fresh session.
    setSessionCookie(c, done.secret);
    setDeviceCookie(c, done.device);
    return c.redirect('/akun?sandi=1', 303);
  });

  app.post('/akun/pemberitahuan', async (c) => {
    const { values } = await formValues(c);
    const text = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : '');
    const channels = Array.isArray(values.saluran) ? values.saluran.map(String) : typeof values.saluran === 'string' ? [values.saluran] : [];
    const done = await updateOwnContact(c.var.deps, { username: c.var.user!.username, email: text('email'), phone: text('phone'), channels });
    if (!done.ok) return accountPage(c, 422, done.errors);
    return c.redirect('/akun?pemberitahuan=1#pemberitahuan', 303);
  });

  app.post('/akun/sesi/cabut-semua', async (c) => {
    await revokeOthers(c.var.deps, c.var.user!.username, c.var.session?.idHash);
    return c.redirect('/akun', 303);
  });

  app.post('/akun/sesi/:id/cabut', async (c) => {
    const revoked = await revokeMine(c.var.deps, c.var.user!.username, c.req.param('id'));
    if (!revoked) return errorPage(c, 404, 'Sesi atau token itu tidak ada atau sudah berakhir.', { href: '/akun', text: 'Akun saya' });
    return c.redirect(revoked.idHash === c.var.session?.idHash ? '/login' : '/akun', 303);
  });

  return app;
}

/** /api/v1/tokens: the caller's live API tokens, and revoking one (the current one included). */
export function tokenApiRoutes() {
  const api = new Hono<AppEnv>();
  api.use('*', requireApiUser());

  api.get('/', async (c) => {
    const current = c.var.session?.idHash;
    return c.json(
      (await liveSessions(c.var.deps, c.var.user!.username))
        .filter((s) => s.kind === 'token')
        .map((s) => ({ id: publicId(s), label: s.label ?? null, createdAt: s.createdAt, lastSeen: s.lastSeen, expiresAt: s.expiresAt, current: s.idHash === current })),
    );
  });

  api.delete('/:id', async (c) => {
    const id = c.req.param('id');
    const s = (await liveSessions(c.var.deps, c.var.user!.username)).find((x) => x.kind === 'token' && publicId(x) === id);
    if (!s) return c.json({ error: `Token "${id.slice(0, 40)}" tidak ada di antara token Anda yang masih berlaku.` }, 404);
    await revokeMine(c.var.deps, c.var.user!.username, id);
    return c.json({ ok: true, id, revoked: true });
  });

  return api;
}
