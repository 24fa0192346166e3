/**
 * The alur web app: public service pages, staff pages and the JSON API on one Hono app. Dependencies come in
 * (store, workflows, clock) so tests run it with `app.request()` on a temp store. Order of the layers:
 * dependencies → compression → security headers → plain paths only → static files → audit context → who is
 * asking (identify) → body limits → CSRF check → case views audited → routes; errors end in one handler that
 * never shows a stack.
 */
import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { StoreUnavailableError } from '../engine/ports/store.ts';
import { auditContext } from './audit/record.ts';
import { compression } from './compression.ts';
import { auditCaseViews } from './audit/views.ts';
import { identify } from './auth/middleware.ts';
import { integrityNotice } from './routes/integrity.ts';
import { DEFAULT_POLICY } from './auth/sessions.ts';
import { apiRoutes } from './routes/api.ts';
import { caseRoutes } from './routes/cases.tsx';
import { letterRoutes } from './routes/letters.tsx';
import type { AppDeps, AppEnv } from './routes/env.ts';
import { loginRoutes } from './routes/login.tsx';
import { publicRoutes } from './routes/public.tsx';
import { figuresRoutes } from './routes/figures.tsx';
import { fileApiRoutes, filePageRoutes } from './routes/files.ts';
import { followRoutes } from './routes/follow.tsx';
import { startNewCase } from './usecases/casework.ts';
import { errorPage } from './routes/render.ts';
import { reportRoutes } from './routes/report.tsx';
import { staticRoutes } from './routes/static.ts';
import { taskRoutes } from './routes/tasks.tsx';
import { accountRoutes, tokenApiRoutes } from './routes/account.tsx';
import { delegationRoutes } from './routes/delegations.tsx';
import { assignmentRoutes } from './routes/assignment.tsx';
import { assignmentApiRoutes } from './routes/assignment-api.ts';
import { adminRoutes } from './routes/admin/index.tsx';
import { auditRoutes } from './routes/audit.tsx';
import { userRoutes } from './routes/users.tsx';
import { notificationRoutes, unreadCounter } from './routes/notifications.tsx';
import { messageRoutes } from './routes/messages.tsx';
import { csrfProtection } from './security/csrf.ts';
import { securityHeaders } from './security/headers.ts';
import { requestLimits } from './security/limits.ts';
import { plainPaths } from './security/params.ts';
import type { SealedStore } from './store/crypt/sealed-store.ts';
import { sealingPolicy } from './workflows.ts';

export type { AppDeps } from './routes/env.ts';

export interface AppOptions extends Omit<AppDeps, 'now' | 'policy' | 'secureCookies'> {
  now?: () => Date;
  policy?: AppDeps['policy'];
  secureCookies?: boolean;
  /** Where unexpected errors are reported (default: console.error). */
  logError?: (err: unknown, c?: Context<AppEnv>) => void;
}

function isApi(c: Context<AppEnv>): boolean {
  return new URL(c.req.url).pathname.startsWith('/api/');
}

export function createApp(options: AppOptions): Hono<AppEnv> {
  const deps: AppDeps = {
    store: options.store,
    workflows: options.workflows,
    now: options.now ?? (() => new Date()),
    policy: options.policy ?? DEFAULT_POLICY,
    secureCookies: options.secureCookies ?? false,
    demo: options.demo,
    trustProxy: options.trustProxy ?? false,
    notify: options.notify,
  };
  // Encryption at rest seals exactly the sensitive values of each case's definitions (server/store/crypt).
  (options.store as Partial<SealedStore>).useDefinitions?.(sealingPolicy(options.workflows));
  const logError = options.logError ?? ((err: unknown) => console.error(err));
  deps.logError = (err) => logError(err, undefined);
  const app = new Hono<AppEnv>();
  let lastUnavailableLog = 0;

  app.use('*', async (c, next) => {
    c.set('deps', deps);
    await next();
  });
  // The services in force are the store's: a version published on another app server is served on the next request.
  app.use('*', async (_c, next) => {
    await deps.workflows.refresh();
    await next();
  });
  app.use('*', compression());
  app.use('*', securityHeaders());
  app.use('*', plainPaths((c) => notFound(c)));
  app.route('/', staticRoutes());
  app.use('*', auditContext());
  app.use('*', identify());
  app.use('*', integrityNotice());
  app.use('*', requestLimits((c, p) => (isApi(c) ? c.json({ error: p.message, ...(p.fields ? { fields: p.fields } : {}) }, p.status) : errorPage(c, p.status === 415 ? 400 : p.status, p.message))));
  app.use('*', csrfProtection((c, p) => errorPage(c, 403, p.message, { href: new URL(c.req.url).pathname === '/login' ? '/login' : '/tugas', text: 'Muat ulang halaman' })));
  app.use('*', auditCaseViews());
  app.use('*', unreadCounter());

  // Before /api/v1 (which asks for a token): the public check of a letter needs none.
  app.route('/', letterRoutes());
  app.route('/api/v1/tokens', tokenApiRoutes());
  app.route('/api/v1/files', fileApiRoutes());
  app.route('/api/v1', assignmentApiRoutes());
  app.route('/api/v1', apiRoutes());
  app.route('/', filePageRoutes());
  app.route('/', figuresRoutes());
  app.route('/', followRoutes({ startCase: (c) => (workflow, data, actor) => startNewCase(c.var.deps, workflow, data, actor) }));
  app.route('/', publicRoutes());
  app.route('/', loginRoutes());
  app.route('/', taskRoutes());
  app.route('/', reportRoutes());
  app.route('/', assignmentRoutes());
  app.route('/', caseRoutes());
  app.route('/', messageRoutes());
  app.route('/', adminRoutes());
  app.route('/', notificationRoutes());
  app.route('/', accountRoutes());
  app.route('/', delegationRoutes());
  app.route('/', userRoutes());
  app.route('/', auditRoutes());

  function notFound(c: Context<AppEnv>) {
    if (isApi(c)) return c.json({ error: `Alamat API ${c.req.method} ${new URL(c.req.url).pathname.slice(0, 200)} tidak ada.` }, 404);
    return errorPage(c, 404, 'Halaman yang Anda cari tidak ada. Periksa alamatnya atau mulai dari menu di atas.');
  }
  app.notFound(notFound);

  app.onError((err, c) => {
    // Body parsing and other request errors raised by Hono carry their status: a 4xx with a readable message.
    if (err instanceof HTTPException && err.status < 500) {
      const message = err.status === 413 ? 'Data yang dikirim terlalu besar.' : 'Permintaan tidak dapat dibaca.';
      return isApi(c) ? c.json({ error: message }, err.status) : errorPage(c, err.status === 413 ? 413 : 400, message);
    }
    // The database is away (restarting, unreachable): 503 until it is back; nothing was stored, no stack is shown.
    if (err instanceof StoreUnavailableError) {
      if (Date.now() - lastUnavailableLog > 10_000) {
        lastUnavailableLog = Date.now();
        console.error(`alur: ${err.message} Permintaan dijawab 503 sampai basis data kembali.`);
      }
      c.header('Retry-After', '5');
      const message = 'Basis data sedang tidak dapat dihubungi, jadi permintaan ini belum diproses dan tidak ada yang tersimpan. Coba lagi dalam beberapa saat (Anda tidak perlu masuk ulang); bila berlanjut, hubungi administrator.';
      if (isApi(c)) return c.json({ error: message }, 503);
      if (!c.var.deps) c.set('deps', deps);
      return errorPage(c, 503, message, { href: new URL(c.req.url).pathname, text: 'Coba lagi' });
    }
    logError(err, c);
    const message = 'Terjadi kesalahan di server. Data Anda belum tentu tersimpan: periksa kasusnya, lalu coba lagi. Bila berulang, hubungi administrator.';
    if (isApi(c)) return c.json({ error: message }, 500);
    if (!c.var.deps) c.set('deps', deps);
    return errorPage(c, 500, message);
  });

  return app;
}
