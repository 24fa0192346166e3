/**
 * The SOP editor routes: the page, applying the structured form to the YAML text, the live check (htmx, as the
 * administrator types), the trial runs, the diagram comparison, loading an uploaded file, and publishing. Each
 * post carries the whole draft; htmx gets the changed parts, a browser without JavaScript the whole page.
 */
import { readFile } from 'node:fs/promises';
import { Hono, type Context } from 'hono';
import { outlineOf } from '../../../engine/definition/edit/index.ts';
import { MAX_BYTES } from '../../../engine/definition/index.ts';
import { ChangesPanel, CheckPanel } from '../../../templates/admin/check.tsx';
import { EditorPage, type PublishFormView } from '../../../templates/admin/editor.tsx';
import { OutlinePanel } from '../../../templates/admin/outline/index.tsx';
import { TrialResult, type TrialView } from '../../../templates/admin/trial.tsx';
import { YamlView } from '../../../templates/admin/yaml-view.tsx';
import { activeSource, checkPublishFields, publishVersion } from '../../versions.ts';
import type { AppEnv } from '../env.ts';
import { errorPage, isHtmx, pageProps, redirectAfterPost, renderFragment, renderPage } from '../render.ts';
import { timeZoneOf } from '../views.ts';
import { displayNames } from '../../usecases/people.ts';
import { compareDiagrams } from './compare.tsx';
import { casesByVersion, checkDraft, exampleFacts, normalizeSource, openTasksAt, parseDraft, publisherName, readScenarios, runDraftScenarios, simulateDraft } from './draft.ts';
import { postedDraft, sourceHash, type PostedDraft } from './posted.ts';
import { isNewServiceId } from '../../new-service.ts';
import { stripOffice } from '../../../engine/definition/index.ts';

/** The title a draft's text gives, while it does not yet read as a whole service. */
function outlineTitle(source: string): string | undefined {
  const read = outlineOf(source);
  return read.ok && read.outline.title ? read.outline.title : undefined;
}

type Status = 200 | 409 | 422 | 500;

interface PageInput {
  source: string;
  origin?: string;
  posted?: PostedDraft;
  trial?: TrialView;
  publish?: Partial<PublishFormView>;
  /** Draw the draft beside the version in force even when nothing asked for it. */
  compare?: boolean;
  /** Why what was sent was not taken (shown in the check panel instead of its verdict). */
  refusal?: string;
  /** The scenario text the editor opens with when nothing was posted (a copied service's, renamed for it). */
  scenarios?: string;
  status?: Status;
}

export async function editorPage(c: Context<AppEnv>, id: string, input: PageInput) {
  const { deps } = c.var;
  const registry = deps.workflows;
  // A service not yet published (a new one) has no version in force: the draft is all there is.
  const wf = registry.get(id);
  const record = wf ? registry.storedVersion(id, wf.version) : undefined;
  const counts = await casesByVersion(deps, id);
  const p = input.posted;
  const scenarios = await readScenarios(registry, id, p?.scenarios ?? input.scenarios);
  const versions = registry.storedVersions(id);
  const check = { ...(await checkDraft(registry, id, input.source, await openTasksAt(deps, id))), refusal: input.refusal };
  let olderOpen = 0;
  for (const [v, n] of counts) if (v !== wf?.version) olderOpen += n.open;
  const title = wf?.title ?? (check.draft.ok ? check.draft.workflow.title : outlineTitle(input.source) ?? id);
  const page = (
    <EditorPage
      {...pageProps(c)}
      workflowId={id}
      workflowTitle={title}
      active={wf && {
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
      outline={outlineOf(input.source)}
      editErrors={p?.edit.errors ?? {}}
      open={p?.open ?? new Set()}
      basis={sourceHash(input.source)}
      changedLines={p?.edit.lines ?? []}
      editNotice={p?.edit.notice}
      trial={input.trial}
      facts={p?.facts || JSON.stringify(exampleFacts(scenarios.doc), null, 2)}
      scenarioText={scenarios.text}
      scenarioFile={scenarios.file?.split('/').pop()}
      scenarioCount={scenarios.doc?.scenarios.length ?? 0}
      publish={{ decree: '', effective: '', note: '', ...p?.publish, ...input.publish }}
      nextVersion={versions.length ? Math.max(...versions.map((v) => v.version)) + 1 : (wf?.version ?? 0) + 1}
      compare={await compareDiagrams(c, id, check.draft, input.compare || input.source !== activeSource(registry, id))}
      timeZone={timeZoneOf(wf)}
    />
  );
  return renderPage(c, page, input.status ?? 200);
}

export function editorRoutes() {
  const app = new Hono<AppEnv>();

  /** The service being edited: a running one, or (posts only: they carry the whole draft) a new one not yet published. */
  async function service(c: Context<AppEnv>) {
    const id = c.req.param('id')!;
    const registry = c.var.deps.workflows;
    if (registry.get(id)) return id;
    return c.req.method === 'POST' && (await isNewServiceId(registry, id)) ? id : undefined;
  }
  const missing = (c: Context<AppEnv>) =>
    errorPage(c, 404, `Layanan "${c.req.param('id')}" tidak ada.`, { href: '/admin', text: 'Daftar layanan' });

  app.get('/admin/layanan/:id', async (c) => {
    const id = await service(c);
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
      return editorPage(c, id, { source: stripOffice(record.source), origin: `isi versi ${record.version}` });
    }
    const source = activeSource(registry, id);
    return editorPage(c, id, { source: source ?? '', origin: source === undefined ? 'teks versi yang berlaku tidak tersimpan' : undefined });
  });

  /** The structured form applied to the text: htmx gets the form, the text, the check and the changes; else the page. */
  app.post('/admin/layanan/:id/terapkan', async (c) => {
    const id = await service(c);
    if (!id) return missing(c);
    const d = await postedDraft(c, { apply: true });
    if (!isHtmx(c)) return editorPage(c, id, { source: d.source, posted: d });
    const { deps } = c.var;
    const check = await checkDraft(deps.workflows, id, d.source, await openTasksAt(deps, id));
    const live = { action: `/admin/layanan/${id}/terapkan` };
    return renderFragment(
      c,
      <>
        <OutlinePanel outline={outlineOf(d.source)} errors={d.edit.errors} open={d.open} basis={sourceHash(d.source)} live={live} notice={d.edit.notice} changed={d.edit.changed} />
        <YamlView source={d.source} errors={check.errors.map((e) => e.line)} changed={d.edit.lines} check={`/admin/layanan/${id}/periksa`} oob />
        <CheckPanel check={check} oob />
        <ChangesPanel check={check} oob fixAction={live.action} />
      </>,
    );
  });

  /** The live check of the text as typed; the form follows the text (its inputs are drawn again from it). */
  app.post('/admin/layanan/:id/periksa', async (c) => {
    const id = await service(c);
    if (!id) return missing(c);
    const d = await postedDraft(c, { apply: false });
    if (!isHtmx(c)) return editorPage(c, id, { source: d.source, posted: d });
    const { deps } = c.var;
    const check = await checkDraft(deps.workflows, id, d.source, await openTasksAt(deps, id));
    const outline = outlineOf(d.source);
    return renderFragment(
      c,
      <>
        <CheckPanel check={check} />
        <ChangesPanel check={check} oob fixAction={`/admin/layanan/${id}/terapkan`} />
        {/* Only when the text reads as YAML: while it does not, the form keeps what it showed. */}
        {outline.ok ? <OutlinePanel outline={outline} errors={{}} open={d.open} basis={sourceHash(d.source)} live={{ action: `/admin/layanan/${id}/terapkan` }} oob /> : null}
      </>,
    );
  });

  app.post('/admin/layanan/:id/simulasi', async (c) => {
    const id = await service(c);
    if (!id) return missing(c);
    const d = await postedDraft(c, { apply: true });
    const trial = await simulateDraft(await parseDraft(id, d.source, c.var.deps.workflows.office), d.facts, c.var.deps.now());
    if (isHtmx(c)) return renderFragment(c, <TrialResult trial={trial} />);
    return editorPage(c, id, { source: d.source, posted: d, trial });
  });

  app.post('/admin/layanan/:id/skenario', async (c) => {
    const id = await service(c);
    if (!id) return missing(c);
    const d = await postedDraft(c, { apply: true });
    const trial = await runDraftScenarios(c.var.deps.workflows, id, await parseDraft(id, d.source, c.var.deps.workflows.office), d.scenarios);
    if (isHtmx(c)) return renderFragment(c, <TrialResult trial={trial} />);
    return editorPage(c, id, { source: d.source, posted: d, trial });
  });

  app.post('/admin/layanan/:id/diagram', async (c) => {
    const id = await service(c);
    if (!id) return missing(c);
    const d = await postedDraft(c, { apply: true });
    if (isHtmx(c)) return renderFragment(c, await compareDiagrams(c, id, await parseDraft(id, d.source, c.var.deps.workflows.office), true));
    return editorPage(c, id, { source: d.source, posted: d, compare: true });
  });

  app.post('/admin/layanan/:id/unggah', async (c) => {
    const id = await service(c);
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
    const id = await service(c);
    if (!id) return missing(c);
    const { deps, user } = c.var;
    const d = await postedDraft(c, { apply: true });
    // Form changes not yet written into the text are written now, and shown before anything is published.
    if (d.edit.applied) {
      return editorPage(c, id, {
        source: d.source,
        posted: d,
        status: 409,
        publish: { error: 'Perubahan di Formulir SOP baru saja dituliskan ke teks. Baca ringkasan perubahannya, lalu tekan Terbitkan lagi.' },
      });
    }
    // The decree fields and a draft gone stale are answered first; the scenarios are run for a publish that can go ahead.
    const active = deps.workflows.get(id);
    const fields = checkPublishFields(d.publish, active);
    const stale = d.basedOn !== undefined && d.basedOn !== active?.version;
    const failing = Object.keys(fields).length || stale ? [] : await failingScenarios(c, id, d);
    const confirmFor = failing.length ? sourceHash(failing.join('\n')) : undefined;
    if (confirmFor && d.publish.confirm !== confirmFor) {
      return editorPage(c, id, {
        source: d.source,
        posted: d,
        status: 422,
        publish: {
          failing,
          confirmFor,
          error: `${failing.length} skenario gagal terhadap rancangan ini. Centang konfirmasi di bawah bila tetap ingin menerbitkan, atau perbaiki rancangan atau skenarionya.`,
          fields: d.publish.confirm ? { konfirmasi: 'Skenario yang gagal sudah berubah sejak konfirmasi dicentang; baca daftarnya lagi.' } : undefined,
        },
      });
    }
    const done = await publishVersion(deps.store, deps.workflows, {
      workflow: id,
      source: d.source,
      decree: d.publish.decree,
      effective: d.publish.effective,
      note: d.publish.note,
      by: user!.username,
      now: deps.now(),
      basedOn: d.basedOn,
      // A draft opened without a version in force is a new service: refused if one with its id appeared since.
      expectNew: d.isNew,
      acknowledged: failing,
      // The scenarios as edited in the page go into the folder with the version (only a text that reads as scenarios).
      scenarios: d.scenarios !== undefined && (await readScenarios(deps.workflows, id, d.scenarios)).doc ? d.scenarios : undefined,
    });
    if (!done.ok) {
      return editorPage(c, id, { source: d.source, posted: d, status: done.status, publish: { error: done.error, fields: done.fields, ...(confirmFor ? { failing, confirmFor } : {}) } });
    }
    return redirectAfterPost(c, `/admin/layanan/${id}/riwayat?terbit=${done.record.version}`);
  });

  return app;
}

/** Names of the scenarios that fail against the draft (a scenario text that cannot be read counts as one). */
async function failingScenarios(c: Context<AppEnv>, id: string, d: PostedDraft): Promise<string[]> {
  const draft = await parseDraft(id, d.source, c.var.deps.workflows.office);
  if (!draft.ok) return [];
  const registry = c.var.deps.workflows;
  const scenarios = await readScenarios(registry, id, d.scenarios);
  if (!scenarios.doc) return scenarios.text.trim() ? [`(skenario tidak dapat dijalankan) ${scenarios.problem}`] : [];
  const trial = await runDraftScenarios(registry, id, draft, d.scenarios);
  return (trial.scenarios ?? []).filter((s) => !s.passed).map((s) => s.name);
}
