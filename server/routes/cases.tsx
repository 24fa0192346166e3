/** Case pages: the filtered list (/kasus), one case (/kasus/:id) with its documents, meeting a deadline (its letter: routes/letters.tsx). */
import { Hono, type Context } from 'hono';
import { ruleOf } from '../../engine/attachments.ts';
import type { Workflow } from '../../engine/types.ts';
import type { CaseView } from '../../engine/view.ts';
import type { DocumentRow } from '../../templates/attachments.tsx';
import { attachRequirement, mayAttachTo } from '../usecases/files.ts';
import { readFormUploads } from './files.ts';
import { canReadCases } from '../../engine/access.ts';
import { BadCursorError } from '../../engine/ports/cases.ts';
import { stepsInOrder } from '../../engine/order.ts';
import { canAct, roleTitles, stepOf, taskDue } from '../../engine/tasks.ts';
import { CasePage, type DeadlineRow } from '../../templates/case.tsx';
import { CasesPage, type CaseRow } from '../../templates/cases.tsx';
import { requirePageUser } from '../auth/middleware.ts';
import { recordAudit } from '../audit/record.ts';
import { meetCaseDeadline, openCase, viewRecord } from '../usecases/casework.ts';
import { letterOfCase } from '../usecases/letters.ts';
import { assignableAccounts, type Assignable } from '../usecases/assignment.ts';
import { listCases, maySearchNames } from '../usecases/lists.ts';
import { displayNames } from '../usecases/people.ts';
import { summaryOverdue, type CaseSummary } from '../../engine/summary.ts';
import { COMPLETION } from '../../engine/deadlines.ts';
import { isTopPriority } from '../../engine/priority.ts';
import type { AppEnv } from './env.ts';
import { errorPage, formValues, pageProps, redirectAfterPost, renderPage } from './render.ts';
import { dataGroups, mergeTimeline, noticeTimeline, timeline, timeZoneOf, waitingBranches } from './views.ts';
import { noticesOf } from '../usecases/notify.ts';

const PAGE_SIZE = 50;

/** What a case row shows as its due time: its open task due soonest (with that deadline's label), else the completion. */
function dueOf(s: CaseSummary, now: number): { due?: string; label?: string; remainingMs?: number } {
  const first = [...s.tasks].filter((t) => t.due).sort((a, b) => a.due!.localeCompare(b.due!))[0];
  const due = first?.due ?? s.due;
  if (!due) return {};
  return { due, ...(first?.deadline && first.deadline !== COMPLETION && first.dueLabel ? { label: first.dueLabel } : {}), remainingMs: Date.parse(due) - now };
}

/** The requirements whose copies a case may hold, with the copies the viewer may see (engine/view.ts decided). */
function documentRows(wf: Workflow, view: CaseView, mayAttach: boolean, names: (u: string) => string): DocumentRow[] {
  return wf.requirements
    .filter((r) => r.attach)
    .map((r) => ({
      requirement: r.id,
      text: r.text,
      files: view.attachments
        .filter((a) => a.requirement === r.id)
        .map((a) => (a.file ? { name: a.file.name, size: a.file.size, href: `/kasus/${a.file.caseId}/lampiran/${a.file.id}`, by: names(a.file.attachedBy ?? a.file.uploadedBy), at: a.file.attachedAt ?? a.file.uploadedAt } : { masked: true as const })),
      ...(mayAttach ? { rule: ruleOf(r) } : {}),
    }));
}

export function caseRoutes() {
  const app = new Hono<AppEnv>();
  app.use('/kasus', requirePageUser());
  app.use('/kasus/*', requirePageUser());

  /** The list with `filter`; a name (POST /kasus/cari) is looked up through the blind index, never put in a URL. */
  async function listPage(c: Context<AppEnv>, q: Record<string, string>, name?: string) {
    const { deps, user } = c.var;
    const now = deps.now().getTime();
    const readable = deps.workflows.list().filter((wf) => canReadCases(wf, user!.roles));
    const nameSearch = maySearchNames(deps, user!.roles);
    const filter = {
      workflow: readable.some((wf) => wf.id === q.layanan) ? q.layanan : undefined,
      status: q.status === 'open' || q.status === 'closed' ? q.status : undefined,
      overdue: q.terlambat === '1',
      step: q.langkah && /^[A-Za-z0-9_-]{1,80}$/.test(q.langkah) ? q.langkah : undefined,
      number: q.nomor && /^[A-Za-z0-9-]{1,40}$/.test(q.nomor.trim()) ? q.nomor.trim().toUpperCase() : undefined,
      // Most urgent first (priority, then the earliest deadline) unless the newest are asked for.
      order: q.urutan === 'terbaru' ? 'newest' : 'urgent',
      ...(nameSearch && name ? { name } : {}),
    } as const;
    const after = !name && q.setelah && /^[A-Za-z0-9_-]{1,400}$/.test(q.setelah) ? q.setelah : undefined;
    let listed;
    try {
      listed = await listCases(deps, user!, filter, { limit: PAGE_SIZE, after, countUpTo: 1000 });
    } catch (err) {
      if (!(err instanceof BadCursorError)) throw err;
      return errorPage(c, 400, err.message, { href: '/kasus', text: 'Daftar kasus' });
    }
    // A case number read out on the telephone: the whole number of a case the viewer may open opens it.
    if (filter.number && listed.rows.length === 1 && listed.rows[0]!.summary.id.toUpperCase() === filter.number) {
      return c.redirect(`/kasus/${listed.rows[0]!.summary.id}`, 303);
    }
    // Who looked children up by name, and how many cases it gave; never the name itself (the log is not sealed there).
    if (filter.name) await recordAudit(deps.store, { at: deps.now().toISOString(), actor: user!.username, action: 'case.search', details: { by: 'nama', results: listed.total ?? listed.rows.length } });
    const rows: CaseRow[] = listed.rows.map(({ summary: s, workflow: wf }) => {
      const where = s.tasks
        .map((t) => {
          const step = stepOf(wf, t.step);
          return step ? `Langkah ${step.number}: ${step.title} (${roleTitles(wf, step)})` : t.title;
        })
        .join('; ');
      const outcome = wf.outcomes.find((o) => o.id === s.outcome)?.label;
      return {
        id: s.id,
        workflowTitle: wf.title,
        status: s.status,
        where: s.status === 'open' ? where : (outcome ?? ''),
        outcomeLabel: outcome,
        createdAt: s.createdAt,
        subject: s.subject,
        ...(s.status === 'open' && s.priorityLabel && s.priority > 0 ? { priorityLabel: s.priorityLabel, priorityTop: isTopPriority(wf, s.priority) } : {}),
        ...(s.kind ? { kind: s.kind } : {}),
        // The earliest due time of its open tasks (a priority's shorter clock), else the completion time.
        ...dueOf(s, now),
        overdue: summaryOverdue(s, deps.now()),
      };
    });
    return renderPage(
      c,
      <CasesPage
        {...pageProps(c)}
        rows={rows}
        total={listed.total ?? rows.length}
        totalCapped={listed.totalCapped}
        next={name ? undefined : listed.next}
        later={after !== undefined}
        filter={filter}
        nameSearch={nameSearch}
        services={readable.map((wf) => ({ id: wf.id, title: wf.title, steps: stepsInOrder(wf) }))}
        timeZone={timeZoneOf(readable[0])}
      />,
    );
  }

  app.get('/kasus', (c) => listPage(c, c.req.query()));

  app.post('/kasus/cari', async (c) => {
    const form = (await formValues(c)).values;
    const text = (v: unknown) => (typeof v === 'string' ? v : '');
    const name = text(form.nama).trim().slice(0, 80);
    const q: Record<string, string> = {};
    for (const k of ['layanan', 'status', 'terlambat', 'langkah', 'urutan']) if (text(form[k])) q[k] = text(form[k]);
    return listPage(c, q, name || undefined);
  });

  app.get('/kasus/:id', (c) => casePage(c));

  // A copy of a requirement handed in later (plain multipart; with JavaScript the file is sent first, with progress).
  app.post('/kasus/:id/lampiran/:requirement', async (c) => {
    const { deps, user } = c.var;
    const id = c.req.param('id');
    const requirement = c.req.param('requirement');
    const opened = await openCase(deps, id, user!);
    if (!opened.ok) return errorPage(c, opened.status, opened.error, { href: '/kasus', text: 'Daftar kasus' });
    const { pinned: wf } = opened.value;
    if (!wf.requirements.some((r) => r.id === requirement && r.attach)) return errorPage(c, 404, `Persyaratan "${requirement.slice(0, 80)}" tidak dilampirkan pada layanan ${wf.title}.`, { href: `/kasus/${id}`, text: `Kembali ke kasus ${id}` });
    const start = stepOf(wf, wf.start)!;
    const got = await readFormUploads(c, { wf, step: { ...start, fields: [] }, values: {}, requirements: true, caseId: id });
    const name = `persyaratan.${requirement}`;
    if (got.errors[name]) return casePage(c, { requirement, message: got.errors[name] }, 422);
    const done = await attachRequirement(deps, { caseId: id, requirement, ids: got.requirements[requirement] ?? [], actor: user! });
    if (!done.ok) {
      if (done.status === 422 || done.status === 409) return casePage(c, { requirement, message: done.fields?.[name] ?? done.error }, 422);
      return errorPage(c, done.status, done.error, { href: `/kasus/${id}`, text: `Kembali ke kasus ${id}` });
    }
    return redirectAfterPost(c, `/kasus/${id}?lampiran=${encodeURIComponent(requirement)}#dokumen-persyaratan`);
  });

  async function casePage(c: Context<AppEnv>, documentError?: { requirement: string; message: string }, status: 200 | 422 = 200) {
    const { deps, user } = c.var;
    const opened = await openCase(deps, c.req.param('id')!, user!);
    if (!opened.ok) return errorPage(c, opened.status, opened.error, { href: '/kasus', text: 'Daftar kasus' });
    const { case: k, pinned: wf, view } = opened.value;
    const outcome = wf.outcomes.find((o) => o.id === k.outcome);
    const deadlines: DeadlineRow[] = view.deadlines.map((d) => ({
      id: d.id,
      label: d.label,
      stepTitle: d.stepTitle,
      blocking: d.blocking,
      due: d.due,
      metAt: d.metAt,
      outcome: d.outcome,
      endedAt: d.supersededAt ?? d.endedAt,
      paused: d.paused,
      stoodStillMs: d.stoodStillMs,
      overdue: d.overdue,
      remainingMs: d.remainingMs,
      meetLabel: d.mayMeet ? (d.metLabel ?? 'Tandai sudah terpenuhi') : undefined,
      meetAction: d.mayMeet ? `/kasus/${k.id}/tenggat/${d.id}` : undefined,
    }));
    const q = c.req.query();
    const names = await displayNames(deps);
    let flash: { kind: 'ok' | 'info'; text: string } | undefined;
    if (q.baru === '1') flash = { kind: 'ok', text: `Laporan tersimpan dengan nomor kasus ${k.id}.` };
    else if (q.selesai) {
      const done = stepOf(wf, q.selesai);
      if (done) flash = { kind: 'ok', text: `Langkah ${done.number} (${done.title}) selesai dan tercatat.` };
    } else if (q.tenggat) {
      const d = k.deadlines.find((x) => x.id === q.tenggat && x.metAt);
      if (d) flash = { kind: 'ok', text: `Tercatat: ${d.label} terpenuhi.` };
    } else if (q.diserahkan || q.dilepas) {
      const t = k.tasks?.find((x) => x.step === (q.diserahkan ?? q.dilepas));
      const done = t && stepOf(wf, t.step);
      if (done) flash = { kind: 'ok', text: q.diserahkan && t.assignee ? `Langkah ${done.number} diserahkan kepada ${names(t.assignee)}.` : `Langkah ${done.number} dilepas: setiap ${roleTitles(wf, done)} dapat mengerjakannya.` };
    } else if (q.lampiran) {
      const r = wf.requirements.find((x) => x.id === q.lampiran);
      if (r) flash = { kind: 'ok', text: `Salinan "${r.text}" terlampir pada kasus ini.` };
    }
    const start = stepOf(wf, wf.start);
    // Whom the role's head may give each task to (only read when the viewer heads one).
    const accounts = new Map<string, Assignable[]>();
    for (const t of view.tasks) if (t.actions.assign) accounts.set(t.step, await assignableAccounts(deps, wf, t.step));
    const letter = k.status === 'closed' && outcome?.letter ? await letterOfCase(deps, k.id) : undefined;
    c.set('viewed', viewRecord(opened.value));
    return renderPage(
      c,
      <CasePage
        {...pageProps(c)}
        flash={flash}
        caseId={k.id}
        workflowTitle={wf.title}
        workflowVersion={wf.version}
        decree={wf.decree.number}
        status={k.status}
        outcomeLabel={outcome?.label}
        createdAt={k.createdAt}
        closedAt={k.closedAt}
        tasks={view.tasks.map((t) => {
          const s = stepOf(wf, t.step)!;
          const back = t.returned;
          return {
            number: t.number,
            title: t.title,
            roleTitle: roleTitles(wf, s),
            href: t.mayAct ? `/tugas/${k.id}/${s.id}` : undefined,
            holder: {
              caseId: k.id,
              step: s.id,
              roleTitle: roleTitles(wf, s),
              ...(t.assignee ? { holderId: t.assignee, holder: names(t.assignee), mine: t.assignee === user!.username } : {}),
              claim: t.actions.claim,
              release: t.actions.release,
              ...(t.actions.assign ? { accounts: accounts.get(s.id) } : {}),
              rev: k.rev,
            },
            due: taskDue(t, deps.now()) ?? {},
            ...(back ? { returned: `Dikembalikan oleh ${names(back.actor)} (${view.definition.roles[back.role] ?? back.role}) dari langkah ${back.number}.` } : {}),
          };
        })}
        waiting={waitingBranches(wf, k)}
        subject={view.subject}
        deadlines={deadlines}
        groups={dataGroups(view, names)}
        maskedNote={view.masked}
        timeline={mergeTimeline(timeline(wf, k, names), noticeTimeline(wf, await noticesOf(deps, k.id), names))}
        documentHref={k.status === 'closed' && (outcome?.letter || outcome?.product) ? `/kasus/${k.id}/dokumen` : undefined}
        documentLabel={outcome?.letter ? `Surat ${outcome.letter.title}` : `Dokumen ${wf.products[0] ?? 'layanan'}`}
        documentNote={letter ? `Nomor ${letter.number}${letter.revoked ? ', DICABUT' : ''}` : outcome?.letter ? 'Belum bernomor: kasus selesai sebelum surat diterbitkan aplikasi.' : undefined}
        trackHref={start && canAct(start, user!) ? `/kasus/${k.id}/kode-lacak` : undefined}
        surveyHref={k.status === 'closed' ? `/laporan/${encodeURIComponent(wf.id)}/survei` : undefined}
        rev={k.rev}
        timeZone={timeZoneOf(wf)}
        documents={documentRows(wf, view, mayAttachTo(deps, k, user!), names)}
        documentError={documentError}
        uploadBase={`/berkas?layanan=${encodeURIComponent(wf.id)}`}
      />,
      status,
    );
  }

  app.post('/kasus/:id/tenggat/:deadline', async (c) => {
    const { deps, user } = c.var;
    const { meta } = await formValues(c);
    const rev = meta._rev !== undefined && /^\d+$/.test(meta._rev) ? Number(meta._rev) : undefined;
    const id = c.req.param('id');
    const done = await meetCaseDeadline(deps, { id, deadline: c.req.param('deadline'), actor: user!, rev });
    if (!done.ok) return errorPage(c, done.status, done.error, { href: `/kasus/${id}`, text: `Kembali ke kasus ${id}` });
    return redirectAfterPost(c, `/kasus/${id}?tenggat=${encodeURIComponent(c.req.param('deadline'))}`);
  });

  return app;
}
