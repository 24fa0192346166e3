/**
 * The SOP editor routes: the page, the live check (htmx, as the administrator types), the trial runs, the draft's
 * diagram, loading an uploaded file, and publishing. Each post carries the whole draft; htmx gets the panel
 * alone, a browser without JavaScript the whole page.
 */
import { readFile } from 'node:fs/promises';
import { Hono, type Context } from 'hono';
import type { Child } from 'hono/jsx';
import { ChangesPanel, CheckPanel } from '../../../templates/admin/check.tsx';
import { DraftDiagram, EditorPage, type PublishFormView } from '../../../templates/admin/editor.tsx';
import { TrialResult, type TrialView } from '../../../templates/admin/trial.tsx';
import { recordAudit } from '../../audit/record.ts';
import { diagramMarkup } from '../../offload/diagrams.tsx';
import { OffloadError } from '../../offload/worker.ts';
import { MAX_BYTES } from '../../../engine/definition/index.ts';
import type { Workflow } from '../../../engine/types.ts';
import { activeSource, publishVersion } from '../../versions.ts';
import type { AppEnv } from '../env.ts';
import { errorPage, formValues, isHtmx, pageProps, redirectAfterPost, renderFragment, renderPage } from '../render.ts';
import { timeZoneOf } from '../views.ts';
import { displayNames } from '../../usecases/people.ts';
import { casesByVersion, checkDraft, exampleFacts, normalizeSource, parseDraft, publisherName, readScenarios, runDraftScenarios, simulateDraft } from './draft.ts';

type Status = 200 | 409 | 422 | 500;

interface PageInput {
  source: string;
  origin?: string;
  facts?: string;
  trial?: TrialView;
  draftDiagram?: Child;
  publish?: Partial<PublishFormView>;
  /** Why what was sent was not taken (shown in the check panel instead of its verdict). */
  refusal?: string;
  status?: Status;
}

/** The draft and form fields of a post to the editor. */
async function draftOf(c: Context<AppEnv>) {
  const { values, meta } = await formValues(c);
  const text = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : '');
  return {
    source: normalizeSource(values.sumber),
    facts: text('nilai').trim(),
    publish: { decree: text('sk_nomor'), effective: text('sk_berlaku'), note: text('catatan') },
    basedOn: meta._dasar && /^\d+$/.test(meta._dasar) ? Number(meta._dasar) : undefined,
  };
}

/**
 * Diagram of a workflow, laid out in a worker thread (the version in force in the published lane, a draft in the
 * drafts lane), or nothing when the layout fails (the page stays usable), with the reason for a person.
 */
async function diagramOf(c: Context<AppEnv>, wf: Workflow, lane: 'published' | 'drafts' = 'published'): Promise<{ diagram?: Child; problem?: string }> {
  try {
    return { diagram: await diagramMarkup(wf, lane) };
  } catch (err) {
    if (err instanceof OffloadError) return { problem: `Diagram rancangan tidak dapat dibuat: ${err.reason}` };
    c.var.deps.logError?.(err);
    return { problem: 'Diagram rancangan tidak dapat dibuat.' };
  }
}

async function editorPage(c: Context<AppEnv>, id: string, input: PageInput) {
  const { deps } = c.var;
  const registry = deps.workflows;
  const wf = registry.get(id)!;
  const record = registry.storedVersion(id, registry.get(id)?.version ?? -1);
  const counts = await casesByVersion(deps, id);
  const scenarios = await readScenarios(registry, id);
  const versions = registry.storedVersions(id);
  const check = { ...(await checkDraft(registry, id, input.source)), refusal: input.refusal };
  let olderOpen = 0;
  for (const [v, n] of counts) if (v !== wf.version) olderOpen += n.open;
  const page = (
    <EditorPage
      {...pageProps(c)}
      workflowId={id}
      workflowTitle={wf.title}
      active={{
        version: wf.version,
        decree: wf.decree.number,
        effective: wf.decree.effective,
        publishedAt: record?.publishedAt ?? '',
        publishedBy: record ? publisherName(await displayNames(deps), record.publishedBy) : 'berkas di folder workflows',
        openCases: counts.get(wf.version)?.open ?? 0,
      }}
      olderOpenCases={olderOpen}
      source={input.source}
      origin={input.origin}
      check={check}
      trial={input.trial}
      facts={input.facts ?? JSON.stringify(exampleFacts(scenarios.doc), null, 2)}
      scenarioFile={scenarios.doc ? scenarios.file?.split('/').pop() : undefined}
      scenarioCount={scenarios.doc?.scenarios.length ?? 0}
      publish={{ decree: '', effective: '', note: '', ...input.publish }}
      nextVersion={versions.length ? Math.max(...versions.map((v) => v.version)) + 1 : wf.version + 1}
      diagram={(await diagramOf(c, wf)).diagram}
      draftDiagram={input.draftDiagram}
      timeZone={timeZoneOf(wf)}
    />
  );
  return renderPage(c, page, input.status ?? 200);
}

export function editorRoutes() {
  const app = new Hono<AppEnv>();

  /** The service being edited, or the 404 page. */
  function service(c: Context<AppEnv>) {
    const id = c.req.param('id')!;
    return c.var.deps.workflows.get(id) ? id : undefined;
  }
  const missing = (c: Context<AppEnv>) =>
    errorPage(c, 404, `Layanan "${c.req.param('id')}" tidak ada.`, { href: '/admin', text: 'Daftar layanan' });

  app.get('/admin/layanan/:id', async (c) => {
    const id = service(c);
    if (!id) return missing(c);
    const registry = c.var.deps.workflows;
    const from = c.req.query('dari');
    const file = registry.fileOf(id);
    if (from === 'berkas' && file) {
      // The file as it is in the folder, e.g. refused at the last reload: fixed here, it is published as usual.
      const text = await readFile(file, 'utf8').catch(() => undefined);
      if (text !== undefined) return editorPage(c, id, { source: normalizeSource(text), origin: `isi berkas ${file.split('/').pop()} di folder` });
    }
    if (from !== undefined) {
      const record = /^\d+$/.test(from) ? registry.storedVersion(id, Number(from)) : undefined;
      if (!record) return errorPage(c, 404, `Versi ${from} dari layanan ini tidak ada.`, { href: `/admin/layanan/${id}/riwayat`, text: 'Riwayat versi' });
      return editorPage(c, id, { source: record.source, origin: `isi versi ${record.version}` });
    }
    const source = activeSource(registry, id);
    return editorPage(c, id, { source: source ?? '', origin: source === undefined ? 'teks versi yang berlaku tidak tersimpan' : undefined });
  });

  app.post('/admin/layanan/:id/periksa', async (c) => {
    const id = service(c);
    if (!id) return missing(c);
    const d = await draftOf(c);
    if (!isHtmx(c)) return editorPage(c, id, d);
    const check = await checkDraft(c.var.deps.workflows, id, d.source);
    return renderFragment(
      c,
      <>
        <CheckPanel check={check} />
        <ChangesPanel check={check} oob />
      </>,
    );
  });

  app.post('/admin/layanan/:id/simulasi', async (c) => {
    const id = service(c);
    if (!id) return missing(c);
    const d = await draftOf(c);
    const trial = await simulateDraft(await parseDraft(id, d.source), d.facts, c.var.deps.now());
    if (isHtmx(c)) return renderFragment(c, <TrialResult trial={trial} />);
    return editorPage(c, id, { ...d, trial });
  });

  app.post('/admin/layanan/:id/skenario', async (c) => {
    const id = service(c);
    if (!id) return missing(c);
    const d = await draftOf(c);
    const trial = await runDraftScenarios(c.var.deps.workflows, id, await parseDraft(id, d.source));
    if (isHtmx(c)) return renderFragment(c, <TrialResult trial={trial} />);
    return editorPage(c, id, { ...d, trial });
  });

  app.post('/admin/layanan/:id/diagram', async (c) => {
    const id = service(c);
    if (!id) return missing(c);
    const d = await draftOf(c);
    const draft = await parseDraft(id, d.source);
    const drawn = draft.ok ? await diagramOf(c, draft.workflow, 'drafts') : undefined;
    const diagram = drawn?.diagram;
    const problem = draft.ok ? drawn?.problem : `Rancangan masih memuat ${draft.errors.length} kesalahan; diagram dibuat setelah teks sah.`;
    const fragment = <DraftDiagram diagram={diagram} problem={problem} />;
    if (isHtmx(c)) return renderFragment(c, fragment);
    return editorPage(c, id, { ...d, draftDiagram: fragment });
  });

  app.post('/admin/layanan/:id/unggah', async (c) => {
    const id = service(c);
    if (!id) return missing(c);
    const body = await c.req.parseBody();
    const file = body.berkas;
    const current = activeSource(c.var.deps.workflows, id) ?? '';
    if (!(file instanceof File) || file.size === 0) {
      return editorPage(c, id, { source: current, status: 422, refusal: 'Pilih berkas YAML lebih dulu, lalu tekan "Muat ke editor". Teks di editor tidak diubah.' });
    }
    if (file.size > MAX_BYTES) {
      const kib = Math.ceil(file.size / 1024);
      return editorPage(c, id, { source: current, status: 422, refusal: `Berkas ${file.name} terlalu besar (${kib} KiB); batasnya ${MAX_BYTES / 1024} KiB untuk satu layanan. Teks di editor tidak diubah.` });
    }
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(await file.arrayBuffer());
    } catch {
      return editorPage(c, id, { source: current, status: 422, refusal: `Berkas ${file.name} bukan teks UTF-8; simpan ulang sebagai UTF-8 lalu unggah lagi. Teks di editor tidak diubah.` });
    }
    return editorPage(c, id, { source: normalizeSource(text.replace(/^\uFEFF/, '')), origin: `berkas unggahan ${file.name}, belum diterbitkan` });
  });

  app.post('/admin/layanan/:id/terbitkan', async (c) => {
    const id = service(c);
    if (!id) return missing(c);
    const { deps, user } = c.var;
    const d = await draftOf(c);
    const done = await publishVersion(deps.store, deps.workflows, {
      workflow: id,
      source: d.source,
      decree: d.publish.decree,
      effective: d.publish.effective,
      note: d.publish.note,
      by: user!.username,
      now: deps.now(),
      basedOn: d.basedOn,
    });
    if (!done.ok) {
      return editorPage(c, id, { ...d, status: done.status, publish: { ...d.publish, error: done.error, fields: done.fields } });
    }
    return redirectAfterPost(c, `/admin/layanan/${id}/riwayat?terbit=${done.record.version}`);
  });

  return app;
}
