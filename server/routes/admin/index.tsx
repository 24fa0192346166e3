/**
 * The administrator's pages (role `admin` only): the services with their versions, the SOP editor, the version
 * history, and reading the workflows folder again.
 */
import { Hono, type MiddlewareHandler } from 'hono';
import { formatDefinitionError } from '../../../engine/definition/index.ts';
import { AdminHomePage, type ServiceRow } from '../../../templates/admin/home.tsx';
import { recordAudit } from '../../audit/record.ts';
import { requirePageUser } from '../../auth/middleware.ts';
import { ADMIN_ROLE } from '../../auth/users.ts';
import { syncFolder } from '../../workflows.ts';
import type { AppEnv } from '../env.ts';
import { errorPage, pageProps, redirectAfterPost, renderPage } from '../render.ts';
import { timeZoneOf } from '../views.ts';
import { casesByVersion, publisherName } from './draft.ts';
import { displayNames } from '../../usecases/people.ts';
import { lastIntegrityReport } from '../../usecases/integrity.ts';
import { channelStates } from '../../usecases/notify.ts';
import { editorRoutes } from './editor.tsx';
import { historyRoutes } from './history.tsx';
import { newServiceRoutes } from './new-service.tsx';
import { migrateRoutes } from './migrate.tsx';

export function adminRoutes() {
  const app = new Hono<AppEnv>();
  app.use('/admin', requirePageUser());
  app.use('/admin/*', requirePageUser());
  const onlyAdmin: MiddlewareHandler<AppEnv> = async (c, next) => {
    if (!c.var.user!.roles.includes(ADMIN_ROLE)) return errorPage(c, 403, 'Halaman ini khusus administrator (peran admin).', { href: '/tugas', text: 'Tugas saya' });
    await next();
  };
  app.use('/admin', onlyAdmin);
  app.use('/admin/*', onlyAdmin);

  app.get('/admin', async (c) => {
    const { deps } = c.var;
    const registry = deps.workflows;
    const services: ServiceRow[] = [];
    const names = await displayNames(deps);
    for (const wf of registry.list()) {
      const record = registry.storedVersion(wf.id, registry.get(wf.id)?.version ?? -1);
      const counts = await casesByVersion(deps, wf.id);
      let older = 0;
      for (const [v, n] of counts) if (v !== wf.version) older += n.open;
      services.push({
        id: wf.id,
        title: wf.title,
        version: wf.version,
        decree: wf.decree.number,
        effective: wf.decree.effective,
        publishedAt: record?.publishedAt,
        publishedBy: record ? publisherName(names, record.publishedBy) : undefined,
        versions: registry.storedVersions(wf.id).length || 1,
        openCases: counts.get(wf.version)?.open ?? 0,
        olderOpenCases: older,
        file: registry.fileOf(wf.id)?.split('/').pop(),
      });
    }
    const refused = registry.refused.map((r) => {
      const name = r.file.split('/').pop()!;
      const running = registry.list().find((wf) => registry.fileOf(wf.id) === r.file);
      return {
        file: name,
        errors: r.errors,
        running: running ? `Versi ${running.version} dari ${running.title} tetap berjalan.` : undefined,
        fixHref: running ? `/admin/layanan/${running.id}?dari=berkas` : undefined,
      };
    });
    const q = c.req.query();
    const flash = q.muat
      ? { kind: (refused.length ? 'error' : 'ok') as 'ok' | 'error', text: q.muat === 'gagal' ? 'Folder tidak dapat dibaca; tidak ada yang berubah.' : `Folder dibaca ulang: ${q.muat}.` }
      : undefined;
    return renderPage(
      c,
      <AdminHomePage {...pageProps(c)} flash={flash} services={services} refused={refused} folder={registry.dir} timeZone={timeZoneOf(registry.list()[0])} integrity={await lastIntegrityReport(deps.store)} failingChannels={(await channelStates(deps)).filter((s) => s.failing).map((s) => s.label)} />,
    );
  });

  app.post('/admin/muat-ulang', async (c) => {
    const { deps, user } = c.var;
    const registry = deps.workflows;
    const now = deps.now();
    let summary: string;
    try {
      const report = await registry.exclusive(() => syncFolder(registry, now));
      const changed = report.loaded.filter((l) => l.change !== 'same');
      for (const r of report.refused) for (const e of r.errors) console.error(`DITOLAK: ${formatDefinitionError(e)}`);
      await recordAudit(deps.store, {
        at: now.toISOString(),
        actor: user!.username,
        action: 'workflow.reload',
        details: { changed: changed.map((l) => `${l.id}@${l.version}`), refused: report.refused.map((r) => r.file.split('/').pop()) },
      });
      summary = [
        changed.length ? `${changed.map((l) => `${l.id} menjadi versi ${l.version}`).join(', ')}` : 'tidak ada berkas yang berubah',
        report.refused.length ? `${report.refused.length} berkas ditolak (lihat di bawah)` : '',
      ]
        .filter(Boolean)
        .join('; ');
    } catch (err) {
      deps.logError?.(err);
      summary = 'gagal';
    }
    return redirectAfterPost(c, `/admin?muat=${encodeURIComponent(summary)}`);
  });

  app.route('/', newServiceRoutes());
  app.route('/', migrateRoutes());
  app.route('/', editorRoutes());
  app.route('/', historyRoutes());
  return app;
}
