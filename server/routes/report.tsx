/** New report pages (/lapor): choose a service, fill its intake form, start the case. */
import { randomBytes } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { canAct, stepOf } from '../../engine/tasks.ts';
import type { Step, Workflow } from '../../engine/types.ts';
import { FormFields } from '../../templates/form/fields.tsx';
import { StepForm } from '../../templates/form/form.tsx';
import { ChooseServicePage, REPORT_NOTE, ReportPage, requirementLabels, Requirements, type RequirementUploads } from '../../templates/report.tsx';
import { readFormUploads, type FormUploads } from './files.ts';
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

  async function page(c: Context<AppEnv>, wf: Workflow, step: Step, values: Record<string, unknown>, errors?: Record<string, string>, message?: string, nonce?: string, got?: FormUploads) {
    const form = await stepFormProps({ now: c.var.deps.now(), wf, step, caseData: {}, values, action: `/lapor/${wf.id}`, errors, message, nonce: nonce ?? newNonce(), files: got?.files });
    return <ReportPage {...pageProps(c)} workflow={wf} stepNumber={step.number} stepTitle={step.title} description={step.description} form={form} uploads={uploadsOf(wf, got, errors)} />;
  }

  /** The requirement copies a sent form holds, to show them again with its errors. */
  function uploadsOf(wf: Workflow, got: FormUploads | undefined, errors?: Record<string, string>): RequirementUploads {
    return { ids: got?.requirements, files: got?.files, errors, uploadBase: `/berkas?layanan=${encodeURIComponent(wf.id)}` };
  }

  /** The intake form again as an htmx fragment (after a refusal or a row added). */
  async function fragment(c: Context<AppEnv>, wf: Workflow, step: Step, values: Record<string, unknown>, nonce: string | undefined, got: FormUploads | undefined, errors?: Record<string, string>, message?: string) {
    const form = await stepFormProps({ now: c.var.deps.now(), wf, step, caseData: {}, values, action: `/lapor/${wf.id}`, errors, message, nonce, files: got?.files });
    return (
      <StepForm
        {...form}
        viewer={viewerOf(c)}
        submitLabel="Simpan laporan"
        note={REPORT_NOTE}
        before={<Requirements requirements={wf.requirements} {...uploadsOf(wf, got, errors)} />}
        multipart={form.multipart || wf.requirements.some((r) => r.attach)}
        errorLabels={requirementLabels(wf.requirements)}
      />
    );
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
    const form = await formValues(c);
    const { meta } = form;
    const nonce = meta._kirim && NONCE.test(meta._kirim) ? meta._kirim : undefined;
    // Files sent with the form (without JavaScript) are checked and kept now; a refused one is named beside its input.
    const got = await readFormUploads(c, { wf: s.wf, step: s.step, values: form.values, requirements: true });
    const values = got.values;
    const edited = editedRows(s.step, values, meta);
    if (edited) {
      // A row added to or removed from a repeating group: the form again, nothing saved.
      if (isHtmx(c)) return renderFragment(c, await fragment(c, s.wf, s.step, edited, nonce, got, Object.keys(got.errors).length ? got.errors : undefined));
      return renderPage(c, await page(c, s.wf, s.step, edited, Object.keys(got.errors).length ? got.errors : undefined, undefined, nonce, got));
    }
    let done: Awaited<ReturnType<typeof startCaseOnce>>;
    if (Object.keys(got.errors).length) {
      done = { ok: false, status: 422, error: 'Berkas lampiran belum dapat diterima; isian lain tetap tersimpan di formulir ini.', fields: got.errors };
    } else {
      // The same form sent twice with its files (a double tap) is the same form: files count by their content.
      done = await startCaseOnce(c.var.deps, { workflowId: s.wf.id, data: values, actor: c.var.user!, nonce, requirements: got.requirements, fingerprint: contentFingerprint(values, got) });
    }
    if (done.ok) return redirectAfterPost(c, `/kasus/${done.value.id}?baru=1`);
    if (done.status !== 422) return errorPage(c, done.status, done.error);
    if (isHtmx(c)) return renderFragment(c, await fragment(c, s.wf, s.step, values, nonce, got, done.fields, done.error), 422);
    return renderPage(c, await page(c, s.wf, s.step, values, done.fields, done.error, nonce, got), 422);
  });

  return app;
}

/** The form's values and files with each upload named by its content, not its id: a resent form reads the same. */
function contentFingerprint(values: Record<string, unknown>, got: FormUploads): string {
  const blob = (id: unknown) => (typeof id === 'string' ? (got.files[id]?.blob ?? id) : id);
  const data = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, Array.isArray(v) ? v.map(blob) : blob(v)]));
  const reqs = Object.fromEntries(Object.entries(got.requirements).map(([k, ids]) => [k, ids.map(blob)]));
  return JSON.stringify([data, reqs]);
}

function newNonce(): string {
  return randomBytes(16).toString('base64url');
}
