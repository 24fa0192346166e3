/** New report pages (/lapor): choose a service, fill its intake form, start the case. */
import { randomBytes } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { canAct, stepOf } from '../../engine/tasks.ts';
import type { Step, Workflow } from '../../engine/types.ts';
import { FormFields } from '../../templates/form/fields.tsx';
import { StepForm } from '../../templates/form/form.tsx';
import { ChooseServicePage, REPORT_NOTE, ReportPage, Requirements } from '../../templates/report.tsx';
import { requirePageUser } from '../auth/middleware.ts';
import { startCaseOnce } from '../usecases/casework.ts';
import type { AppEnv } from './env.ts';
import { editedRows, initialValues, stepFormProps } from './forms.ts';
import { errorPage, formValues, isHtmx, pageProps, redirectAfterPost, renderFragment, renderPage, viewerOf } from './render.ts';

const NONCE = /^[A-Za-z0-9_-]{16,64}$/;

export function reportRoutes() {
  const app = new Hono<AppEnv>();
  app.use('/lapor', requirePageUser());
  app.use('/lapor/*', requirePageUser());

  app.get('/lapor', async (c) => {
    const user = c.var.user!;
    const startable = c.var.deps.workflows.list().filter((wf) => {
      const s = stepOf(wf, wf.start);
      return s && canAct(s, user);
    });
    return renderPage(c, <ChooseServicePage {...pageProps(c)} workflows={startable} />);
  });

  /** The workflow and its start step, if the user may start it; else the error page to return. */
  function startable(c: Context<AppEnv>): { wf: Workflow; step: Step } | { error: Response | Promise<Response> } {
    const wf = c.var.deps.workflows.get(c.req.param('wf')!);
    if (!wf) return { error: errorPage(c, 404, `Layanan "${c.req.param('wf')}" tidak ada.`, { href: '/lapor', text: 'Pilih layanan' }) };
    const step = stepOf(wf, wf.start)!;
    if (!canAct(step, c.var.user!)) {
      const roles = (Array.isArray(step.role) ? step.role : [step.role]).map((r) => wf.roles[r] ?? r).join(' atau ');
      return { error: errorPage(c, 403, `Laporan ${wf.title} dicatat oleh ${roles}; peran Anda tidak termasuk.`) };
    }
    return { wf, step };
  }

  async function page(c: Context<AppEnv>, wf: Workflow, step: Step, values: Record<string, unknown>, errors?: Record<string, string>, message?: string, nonce?: string) {
    const form = await stepFormProps({ now: c.var.deps.now(), wf, step, caseData: {}, values, action: `/lapor/${wf.id}`, errors, message, nonce: nonce ?? newNonce() });
    return <ReportPage {...pageProps(c)} workflow={wf} stepNumber={step.number} stepTitle={step.title} description={step.description} form={form} />;
  }

  app.get('/lapor/:wf', async (c) => {
    const s = startable(c);
    if ('error' in s) return s.error;
    return renderPage(c, await page(c, s.wf, s.step, initialValues(s.wf, s.step, {}, c.var.user!.roles, c.var.deps.now())));
  });

  app.post('/lapor/:wf/isian', async (c) => {
    const s = startable(c);
    if ('error' in s) return s.error;
    const { values } = await formValues(c);
    const form = await stepFormProps({ now: c.var.deps.now(), wf: s.wf, step: s.step, caseData: {}, values, action: `/lapor/${s.wf.id}` });
    return renderFragment(c, <FormFields {...form} />);
  });

  app.post('/lapor/:wf', async (c) => {
    const s = startable(c);
    if ('error' in s) return s.error;
    const { values, meta } = await formValues(c);
    const nonce = meta._kirim && NONCE.test(meta._kirim) ? meta._kirim : undefined;
    const edited = editedRows(s.step, values, meta);
    if (edited) {
      // A row added to or removed from a repeating group: the form again, nothing saved.
      if (isHtmx(c)) {
        const form = await stepFormProps({ now: c.var.deps.now(), wf: s.wf, step: s.step, caseData: {}, values: edited, action: `/lapor/${s.wf.id}`, nonce });
        return renderFragment(c, <StepForm {...form} viewer={viewerOf(c)} submitLabel="Simpan laporan" note={REPORT_NOTE} before={<Requirements requirements={s.wf.requirements} />} />);
      }
      return renderPage(c, await page(c, s.wf, s.step, edited, undefined, undefined, nonce));
    }
    const done = await startCaseOnce(c.var.deps, { workflowId: s.wf.id, data: values, actor: c.var.user!, nonce });
    if (done.ok) return redirectAfterPost(c, `/kasus/${done.value.id}?baru=1`);
    if (done.status !== 422) return errorPage(c, done.status, done.error);
    if (isHtmx(c)) {
      const form = await stepFormProps({ now: c.var.deps.now(), wf: s.wf, step: s.step, caseData: {}, values, action: `/lapor/${s.wf.id}`, errors: done.fields, message: done.error, nonce });
      return renderFragment(c, <StepForm {...form} viewer={viewerOf(c)} submitLabel="Simpan laporan" note={REPORT_NOTE} before={<Requirements requirements={s.wf.requirements} />} />, 422);
    }
    return renderPage(c, await page(c, s.wf, s.step, values, done.fields, done.error, nonce), 422);
  });

  return app;
}

function newNonce(): string {
  return randomBytes(16).toString('base64url');
}
