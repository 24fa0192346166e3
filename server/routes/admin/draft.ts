/**
 * What the SOP editor computes from a draft: its located errors (the same loader as every other door), what it
 * changes against the version in force, a simulated case, and the service's scenario files run against it.
 */
import { readFile } from 'node:fs/promises';
import { parseDocument } from 'yaml';
import { changeWarnings, summarizeChanges, type OpenAt } from '../../../engine/changes.ts';
import { checkScenarioFile, runScenario, type ScenarioFile } from '../../../engine/scenario.ts';
import { simulate } from '../../../engine/simulate.ts';
import { stepOf } from '../../../engine/tasks.ts';
import type { Workflow } from '../../../engine/types.ts';
import { composeWithOffice, type Office } from '../../../engine/definition/index.ts';
import type { CheckView, LocatedError } from '../../../templates/admin/check.tsx';
import type { TrialView } from '../../../templates/admin/trial.tsx';
import { checkSource, diffSources } from '../../offload/drafts.ts';
import { activeSource } from '../../versions.ts';
import { scenarioFileOf, type WorkflowRegistry } from '../../workflows.ts';

export { scenarioFileOf };
import type { AppDeps } from '../env.ts';
import { formatDateTime } from '../../../templates/format.ts';
import { timeZoneOf } from '../views.ts';

const ISO_TIME = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})/g;

/** A textarea posts CRLF line ends; the stored text and the diff use LF. */
export function normalizeSource(text: unknown): string {
  return typeof text === 'string' ? text.replace(/\r\n?/g, '\n') : '';
}

export type DraftResult = { ok: true; workflow: Workflow } | { ok: false; errors: LocatedError[] };

/**
 * Parses the draft of service `id` (in the drafts worker thread: a draft of the largest allowed size never holds up
 * the server); an id other than `id` is an error at the line of `id:`.
 */
export async function parseDraft(id: string, source: string, office?: Office): Promise<DraftResult> {
  const lines = source.split('\n');
  // With the office file's calendar and header for a draft that lacks them, as the folder's loader reads it.
  const parsed = await checkSource(composeWithOffice(source, office), `${id}.yaml`);
  if (!parsed.ok) return { ok: false, errors: parsed.errors.map((e) => ({ ...e, text: e.line > 0 ? lines[e.line - 1] : undefined })) };
  if (parsed.workflow.id !== id) {
    const line = lines.findIndex((l) => /^id\s*:/.test(l)) + 1;
    return {
      ok: false,
      errors: [
        {
          line,
          column: 1,
          path: 'id',
          message: `id harus tetap "${id}"; teks ini memakai "${parsed.workflow.id}".`,
          hint: 'Layanan baru dibuat dengan tombol "Layanan baru" di halaman Kelola SOP, bukan dengan mengganti id layanan yang ada.',
          text: line ? lines[line - 1] : undefined,
        },
      ],
    };
  }
  return { ok: true, workflow: parsed.workflow };
}

/** The check panel's content for a draft; `open` counts the service's open tasks by version and step, for the warnings. */
export async function checkDraft(registry: WorkflowRegistry, id: string, source: string, open: OpenAt[] = []): Promise<CheckView & { draft: DraftResult }> {
  const draft = await parseDraft(id, source, registry.office);
  const active = registry.get(id);
  const before = activeSource(registry, id);
  const versionOf = (v: number) => (v === active?.version ? active : registry.versionsOf(id).find((wf) => wf.version === v));
  return {
    draft,
    ok: draft.ok,
    errors: draft.ok ? [] : draft.errors,
    activeVersion: active?.version,
    changes: draft.ok && active ? summarizeChanges(active, draft.workflow) : undefined,
    warnings: draft.ok && active ? changeWarnings(active, draft.workflow, open, versionOf) : undefined,
    diff: before !== undefined ? await diffSources(before, source) : undefined,
  };
}

/** Open tasks of service `id` per version and step (what the change warnings count). */
export async function openTasksAt(deps: AppDeps, id: string): Promise<OpenAt[]> {
  return (await deps.store.cases.tally(id)).steps.map((s) => ({ version: s.version, step: s.step, count: s.open }));
}


export interface ScenarioSource {
  /** Where the file lives in the folder (absent for a service not loaded from one). */
  file?: string;
  /** The scenario text: as the administrator edited it, else the file's. */
  text: string;
  doc?: ScenarioFile;
  problem?: string;
}

/** Reads and checks a scenario text; `problem` says, in Indonesian, why it cannot be run. */
export function checkScenarios(text: string, file?: string): ScenarioSource {
  const name = file?.split('/').pop() ?? 'skenario';
  if (!text.trim()) return { file, text, problem: 'Belum ada skenario. Tulis skenario di kotak "Skenario layanan", atau letakkan berkas <id>.scenarios.yaml di folder workflows.' };
  const parsed = parseDocument(text);
  if (parsed.errors.length) {
    const e = parsed.errors[0]!;
    return { file, text, problem: `Teks skenario ${name} tidak dapat dibaca (baris ${e.linePos?.[0]?.line ?? '?'}): periksa indentasi dan tanda kutip.` };
  }
  const doc = parsed.toJS({ maxAliasCount: 100 }) as unknown;
  const problems = checkScenarioFile(doc);
  if (problems.length) return { file, text, problem: `Skenario ${name} belum benar: ${problems.join('; ')}` };
  return { file, text, doc: doc as ScenarioFile };
}

/** The service's scenarios: the text posted from the editor when there is one, else the file beside the YAML. */
export async function readScenarios(registry: WorkflowRegistry, id: string, posted?: string): Promise<ScenarioSource> {
  const file = scenarioFileOf(registry, id);
  if (posted !== undefined) return checkScenarios(posted, file);
  if (!file) return { text: '', problem: 'Layanan ini tidak dimuat dari folder, jadi belum punya skenario.' };
  const text = await readFile(file, 'utf8').catch(() => '');
  return checkScenarios(text, file);
}

/** Example values for the simulation: the first scenario's intake and step data, flattened. */
export function exampleFacts(doc: ScenarioFile | undefined): Record<string, unknown> {
  const s = doc?.scenarios[0];
  if (!s) return {};
  const facts: Record<string, unknown> = { ...s.start.data };
  for (const a of s.steps ?? []) if (a.data && !a.expect) Object.assign(facts, a.data);
  return facts;
}

/** Runs the simulation panel: the values as JSON, through the draft. */
export async function simulateDraft(draft: DraftResult, factsText: string, now: Date): Promise<TrialView> {
  const timeZone = timeZoneOf(draft.ok ? draft.workflow : undefined);
  if (!draft.ok) return { kind: 'simulasi', timeZone, problem: `Rancangan masih memuat ${draft.errors.length} kesalahan; perbaiki dulu, lalu jalankan simulasi.` };
  let facts: unknown;
  try {
    facts = JSON.parse(factsText || '{}');
  } catch (err) {
    return { kind: 'simulasi', timeZone, problem: `Nilai isian bukan JSON yang sah: ${(err as Error).message}. Contoh: {"tingkat_risiko": "tinggi"}` };
  }
  if (!facts || typeof facts !== 'object' || Array.isArray(facts)) {
    return { kind: 'simulasi', timeZone, problem: 'Nilai isian harus berupa objek JSON: {"nama_isian": nilai, …}.' };
  }
  return { kind: 'simulasi', timeZone, simulation: await simulate(draft.workflow, facts as Record<string, unknown>, now) };
}

/** Runs every scenario (posted from the editor, else the file's) against the draft. */
export async function runDraftScenarios(registry: WorkflowRegistry, id: string, draft: DraftResult, posted?: string): Promise<TrialView> {
  const timeZone = timeZoneOf(draft.ok ? draft.workflow : undefined);
  if (!draft.ok) return { kind: 'skenario', timeZone, problem: `Rancangan masih memuat ${draft.errors.length} kesalahan; perbaiki dulu, lalu jalankan skenario.` };
  const { file, doc, problem } = await readScenarios(registry, id, posted);
  if (!doc) return { kind: 'skenario', timeZone, problem };
  const wf = draft.workflow;
  const name = (step: string) => {
    const s = stepOf(wf, step);
    return s ? `${s.number}. ${s.title}` : step;
  };
  // The engine writes times as ISO strings; the administrator reads them in the office's time.
  const localTimes = (text: string) => text.replace(ISO_TIME, (iso) => formatDateTime(iso, timeZone));
  const scenarios = [];
  for (const s of doc.scenarios) {
    const r = await runScenario(wf, s);
    scenarios.push({ name: r.name, passed: r.passed, path: r.path.map(name).join(' → ') || '(tidak ada langkah selesai)', failures: r.failures.map(localTimes) });
  }
  return { kind: 'skenario', timeZone, scenarios, scenarioFile: file?.split('/').pop() ?? 'skenario' };
}

/** Open cases per version of a service, and the total per version. */
export async function casesByVersion(deps: AppDeps, id: string): Promise<Map<number, { open: number; total: number }>> {
  const out = new Map<number, { open: number; total: number }>();
  for (const v of (await deps.store.cases.tally(id)).versions) out.set(v.version, { open: v.open, total: v.open + v.closed });
  return out;
}

/** Who published a version, as the history shows it. */
export function publisherName(name: (username: string) => string, publishedBy: string): string {
  return publishedBy === 'berkas' ? 'berkas di folder workflows' : name(publishedBy);
}
