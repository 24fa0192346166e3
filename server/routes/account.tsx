/**
 * My account: the page (/akun) to change my password and end my sessions and tokens, and the API to list and
 * revoke my tokens (/api/v1/tokens). Only ever the signed-in person's own sessions.
 */
import { Hono, type Context } from 'hono';
import { AccountPage, type SessionRow } from '../../templates/account.tsx';
import { recordAudit } from '../audit/record.ts';
import { CHANGE_PASSWORD_PATH, requireApiUser, requirePageUser, setSessionCookie } from '../auth/middleware.ts';
import { passwordProblem, verifyPassword } from '../auth/password.ts';
import { openSession, sessionProblem } from '../auth/sessions.ts';
import { throttleOf } from '../auth/signin.ts';
import { waitText } from '../auth/throttle.ts';
import { setPassword } from '../auth/users.ts';
import { clientAddress } from '../security/client.ts';
import type { StoredSession } from '../store/types.ts';
import type { AppEnv } from './env.ts';
import { errorPage, formValues, pageProps, renderPage } from './render.ts';
import { timeZoneOf } from './views.ts';

/** The id a session or token is shown and revoked by: a prefix of the stored hash, never the secret. */
export function publicId(s: StoredSession): string {
  return s.idHash.slice(0, 16);
}

/** My live sessions and tokens. */
function liveSessions(c: Context<AppEnv>): StoredSession[] {
  const { deps, user } = c.var;
  const now = deps.now();
  return deps.store.sessions.list(user!.username).filter((s) => !sessionProblem(s, now, deps.policy));
}

function sessionRows(c: Context<AppEnv>): SessionRow[] {
  const current = c.var.session?.idHash;
  return liveSessions(c).map((s) => ({
    id: publicId(s),
    kind: s.kind,
    label: s.label,
    createdAt: s.createdAt,
    lastSeen: s.lastSeen,
    expiresAt: s.expiresAt,
    current: s.idHash === current,
  }));
}

async function accountPage(c: Context<AppEnv>, status: 200 | 403 | 422 | 429 = 200, errors?: Record<string, string>, flash?: { kind: 'ok' | 'error'; text: string }) {
  const { deps, user } = c.var;
  const stored = deps.store.users.get(user!.username);
  return renderPage(
    c,
    <AccountPage
      {...pageProps(c)}
      flash={flash}
      username={user!.username}
      name={user!.name}
      roleLabels={user!.roles.map((r) => deps.workflows.roleTitle(r))}
      mustChange={Boolean(stored?.mustChangePassword)}
      sessions={sessionRows(c)}
      timeZone={timeZoneOf(deps.workflows.list()[0])}
      errors={errors}
    />,
    status,
  );
}

/** Revokes one of my sessions or tokens by its public id; false when I have none by that id. */
async function revokeMine(c: Context<AppEnv>, id: string): Promise<StoredSession | undefined> {
  const { deps, user } = c.var;
  if (!/^[0-9a-f]{16}$/.test(id)) return undefined;
  const s = liveSessions(c).find((x) => publicId(x) === id);
  if (!s) return undefined;
  const at = deps.now().toISOString();
  await deps.store.sessions.revoke(s.idHash, at);
  await recordAudit(deps.store, { at, actor: user!.username, action: 'session.revoke', details: { kind: s.kind, id, ...(s.label ? { label: s.label } : {}) } });
  return s;
}

export function accountRoutes() {
  const app = new Hono<AppEnv>();
  app.use('/akun', requirePageUser());
  app.use('/akun/*', requirePageUser());

  app.get('/akun', (c) => accountPage(c, 200, undefined, c.req.query('sandi') === '1' ? { kind: 'ok', text: 'Kata sandi baru tersimpan. Sesi dan token lain telah diakhiri.' } : undefined));
  app.get(CHANGE_PASSWORD_PATH, (c) => accountPage(c));

  app.post(CHANGE_PASSWORD_PATH, async (c) => {
    const { deps, user } = c.var;
    const { values } = await formValues(c);
    const text = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : '');
    const [current, fresh, again] = [text('sandi_lama'), text('sandi_baru'), text('sandi_ulang')];
    const address = clientAddress(c);
    const now = deps.now();
    const throttle = throttleOf(deps);
    const verdict = throttle.check(user!.username, address, now);
    if (verdict.waitMs > 0) {
      c.header('Retry-After', String(Math.ceil(verdict.waitMs / 1000)));
      return accountPage(c, 429, { sandi_lama: `Terlalu banyak percobaan yang salah. Coba lagi dalam ${waitText(verdict.waitMs)}.` });
    }
    const stored = deps.store.users.get(user!.username);
    if (!stored?.password || !(await verifyPassword(current, stored.password))) {
      throttle.fail(user!.username, address, now);
      await recordAudit(deps.store, { at: now.toISOString(), actor: user!.username, action: 'account.password.failed' });
      return accountPage(c, 422, { sandi_lama: 'Kata sandi sekarang tidak cocok.' });
    }
    const errors: Record<string, string> = {};
    const problem = passwordProblem(fresh);
    if (problem) errors.sandi_baru = problem;
    else if (fresh === current) errors.sandi_baru = 'Pilih kata sandi yang berbeda dari yang sekarang.';
    else if (fresh.toLowerCase().includes(user!.username.toLowerCase())) errors.sandi_baru = 'Kata sandi tidak boleh memuat nama pengguna.';
    if (!errors.sandi_baru && again !== fresh) errors.sandi_ulang = 'Tidak sama dengan kata sandi baru.';
    if (Object.keys(errors).length) return accountPage(c, 422, errors);

    await setPassword(deps.store.users, user!.username, fresh, now);
    // Every other session and token ends; this browser gets a fresh session.
    const ended = await deps.store.sessions.revokeAll(user!.username, now.toISOString());
    const { secret } = await openSession(deps.store.sessions, { username: user!.username, kind: 'session', now, policy: deps.policy });
    setSessionCookie(c, secret);
    await recordAudit(deps.store, { at: now.toISOString(), actor: user!.username, action: 'account.password', details: { sessionsEnded: ended } });
    return c.redirect('/akun?sandi=1', 303);
  });

  app.post('/akun/sesi/cabut-semua', async (c) => {
    const { deps, user, session } = c.var;
    let n = 0;
    for (const s of liveSessions(c)) {
      if (s.idHash === session?.idHash) continue;
      await deps.store.sessions.revoke(s.idHash, deps.now().toISOString());
      n++;
    }
    await recordAudit(deps.store, { at: deps.now().toISOString(), actor: user!.username, action: 'session.revoke', details: { all: true, count: n } });
    return c.redirect('/akun', 303);
  });

  app.post('/akun/sesi/:id/cabut', async (c) => {
    const revoked = await revokeMine(c, c.req.param('id'));
    if (!revoked) return errorPage(c, 404, 'Sesi atau token itu tidak ada atau sudah berakhir.', { href: '/akun', text: 'Akun saya' });
    return c.redirect(revoked.idHash === c.var.session?.idHash ? '/login' : '/akun', 303);
  });

  return app;
}

/** /api/v1/tokens: the caller's live API tokens, and revoking one (the current one included). */
export function tokenApiRoutes() {
  const api = new Hono<AppEnv>();
  api.use('*', requireApiUser());

  api.get('/', (c) => {
    const current = c.var.session?.idHash;
    return c.json(
      liveSessions(c)
        .filter((s) => s.kind === 'token')
        .map((s) => ({ id: publicId(s), label: s.label ?? null, createdAt: s.createdAt, lastSeen: s.lastSeen, expiresAt: s.expiresAt, current: s.idHash === current })),
    );
  });

  api.delete('/:id', async (c) => {
    const id = c.req.param('id');
    const s = liveSessions(c).find((x) => x.kind === 'token' && publicId(x) === id);
    if (!s) return c.json({ error: `Token "${id.slice(0, 40)}" tidak ada di antara token Anda yang masih berlaku.` }, 404);
    await revokeMine(c, id);
    return c.json({ ok: true, id, revoked: true });
  });

  return api;
}
