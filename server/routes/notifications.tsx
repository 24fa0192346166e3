/** The in-app notifications (/notifikasi): the list, opening one (marks it read), marking read; and the menu's counter. */
import { Hono, type MiddlewareHandler } from 'hono';
import { NotificationsPage } from '../../templates/notifications.tsx';
import { requirePageUser } from '../auth/middleware.ts';
import { markNotificationsRead, myNotifications, openNotification } from '../usecases/notify.ts';
import type { AppEnv } from './env.ts';
import { errorPage, formValues, pageProps, redirectAfterPost, renderPage } from './render.ts';
import { timeZoneOf } from './views.ts';

/** Counts the signed-in person's unread notifications for the menu of every page (not for the API or static files). */
export function unreadCounter(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const user = c.var.user;
    const path = new URL(c.req.url).pathname;
    if (user && !path.startsWith('/api/') && !path.startsWith('/static/') && !user.roles.includes('admin')) {
      c.set('unread', await c.var.deps.store.inbox.unread(user.username).catch(() => undefined));
    }
    await next();
  };
}

export function notificationRoutes() {
  const app = new Hono<AppEnv>();
  app.use('/notifikasi', requirePageUser());
  app.use('/notifikasi/*', requirePageUser());

  app.get('/notifikasi', async (c) => {
    const { deps, user } = c.var;
    const before = c.req.query('sebelum');
    const valid = before && /^\d{4}-\d{2}-\d{2}T[0-9:.]+Z$/.test(before) ? before : undefined;
    const list = await myNotifications(deps, user!.username, { before: valid });
    const last = list.items[list.items.length - 1];
    const flash = c.req.query('dibaca') ? { kind: 'ok' as const, text: 'Ditandai sudah dibaca.' } : undefined;
    return renderPage(
      c,
      <NotificationsPage
        {...pageProps(c)}
        flash={flash}
        items={list.items.map((i) => ({ id: i.id, at: i.at, text: i.text, read: Boolean(i.readAt) }))}
        unread={list.unread}
        olderHref={list.more && last ? `/notifikasi?sebelum=${encodeURIComponent(last.at)}` : undefined}
        later={valid !== undefined}
        timeZone={timeZoneOf(deps.workflows.list()[0])}
      />,
    );
  });

  app.post('/notifikasi/baca', async (c) => {
    const { values } = await formValues(c);
    const id = typeof values.id === 'string' && /^[0-9a-f]{32}$/.test(values.id) ? [values.id] : undefined;
    await markNotificationsRead(c.var.deps, c.var.user!.username, id);
    return redirectAfterPost(c, '/notifikasi?dibaca=1');
  });

  app.get('/notifikasi/:id', async (c) => {
    const id = c.req.param('id');
    const href = /^[0-9a-f]{32}$/.test(id) ? await openNotification(c.var.deps, c.var.user!.username, id) : undefined;
    if (!href) return errorPage(c, 404, 'Pemberitahuan ini tidak ada.', { href: '/notifikasi', text: 'Pemberitahuan' });
    return c.redirect(href, 303);
  });

  return app;
}
