/**
 * Starting a new service from the administrator's pages: the draft it opens the SOP editor with (a blank standard,
 * a copy of a running service, or an uploaded file), refused when its id is taken. Nothing is stored here: the
 * draft is checked, tried and published by the editor like any other (publishing writes `<id>.yaml` into the
 * workflows folder and stores version 1 with its decree).
 */
import { readdir, readFile } from 'node:fs/promises';
import { parseDocument } from 'yaml';
import { blankService, calendarBlock, copyScenarios, copyService, newServiceIdProblem, officeHeaderOf, type OfficeHeader } from '../engine/definition/template.ts';
import { MAX_BYTES } from '../engine/definition/index.ts';
import { isWorkflowFile, scenarioFileOf, type WorkflowRegistry } from './workflows.ts';
import { activeSource } from './versions.ts';

export type NewServiceStart = { kind: 'kosong' } | { kind: 'salin'; from: string } | { kind: 'unggah'; name: string; bytes: Uint8Array };

export interface NewServiceInput {
  id: string;
  title: string;
  start: NewServiceStart;
}

export type NewServiceDraft =
  | { ok: true; id: string; source: string; origin: string; /** A copy's scenarios, renamed for it (published with it). */ scenarios?: string }
  | { ok: false; fields: Record<string, string> };

/** Every id a new service may not take: the services running, every stored version's, and the folder's file names. */
export async function takenServiceIds(registry: WorkflowRegistry): Promise<Set<string>> {
  // "office" names the office file (office.yaml), never a service.
  const taken = new Set<string>(['office', ...registry.list().map((wf) => wf.id)]);
  for (const r of registry.storedVersions()) taken.add(r.workflow);
  if (registry.dir) {
    const names = await readdir(registry.dir).catch(() => [] as string[]);
    for (const n of names) if (isWorkflowFile(n)) taken.add(n.replace(/\.ya?ml$/i, ''));
  }
  for (const r of registry.refused) taken.add(r.file.split('/').pop()!.replace(/\.ya?ml$/i, ''));
  return taken;
}

/** Whether `id` may still be edited as a service not yet published (its POSTs carry the whole draft). */
export async function isNewServiceId(registry: WorkflowRegistry, id: string): Promise<boolean> {
  return !registry.get(id) && newServiceIdProblem(id, await takenServiceIds(registry)) === undefined;
}

/** The office header and calendar a blank standard starts with: those of a running service. */
function officeOf(registry: WorkflowRegistry): { office: OfficeHeader; calendar?: string } {
  for (const wf of registry.list()) {
    const source = activeSource(registry, wf.id);
    const office = source ? officeHeaderOf(source) : undefined;
    if (office) return { office, calendar: source ? calendarBlock(source) : undefined };
  }
  const first = registry.list()[0];
  if (first) return { office: { ...first.service } as OfficeHeader };
  return { office: { agency: 'Nama dinas', government: 'Nama pemerintah daerah', address: 'Alamat kantor' } };
}

/** The draft the editor opens with; field name → Indonesian message when the input cannot start one. */
export async function newServiceDraft(registry: WorkflowRegistry, input: NewServiceInput): Promise<NewServiceDraft> {
  const fields: Record<string, string> = {};
  const taken = await takenServiceIds(registry);
  const title = input.title.trim().replace(/\s+/g, ' ');
  if (input.start.kind === 'unggah') return fromUpload(input.start, taken);
  const id = input.id.trim();
  const idProblem = newServiceIdProblem(id, taken);
  if (idProblem) fields.kode = idProblem;
  if (!title) fields.judul = 'Tulis nama layanan, misalnya Rekomendasi Rehabilitasi Sosial.';
  else if (title.length > 120) fields.judul = 'Nama layanan paling panjang 120 huruf.';
  if (input.start.kind === 'salin') {
    const from = input.start.from;
    const source = registry.get(from) ? activeSource(registry, from) : undefined;
    if (source === undefined) fields.dasar = 'Pilih layanan yang disalin dari daftar.';
    if (Object.keys(fields).length) return { ok: false, fields };
    try {
      const copied = copyService(source!, { id, title });
      const file = scenarioFileOf(registry, from);
      const scenarios = file ? await readFile(file, 'utf8').catch(() => undefined) : undefined;
      const origin = `salinan ${registry.get(from)!.title}${scenarios?.trim() ? ' dengan skenarionya' : ''}, belum diterbitkan`;
      return {
        ok: true,
        id,
        source: copied,
        origin,
        ...(scenarios?.trim() ? { scenarios: copyScenarios(scenarios, { from, id, fromTitle: registry.get(from)!.title, title }) } : {}),
      };
    } catch (err) {
      return { ok: false, fields: { dasar: (err as Error).message } };
    }
  }
  if (Object.keys(fields).length) return { ok: false, fields };
  const { office, calendar } = officeOf(registry);
  return { ok: true, id, source: blankService({ id, title, office, calendar }), origin: 'standar kosong, belum diterbitkan' };
}

function fromUpload(file: { name: string; bytes: Uint8Array }, taken: Set<string>): NewServiceDraft {
  if (!file.bytes.length) return { ok: false, fields: { berkas: 'Pilih berkas YAML lebih dulu.' } };
  if (file.bytes.length > MAX_BYTES) {
    return { ok: false, fields: { berkas: `Berkas ${file.name} terlalu besar (${Math.ceil(file.bytes.length / 1024)} KiB); batasnya ${MAX_BYTES / 1024} KiB untuk satu layanan.` } };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(file.bytes).replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  } catch {
    return { ok: false, fields: { berkas: `Berkas ${file.name} bukan teks UTF-8; simpan ulang sebagai UTF-8 lalu unggah lagi.` } };
  }
  const doc = parseDocument(text);
  const id = doc.errors.length ? undefined : (doc.get('id') as unknown);
  if (typeof id !== 'string') {
    return { ok: false, fields: { berkas: `Berkas ${file.name} tidak memuat kode layanan (id: …) di barisnya sendiri; periksa berkasnya, atau mulai dari standar kosong.` } };
  }
  const problem = newServiceIdProblem(id, taken);
  if (problem) return { ok: false, fields: { berkas: `Berkas ${file.name}: ${problem}${taken.has(id) ? ' Untuk mengubah layanan itu, buka Sunting SOP-nya dan unggah berkas di sana.' : ''}` } };
  return { ok: true, id, source: text, origin: `berkas unggahan ${file.name}, belum diterbitkan` };
}
