/**
 * vitest globalSetup: ONE throwaway PostgreSQL cluster for the whole test run (fsync off: functional tests only),
 * started in the background so a run that needs no database does not wait for it, and removed at the end.
 * Tests get a database of their own from it with `freshDatabase()` (tests/pg/database.ts). When
 * ALUR_TEST_DATABASE_URL is already set, that server is used instead and no cluster is started.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { clusterUrl, newClusterRoot, startCluster, type Cluster } from './cluster.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where the shared cluster is: its admin URL, and the folder that says whether it started (see database.ts). */
    pgCluster: { url: string; root?: string };
  }
}

export const READY_FILE = 'alur-ready';
export const FAILED_FILE = 'alur-failed';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const given = process.env.ALUR_TEST_DATABASE_URL;
  if (given) {
    project.provide('pgCluster', { url: given });
    return async () => undefined;
  }
  const root = await newClusterRoot();
  const url = clusterUrl(root);
  process.env.ALUR_TEST_DATABASE_URL = url;
  process.env.ALUR_TEST_CLUSTER_ROOT = root;
  project.provide('pgCluster', { url, root });
  const starting: Promise<Cluster | undefined> = startCluster({ fsync: false, root }).then(
    async (cluster) => {
      await writeFile(join(root, READY_FILE), 'ok');
      return cluster;
    },
    async (err: Error) => {
      await writeFile(join(root, FAILED_FILE), err.message).catch(() => undefined);
      return undefined;
    },
  );
  return async () => {
    const cluster = await starting;
    if (cluster) await cluster.destroy();
    else {
      const { rm } = await import('node:fs/promises');
      await rm(root, { recursive: true, force: true });
    }
  };
}
