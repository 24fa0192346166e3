/**
 * The public doors of accountability: the IKM survey by one-time link or kiosk (/survei/...), following a report
 * by its tracking code (/lacak), the public complaint form of a service (/layanan/ID/pengaduan), and the clerk's
 * page to give or withdraw a case's tracking code (/kasus/ID/kode-lacak). No login for the public ones, nothing
 * about a case beyond its stage.
 */
import { Hono, type Context } from 'hono';
import { publicFields } from '../../engine/public-intake.ts';
import { canAct, stepOf } from '../../engine/tasks.ts';
import { timeZoneOf } from '../../engine/time.ts';
import type { Actor } from '../../engine/types.ts';
import { ComplaintPage, ComplaintSentPage, HONEYPOT } from '../../templates/figures/complaint.tsx';
import { SurveyDonePage, SurveyPage } from '../../templates/figures/survey.tsx';
import { TrackCodePage } from '../../templates/figures/track-code.tsx';
import { TrackPage } from '../../templates/figures/track.tsx';
import { requirePageUser } from '../auth/middleware.ts';
import { clientAddress } from '../security/client.ts';
import { openCase } from '../usecases/casework.ts';
import { complaintTarget, submitComplaint, type StartCase } from '../usecases/complaint.ts';
import { answerSurvey, openSurvey, type SurveyDoor } from '../usecases/survey.ts';
import { issueTrackingCode, trackByCode, trackingCodeOf, withdrawTrackingCode } from '../usecases/tracking.ts';
import type { AppEnv } from './env.ts';
import { figuresDeps } from './figures.tsx';
import { errorPage, formValues, pageProps, renderPage } from './render.ts';

const stringsOf = (values: Record<string, unknown>) => Object.fromEntries(Object.entries(values).map(([k, v]) => [k, String(Array.isArray(v) ? v[0] : v)]));

export function followRoutes(options: { startCase: (c: Context<AppEnv>) => StartCase }) {
  const app = new Hono<AppEnv>();

  // ---- IKM survey ----
  const surveyPage = async (c: Context<AppEnv>, door: SurveyDoor, action: string, kiosk: boolean) => {
    const deps = figuresDeps(c);
    if (c.req.method === 'GET') {
      const opened = await openSurvey(deps, door);
      if (!opened.ok && opened.status === 409) return renderPage(c, <SurveyDonePage {...pageProps(c)} message={opened.error} />, 409);
      if (!opened.ok) return errorPage(c, 404, opened.error);
      const wf = opened.value;
      return renderPage(c, <SurveyPage {...pageProps(c)} service={{ id: wf.id, title: wf.title, agency: wf.service.agency }} action={action} kiosk={kiosk} />);
    }
    const { values } = await formValues(c);
    const done = await answerSurvey(deps, door, values, clientAddress(c));
    if (done.ok) return renderPage(c, <SurveyDonePage {...pageProps(c)} again={kiosk ? action : undefined} />);
    if (done.status === 422) {
      const wf = (await openSurvey(deps, door)) as { ok: true; value: import('../../engine/types.ts').Workflow };
      return renderPage(c, <SurveyPage {...pageProps(c)} service={{ id: wf.value.id, title: wf.value.title, agency: wf.value.service.agency }} action={action} kiosk={kiosk} values={stringsOf(values)} errors={done.fields} />, 422);
    }
    if (done.retryAfter) c.header('Retry-After', String(done.retryAfter));
    if (done.status === 409) return renderPage(c, <SurveyDonePage {...pageProps(c)} message={done.error} />, 409);
    return errorPage(c, done.status === 429 ? 429 : 404, done.error, kiosk ? { href: action, text: 'Kembali ke survei' } : undefined);
  };
  app.on(['GET', 'POST'], '/survei/kios/:workflow/:key', (c) => {
    const workflow = c.req.param('workflow');
    const key = c.req.param('key');
    return surveyPage(c, { workflow, kiosk: key }, `/survei/kios/${encodeURIComponent(workflow)}/${encodeURIComponent(key)}`, true);
  });
  app.on(['GET', 'POST'], '/survei/:token', (c) => surveyPage(c, { link: c.req.param('token') }, `/survei/${encodeURIComponent(c.req.param('token'))}`, false));

  // ---- Tracking ----
  app.get('/lacak', (c) => renderPage(c, <TrackPage {...pageProps(c)} timeZone={timeZoneOf(undefined)} />));
  app.post('/lacak', async (c) => {
    const { values } = await formValues(c);
    const code = typeof values.kode === 'string' ? values.kode.slice(0, 60) : '';
    const done = await trackByCode(figuresDeps(c), code, clientAddress(c));
    if (done.ok) return renderPage(c, <TrackPage {...pageProps(c)} code={code} result={done.value} timeZone={timeZoneOf(undefined)} />);
    if (done.retryAfter) c.header('Retry-After', String(done.retryAfter));
    return renderPage(c, <TrackPage {...pageProps(c)} code={code} error={done.error} timeZone={timeZoneOf(undefined)} />, done.status === 429 ? 429 : done.status === 400 ? 400 : 404);
  });

  // ---- Public complaint ----
  app.on(['GET', 'POST'], '/layanan/:id/pengaduan', async (c) => {
    const deps = figuresDeps(c);
    const target = complaintTarget(deps, c.req.param('id'));
    if (!target) return errorPage(c, 404, 'Layanan ini tidak menerima pengaduan lewat formulir; gunakan saluran pengaduan pada halaman layanannya.', { href: '/layanan', text: 'Daftar layanan' });
    const page = (extra: { values?: Record<string, unknown>; errors?: Record<string, string>; message?: string }, status: 200 | 400 | 422 | 429 = 200) =>
      renderPage(
        c,
        <ComplaintPage
          {...pageProps(c)}
          title={target.complaints.publicIntake?.title ?? 'Sampaikan pengaduan'}
          about={{ id: target.about.id, title: target.about.title }}
          action={`/layanan/${encodeURIComponent(target.about.id)}/pengaduan`}
          fields={publicFields(target.complaints)}
          timeZone={timeZoneOf(target.complaints)}
          {...extra}
        />,
        status,
      );
    if (c.req.method === 'GET') return page({});
    const { values } = await formValues(c);
    const honeypot = values[HONEYPOT];
    delete values[HONEYPOT];
    const done = await submitComplaint(deps, options.startCase(c), { about: target.about.id, form: values, honeypot, address: clientAddress(c) });
    if (done.ok) return renderPage(c, <ComplaintSentPage {...pageProps(c)} code={done.value.code} about={{ id: target.about.id, title: target.about.title }} />, 201);
    if (done.retryAfter) c.header('Retry-After', String(done.retryAfter));
    return page({ values, errors: done.fields, message: done.error }, done.status === 422 ? 422 : done.status === 429 ? 429 : 400);
  });

  // ---- The clerk gives or withdraws a case's tracking code ----
  app.use('/kasus/:id/kode-lacak', requirePageUser());
  app.use('/kasus/:id/kode-lacak/*', requirePageUser());
  const mayIssue = async (c: Context<AppEnv>) => {
    const opened = await openCase(c.var.deps, c.req.param('id') ?? '', c.var.user!);
    if (!opened.ok) return undefined;
    const { case: k, pinned: wf } = opened.value;
    const start = stepOf(wf, wf.start);
    // Those who record a report (the intake's roles) give its reporter the code.
    return start && canAct(start, c.var.user as Actor) ? { id: k.id, title: wf.title } : undefined;
  };
  app.get('/kasus/:id/kode-lacak', async (c) => {
    const k = await mayIssue(c);
    if (!k) return errorPage(c, 404, 'Kasus ini tidak ada, atau kode lacaknya diberikan oleh petugas penerima laporan.');
    const current = await trackingCodeOf(figuresDeps(c), k.id);
    return renderPage(c, <TrackCodePage {...pageProps(c)} caseId={k.id} service={k.title} issuedAt={current?.issuedAt} timeZone={timeZoneOf(undefined)} />);
  });
  app.post('/kasus/:id/kode-lacak', async (c) => {
    const k = await mayIssue(c);
    if (!k) return errorPage(c, 404, 'Kasus ini tidak ada, atau kode lacaknya diberikan oleh petugas penerima laporan.');
    const { meta } = await formValues(c);
    const deps = figuresDeps(c);
    if (meta._aksi === 'tarik') {
      await withdrawTrackingCode(deps, k.id, c.var.user!.username);
      return renderPage(c, <TrackCodePage {...pageProps(c)} caseId={k.id} service={k.title} withdrawn timeZone={timeZoneOf(undefined)} />);
    }
    const code = await issueTrackingCode(deps, k.id, c.var.user!.username);
    const current = await trackingCodeOf(deps, k.id);
    return renderPage(c, <TrackCodePage {...pageProps(c)} caseId={k.id} service={k.title} code={code} issuedAt={current?.issuedAt} timeZone={timeZoneOf(undefined)} />);
  });

  return app;
}
