/**
 * Databases for tests on the shared throwaway PostgreSQL cluster (tests/pg/global-setup.ts starts one per run).
 *
 *   const url = await freshDatabase('surat');    // a new, empty database of this test alone
 *   const store = await openStore(url);          // or two stores / two `alur serve --database url` on it
 *
 * Every call makes a new database, so tests never share state; they all go when the cluster is dropped at the end
 * of the run. A test that must stop the database server, or that needs fsync on (crash and durability tests),
 * starts its own cluster instead: durableCluster() (fsync on) or startCluster() from tests/pg/cluster.ts,
 * and createDatabase(cluster.url) on it.
 * Without PostgreSQL installed these reject with a message saying what to install.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { inject } from 'vitest';
import { createDatabase, startCluster, type Cluster } from './cluster.ts';

export { createDatabase, databaseUrl } from './cluster.ts';

let ready: Promise<string> | undefined;

function where(): { url: string; root?: string } {
  try {
    const provided = inject('pgCluster');
    if (provided) return provided;
  } catch {
    // Outside a vitest worker: fall back to the environment.
  }
  const url = process.env.ALUR_TEST_DATABASE_URL;
  if (!url) throw new Error('Tidak ada kluster PostgreSQL untuk pengujian: jalankan lewat vitest (tests/pg/global-setup.ts) atau isi ALUR_TEST_DATABASE_URL.');
  return { url, root: process.env.ALUR_TEST_CLUSTER_ROOT };
}

/** The shared cluster's admin URL, once it accepts connections. */
export function testClusterUrl(): Promise<string> {
  ready ??= (async () => {
    const { url, root } = where();
    if (root) {
      // The cluster starts in the background; wait for its word (a few seconds at most on a busy machine).
      const until = Date.now() + 120_000;
      for (;;) {
        if (existsSync(join(root, 'alur-failed'))) throw new Error(await readFile(join(root, 'alur-failed'), 'utf8'));
        if (existsSync(join(root, 'alur-ready'))) break;
        if (Date.now() > until) throw new Error(`Kluster PostgreSQL pengujian di ${root} tidak siap dalam 120 detik.`);
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    return url;
  })();
  return ready;
}

/** A new, empty database of its own on the shared test cluster; resolves with its URL. */
export async function freshDatabase(label = 't'): Promise<string> {
  return createDatabase(await testClusterUrl(), label);
}

/**
 * A cluster of the calling test file's own with fsync on, for crash and durability tests (a commit it
 * acknowledged is on disk); the caller destroys it in afterAll.
 */
export function durableCluster(): Promise<Cluster> {
  return startCluster({ fsync: true });
}
