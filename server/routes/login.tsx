/** Signing in and out of the pages: the login form, a server-side session in an HttpOnly cookie, logout. */
import { Hono } from 'hono';
import { LoginPage } from '../../templates/login.tsx';
import { clearSessionCookie, deviceCookie, safeNext, setDeviceCookie, setSessionCookie } from '../auth/middleware.ts';
import { recordAudit } from '../audit/record.ts';
import { closeSession } from '../auth/sessions.ts';
import { signIn, type SignInResult } from '../auth/signin.ts';
import { clientAddress } from '../security/client.ts';
import { csrfToken } from '../security/csrf.ts';
import type { AppEnv } from './env.ts';
import { formValues, pageProps, renderPage } from './render.ts';
import type { Context } from 'hono';

async function demoAccounts(c: Context<AppEnv>) {
  const demo = c.var.deps.demo;
  if (!demo) return undefined;
  const users = (await c.var.deps.store.users.list())
    .filter((u) => !u.disabled)
    .map((u) => ({ username: u.username, label: u.roles.map((r) => c.var.deps.workflows.roleTitle(r)).join(', ') }));
  return { password: demo.password, users };
}

export function loginRoutes() {
  const app = new Hono<AppEnv>();

  app.get('/login', async (c) => {
    if (c.var.user) return c.redirect(safeNext(c.req.query('next')), 303);
    return renderPage(c, <LoginPage {...pageProps(c)} csrf={csrfToken(c)} next={c.req.query('next')} demoAccounts={await demoAccounts(c)} />);
  });

  app.post('/login', async (c) => {
    const { values, meta } = await formValues(c);
    const username = typeof values.username === 'string' ? values.username.trim().toLowerCase() : '';
    const password = typeof values.password === 'string' ? values.password : '';
    const next = typeof values.next === 'string' ? values.next : meta._next;
    const { store, now } = c.var.deps;
    const result =
      username && password
        ? await signIn(c.var.deps, { username, password, address: clientAddress(c), via: 'web', kind: 'session', device: deviceCookie(c) })
        : ({ ok: false, status: 401, error: 'Isi nama pengguna dan kata sandi.' } satisfies SignInResult as SignInResult);
    if (!result.ok) {
      if (result.retryAfterS) c.header('Retry-After', String(result.retryAfterS));
      const error = result.status === 401 && username && password ? 'Nama pengguna atau kata sandi salah. Periksa huruf besar/kecil, lalu coba lagi.' : result.error;
      return renderPage(
        c,
        <LoginPage {...pageProps(c)} csrf={csrfToken(c)} username={username} next={next} error={error} demoAccounts={await demoAccounts(c)} />,
        result.status,
      );
    }
    // A fresh session id at every sign-in (no fixation); the old one, if any, ends.
    if (c.var.sessionSecret) await closeSession(store.sessions, c.var.sessionSecret, now());
    const secret = result.secret;
    setSessionCookie(c, secret);
    if (result.device) setDeviceCookie(c, result.device);
    return c.redirect(safeNext(next), 303);
  });

  app.post('/logout', async (c) => {
    const { store, now } = c.var.deps;
    if (c.var.sessionSecret) {
      await closeSession(store.sessions, c.var.sessionSecret, now());
      await recordAudit(store, { at: now().toISOString(), actor: c.var.user?.username ?? '-', action: 'logout' });
    }
    clearSessionCookie(c);
    // Pages are no-store, but a browser may still hold one for its back button: on a shared office PC the next
    // person must not step back into a child's case. (Browsers honour this over HTTPS and on localhost.)
    c.header('Clear-Site-Data', '"cache"');
    return c.redirect('/login', 303);
  });

  return app;
}
