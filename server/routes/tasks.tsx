/** Staff task pages: the work list (/tugas), one task's page and form, and the form's post. */
import { Hono, type Context } from 'hono';
import { canAct, openTasks, roleTitles, rolesOf, stepOf, taskDue } from '../../engine/tasks.ts';
import { actingFor, actingTitle, effectiveRoles, headsOf } from '../../engine/assignment.ts';
import { assignableAccounts } from '../usecases/assignment.ts';
import type { Step, Task } from '../../engine/types.ts';
import { FormFields } from '../../templates/form/fields.tsx';
import { StepForm } from '../../templates/form/form.tsx';
import { InboxPage, type TaskRow } from '../../templates/inbox.tsx';
import { TASK_NOTE, TaskPage } from '../../templates/task.tsx';
import { requirePageUser } from '../auth/middleware.ts';
import { completeCaseStep, completedBy, mayStillOpen, openCase, viewRecord, type OpenedCase } from '../usecases/casework.ts';
import { workList } from '../usecases/lists.ts';
import { displayNames } from '../usecases/people.ts';
import { summaryOverdue } from '../../engine/summary.ts';
import { isTopPriority } from '../../engine/priority.ts';
import type { AppEnv } from './env.ts';
import { editedRows, initialValues, stepFormProps } from './forms.ts';
import { readFormUploads } from './files.ts';
import type { Attachment } from '../../engine/attachments.ts';
import { errorPage, formValues, isHtmx, pageProps, redirectAfterPost, renderFragment, renderPage, viewerOf } from './render.ts';
import { dataGroups, filesOf, returnedView, shownItems, timeZoneOf } from './views.ts';

/** How many tasks the work list shows (most urgent first). */
const INBOX_LIMIT = 100;

export function taskRoutes() {
  const app = new Hono<AppEnv>();
  app.use('/tugas', requirePageUser());
  app.use('/tugas/*', requirePageUser());

  app.get('/tugas', async (c) => {
    const { deps, user } = c.var;
    // An administrator holds no service role (alur refuses `admin` beside one): no task ever waits for them.
    if (!user!.roles.some((r) => r !== 'admin')) return c.redirect('/admin', 303);
    const now = deps.now().getTime();
    const listed = await workList(deps, user!, { limit: INBOX_LIMIT });
    const names = await displayNames(deps);
    const rows: TaskRow[] = listed.rows.map(({ summary: s, workflow: wf, task }) => {
      const step = stepOf(wf, task!.step)!;
      // The task's own deadline when one runs for it, else the completion time (engine/tasks.ts taskDue).
      const due = taskDue(task! as Task, deps.now());
      return {
        caseId: s.id,
        workflowTitle: wf.title,
        stepNumber: step.number,
        stepTitle: step.title,
        roleTitle: roleTitles(wf, step),
        openedAt: task!.openedAt,
        subject: s.subject,
        href: `/tugas/${s.id}/${step.id}`,
        ...(s.priorityLabel && s.priority > 0 ? { priorityLabel: s.priorityLabel, priorityTop: isTopPriority(wf, s.priority) } : {}),
        ...(s.kind ? { kind: s.kind } : {}),
        due: due?.due,
        label: due?.label,
        remainingMs: due?.remainingMs,
        overdue: summaryOverdue(s, deps.now()),
        ...(task!.returned ? { returned: `oleh ${names(task!.returned.actor)} (${wf.roles[task!.returned.role] ?? task!.returned.role}) dari langkah ${task!.returned.number}` } : {}),
        // A task of the official someone acts for (Plt. / Plh.) says so.
        ...(task!.assignee ? { holder: task!.assignee === user!.username ? names(task!.assignee) : `${names(task!.assignee)} (Anda mewakilinya)` } : {}),
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
  async function openTask(c: Context<AppEnv>): Promise<{ error: Response | Promise<Response> } | (OpenedCase & { step: Step })> {
    const { deps, user } = c.var;
    const opened = await openCase(deps, c.req.param('id')!, user!);
    if (!opened.ok) return { error: errorPage(c, opened.status, opened.error) };
    const { case: k, pinned: wf } = opened.value;
    const step = stepOf(wf, c.req.param('step')!);
    const back = { href: `/kasus/${k.id}`, text: `Buka kasus ${k.id}` };
    if (!step) return { error: errorPage(c, 404, `Langkah "${c.req.param('step')}" tidak ada pada layanan ${wf.title}.`, back) };
    const open = openTasks(wf, k);
    if (!open.some((t) => t.step === step.id)) {
      // Someone else may have just done it: say who and when.
      const done = await completedBy(deps, wf, k, step.id);
      const where = open.map((t) => `langkah ${t.number}: ${t.title}`).join(' dan ');
      const message =
        k.status === 'closed'
          ? `Kasus ${k.id} sudah selesai; langkah ${step.number} tidak menunggu lagi${done ? ` (${done})` : ''}.`
          : done
            ? `Langkah ${step.number} (${step.title}) ${done}; kasus ini sekarang di ${where}.`
            : `Langkah ${step.number} (${step.title}) belum waktunya; kasus ini sekarang di ${where}.`;
      return { error: errorPage(c, 409, message, back) };
    }
    // Their role (or the official's they act for), and nobody else holds the task (engine/assignment.ts mayWork).
    const task = opened.value.view.tasks.find((t) => t.step === step.id);
    if (!task?.mayAct) {
      if (task?.assignee && canAct(step, { ...user!, roles: effectiveRoles(user!, opened.value.delegations, deps.now()) })) {
        const heads = [...new Set(rolesOf(step).flatMap((r) => headsOf(wf, r)))].map((r) => wf.roles[r] ?? r);
        const name = (await displayNames(deps))(task.assignee);
        return { error: errorPage(c, 403, `Langkah ${step.number} (${step.title}) sedang dipegang ${name}.${heads.length ? ` ${heads.join(' atau ')} dapat menyerahkannya kepada petugas lain.` : ''}`, back) };
      }
      return { error: errorPage(c, 403, `Langkah ${step.number} dikerjakan oleh ${roleTitles(wf, step)}; peran Anda tidak termasuk.`, back) };
    }
    return { ...opened.value, step };
  }

  async function taskPage(c: Context<AppEnv>, t: OpenedCase & { step: Step }, values: Record<string, unknown>, errors?: Record<string, string>, message?: string, files?: Record<string, Attachment>) {
    const { deps } = c.var;
    const { case: k, pinned: wf, view, step } = t;
    const task = view.tasks.find((x) => x.step === step.id);
    const due = task && taskDue(task, deps.now());
    const own = Object.fromEntries(view.attachments.flatMap((a) => (a.file && a.id ? [[a.id, a.file]] : [])));
    const form = await stepFormProps({ now: c.var.deps.now(), wf, step, caseData: k.data, values, action: `/tugas/${k.id}/${step.id}`, errors, message, rev: k.rev, files: { ...own, ...files } });
    c.set('viewed', viewRecord(t));
    const names = await displayNames(deps);
    const me = c.var.user!.username;
    const standIn = task?.assignee && task.assignee !== me ? actingFor(me, t.delegations, deps.now()).find((d) => d.official === task.assignee) : undefined;
    const flash = c.req.query('diambil') === '1' && task?.assignee === me ? { kind: 'ok' as const, text: 'Tugas ini sekarang Anda pegang; petugas lain tidak ditawari mengerjakannya.' } : undefined;
    return (
      <TaskPage
        {...pageProps(c)}
        flash={flash}
        // Only when someone holds it or the viewer may give it to someone: an unheld task's form keeps its place in a
        // phone's first screen (the case page offers "Ambil tugas ini").
        holder={
          task && (task.assignee !== undefined || task.actions.assign) ? {
            caseId: k.id,
            step: step.id,
            roleTitle: roleTitles(wf, step),
            ...(task.assignee ? { holderId: task.assignee, holder: names(task.assignee), mine: task.assignee === me } : {}),
            ...(standIn ? { note: `Anda mengerjakannya sebagai ${actingTitle(standIn.kind)} ${names(standIn.official)}` } : {}),
            claim: task.actions.claim,
            release: task.actions.release,
            ...(task.actions.assign ? { accounts: await assignableAccounts(deps, wf, step.id) } : {}),
            rev: k.rev,
            compact: true,
          } : undefined
        }
        caseId={k.id}
        // The case's own version: it may differ from the one in force when the procedure changed since it began.
        workflowTitle={`${wf.title} versi ${wf.version} (SK ${wf.decree.number})`}
        stepNumber={step.number}
        stepTitle={step.title}
        roleTitle={roleTitles(wf, step)}
        description={step.description}
        due={{ due: due?.due, label: due?.label, remainingMs: due?.remainingMs, overdue: due?.overdue }}
        subject={view.subject}
        summary={task ? shownItems(task.summary, timeZoneOf(wf), filesOf(view.attachments)) : undefined}
        returned={returnedView(view.definition, task?.returned, names, filesOf(view.attachments))}
        groups={dataGroups(view, names)}
        maskedNote={view.masked}
        form={form}
        timeZone={timeZoneOf(wf)}
      />
    );
  }

  app.get('/tugas/:id/:step', async (c) => {
    const t = await openTask(c);
    if ('error' in t) return t.error;
    const values = initialValues(t.view.definition, t.step, t.case.data, c.var.user!.roles, c.var.deps.now());
    return renderPage(c, await taskPage(c, t, values));
  });

  app.post('/tugas/:id/:step/isian', async (c) => {
    const t = await openTask(c);
    if ('error' in t) return t.error;
    const { values } = await formValues(c);
    const form = await stepFormProps({ now: c.var.deps.now(), wf: t.pinned, step: t.step, caseData: t.case.data, values, action: `/tugas/${t.case.id}/${t.step.id}` });
    return renderFragment(c, <FormFields {...form} />);
  });

  app.post('/tugas/:id/:step', async (c) => {
    const { deps, user } = c.var;
    const sent = await formValues(c);
    const { meta } = sent;
    let values = sent.values;
    let files: Record<string, Attachment> = {};
    let uploadErrors: Record<string, string> = {};
    const target = await openCase(deps, c.req.param('id'), user!);
    const targetStep = target.ok ? stepOf(target.value.pinned, c.req.param('step')) : undefined;
    if (target.ok && targetStep?.fields?.some((f) => f.type === 'file')) {
      // Files sent with the form (without JavaScript) are checked and kept now; a refused one is named beside its field.
      const got = await readFormUploads(c, { wf: target.value.pinned, step: targetStep, values, caseId: target.value.case.id });
      ({ values, files } = got);
      uploadErrors = got.errors;
    }
    const rev = meta._rev !== undefined && /^\d+$/.test(meta._rev) ? Number(meta._rev) : undefined;
    const id = c.req.param('id');
    const stepId = c.req.param('step');
    if (meta._tambah !== undefined || meta._hapus !== undefined) {
      // A row added to or removed from a repeating group: the form again, nothing saved.
      const t = await openTask(c);
      if ('error' in t) return t.error;
      const edited = editedRows(t.step, values, meta) ?? values;
      if (isHtmx(c)) {
        const form = await stepFormProps({ now: deps.now(), wf: t.pinned, step: t.step, caseData: t.case.data, values: edited, action: `/tugas/${id}/${stepId}`, rev });
        return renderFragment(c, <StepForm {...form} viewer={viewerOf(c)} submitLabel={`Selesaikan langkah ${t.step.number}`} note={TASK_NOTE} />);
      }
      return renderPage(c, await taskPage(c, t, edited));
    }
    const done: Awaited<ReturnType<typeof completeCaseStep>> = Object.keys(uploadErrors).length
      ? { ok: false, status: 422, error: 'Berkas lampiran belum dapat diterima; isian lain tetap tersimpan di formulir ini.', fields: uploadErrors }
      : await completeCaseStep(deps, { id, step: stepId, data: values, actor: user!, rev });
    if (done.ok) {
      if (!mayStillOpen(deps, done.value, user!)) return redirectAfterPost(c, '/tugas?selesai=1');
      return redirectAfterPost(c, `/kasus/${id}?selesai=${encodeURIComponent(stepId)}`);
    }

    // Refused: show the form again with the reason (htmx swaps it in place), or an error page.
    const opened = await openCase(deps, id, user!);
    const step = opened.ok ? stepOf(opened.value.pinned, stepId) : undefined;
    if (opened.ok && step && (done.status === 422 || isHtmx(c))) {
      const { case: k, pinned: wf } = opened.value;
      if (isHtmx(c)) {
        const form = await stepFormProps({ now: c.var.deps.now(), wf, step, caseData: k.data, values, action: `/tugas/${k.id}/${step.id}`, errors: done.fields, message: done.error, rev, files });
        const link = done.status === 422 ? undefined : { href: `/kasus/${k.id}`, text: `Buka kasus ${k.id}` };
        return renderFragment(c, <StepForm {...form} messageLink={link} viewer={viewerOf(c)} submitLabel={`Selesaikan langkah ${step.number}`} note={TASK_NOTE} />, done.status);
      }
      return renderPage(c, await taskPage(c, { ...opened.value, step }, values, done.fields, done.error, files), done.status);
    }
    return errorPage(c, done.status, done.error, opened.ok ? { href: `/kasus/${id}`, text: `Buka kasus ${id}` } : undefined);
  });

  return app;
}
