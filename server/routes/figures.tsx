/**
 * The service report: /laporan (page with charts and tables, for the roles the YAML allows), its CSV and XLSX
 * exports, the JSON API GET /api/v1/reports/WORKFLOW?from&to, and the survey tools of the report's readers (a
 * one-time QR link, the kiosk address). Every output renders the same PublishedReport.
 */
import { Hono, type Context } from 'hono';
import { periodContaining, previousPeriod, type Period } from '../../engine/report/period.ts';
import { canReadCases } from '../../engine/access.ts';
import { canReadReport } from '../../engine/report/access.ts';
import { timeZoneOf } from '../../engine/time.ts';
import { rolesOf } from '../../engine/tasks.ts';
import type { Workflow } from '../../engine/types.ts';
import { reportCharts } from '../../templates/figures/charts.ts';
import { ikmSheet, reportSheets, toCsv, toXlsx } from '../../templates/figures/export.ts';
import { ReportPage, type PeriodChoice } from '../../templates/figures/page.tsx';
import { SurveyToolsPage } from '../../templates/figures/survey-tools.tsx';
import { requireApiUser, requirePageUser } from '../auth/middleware.ts';
import type { FiguresDeps } from '../usecases/figures-deps.ts';
import { reportableServices, reportFor, requestedPeriod } from '../usecases/figures.ts';
import { ikmFor, issueSurveyLink, kioskKey } from '../usecases/survey.ts';
import type { AppEnv } from './env.ts';
import { errorPage, pageProps, renderPage } from './render.ts';

/** The use cases' view of the app's dependencies. */
export const figuresDeps = (c: Context<AppEnv>): FiguresDeps => c.var.deps;

/** The periods offered in the form: the last 12 months, 4 semesters and 3 years. */
function periodChoices(now: Date, zone: string): PeriodChoice[] {
  const out: PeriodChoice[] = [];
  let p: Period = periodContaining('month', now, zone);
  for (let i = 0; i < 12; i++, p = previousPeriod(p)) out.push({ key: p.key, label: p.label, group: 'Bulan' });
  p = periodContaining('semester', now, zone);
  for (let i = 0; i < 4; i++, p = previousPeriod(p)) out.push({ key: p.key, label: p.label, group: 'Semester' });
  p = periodContaining('year', now, zone);
  for (let i = 0; i < 3; i++, p = previousPeriod(p)) out.push({ key: p.key, label: p.label, group: 'Tahun' });
  return out;
}

/**
 * The report a reader opens on when none is chosen: the service whose steps their roles do most (the Kepala
 * Dinas's Respon Kasus Anak before the complaints service); the first listed on a tie.
 */
function ownService(services: Workflow[], roles: readonly string[]): Workflow {
  const share = (wf: Workflow) => wf.steps.filter((s) => rolesOf(s).some((r) => roles.includes(r))).length;
  return services.reduce((best, wf) => (share(wf) > share(best) ? wf : best), services[0]!);
}

export function figuresRoutes() {
  const app = new Hono<AppEnv>();
  app.use('/laporan', requirePageUser());
  app.use('/laporan/*', requirePageUser());
  app.use('/api/v1/reports/*', requireApiUser());

  /** The report page of the chosen (or first) service the person may read. */
  app.get('/laporan', async (c) => {
    const deps = figuresDeps(c);
    const user = c.var.user!;
    const services = reportableServices(deps, user.roles);
    if (!services.length) return errorPage(c, 403, 'Laporan layanan dibuka oleh pimpinan yang ditetapkan standar layanan (misalnya Kepala Dinas). Akun Anda tidak memiliki peran itu.');
    const wf = services.find((s) => s.id === c.req.query('layanan')) ?? ownService(services, user.roles);
    const now = deps.now();
    const custom = c.req.query('dari') || c.req.query('sampai') ? { from: c.req.query('dari') ?? '', to: c.req.query('sampai') ?? '' } : undefined;
    let period = requestedPeriod(wf, now, { period: c.req.query('periode'), from: custom?.from, to: custom?.to });
    let error: string | undefined;
    if ('error' in period) {
      error = period.error;
      period = periodContaining('month', now, timeZoneOf(wf));
    }
    const done = await reportFor(deps, wf.id, period, user.roles);
    if (!done.ok) return errorPage(c, done.status === 404 ? 404 : 403, done.error);
    const { comments: _, ...ikm } = await ikmFor(deps, wf, period);
    const charts = await reportCharts(done.value.report);
    return renderPage(
      c,
      <ReportPage
        {...pageProps(c)}
        report={done.value.report}
        ikm={ikm}
        charts={charts}
        services={services.map((s) => ({ id: s.id, title: s.title }))}
        periods={periodChoices(now, timeZoneOf(wf))}
        custom={custom}
        error={error}
        timeZone={timeZoneOf(wf)}
        survey={{ kioskHref: `/laporan/${encodeURIComponent(wf.id)}/survei` }}
      />,
      error ? 400 : 200,
    );
  });

  app.get('/laporan/:id', (c) => c.redirect(`/laporan?layanan=${encodeURIComponent(c.req.param('id'))}`, 303));

  /** CSV and XLSX of the same report (and the IKM), for the same readers. */
  app.get('/laporan/:id/:file{laporan\\.(csv|xlsx)}', async (c) => {
    const deps = figuresDeps(c);
    const wf = deps.workflows.get(c.req.param('id'));
    if (!wf) return errorPage(c, 404, `Layanan "${c.req.param('id').slice(0, 60)}" tidak ada.`);
    const period = requestedPeriod(wf, deps.now(), { period: c.req.query('periode'), from: c.req.query('dari'), to: c.req.query('sampai') });
    if ('error' in period) return errorPage(c, 400, period.error);
    const done = await reportFor(deps, wf.id, period, c.var.user!.roles);
    if (!done.ok) return errorPage(c, done.status === 404 ? 404 : 403, done.error);
    const ikm = await ikmFor(deps, wf, period);
    const sheets = [...reportSheets(done.value.report), ikmSheet(ikm.result, ikm.respondents)];
    const name = `laporan-${wf.id}-${period.from}-${period.to}`;
    c.header('Cache-Control', 'no-store');
    if (c.req.param('file').endsWith('.csv')) {
      c.header('Content-Type', 'text/csv; charset=utf-8');
      c.header('Content-Disposition', `attachment; filename="${name}.csv"`);
      return c.body(toCsv(sheets));
    }
    c.header('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    c.header('Content-Disposition', `attachment; filename="${name}.xlsx"`);
    return c.body(new Uint8Array(await toXlsx(sheets, `Laporan ${wf.title} ${period.label}`)));
  });

  /** The survey tools: a new one-time QR link to show or print, and the kiosk address (renewable). */
  app.get('/laporan/:id/survei', async (c) => surveyTools(c));
  app.post('/laporan/:id/survei', async (c) => {
    const body = await c.req.parseBody();
    return surveyTools(c, body.buat === 'kios' ? 'kiosk' : 'link');
  });

  async function surveyTools(c: Context<AppEnv>, make?: 'link' | 'kiosk') {
    const deps = figuresDeps(c);
    const wf = deps.workflows.get(c.req.param('id') ?? '');
    const roles = c.var.user!.roles;
    // The service's staff offer one-time links after a case closes; its report readers also manage the kiosk.
    const reader = wf ? canReadReport(wf, roles) : false;
    if (!wf || (!reader && !canReadCases(wf, roles))) return errorPage(c, 404, 'Layanan ini tidak ada, atau survei layanan ini bukan bagian tugas Anda.');
    const origin = new URL(c.req.url).origin;
    const key = reader ? await kioskKey(deps, wf.id, make === 'kiosk') : undefined;
    const link = make === 'link' || (make === 'kiosk' && !reader) ? `${origin}/survei/${await issueSurveyLink(deps, wf.id)}` : undefined;
    return renderPage(
      c,
      await SurveyToolsPage({ ...pageProps(c), service: { id: wf.id, title: wf.title }, link, kiosk: key ? `${origin}/survei/kios/${encodeURIComponent(wf.id)}/${key}` : undefined, renewed: reader && make === 'kiosk', reportHref: reader ? `/laporan?layanan=${encodeURIComponent(wf.id)}` : undefined }),
    );
  }

  /** JSON: the same published report; top-level counts, small ones as "<3". */
  app.get('/api/v1/reports/:id', async (c) => {
    const deps = figuresDeps(c);
    const wf = deps.workflows.get(c.req.param('id'));
    if (!wf) return c.json({ error: `Layanan "${c.req.param('id').slice(0, 60)}" tidak ada.` }, 404);
    const from = c.req.query('from');
    const to = c.req.query('to');
    if (!from || !to) return c.json({ error: 'Sebutkan from dan to sebagai YYYY-MM-DD, misalnya ?from=2026-11-01&to=2026-11-30.' }, 400);
    const period = requestedPeriod(wf, deps.now(), { from, to });
    if ('error' in period) return c.json({ error: period.error }, 400);
    const done = await reportFor(deps, wf.id, period, c.var.user!.roles);
    if (!done.ok) return c.json({ error: done.error }, done.status === 404 ? 404 : 403);
    const { comments: _, ...ikm } = await ikmFor(deps, wf, period);
    return c.json({ ...done.value.report, ikm });
  });

  return app;
}
