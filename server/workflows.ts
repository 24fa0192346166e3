/**
 * The workflows the server runs: every YAML file of the workflows folder, checked by the definition loader,
 * registered as versions in the store, plus the older versions that open cases still run on.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { formatDefinitionError, loadWorkflowFile, parseWorkflow } from '../engine/definition/index.ts';
import { workflowHash } from '../engine/hash.ts';
import type { Workflow, WorkflowRef } from '../engine/types.ts';
import type { VersionStore } from './store/versions.ts';

/** Files of a workflows folder that define a service (scenario files sit beside them and are skipped). */
export function isWorkflowFile(name: string): boolean {
  return /\.ya?ml$/i.test(name) && !/\.scenarios\.ya?ml$/i.test(name) && !name.startsWith('.');
}

export class WorkflowRegistry {
  private readonly active = new Map<string, Workflow>();
  private readonly byHash = new Map<string, Workflow>();
  /** Located, formatted definition errors of files that were refused (the last good version keeps running). */
  readonly problems: string[] = [];

  constructor(private readonly versions?: VersionStore) {}

  /** Makes `wf` the version new cases of its id start on. */
  activate(wf: Workflow): void {
    this.active.set(wf.id, wf);
    this.byHash.set(workflowHash(wf), wf);
  }

  /** Active workflows, by title. */
  list(): Workflow[] {
    return [...this.active.values()].sort((a, b) => a.title.localeCompare(b.title, 'id'));
  }

  /** The active version of a workflow. */
  get(id: string): Workflow | undefined {
    return this.active.get(id);
  }

  /** The exact definition a case started on (by hash), from memory or from the stored versions. */
  forCase(ref: WorkflowRef): Workflow | undefined {
    const known = this.byHash.get(ref.hash);
    if (known) return known;
    const record = this.versions?.byHash(ref.id, ref.hash);
    if (!record) return undefined;
    const parsed = parseWorkflow(record.source, `${ref.id}@${record.version}`);
    if (!parsed.ok) return undefined;
    const wf = { ...parsed.workflow, version: record.version };
    if (workflowHash(wf) !== ref.hash) return undefined;
    this.byHash.set(ref.hash, wf);
    return wf;
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
}

/**
 * Loads every workflow file of `dir`. A file with errors is reported in `problems` and, if an earlier version
 * was registered, that version stays active. A file whose content changed without a new `version` number is
 * registered as the next version number.
 */
export async function loadWorkflows(dir: string, options: LoadOptions): Promise<WorkflowRegistry> {
  const { versions } = options;
  const registry = new WorkflowRegistry(versions);
  let names: string[];
  try {
    names = (await readdir(dir)).filter(isWorkflowFile).sort();
  } catch (err) {
    throw new Error(`Folder alur ${dir} tidak dapat dibaca: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const fileOf = new Map<string, string>();
  for (const name of names) {
    const file = join(dir, name);
    const result = loadWorkflowFile(file);
    if (!result.ok) {
      registry.problems.push(...result.errors.map(formatDefinitionError));
      continue;
    }
    let wf = result.workflow;
    if (fileOf.has(wf.id)) {
      registry.problems.push(`${file}: id "${wf.id}" sudah dipakai oleh ${fileOf.get(wf.id)}; berkas ini dilewati.`);
      continue;
    }
    fileOf.set(wf.id, file);
    if (versions) wf = await register(versions, wf, await readFile(file, 'utf8'), options.now);
    registry.activate(wf);
  }
  // A workflow whose file was refused or removed keeps running on its last active version.
  if (versions) {
    for (const record of versions.list()) {
      if (!record.active || registry.get(record.workflow)) continue;
      const wf = registry.forCase({ id: record.workflow, version: record.version, hash: record.hash });
      if (wf) registry.activate(wf);
    }
  }
  return registry;
}

/** Records `wf` as a version (if new) and makes it active; returns the definition as registered. */
async function register(versions: VersionStore, loaded: Workflow, source: string, now: Date): Promise<Workflow> {
  let wf = loaded;
  let hash = workflowHash(wf);
  const same = versions.byHash(wf.id, hash);
  if (same) {
    if (!same.active) await versions.activate(wf.id, same.version);
    return wf;
  }
  const existing = versions.list(wf.id);
  if (existing.some((v) => v.version === wf.version)) {
    const next = Math.max(...existing.map((v) => v.version)) + 1;
    wf = { ...wf, version: next };
    hash = workflowHash(wf);
  }
  await versions.add({
    workflow: wf.id,
    version: wf.version,
    hash,
    source,
    decree: { number: wf.decree.number, ...(wf.decree.effective ? { effective: wf.decree.effective } : {}) },
    publishedBy: 'berkas',
    publishedAt: now.toISOString(),
    active: true,
    summary: existing.length ? 'Berkas alur diubah langsung di folder workflows.' : 'Versi pertama, dimuat dari folder workflows.',
  });
  return wf;
}
