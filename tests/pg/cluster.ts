/**
 * A throwaway PostgreSQL cluster for tests and the benchmark: initdb into a temp folder, pg_ctl start with a unix
 * socket in that folder (no TCP port to collide with anything), stop and remove it at the end. As root the server
 * programs run as the `postgres` system user (initdb refuses root). No vitest import: the benchmark and child
 * processes use it too.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { randomBytes } from 'node:crypto';
import pg from 'pg';

const run = promisify(execFile);

async function findBinDir(): Promise<string> {
  const base = '/usr/lib/postgresql';
  const versions = existsSync(base) ? (await readdir(base)).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a)) : [];
  const dirs = process.env.ALUR_PG_BIN ? [process.env.ALUR_PG_BIN] : versions.map((v) => join(base, v, 'bin'));
  for (const dir of dirs) if (existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl'))) return dir;
  throw new Error(
    'PostgreSQL tidak terpasang: program initdb/pg_ctl tidak ditemukan di /usr/lib/postgresql/*/bin. ' +
      'Pasang dengan `apt-get install -y --no-install-recommends postgresql` (.ci/run melakukannya), atau tunjuk folder programnya dengan ALUR_PG_BIN, ' +
      'atau berikan server sendiri lewat ALUR_TEST_DATABASE_URL.',
  );
}

export interface ClusterOptions {
  /** false only for functional tests: a crash of the machine could lose commits (never for durability tests or the benchmark). */
  fsync?: boolean;
  /** Extra `-c name=value` settings. */
  settings?: Record<string, string | number>;
  /** An empty folder to put the cluster in (default: a new temp folder). */
  root?: string;
}

export interface Cluster {
  /** Connection URL of the cluster's `postgres` database (user `alur`, no password, unix socket). */
  readonly url: string;
  /** The URL of another database on the same cluster. */
  urlOf(database: string): string;
  /** Starts the server again after stop() (same data, same socket). */
  start(): Promise<void>;
  /** Stops the server (fast shutdown: connections are cut, as when a database server goes away). */
  stop(): Promise<void>;
  /** Stops it and removes every file of it. */
  destroy(): Promise<void>;
  /** The server's log (for a failing test's message). */
  log(): Promise<string>;
}

const PORT = 5432;

/** A new temp folder for a cluster. */
export function newClusterRoot(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'alur-pg-'));
}

/** The URL of `database` on a cluster in folder `root` (see startCluster). */
export function clusterUrl(root: string, database = 'postgres'): string {
  return `postgres://alur@localhost/${encodeURIComponent(database)}?host=${encodeURIComponent(root)}&port=${PORT}`;
}

/** Starts a new cluster in a temp folder; rejects with an Indonesian message naming what is missing. */
export async function startCluster(options: ClusterOptions = {}): Promise<Cluster> {
  const bin = await findBinDir();
  const root = options.root ?? (await newClusterRoot());
  const asRoot = userInfo().uid === 0;
  const data = join(root, 'db');
  const logFile = join(root, 'log');
  const exec = (program: string, args: string[]) =>
    asRoot ? run('runuser', ['-u', 'postgres', '--', join(bin, program), ...args]) : run(join(bin, program), args);
  if (asRoot) {
    const ids = await run('id', ['-u', 'postgres']).catch(() => undefined);
    if (!ids) throw new Error('Pengguna sistem "postgres" tidak ada (dipasang bersama paket postgresql); initdb tidak dapat dijalankan sebagai root.');
    const uid = Number(ids.stdout.trim());
    const gid = Number((await run('id', ['-g', 'postgres'])).stdout.trim());
    await chown(root, uid, gid);
    await chmod(root, 0o700);
  }
  const settings: Record<string, string | number> = {
    listen_addresses: "''",
    max_connections: 300,
    shared_buffers: '32MB',
    ...(options.fsync === false ? { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' } : {}),
    ...options.settings,
  };
  const serverOptions = [`-p ${PORT}`, `-k ${root}`, ...Object.entries(settings).map(([k, v]) => `-c ${k}=${v}`)].join(' ');
  try {
    await exec('initdb', ['-D', data, '-A', 'trust', '-U', 'alur', '-E', 'UTF8', '--locale=C.UTF-8', ...(options.fsync === false ? ['--no-sync'] : [])]);
  } catch (err) {
    await rm(root, { recursive: true, force: true });
    throw new Error(`initdb gagal: ${(err as { stderr?: string }).stderr ?? (err as Error).message}`);
  }
  const start = async () => {
    try {
      await exec('pg_ctl', ['-D', data, '-l', logFile, '-w', '-t', '60', '-o', serverOptions, 'start']);
    } catch (err) {
      const log = await readFile(logFile, 'utf8').catch(() => '');
      throw new Error(`PostgreSQL tidak dapat dijalankan: ${(err as { stderr?: string }).stderr ?? (err as Error).message}\n${log.slice(-2000)}`);
    }
  };
  const stop = async () => {
    await exec('pg_ctl', ['-D', data, '-m', 'fast', '-w', '-t', '60', 'stop']).catch(() => undefined);
  };
  try {
    await start();
  } catch (err) {
    await rm(root, { recursive: true, force: true });
    throw err;
  }
  const urlOf = (database: string) => clusterUrl(root, database);
  return {
    url: urlOf('postgres'),
    urlOf,
    start,
    stop,
    async destroy() {
      await stop();
      await rm(root, { recursive: true, force: true });
    },
    log: () => readFile(logFile, 'utf8').catch(() => ''),
  };
}

/** The URL of database `name` on the server of admin URL `url`. */
export function databaseUrl(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(name)}`;
  return u.toString();
}

/** A new, empty database on the server of admin URL `admin` (e.g. a cluster of the test's own: cluster.url). */
export async function createDatabase(admin: string, label = 't'): Promise<string> {
  const name = `${label.toLowerCase().replace(/[^a-z0-9]+/g, '_').slice(0, 30)}_${randomBytes(5).toString('hex')}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  return databaseUrl(admin, name);
}
