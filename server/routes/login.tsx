/** Signing in and out of the pages: the login form, a server-side session in an HttpOnly cookie, logout. */
import { Hono } from 'hono';
import { LoginPage } from '../../templates/login.tsx';
import { clearSessionCookie, safeNext, setSessionCookie } from '../auth/middleware.ts';
import { closeSession, openSession } from '../auth/sessions.ts';
import { checkCredentials } from '../auth/users.ts';
import type { AppEnv } from './env.ts';
import { formValues, pageProps, renderPage } from './render.ts';
import type { Context } from 'hono';

function demoAccounts(c: Context<AppEnv>) {
  const demo = c.var.deps.demo;
  if (!demo) return undefined;
  const users = c.var.deps.store.users
    .list()
    .filter((u) => !u.disabled)
    .map((u) => ({ username: u.username, label: u.roles.map((r) => c.var.deps.workflows.roleTitle(r)).join(', ') }));
  return { password: demo.password, users };
}

export function loginRoutes() {
  const app = new Hono<AppEnv>();

  app.get('/login', async (c) => {
    if (c.var.user) return c.redirect(safeNext(c.req.query('next')), 303);
    return renderPage(c, <LoginPage {...pageProps(c)} next={c.req.query('next')} demoAccounts={demoAccounts(c)} />);
  });

  app.post('/login', async (c) => {
    const { values, meta } = await formValues(c);
    const username = typeof values.username === 'string' ? values.username.trim().toLowerCase() : '';
    const password = typeof values.password === 'string' ? values.password : '';
    const next = typeof values.next === 'string' ? values.next : meta._next;
    const { store, now, policy } = c.var.deps;
    const at = now();
    const user = username && password ? await checkCredentials(store.users, username, password) : undefined;
    if (!user) {
      await store.audit.append({ at: at.toISOString(), actor: '-', action: 'login.failed', details: { username: username.slice(0, 64), via: 'web' } });
      return renderPage(
        c,
        <LoginPage
          {...pageProps(c)}
          username={username}
          next={next}
          error="Nama pengguna atau kata sandi salah. Periksa huruf besar/kecil, lalu coba lagi."
          demoAccounts={demoAccounts(c)}
        />,
        401,
      );
    }
    // A fresh session id at every sign-in (no fixation); the old one, if any, ends.
    if (c.var.sessionSecret) await closeSession(store.sessions, c.var.sessionSecret, at);
    const { secret } = await openSession(store.sessions, { username: user.username, kind: 'session', now: at, policy });
    await store.audit.append({ at: at.toISOString(), actor: user.username, action: 'login.ok', details: { via: 'web' } });
    setSessionCookie(c, secret);
    return c.redirect(safeNext(next), 303);
  });

  app.post('/logout', async (c) => {
    const { store, now } = c.var.deps;
    if (c.var.sessionSecret) {
      await closeSession(store.sessions, c.var.sessionSecret, now());
      await store.audit.append({ at: now().toISOString(), actor: c.var.user?.username ?? '-', action: 'logout' });
    }
    clearSessionCookie(c);
    return c.redirect('/login', 303);
  });

  return app;
}
