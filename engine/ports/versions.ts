/** The versions port: every published version of every service, immutable once stored, and which one is in force. */

export interface WorkflowVersionRecord {
  workflow: string;
  version: number;
  /** sha256 of the canonical definition (engine workflowHash): cases pin it. */
  hash: string;
  /** The YAML text as published. */
  source: string;
  /** The service's scenario file as published with it, if any. */
  scenarios?: string;
  decree: { number: string; effective?: string };
  publishedBy: string;
  publishedAt: string;
  /** The version new cases start on; exactly one per workflow once any is active. */
  active: boolean;
  /** What changed, in the publisher's words and the change summary's. */
  summary: string;
}

export interface VersionReader {
  /** Versions of one workflow (or all), oldest first. */
  list(workflow?: string): Promise<WorkflowVersionRecord[]>;
  get(workflow: string, version: number): Promise<WorkflowVersionRecord | undefined>;
  byHash(workflow: string, hash: string): Promise<WorkflowVersionRecord | undefined>;
  active(workflow: string): Promise<WorkflowVersionRecord | undefined>;
  /** Grows with every add or activate, on any server: a registry compares it to know it must reload. */
  generation(): Promise<number>;
}

export interface VersionWriter {
  /** Records a version; if active, the workflow's other versions stop being active. Rejects a taken number. */
  add(record: WorkflowVersionRecord): Promise<void>;
  /** Makes one version the active one (rolling back); rejects when it is not registered. */
  activate(workflow: string, version: number): Promise<void>;
}
