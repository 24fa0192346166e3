/** Version history of a service, one stored version, and publishing an old version again (rolling back). */
import { Hono, type Context } from 'hono';
import { HistoryPage, splitSummary, type VersionRow } from '../../../templates/admin/history.tsx';
import { VersionPage } from '../../../templates/admin/version.tsx';
import type { PublishFormView } from '../../../templates/admin/editor.tsx';
import { diagramMarkup } from '../../offload/diagrams.tsx';
import type { WorkflowVersionRecord } from '../../../engine/ports/versions.ts';
import { recordAudit } from '../../audit/record.ts';
import { publishVersion } from '../../versions.ts';
import type { AppEnv } from '../env.ts';
import { errorPage, formValues, pageProps, redirectAfterPost, renderPage } from '../render.ts';
import { timeZoneOf } from '../views.ts';
import { casesByVersion, publisherName } from './draft.ts';
import { displayNames } from '../../usecases/people.ts';

function rowOf(name: (username: string) => string, r: WorkflowVersionRecord, counts: Map<number, { open: number; total: number }>): VersionRow {
  const { headline, changes } = splitSummary(r.summary);
  return {
    version: r.version,
    decree: r.decree.number,
    effective: r.decree.effective,
    publishedAt: r.publishedAt,
    publishedBy: publisherName(name, r.publishedBy),
    active: r.active,
    headline,
    changes,
    openCases: counts.get(r.version)?.open ?? 0,
    totalCases: counts.get(r.version)?.total ?? 0,
  };
}

export function historyRoutes() {
  const app = new Hono<AppEnv>();

  app.get('/admin/layanan/:id/riwayat', async (c) => {
    const { deps } = c.var;
    const id = c.req.param('id');
    const wf = deps.workflows.get(id);
    if (!wf) return errorPage(c, 404, `Layanan "${id}" tidak ada.`, { href: '/admin', text: 'Daftar layanan' });
    const counts = await casesByVersion(deps, id);
    const names = await displayNames(deps);
    const rows = [...deps.workflows.storedVersions(id)].reverse().map((r) => rowOf(names, r, counts));
    const published = Number(c.req.query('terbit'));
    const flash = rows.some((r) => r.version === published && r.active)
      ? { kind: 'ok' as const, text: `Versi ${published} diterbitkan dan berlaku untuk kasus baru. Kasus yang sudah berjalan tetap memakai versinya.` }
      : undefined;
    return renderPage(c, <HistoryPage {...pageProps(c)} flash={flash} workflowId={id} workflowTitle={wf.title} rows={rows} timeZone={timeZoneOf(wf)} />);
  });

  async function versionPage(c: Context<AppEnv>, publish: Partial<PublishFormView> = {}, status: 200 | 409 | 422 | 500 = 200) {
    const { deps } = c.var;
    const id = c.req.param('id')!;
    const wf = deps.workflows.get(id);
    const n = c.req.param('n')!;
    const record = wf && /^\d+$/.test(n) ? deps.workflows.storedVersion(id, Number(n)) : undefined;
    if (!wf || !record) return errorPage(c, 404, `Versi ${n} dari layanan "${id}" tidak ada.`, { href: '/admin', text: 'Daftar layanan' });
    const old = deps.workflows.forCase({ id, version: record.version, hash: record.hash });
    let diagram;
    try {
      diagram = old ? await diagramMarkup(old) : undefined;
    } catch (err) {
      deps.logError?.(err);
    }
    const all = deps.workflows.storedVersions(id);
    return renderPage(
      c,
      <VersionPage
        {...pageProps(c)}
        workflowId={id}
        workflowTitle={wf.title}
        row={rowOf(await displayNames(deps), record, await casesByVersion(deps, id))}
        source={record.source}
        activeVersion={wf.version}
        nextVersion={Math.max(...all.map((v) => v.version)) + 1}
        diagram={diagram}
        publish={{ decree: '', effective: '', note: '', ...publish }}
        timeZone={timeZoneOf(wf)}
      />,
      status,
    );
  }

  app.get('/admin/layanan/:id/versi/:n', (c) => versionPage(c));

  app.post('/admin/layanan/:id/versi/:n/terbitkan', async (c) => {
    const { deps, user } = c.var;
    const id = c.req.param('id');
    const n = c.req.param('n');
    const record = deps.workflows.get(id) && /^\d+$/.test(n) ? deps.workflows.storedVersion(id, Number(n)) : undefined;
    if (!record) return errorPage(c, 404, `Versi ${n} dari layanan "${id}" tidak ada.`, { href: '/admin', text: 'Daftar layanan' });
    const { values, meta } = await formValues(c);
    const text = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : '');
    const form = { decree: text('sk_nomor'), effective: text('sk_berlaku'), note: text('catatan') };
    const done = await publishVersion(deps.store, deps.workflows, {
      workflow: id,
      source: record.source,
      decree: form.decree,
      effective: form.effective,
      note: form.note,
      headline: `Dikembalikan ke isi versi ${record.version}.`,
      by: user!.username,
      now: deps.now(),
      basedOn: meta._dasar && /^\d+$/.test(meta._dasar) ? Number(meta._dasar) : undefined,
    });
    if (!done.ok) return versionPage(c, { ...form, error: done.error, fields: done.fields }, done.status);
    return redirectAfterPost(c, `/admin/layanan/${id}/riwayat?terbit=${done.record.version}`);
  });

  return app;
}
