/** Case pages: the filtered list (/kasus), one case (/kasus/:id), its printable product, meeting a deadline. */
import { Hono } from 'hono';
import { canReadCases, canSeeSensitive } from '../../engine/access.ts';
import { mayMeet as mayMeetDeadline } from '../../engine/deadlines.ts';
import { canAct, roleTitles, stepOf } from '../../engine/tasks.ts';
import type { CaseSummary } from '../../engine/store.ts';
import { CasePage, type DeadlineRow } from '../../templates/case.tsx';
import { CasesPage, type CaseRow } from '../../templates/cases.tsx';
import { DocumentPage } from '../../templates/document.tsx';
import { requirePageUser } from '../auth/middleware.ts';
import { loadCase, mayRead, meetCaseDeadline } from '../casework.ts';
import type { AppEnv } from './env.ts';
import { errorPage, formValues, pageProps, redirectAfterPost, renderPage } from './render.ts';
import { dataGroups, deadlineRows, hasMaskedValues, personName, subjectOf, timeline, timeZoneOf } from './views.ts';

const PAGE_SIZE = 50;

export function caseRoutes() {
  const app = new Hono<AppEnv>();
  app.use('/kasus', requirePageUser());
  app.use('/kasus/*', requirePageUser());

  app.get('/kasus', async (c) => {
    const { deps, user } = c.var;
    const q = c.req.query();
    const now = deps.now();
    const readable = deps.workflows.list().filter((wf) => canReadCases(wf, user!.roles));
    const filter = {
      workflow: readable.some((wf) => wf.id === q.layanan) ? q.layanan : undefined,
      status: q.status === 'open' || q.status === 'closed' ? q.status : undefined,
      overdue: q.terlambat === '1',
      step: q.langkah && /^[A-Za-z0-9_-]{1,80}$/.test(q.langkah) ? q.langkah : undefined,
      number: q.nomor && /^[A-Za-z0-9-]{1,40}$/.test(q.nomor.trim()) ? q.nomor.trim().toUpperCase() : undefined,
    } as const;
    const nowIso = now.toISOString();
    let summaries: CaseSummary[] = [];
    for (const wf of readable) {
      if (filter.workflow && wf.id !== filter.workflow) continue;
      // A case on an older version is listed only to those who may open it (casework.ts mayRead).
      const versions = new Map(deps.workflows.versionsOf(wf.id).map((v) => [v.version, v]));
      const listed = await deps.store.cases.list({ workflow: wf.id, status: filter.status, steps: filter.step ? [filter.step] : undefined });
      summaries.push(...listed.filter((s) => {
        const v = s.version === wf.version ? wf : versions.get(s.version);
        return v !== undefined && mayRead(deps, v, s, user!.roles);
      }));
    }
    if (filter.overdue) summaries = summaries.filter((s) => s.status === 'open' && s.openDeadlines.some((d) => d < nowIso));
    // A case number (or part of one) read out on the telephone; the whole number of a readable case opens it.
    if (filter.number) {
      summaries = summaries.filter((s) => s.id.toUpperCase().includes(filter.number!));
      if (summaries.length === 1 && summaries[0]!.id.toUpperCase() === filter.number) return c.redirect(`/kasus/${summaries[0]!.id}`, 303);
    }
    summaries.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id));
    const pages = Math.max(1, Math.ceil(summaries.length / PAGE_SIZE));
    const page = Math.min(pages, Math.max(1, Number.parseInt(q.hal ?? '1', 10) || 1));
    const rows: CaseRow[] = [];
    for (const s of summaries.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE)) {
      const k = await deps.store.cases.get(s.id);
      const wf = k && deps.workflows.forCase(k.workflow);
      if (!k || !wf) continue;
      const step = k.current ? stepOf(wf, k.current) : undefined;
      const outcome = wf.outcomes.find((o) => o.id === k.outcome)?.label;
      const dueIso = s.due;
      const remainingMs = dueIso ? Date.parse(dueIso) - now.getTime() : undefined;
      rows.push({
        id: k.id,
        workflowTitle: wf.title,
        status: k.status,
        where: step ? `Langkah ${step.number}: ${step.title} (${roleTitles(wf, step)})` : (outcome ?? ''),
        outcomeLabel: outcome,
        createdAt: k.createdAt,
        subject: subjectOf(wf, k),
        due: dueIso,
        remainingMs,
        overdue: k.status === 'open' && s.openDeadlines.some((d) => d < nowIso),
      });
    }
    return renderPage(
      c,
      <CasesPage
        {...pageProps(c)}
        rows={rows}
        total={summaries.length}
        page={page}
        pages={pages}
        filter={filter}
        services={readable.map((wf) => ({ id: wf.id, title: wf.title, steps: [...wf.steps].sort((a, b) => a.number - b.number) }))}
        timeZone={timeZoneOf(readable[0])}
      />,
    );
  });

  app.get('/kasus/:id', async (c) => {
    const { deps, user } = c.var;
    const loaded = await loadCase(deps, c.req.param('id'), user!);
    if (!loaded.ok) return errorPage(c, loaded.status, loaded.error, { href: '/kasus', text: 'Daftar kasus' });
    const { case: k, workflow: wf, view } = loaded.value;
    const now = deps.now();
    const current = k.current ? stepOf(wf, k.current) : undefined;
    const outcome = wf.outcomes.find((o) => o.id === k.outcome);
    const deadlines: DeadlineRow[] = deadlineRows(wf, k, now).map((d) => {
      const step = stepOf(wf, d.step);
      const rule = step?.deadlines?.find((r) => r.id === d.id);
      const mayMeet = mayMeetDeadline(wf, k, d, user!);
      return {
        id: d.id,
        label: d.label,
        stepTitle: d.stepTitle,
        blocking: d.blocking,
        due: d.due,
        metAt: d.metAt,
        outcome: d.outcome,
        endedAt: d.supersededAt ?? d.endedAt,
        overdue: d.overdue,
        remainingMs: d.remainingMs,
        meetLabel: mayMeet ? (rule?.metLabel ?? 'Tandai sudah terpenuhi') : undefined,
        meetAction: mayMeet ? `/kasus/${k.id}/tenggat/${d.id}` : undefined,
      };
    });
    const q = c.req.query();
    let flash: { kind: 'ok' | 'info'; text: string } | undefined;
    if (q.baru === '1') flash = { kind: 'ok', text: `Laporan tersimpan dengan nomor kasus ${k.id}.` };
    else if (q.selesai) {
      const done = stepOf(wf, q.selesai);
      if (done) flash = { kind: 'ok', text: `Langkah ${done.number} (${done.title}) selesai dan tercatat.` };
    } else if (q.tenggat) {
      const d = k.deadlines.find((x) => x.id === q.tenggat && x.metAt);
      if (d) flash = { kind: 'ok', text: `Tercatat: ${d.label} terpenuhi.` };
    }
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
        current={
          current
            ? {
                number: current.number,
                title: current.title,
                roleTitle: roleTitles(wf, current),
                href: canAct(current, user!) ? `/tugas/${k.id}/${current.id}` : undefined,
              }
            : undefined
        }
        subject={canSeeSensitive(view, user!.roles) ? subjectOf(view, k) : []}
        deadlines={deadlines}
        groups={dataGroups(deps, view, k, user!.roles)}
        maskedNote={hasMaskedValues(view, k, user!.roles)}
        timeline={timeline(deps, wf, k)}
        documentHref={k.status === 'closed' && outcome?.product ? `/kasus/${k.id}/dokumen` : undefined}
        rev={k.rev}
        timeZone={timeZoneOf(wf)}
      />,
    );
  });

  app.get('/kasus/:id/dokumen', async (c) => {
    const { deps, user } = c.var;
    const loaded = await loadCase(deps, c.req.param('id'), user!);
    if (!loaded.ok) return errorPage(c, loaded.status, loaded.error);
    const { case: k, workflow: wf, view } = loaded.value;
    const outcome = wf.outcomes.find((o) => o.id === k.outcome);
    const back = { href: `/kasus/${k.id}`, text: `Kembali ke kasus ${k.id}` };
    if (k.status !== 'closed' || !outcome?.product) {
      return errorPage(c, 409, `Dokumen ${wf.products[0] ?? 'layanan'} baru ada setelah kasus selesai dengan hasil yang menerbitkannya.`, back);
    }
    const last = [...k.history].reverse().find((e) => e.type === 'completed');
    return renderPage(
      c,
      <DocumentPage
        {...pageProps(c)}
        workflow={wf}
        productTitle={wf.products[0] ?? wf.title}
        caseId={k.id}
        createdAt={k.createdAt}
        closedAt={k.closedAt ?? k.updatedAt}
        outcomeLabel={outcome.label}
        // A printed page leaves the office: it never carries the identity of the child or the reporter.
        groups={dataGroups(deps, view, k, [])}
        maskedNote={hasMaskedValues(view, k, [])}
        signer={{
          roleTitle: last && last.type === 'completed' ? (wf.roles[last.role] ?? last.role) : '',
          name: last && last.type === 'completed' ? personName(deps, last.actor) : '',
        }}
        timeZone={timeZoneOf(wf)}
      />,
    );
  });

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
