/**
 * The workflows the server runs: every YAML file of the workflows folder, checked by the definition loader,
 * registered as versions in the store, plus the older versions that open cases still run on. The folder can be
 * read again while the server runs (syncFolder): a changed file becomes a new version, a broken one is refused.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { summarizeChanges } from '../engine/changes.ts';
import { composeWithOffice, formatDefinitionError, loadWorkflowFile, parseWorkflow, type DefinitionError, type Office } from '../engine/definition/index.ts';
import { OfficeFileError, readOffice } from './office.ts';
import { workflowHash } from '../engine/hash.ts';
import { sensitiveNames, subjectFields } from '../engine/access.ts';
import type { PolicyResolver, SealingPolicy } from './store/crypt/sealed-store.ts';
import { summarize, type CaseSummary } from '../engine/summary.ts';
import type { Case, Workflow, WorkflowRef } from '../engine/types.ts';
import type { Store } from '../engine/ports/store.ts';
import type { WorkflowVersionRecord } from '../engine/ports/versions.ts';

/** What the registry needs of the store: the versions, and a way to record a folder's new version with its audit. */
type VersionStore = Store['versions'];

/** Files of a workflows folder that define a service (scenario files sit beside them and are skipped). */
export function isWorkflowFile(name: string): boolean {
  return /\.ya?ml$/i.test(name) && !/\.scenarios\.ya?ml$/i.test(name) && !name.startsWith('.') && !/^office\.ya?ml$/i.test(name);
}

/** A file of the folder that was refused, with its located errors. */
export interface RefusedFile {
  file: string;
  errors: DefinitionError[];
}

export class WorkflowRegistry {
  private active = new Map<string, Workflow>();
  /** Every stored version record, as of `generation`. */
  private records: WorkflowVersionRecord[] = [];
  private generation = -1;
  private readonly byHash = new Map<string, Workflow>();
  /** Workflow id → the file of the folder that defines it. */
  private readonly files = new Map<string, string>();
  private queue: Promise<unknown> = Promise.resolve();
  /** Located, formatted definition errors of files that were refused (the last good version keeps running). */
  readonly problems: string[] = [];
  /** The same refusals, structured, for the administrator's page. */
  readonly refused: RefusedFile[] = [];
  /** The folder's office file (office.yaml), as last read: what a service that lacks a calendar or header uses. */
  office: Office | undefined;

  /** `dir`: the workflows folder, when the registry was loaded from one. */
  constructor(
    readonly versions?: VersionStore,
    readonly dir?: string,
    /** See LoadOptions.shared. */
    readonly shared = false,
  ) {}

  /** Makes `wf` the version new cases of its id start on; `file` is where it is defined in the folder. */
  activate(wf: Workflow, file?: string): void {
    this.active.set(wf.id, wf);
    this.byHash.set(workflowHash(wf), wf);
    if (file) this.files.set(wf.id, file);
  }

  /** The file of the folder that defines workflow `id`, if it was loaded from one. */
  fileOf(id: string): string | undefined {
    return this.files.get(id);
  }

  /** Runs `task` after every change already queued (publishing, reloading): one change at a time. */
  exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Reads the stored versions now (inside `exclusive`, after this registry wrote some). */
  async refreshNow(): Promise<void> {
    if (!this.versions) return;
    this.generation = await this.versions.generation();
    this.records = await this.versions.list();
  }

  /** Active workflows, by title. */
  list(): Workflow[] {
    return [...this.active.values()].sort((a, b) => a.title.localeCompare(b.title, 'id'));
  }

  /** The active version of a workflow. */
  get(id: string): Workflow | undefined {
    return this.active.get(id);
  }

  /**
   * Reads the stored versions again when they changed (a publish on this server or another one): the store is the
   * truth, compared by its generation counter, so every server serves what was published on its next request.
   */
  async refresh(): Promise<boolean> {
    if (!this.versions) return false;
    const generation = await this.versions.generation();
    if (generation === this.generation) return false;
    return this.exclusive(async () => {
      const now = await this.versions!.generation();
      if (now === this.generation) return false;
      this.records = await this.versions!.list();
      this.generation = now;
      for (const record of this.records) {
        if (!record.active) continue;
        const wf = this.forCase({ id: record.workflow, version: record.version, hash: record.hash });
        if (wf && this.active.get(wf.id) !== wf) this.active.set(wf.id, wf);
      }
      return true;
    });
  }

  /** Stored version records of one workflow (or all), oldest first, as of the last refresh. */
  storedVersions(workflow?: string): WorkflowVersionRecord[] {
    return this.records.filter((r) => workflow === undefined || r.workflow === workflow);
  }

  /** The stored record of one version, as of the last refresh. */
  storedVersion(workflow: string, version: number): WorkflowVersionRecord | undefined {
    return this.records.find((r) => r.workflow === workflow && r.version === version);
  }

  /** The exact definition a case started on (by hash), from memory or from the stored versions. */
  forCase(ref: WorkflowRef): Workflow | undefined {
    const known = this.byHash.get(ref.hash);
    if (known) return known;
    const record = this.records.find((r) => r.workflow === ref.id && r.hash === ref.hash);
    if (!record) return undefined;
    const parsed = parseWorkflow(record.source, `${ref.id}@${record.version}`);
    if (!parsed.ok) return undefined;
    const wf = { ...parsed.workflow, version: record.version };
    if (workflowHash(wf) !== ref.hash) return undefined;
    this.byHash.set(ref.hash, wf);
    return wf;
  }

  /**
   * Every stored version of workflow `id` (oldest first), so that work still waiting on an older version is
   * found (e.g. a step that moved to another role stays in the old role's inbox for cases started before).
   */
  versionsOf(id: string): Workflow[] {
    const active = this.active.get(id);
    const records = this.storedVersions(id);
    const all = records.flatMap((r) => this.forCase({ id, version: r.version, hash: r.hash }) ?? []);
    return all.length ? all : active ? [active] : [];
  }

  /** The title of a role id in any workflow ("Petugas Front Office"); "Administrator" for admin. */
  roleTitle(role: string): string {
    if (role === 'admin') return 'Administrator';
    for (const wf of this.active.values()) if (wf.roles[role]) return wf.roles[role]!;
    return role;
  }

  /** Every role id the active workflows declare, with its title (first declaration wins). */
  roles(): Array<{ id: string; title: string }> {
    const seen = new Map<string, string>();
    for (const wf of this.list()) for (const [id, title] of Object.entries(wf.roles)) if (!seen.has(id)) seen.set(id, title);
    return [...seen].map(([id, title]) => ({ id, title }));
  }
}

export interface LoadOptions {
  /** Registers each definition as a version, so cases keep their exact definition after the file changes. */
  versions?: VersionStore;
  now: Date;
  /**
   * The store is shared by several app servers (PostgreSQL): the folder only seeds it, and a file holding an older
   * stored version (another server's stale copy) does not become the version in force again.
   */
  shared?: boolean;
}

/** What reading the folder did to one workflow. */
export interface SyncedFile {
  id: string;
  file: string;
  version: number;
  /**
   * new: first version; changed: the file differs from every stored version; same: nothing to do; stale: the file
   * holds an older stored version, and the version in force stays.
   */
  change: 'new' | 'changed' | 'same' | 'stale';
}

export interface SyncReport {
  loaded: SyncedFile[];
  refused: RefusedFile[];
}

/** Where the scenario file of service `id` lives: beside its YAML file (`<id>.scenarios.yaml`). */
export function scenarioFileOf(registry: WorkflowRegistry, id: string): string | undefined {
  const file = registry.fileOf(id) ?? (registry.dir ? `${registry.dir}/${id}.yaml` : undefined);
  return file?.replace(/\.ya?ml$/i, '.scenarios.yaml');
}

/**
 * Loads every workflow file of `dir`. A file with errors is reported in `problems` and, if an earlier version
 * was registered, that version stays active. A file whose content differs from the active version is
 * registered as the next version number.
 */
export async function loadWorkflows(dir: string, options: LoadOptions): Promise<WorkflowRegistry> {
  const registry = new WorkflowRegistry(options.versions, dir, options.shared);
  await registry.refresh();
  await syncFolder(registry, options.now, { start: true });
  return registry;
}

/**
 * Reads the registry's folder again (at start, and when the administrator asks for it). Call it through
 * `registry.exclusive` while the server runs. Throws when the folder cannot be read (nothing changes then).
 */
export async function syncFolder(registry: WorkflowRegistry, now: Date, options: { start?: boolean } = {}): Promise<SyncReport> {
  const { versions, dir } = registry;
  if (!dir) throw new Error('Registri ini tidak dimuat dari folder.');
  let names: string[];
  try {
    names = (await readdir(dir)).filter(isWorkflowFile).sort();
  } catch (err) {
    throw new Error(`Folder alur ${dir} tidak dapat dibaca: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  // A broken office file stops the reading (OfficeFileError, naming its lines): at start the server does not
  // start; read again while it runs, nothing changes and the file is listed as refused with its errors.
  let office: Office | undefined;
  try {
    office = readOffice(dir);
  } catch (err) {
    if (options.start || !(err instanceof OfficeFileError)) throw err;
    const refused = { file: err.file, errors: err.errors };
    registry.refused.splice(0, registry.refused.length, refused);
    registry.problems.splice(0, registry.problems.length, ...err.errors.map((e) => (e.line > 0 ? formatDefinitionError(e) : `${e.file}: ${e.message}`)));
    return { loaded: [], refused: [refused] };
  }
  const report: SyncReport = { loaded: [], refused: [] };
  const next = new Map<string, { wf: Workflow; file: string }>();
  for (const name of names) {
    const file = join(dir, name);
    const result = loadWorkflowFile(file, { office });
    if (!result.ok) {
      report.refused.push({ file, errors: result.errors });
      continue;
    }
    let wf = result.workflow;
    const taken = next.get(wf.id);
    if (taken) {
      report.refused.push({
        file,
        errors: [{ file, line: 0, column: 0, path: '', message: `id "${wf.id}" sudah dipakai oleh ${taken.file}; berkas ini dilewati.` }],
      });
      continue;
    }
    let change: SyncedFile['change'] = 'new';
    // The version keeps the text it runs on: the file's, with the office's sections it lacks (engine/definition/office.ts).
    if (versions) ({ wf, change } = await registerOnce(registry, versions, wf, composeWithOffice(await readFile(file, 'utf8'), office), now));
    next.set(wf.id, { wf, file });
    report.loaded.push({ id: wf.id, file, version: wf.version, change });
  }
  registry.office = office;
  for (const { wf, file } of next.values()) registry.activate(wf, file);
  // A workflow whose file was refused or removed keeps running on its last active version.
  if (versions) {
    await registry.refreshNow();
    for (const record of registry.storedVersions()) {
      if (!record.active || next.has(record.workflow)) continue;
      const wf = registry.forCase({ id: record.workflow, version: record.version, hash: record.hash });
      if (wf) registry.activate(wf);
    }
  }
  registry.problems.length = 0;
  registry.refused.length = 0;
  for (const r of report.refused) {
    registry.refused.push(r);
    registry.problems.push(...r.errors.map((e) => (e.line > 0 ? formatDefinitionError(e) : `${e.file}: ${e.message}`)));
  }
  return report;
}

/** Whether `record` holds the same definition as `wf`, whatever version number each carries. */
export function sameDefinition(wf: Workflow, record: WorkflowVersionRecord): boolean {
  return workflowHash({ ...wf, version: record.version }) === record.hash;
}

/** The change lines stored with a version ("- Langkah 3: …"), against the version it replaces. */
export function changeLines(before: Workflow | undefined, after: Workflow): string[] {
  return before ? summarizeChanges(before, after).map((c) => `- ${c.text.startsWith(c.subject) ? c.text : `${c.subject}: ${c.text}`}`) : [];
}

/**
 * Records the definition of a file as a version unless it is the active one already; returns the definition
 * as registered (numbered as stored) and what happened.
 */
/**
 * register(), again when another app server on the same store registered the same number a moment before (two
 * servers starting together on a new database): the second look finds that version.
 */
async function registerOnce(registry: WorkflowRegistry, versions: VersionStore, loaded: Workflow, source: string, now: Date): Promise<{ wf: Workflow; change: SyncedFile['change'] }> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await register(registry, versions, loaded, source, now);
    } catch (err) {
      if (attempt >= 3 || !/sudah terdaftar/.test((err as Error).message)) throw err;
      await registry.refreshNow();
    }
  }
}

async function register(
  registry: WorkflowRegistry,
  versions: VersionStore,
  loaded: Workflow,
  source: string,
  now: Date,
): Promise<{ wf: Workflow; change: SyncedFile['change'] }> {
  const existing = await versions.list(loaded.id);
  const active = existing.find((v) => v.active);
  if (active && sameDefinition(loaded, active)) return { wf: { ...loaded, version: active.version }, change: 'same' };
  const twin = [...existing].reverse().find((v) => sameDefinition(loaded, v));
  if (!active && twin) {
    await versions.activate(loaded.id, twin.version);
    return { wf: { ...loaded, version: twin.version }, change: 'same' };
  }
  if (active && twin && registry.shared) {
    // The folder holds an older version (another server's folder, or a file put back from a copy): publishing
    // happens through the editor or a changed file, never by a stale copy, so the version in force stays.
    const wf = registry.forCase({ id: active.workflow, version: active.version, hash: active.hash });
    if (wf) return { wf, change: 'stale' };
  }
  const highest = existing.length ? Math.max(...existing.map((v) => v.version)) : 0;
  const wf = { ...loaded, version: loaded.version > highest ? loaded.version : highest + 1 };
  const before = active && registry.forCase({ id: active.workflow, version: active.version, hash: active.hash });
  const headline = !existing.length
    ? 'Versi pertama, dimuat dari folder workflows.'
    : `Berkas alur diubah langsung di folder workflows${twin ? ` (isinya sama dengan versi ${twin.version})` : ''}.`;
  await versions.add({
    workflow: wf.id,
    version: wf.version,
    hash: workflowHash(wf),
    source,
    decree: { number: wf.decree.number, ...(wf.decree.effective ? { effective: wf.decree.effective } : {}) },
    publishedBy: 'berkas',
    publishedAt: now.toISOString(),
    active: true,
    summary: [headline, ...changeLines(before || undefined, wf)].join('\n'),
  });
  return { wf, change: existing.length ? 'changed' : 'new' };
}

/** The summarizer for the store's cases: each case with the exact definition it runs on (undefined when unknown). */
export function summarizer(registry: WorkflowRegistry): (c: Case) => CaseSummary | undefined {
  return (c) => {
    const wf = registry.forCase(c.workflow);
    return wf && summarize(wf, c);
  };
}

/**
 * What encryption at rest seals in a case (server/store/crypt): the names sensitive under the case's own version or
 * the one in force (the stricter), and the subject fields the blind name index reads. Undefined for a case whose
 * definition is unknown: then every value is sealed.
 */
export function sealingPolicy(registry: WorkflowRegistry): PolicyResolver {
  // Per definition in force (a publish brings a new object), per pinned version's hash.
  const cache = new WeakMap<Workflow, Map<string, SealingPolicy>>();
  const none = new Map<string, SealingPolicy>();
  return (ref) => {
    const pinned = registry.forCase(ref);
    if (!pinned) return undefined;
    const inForce = registry.get(ref.id);
    let byHash = inForce ? cache.get(inForce) : none;
    if (!byHash) cache.set(inForce!, (byHash = new Map()));
    let policy = byHash.get(ref.hash);
    if (!policy) {
      const names = sensitiveNames(inForce ? [pinned, inForce] : [pinned]);
      policy = { sensitive: (name) => names.has(name), subject: subjectFields(pinned).map((f) => f.name) };
      byHash.set(ref.hash, policy);
    }
    return policy;
  };
}
