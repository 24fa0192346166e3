/** The administrator's page of the message channels (/admin/pesan): their state, last errors, and a test message. */
import { Hono, type Context } from 'hono';
import { MessagesPage } from '../../templates/admin/messages.tsx';
import { requirePageUser } from '../auth/middleware.ts';
import { ADMIN_ROLE } from '../auth/users.ts';
import { channelStates, sendTestMessage } from '../usecases/notify.ts';
import type { NotificationChannel } from '../../engine/types.ts';
import type { AppEnv } from './env.ts';
import { errorPage, formValues, pageProps, renderPage } from './render.ts';
import { timeZoneOf } from './views.ts';

export function messageRoutes() {
  const app = new Hono<AppEnv>();
  app.use('/admin/pesan', requirePageUser());
  app.use('/admin/pesan/*', requirePageUser());

  async function page(c: Context<AppEnv>, flash?: { kind: 'ok' | 'error'; text: string }, status: 200 | 422 = 200) {
    const { deps } = c.var;
    const accounts = (await deps.store.users.list()).filter((u) => !u.disabled && !u.roles.includes(ADMIN_ROLE));
    return renderPage(
      c,
      <MessagesPage
        {...pageProps(c)}
        flash={flash}
        channels={await channelStates(deps)}
        accounts={accounts.map((u) => ({ username: u.username, name: u.displayName, ...(u.email ? { email: u.email } : {}), ...(u.phone ? { phone: u.phone } : {}) }))}
        timeZone={timeZoneOf(deps.workflows.list()[0])}
      />,
      status,
    );
  }

  app.get('/admin/pesan', async (c) => {
    if (!c.var.user!.roles.includes(ADMIN_ROLE)) return errorPage(c, 403, 'Halaman ini khusus administrator (peran admin).', { href: '/tugas', text: 'Tugas saya' });
    return page(c);
  });

  app.post('/admin/pesan/uji', async (c) => {
    if (!c.var.user!.roles.includes(ADMIN_ROLE)) return errorPage(c, 403, 'Halaman ini khusus administrator (peran admin).', { href: '/tugas', text: 'Tugas saya' });
    const { values } = await formValues(c);
    const channel = values.channel;
    if (channel !== 'inapp' && channel !== 'email' && channel !== 'gateway') return page(c, { kind: 'error', text: 'Pilih saluran: di aplikasi, surel, atau WhatsApp / SMS.' }, 422);
    const username = typeof values.username === 'string' ? values.username : '';
    const done = await sendTestMessage(c.var.deps, { username, channel: channel as NotificationChannel, by: c.var.user!.username });
    return done.ok ? page(c, { kind: 'ok', text: done.text }) : page(c, { kind: 'error', text: done.error }, 422);
  });

  return app;
}
