/**
 * Publishing a new version of a service from the administrator's editor (or again, an old one: rolling back).
 * The version is immutable once stored: its YAML text, hash, decree, who and when, and what changed. The file in
 * the workflows folder is rewritten first, so the folder always holds what runs and a restart changes nothing.
 */
import { chmod, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { summarizeChanges, type Change } from '../engine/changes.ts';
import { composeWithOffice, parseWorkflow, stripOffice, type DefinitionError } from '../engine/definition/index.ts';
import { workflowHash } from '../engine/hash.ts';
import type { Workflow } from '../engine/types.ts';
import { setScalars, SourceEditError } from './source-edit.ts';
import { writeFileDurably } from './store/durable-file.ts';
import type { Store } from '../engine/ports/store.ts';
import type { AuditInput, WorkflowVersionRecord } from '../engine/ports/index.ts';
import { withAddress } from './audit/record.ts';
import { changeLines, sameDefinition, type WorkflowRegistry } from './workflows.ts';

export interface PublishInput {
  workflow: string;
  /** The YAML text as the administrator wrote it; version and decree are written into it here. */
  source: string;
  decree: string;
  /** YYYY-MM-DD */
  effective: string;
  /** The administrator's own words about the change (optional). */
  note?: string;
  /** First line of the stored summary (default: published from the editor). */
  headline?: string;
  /** Username of the publisher. */
  by: string;
  now: Date;
  /** The active version the draft started from; publishing is refused when another one became active since. */
  basedOn?: number;
  /** The draft was opened as a new service: refused when a service with its id is running by now. */
  expectNew?: boolean;
  /** Scenarios that failed against the draft, published anyway with the administrator's confirmation. */
  acknowledged?: string[];
  /**
   * The service's scenario text as edited in the editor (already checked to be readable): written beside the YAML
   * file (`<id>.scenarios.yaml`) when it differs from what the file holds, so `alur test` runs what was tried.
   */
  scenarios?: string;
}

export type PublishResult =
  | { ok: true; record: WorkflowVersionRecord; workflow: Workflow; changes: Change[] }
  | { ok: false; status: 409 | 422 | 500; error: string; errors?: DefinitionError[]; fields?: Record<string, string> };

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether `text` is a real calendar date written YYYY-MM-DD. */
export function isIsoDate(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/** The YAML text of the version new cases start on: as stored, or else as the folder holds it. */
export function activeSource(registry: WorkflowRegistry, id: string): string | undefined {
  const active = registry.get(id);
  // The service's own text: what the office file added to the stored version is not the service's to edit.
  const source = active ? registry.storedVersion(id, active.version)?.source : undefined;
  return source === undefined ? undefined : stripOffice(source);
}

/** Checks the publish form's own fields (decree number and date); field name → Indonesian message. */
export function checkPublishFields(input: { decree: string; effective: string }, active?: Workflow): Record<string, string> {
  const fields: Record<string, string> = {};
  const decree = input.decree.trim();
  if (!decree) fields.sk_nomor = 'Tulis nomor SK yang menetapkan perubahan ini.';
  else if (decree.length > 120 || /[\r\n]/.test(decree)) fields.sk_nomor = 'Nomor SK terlalu panjang (paling banyak 120 huruf, satu baris).';
  else if (active && active.decree.number === decree) {
    fields.sk_nomor = `Nomor SK ini sudah dipakai versi ${active.version} yang sedang berlaku. Tulis nomor SK baru yang menetapkan perubahan ini.`;
  }
  if (!input.effective.trim()) fields.sk_berlaku = 'Tulis tanggal mulai berlaku SK.';
  else if (!isIsoDate(input.effective.trim())) fields.sk_berlaku = 'Tanggal berlaku tidak sah; pilih tanggal pada kalender (TTTT-BB-HH).';
  return fields;
}

/**
 * Why the file must not be overwritten: it holds a valid definition other than the active version, written by
 * hand and not read yet (publishing would silently drop it). A broken file is no such loss: it never ran.
 */
async function unloadedEdit(registry: WorkflowRegistry, id: string, file: string): Promise<string | undefined> {
  const text = await readFile(file, 'utf8').catch(() => undefined);
  const inForce = registry.get(id);
  const active = inForce && registry.storedVersion(id, inForce.version);
  if (text === undefined || !active || composeWithOffice(text, registry.office) === active.source) return undefined;
  const parsed = parseWorkflow(text, file, { office: registry.office });
  if (!parsed.ok || parsed.workflow.id !== id || sameDefinition(parsed.workflow, active)) return undefined;
  const name = file.split('/').pop();
  return `Berkas ${name} di folder sudah diubah langsung dan perubahan itu belum dimuat. Tekan "Muat ulang dari folder" di halaman Kelola SOP lebih dulu, lalu buka editor lagi, agar perubahan di berkas tidak tertimpa.`;
}

/**
 * Publishes `input.source` as the next version of `input.workflow` and makes it the one new cases start on.
 * Open cases keep the version they started on. One publish or reload at a time on this server
 * (registry.exclusive) and on every server (the store lock "publish"); the version and its audit entry commit
 * together.
 */
export function publishVersion(store: Store, registry: WorkflowRegistry, input: PublishInput): Promise<PublishResult> {
  return registry.exclusive(async () => {
    if (!registry.versions || !registry.dir) return { ok: false, status: 500, error: 'Server ini berjalan tanpa penyimpanan versi; penerbitan tidak tersedia.' };
    await registry.refreshNow();
    const active = registry.get(input.workflow);
    if (input.basedOn !== undefined && active && active.version !== input.basedOn) {
      return {
        ok: false,
        status: 409,
        error: `Versi yang berlaku sudah berganti menjadi versi ${active.version} sejak rancangan ini dibuka (dari versi ${input.basedOn}). Buka editor lagi agar perubahan orang lain tidak tertimpa.`,
      };
    }
    if (input.expectNew && active) {
      return {
        ok: false,
        status: 409,
        error: `Layanan dengan kode "${input.workflow}" sudah diterbitkan (versi ${active.version}) sejak rancangan ini dibuka. Pilih kode lain untuk layanan baru ini, atau sunting layanan itu dari halaman Kelola SOP.`,
      };
    }
    const fields = checkPublishFields(input, active);
    if (Object.keys(fields).length) return { ok: false, status: 422, error: 'Periksa isian penerbitan.', fields };

    const existing = registry.storedVersions(input.workflow);
    const version = existing.length ? Math.max(...existing.map((v) => v.version)) + 1 : 1;
    const file = registry.fileOf(input.workflow) ?? join(registry.dir, `${input.workflow}.yaml`);
    let text: string;
    try {
      text = setScalars(stripOffice(input.source.replace(/\r\n?/g, '\n')), [
        { path: ['version'], value: version, after: 'title' },
        { path: ['decree', 'number'], value: input.decree.trim() },
        { path: ['decree', 'effective'], value: input.effective.trim(), after: 'number' },
      ]);
    } catch (err) {
      if (!(err instanceof SourceEditError)) throw err;
      const parsed = parseWorkflow(input.source, file, { office: registry.office });
      if (!parsed.ok) return { ok: false, status: 422, error: 'Rancangan masih memuat kesalahan; perbaiki dulu sebelum diterbitkan.', errors: parsed.errors };
      return { ok: false, status: 422, error: `Nomor versi dan SK tidak dapat dituliskan ke teks: ${err.message} Tulis bagian decree dalam bentuk blok (satu kunci per baris).` };
    }
    // The version stores what it runs on: the text with the office's sections it lacks; the file keeps its own text.
    const composed = composeWithOffice(text, registry.office);
    const parsed = parseWorkflow(composed, file);
    if (!parsed.ok) return { ok: false, status: 422, error: 'Rancangan masih memuat kesalahan; perbaiki dulu sebelum diterbitkan.', errors: parsed.errors };
    const wf = parsed.workflow;
    if (wf.id !== input.workflow) {
      return { ok: false, status: 422, error: `id dalam teks adalah "${wf.id}", padahal yang disunting adalah layanan "${input.workflow}". Kembalikan id-nya; layanan baru ditambahkan sebagai berkas baru.` };
    }
    const changes = active ? summarizeChanges(active, wf) : [];
    const pending = await unloadedEdit(registry, input.workflow, file);
    if (pending) return { ok: false, status: 409, error: pending };

    // The folder first: if the store write fails afterwards, the next start registers the file as it is.
    try {
      const mode = await stat(file).then((s) => s.mode & 0o777, () => 0o644);
      await writeFileDurably(file, text);
      await chmod(file, mode);
    } catch (err) {
      return { ok: false, status: 500, error: `Berkas ${file} tidak dapat ditulis (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); versi baru belum diterbitkan. Periksa izin tulis folder workflows.` };
    }
    const scenarioFile = file.replace(/\.ya?ml$/i, '.scenarios.yaml');
    let scenariosWritten = false;
    if (input.scenarios?.trim()) {
      const current = await readFile(scenarioFile, 'utf8').catch(() => undefined);
      const text = input.scenarios.replace(/\r\n?/g, '\n');
      if (current?.replace(/\r\n?/g, '\n') !== text) {
        try {
          await writeFileDurably(scenarioFile, text.endsWith('\n') ? text : `${text}\n`);
          scenariosWritten = true;
        } catch (err) {
          return { ok: false, status: 500, error: `Berkas skenario ${scenarioFile} tidak dapat ditulis (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); teks layanan sudah ditulis, versi baru belum diterbitkan. Periksa izin tulis folder workflows.` };
        }
      }
    }
    const note = input.note?.trim();
    const record: WorkflowVersionRecord = {
      workflow: wf.id,
      version,
      hash: workflowHash(wf),
      source: composed,
      decree: { number: wf.decree.number, ...(wf.decree.effective ? { effective: wf.decree.effective } : {}) },
      publishedBy: input.by,
      publishedAt: input.now.toISOString(),
      active: true,
      summary: [
        input.headline ?? 'Diterbitkan lewat editor SOP.',
        ...(note ? [`Catatan: ${note}`] : []),
        ...(input.acknowledged?.length ? [`Diterbitkan walaupun ${input.acknowledged.length} skenario gagal (dikonfirmasi): ${input.acknowledged.join('; ')}.`] : []),
        ...(scenariosWritten ? [`Skenario layanan diperbarui di berkas ${scenarioFile.split('/').pop()}.`] : []),
        ...changeLines(active, wf),
      ].join('\n'),
    };
    const entry: AuditInput = {
      at: input.now.toISOString(),
      actor: input.by,
      action: 'workflow.publish',
      details: {
        workflow: wf.id,
        version,
        decree: record.decree.number,
        basedOn: active?.version ?? null,
        changes: changes.length,
        ...(input.acknowledged?.length ? { failingScenarios: input.acknowledged } : {}),
        ...(scenariosWritten ? { scenariosWritten: true } : {}),
      },
    };
    const taken = await store.transaction(async (tx) => {
      await tx.lock(`publish:${wf.id}`);
      const now = await store.versions.list(wf.id);
      if (now.some((v) => v.version >= version)) return true;
      await tx.versions.add(record);
      await tx.audit.append(withAddress(entry));
      tx.signal('versions');
      return false;
    });
    if (taken) {
      return { ok: false, status: 409, error: 'Versi baru layanan ini baru saja diterbitkan dari tempat lain. Buka editor lagi agar perubahan orang lain tidak tertimpa.' };
    }
    await registry.refreshNow();
    registry.activate(wf, file);
    return { ok: true, record, workflow: wf, changes };
  });
}
