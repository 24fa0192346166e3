/** Staff task pages: the inbox (/tugas), one task's page and form, and the form's post. */
import { Hono, type Context } from 'hono';
import { canSeeSensitive } from '../../engine/access.ts';
import { canAct, openTasks, roleTitles, stepOf, taskDue } from '../../engine/tasks.ts';
import type { Case, Step, Workflow } from '../../engine/types.ts';
import { FormFields } from '../../templates/form/fields.tsx';
import { StepForm } from '../../templates/form/form.tsx';
import { InboxPage, type TaskRow } from '../../templates/inbox.tsx';
import { TASK_NOTE, TaskPage } from '../../templates/task.tsx';
import { requirePageUser } from '../auth/middleware.ts';
import { completeCaseStep, completedBy, loadCase, mayRead } from '../casework.ts';
import type { AppDeps, AppEnv, SessionUser } from './env.ts';
import { initialValues, stepFormProps } from './forms.ts';
import { errorPage, formValues, isHtmx, pageProps, redirectAfterPost, renderFragment, renderPage, viewerOf } from './render.ts';
import { dataGroups, hasMaskedValues, subjectOf, timeZoneOf } from './views.ts';

/** How many tasks the inbox lists (most urgent first). */
const INBOX_LIMIT = 100;

/** Open tasks for the user's roles across every service, most urgent (earliest due) first. */
export async function tasksFor(deps: AppDeps, user: SessionUser, limit = INBOX_LIMIT): Promise<Array<{ case: Case; workflow: Workflow; step: Step }>> {
  const summaries = [];
  for (const wf of deps.workflows.list()) {
    // Steps of every version: a case finishes on the version it started on, where the step may have another role.
    const steps = [...new Set(deps.workflows.versionsOf(wf.id).flatMap((v) => v.steps.filter((s) => canAct(s, user)).map((s) => s.id)))];
    if (!steps.length) continue;
    summaries.push(...(await deps.store.cases.list({ workflow: wf.id, status: 'open', steps })));
  }
  summaries.sort((a, b) => (a.due ?? '9999') .localeCompare(b.due ?? '9999') || a.createdAt.localeCompare(b.createdAt));
  const out: Array<{ case: Case; workflow: Workflow; step: Step }> = [];
  for (const s of summaries) {
    if (out.length >= limit) break;
    const c = await deps.store.cases.get(s.id);
    const wf = c && deps.workflows.forCase(c.workflow);
    const step = c?.current && wf ? stepOf(wf, c.current) : undefined;
    // The summary filter used the active version's step ids; the case's own version decides.
    if (c && wf && step && canAct(step, user)) out.push({ case: c, workflow: wf, step });
  }
  return out;
}

export function taskRoutes() {
  const app = new Hono<AppEnv>();
  app.use('/tugas', requirePageUser());
  app.use('/tugas/*', requirePageUser());

  app.get('/tugas', async (c) => {
    const { deps, user } = c.var;
    const now = deps.now();
    const tasks = await tasksFor(deps, user!);
    const rows: TaskRow[] = tasks.map(({ case: k, workflow: wf, step }) => {
      // The task's own deadline when one runs for it, else the completion time (engine/tasks.ts openTasks).
      const task = openTasks(wf, k).find((t) => t.step === step.id);
      const due = task && taskDue(task, now);
      return {
        caseId: k.id,
        workflowTitle: wf.title,
        stepNumber: step.number,
        stepTitle: step.title,
        roleTitle: roleTitles(wf, step),
        openedAt: task?.openedAt ?? k.updatedAt,
        subject: subjectOf(wf, k),
        href: `/tugas/${k.id}/${step.id}`,
        due: due?.due,
        label: due?.label,
        remainingMs: due?.remainingMs,
        overdue: due?.overdue ?? false,
      };
    });
    const canStart = deps.workflows.list().some((wf) => {
      const start = stepOf(wf, wf.start);
      return start ? canAct(start, user!) : false;
    });
    const tz = timeZoneOf(deps.workflows.list()[0]);
    // After a step of a case the viewer may no longer open (its version's role, taken off the service since).
    const flash = c.req.query('selesai') === '1' ? { kind: 'ok' as const, text: 'Langkah selesai dan tercatat. Kasus itu tidak lagi terbuka untuk peran Anda.' } : undefined;
    return renderPage(c, <InboxPage {...pageProps(c)} flash={flash} tasks={rows} timeZone={tz} canStart={canStart} />);
  });

  /** Loads the case and the step for a task route; a refusal as an error page. */
  async function openTask(c: Context<AppEnv>) {
    const { deps, user } = c.var;
    const loaded = await loadCase(deps, c.req.param('id')!, user!);
    if (!loaded.ok) return { error: errorPage(c, loaded.status, loaded.error) };
    const { case: k, workflow: wf, view } = loaded.value;
    const step = stepOf(wf, c.req.param('step')!);
    const back = { href: `/kasus/${k.id}`, text: `Buka kasus ${k.id}` };
    if (!step) return { error: errorPage(c, 404, `Langkah "${c.req.param('step')}" tidak ada pada layanan ${wf.title}.`, back) };
    if (k.current !== step.id) {
      // Someone else may have just done it: say who and when.
      const done = completedBy(deps, wf, k, step.id);
      const message =
        k.status === 'closed'
          ? `Kasus ${k.id} sudah selesai; langkah ${step.number} tidak menunggu lagi${done ? ` (${done})` : ''}.`
          : done
            ? `Langkah ${step.number} (${step.title}) ${done}; kasus ini sekarang di langkah ${stepOf(wf, k.current!)?.number}: ${stepOf(wf, k.current!)?.title}.`
            : `Langkah ${step.number} (${step.title}) belum waktunya; kasus ini sekarang di langkah ${stepOf(wf, k.current!)?.number}: ${stepOf(wf, k.current!)?.title}.`;
      return { error: errorPage(c, 409, message, back) };
    }
    if (!canAct(step, user!)) {
      return { error: errorPage(c, 403, `Langkah ${step.number} dikerjakan oleh ${roleTitles(wf, step)}; peran Anda tidak termasuk.`, back) };
    }
    return { case: k, workflow: wf, view, step };
  }

  /** `view`: the definition the case's values are masked with (casework.ts viewOf). */
  async function taskPage(c: Context<AppEnv>, k: Case, wf: Workflow, view: Workflow, step: Step, values: Record<string, unknown>, errors?: Record<string, string>, message?: string) {
    const { deps, user } = c.var;
    const now = deps.now();
    const task = openTasks(wf, k).find((t) => t.step === step.id);
    const due = task && taskDue(task, now);
    const form = await stepFormProps({ wf, step, caseData: k.data, values, action: `/tugas/${k.id}/${step.id}`, errors, message, rev: k.rev });
    return (
      <TaskPage
        {...pageProps(c)}
        caseId={k.id}
        // The case's own version: it may differ from the one in force when the procedure changed since it began.
        workflowTitle={`${wf.title} versi ${wf.version} (SK ${wf.decree.number})`}
        stepNumber={step.number}
        stepTitle={step.title}
        roleTitle={roleTitles(wf, step)}
        description={step.description}
        due={{ due: due?.due, label: due?.label, remainingMs: due?.remainingMs, overdue: due?.overdue }}
        subject={canSeeSensitive(view, user!.roles) ? subjectOf(view, k) : []}
        groups={dataGroups(deps, view, k, user!.roles)}
        maskedNote={hasMaskedValues(view, k, user!.roles)}
        form={form}
        timeZone={timeZoneOf(wf)}
      />
    );
  }

  app.get('/tugas/:id/:step', async (c) => {
    const t = await openTask(c);
    if ('error' in t) return t.error;
    const values = initialValues(t.view, t.step, t.case.data, c.var.user!.roles, c.var.deps.now());
    return renderPage(c, await taskPage(c, t.case, t.workflow, t.view, t.step, values));
  });

  app.post('/tugas/:id/:step/isian', async (c) => {
    const t = await openTask(c);
    if ('error' in t) return t.error;
    const { values } = await formValues(c);
    const form = await stepFormProps({ wf: t.workflow, step: t.step, caseData: t.case.data, values, action: `/tugas/${t.case.id}/${t.step.id}` });
    return renderFragment(c, <FormFields {...form} />);
  });

  app.post('/tugas/:id/:step', async (c) => {
    const { deps, user } = c.var;
    const { values, meta } = await formValues(c);
    const rev = meta._rev !== undefined && /^\d+$/.test(meta._rev) ? Number(meta._rev) : undefined;
    const id = c.req.param('id');
    const stepId = c.req.param('step');
    const done = await completeCaseStep(deps, { id, step: stepId, data: values, actor: user!, rev });
    if (done.ok) {
      const wf = deps.workflows.forCase(done.value.workflow);
      if (wf && !mayRead(deps, wf, done.value, user!.roles)) return redirectAfterPost(c, '/tugas?selesai=1');
      return redirectAfterPost(c, `/kasus/${id}?selesai=${encodeURIComponent(stepId)}`);
    }

    // Refused: show the form again with the reason (htmx swaps it in place), or an error page.
    const loaded = await loadCase(deps, id, user!);
    const wf = loaded.ok ? loaded.value.workflow : undefined;
    const view = loaded.ok ? loaded.value.view : undefined;
    const k = loaded.ok ? loaded.value.case : undefined;
    const step = wf ? stepOf(wf, stepId) : undefined;
    if (k && wf && view && step && (done.status === 422 || isHtmx(c))) {
      if (isHtmx(c)) {
        const form = await stepFormProps({ wf, step, caseData: k.data, values, action: `/tugas/${k.id}/${step.id}`, errors: done.fields, message: done.error, rev });
        const link = done.status === 422 ? undefined : { href: `/kasus/${k.id}`, text: `Buka kasus ${k.id}` };
        return renderFragment(c, <StepForm {...form} messageLink={link} viewer={viewerOf(c)} submitLabel={`Selesaikan langkah ${step.number}`} note={TASK_NOTE} />, done.status);
      }
      return renderPage(c, await taskPage(c, k, wf, view, step, values, done.fields, done.error), done.status);
    }
    return errorPage(c, done.status, done.error, k ? { href: `/kasus/${k.id}`, text: `Buka kasus ${k.id}` } : undefined);
  });

  return app;
}
