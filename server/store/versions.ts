/** The registry of published workflow versions (versions.json): YAML source, hash, decree, who published, which is active. */
import { join } from 'node:path';
import { JsonDocument } from './json-document.ts';
import type { WorkflowVersionRecord } from './types.ts';

interface VersionsFile {
  versions: WorkflowVersionRecord[];
}

export class VersionStore {
  private constructor(private readonly doc: JsonDocument<VersionsFile>) {}

  static async open(dataDir: string): Promise<VersionStore> {
    return new VersionStore(await JsonDocument.open<VersionsFile>(join(dataDir, 'versions.json'), { versions: [] }));
  }

  /** Versions of one workflow (or all), oldest first. */
  list(workflow?: string): WorkflowVersionRecord[] {
    return this.doc.data.versions
      .filter((v) => workflow === undefined || v.workflow === workflow)
      .map((v) => structuredClone(v))
      .sort((a, b) => (a.workflow === b.workflow ? a.version - b.version : a.workflow < b.workflow ? -1 : 1));
  }

  get(workflow: string, version: number): WorkflowVersionRecord | undefined {
    const v = this.doc.data.versions.find((x) => x.workflow === workflow && x.version === version);
    return v && structuredClone(v);
  }

  /** The version a case pinned by hash. */
  byHash(workflow: string, hash: string): WorkflowVersionRecord | undefined {
    const v = this.doc.data.versions.find((x) => x.workflow === workflow && x.hash === hash);
    return v && structuredClone(v);
  }

  /** The version new cases of `workflow` start on. */
  active(workflow: string): WorkflowVersionRecord | undefined {
    const v = this.doc.data.versions.find((x) => x.workflow === workflow && x.active);
    return v && structuredClone(v);
  }

  /** Records a published version; if it is active, the workflow's other versions stop being active. */
  add(record: WorkflowVersionRecord): Promise<void> {
    return this.doc.change((d) => {
      if (d.versions.some((x) => x.workflow === record.workflow && x.version === record.version)) {
        throw new Error(`Versi ${record.version} dari alur ${record.workflow} sudah terdaftar.`);
      }
      if (record.active) for (const x of d.versions) if (x.workflow === record.workflow) x.active = false;
      d.versions.push(structuredClone(record));
    });
  }

  /** Makes one version the active one (e.g. rolling back); rejects when it is not registered. */
  activate(workflow: string, version: number): Promise<void> {
    return this.doc.change((d) => {
      const target = d.versions.find((x) => x.workflow === workflow && x.version === version);
      if (!target) throw new Error(`Versi ${version} dari alur ${workflow} tidak terdaftar.`);
      for (const x of d.versions) if (x.workflow === workflow) x.active = x === target;
    });
  }

  close(): Promise<void> {
    return this.doc.idle();
  }
}
