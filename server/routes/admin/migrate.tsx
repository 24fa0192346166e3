/** Moving open cases to the version in force: the dry run page, and the move of the cases ticked there. */
import { Hono, type Context } from 'hono';
import { MovePage, type MoveRowView } from '../../../templates/admin/migrate.tsx';
import { moveCases, planMoves, type MoveDryRun } from '../../usecases/migrate.ts';
import type { AppEnv } from '../env.ts';
import { errorPage, pageProps, renderPage } from '../render.ts';
import { timeZoneOf } from '../views.ts';

type Extra = Pick<Parameters<typeof MovePage>[0], 'reason' | 'chosen' | 'fields' | 'error' | 'done'>;

function rowsOf(run: MoveDryRun): MoveRowView[] {
  const wf = run.active;
  return run.candidates.map((c) => {
    const roles = [...new Set(c.plan.tasks.filter((t) => t.roleChanged).flatMap((t) => t.to.roles))];
    return { plan: c.plan, createdAt: c.createdAt, newRoles: roles.length ? roles.map((r) => wf.roles[r] ?? r).join(', ') : undefined };
  });
}

async function page(c: Context<AppEnv>, id: string, extra: Extra, status: 200 | 422 = 200) {
  const run = await planMoves(c.var.deps, id);
  if (!run.ok) return errorPage(c, 404, run.error, { href: '/admin', text: 'Daftar layanan' });
  const wf = run.value.active;
  return renderPage(
    c,
    <MovePage
      {...pageProps(c)}
      workflowId={id}
      workflowTitle={wf.title}
      version={wf.version}
      decree={wf.decree.number}
      rows={rowsOf(run.value)}
      truncated={run.value.truncated}
      timeZone={timeZoneOf(wf)}
      {...extra}
    />,
    status,
  );
}

export function migrateRoutes() {
  const app = new Hono<AppEnv>();
  app.get('/admin/layanan/:id/pindah', (c) => page(c, c.req.param('id'), { reason: '' }));
  app.post('/admin/layanan/:id/pindah', async (c) => {
    const id = c.req.param('id');
    const body = await c.req.parseBody({ all: true });
    const raw = body.kasus;
    const ids = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter((v): v is string => typeof v === 'string' && /^[A-Za-z0-9-]{1,80}$/.test(v));
    const reason = typeof body.alasan === 'string' ? body.alasan : '';
    const done = await moveCases(c.var.deps, { workflow: id, ids, actor: c.var.user!.username, reason });
    if (!done.ok) {
      if (done.status === 404) return errorPage(c, 404, done.error, { href: '/admin', text: 'Daftar layanan' });
      return page(c, id, { reason, chosen: new Set(ids), fields: done.fields, error: done.error }, 422);
    }
    return page(c, id, { reason: '', done: { moved: done.value.moved.map((m) => m.id), stayed: done.value.stayed } });
  });
  return app;
}
