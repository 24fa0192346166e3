/**
 * Two real `alur serve` processes on one new PostgreSQL database: started at the same moment they both come up
 * (the schema migrated once, the seed version registered once, the first account made once, its password printed
 * by one of them), and a server restarted with an older copy of a service file in its folder keeps the version
 * published since (its folder only seeds the shared store).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../../server/auth/users.ts';
import { openStore } from '../../../server/store/index.ts';
import { publishVersion } from '../../../server/versions.ts';
import { loadWorkflows } from '../../../server/workflows.ts';
import { freshDatabase } from '../../pg/database.ts';
import { PASSWORD, SEED } from '../helpers.ts';

const BIN = fileURLToPath(new URL('../../../bin/alur.js', import.meta.url));
let dir: string;
let url: string;
const running: ChildProcess[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'alur-serve-pg-'));
  for (const name of ['a', 'b']) {
    await mkdir(join(dir, name));
    await copyFile(SEED, join(dir, name, 'respon-kasus-anak.yaml'));
  }
  url = await freshDatabase('serve');
});
afterAll(async () => {
  for (const p of running) p.kill('SIGKILL');
  await rm(dir, { recursive: true, force: true });
});

function serve(folder: string): Promise<{ url: string; out: string; proc: ChildProcess }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--host', '127.0.0.1', '--database', url, '--workflows', join(dir, folder)], { stdio: ['ignore', 'pipe', 'pipe'] });
    running.push(proc);
    let out = '';
    let err = '';
    proc.stdout!.on('data', (d) => {
      out += d;
      const m = /alur melayani .* di (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) resolve({ url: m[1]!, out, proc });
    });
    proc.stderr!.on('data', (d) => (err += d));
    proc.on('exit', (code) => reject(new Error(`alur serve ended (${code}) before listening:\n${out}\n${err}`)));
  });
}

const stopped = (proc: ChildProcess) => new Promise<void>((resolve) => (proc.exitCode !== null ? resolve() : proc.once('exit', () => resolve())));

async function versionOn(server: string, token: string): Promise<number> {
  const r = await fetch(`${server}/api/v1/workflows`, { headers: { authorization: `Bearer ${token}` } });
  return ((await r.json()) as Array<{ id: string; version: number }>).find((w) => w.id === 'respon-kasus-anak')!.version;
}

describe('alur serve on PostgreSQL', () => {
  it('starts two servers at once on a new database, and a restart with a stale folder keeps the published version', { timeout: 120_000 }, async () => {
    const [a, b] = await Promise.all([serve('a'), serve('b')]);
    expect([a.out, b.out].filter((o) => o.includes('Akun pertama dibuat'))).toHaveLength(1);
    expect(a.out).toContain('data: postgres://');

    // An account and a new version, through a third process on the same database (as the editor on any server would).
    const store = await openStore(url);
    try {
      await createUser(store.users, { username: 'fo', roles: ['front_office'], password: PASSWORD, now: new Date() });
      const registry = await loadWorkflows(join(dir, 'a'), { versions: store.versions, now: new Date(), shared: true });
      const source = (await readFile(join(dir, 'a', 'respon-kasus-anak.yaml'), 'utf8')).replace('duration: P1D', 'duration: P2D').replace('text: 1 Hari', 'text: 2 Hari');
      const done = await publishVersion(store, registry, { workflow: 'respon-kasus-anak', source, decree: 'KPTS.800/2027/02', effective: '2026-12-01', by: 'admin', now: new Date(), basedOn: 1 });
      expect(done.ok, JSON.stringify(done)).toBe(true);
      expect((await store.versions.list('respon-kasus-anak')).map((v) => v.version)).toEqual([1, 2]);
    } finally {
      await store.close();
    }
    const login = await fetch(`${a.url}/api/v1/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'fo', password: PASSWORD }) });
    const { token } = (await login.json()) as { token: string };
    expect(await versionOn(a.url, token)).toBe(2);
    expect(await versionOn(b.url, token)).toBe(2);

    // B restarts with its folder still holding version 1: version 2 stays in force, nothing new is registered.
    b.proc.kill('SIGTERM');
    await stopped(b.proc);
    const again = await serve('b');
    expect(await versionOn(again.url, token)).toBe(2);
    const check = await openStore(url);
    try {
      expect((await check.versions.list('respon-kasus-anak')).map((v) => [v.version, v.active])).toEqual([
        [1, false],
        [2, true],
      ]);
      expect(await check.audit.verify()).toMatchObject({ ok: true });
    } finally {
      await check.close();
    }
  });

  it('registers a folder version once when two servers load it at the same moment', async () => {
    const fresh = await freshDatabase('serve-race');
    // Folders of their own holding the seed (the test above published into folder a).
    for (const name of ['c', 'd']) {
      await mkdir(join(dir, name));
      await copyFile(SEED, join(dir, name, 'respon-kasus-anak.yaml'));
    }
    const stores = [await openStore(fresh), await openStore(fresh)];
    try {
      for (let round = 0; round < 3; round++) {
        const now = new Date();
        const loaded = await Promise.all(stores.map((s, i) => loadWorkflows(join(dir, i ? 'd' : 'c'), { versions: s.versions, now, shared: true })));
        for (const registry of loaded) expect(registry.get('respon-kasus-anak')?.version).toBe(1);
      }
      expect((await stores[0]!.versions.list('respon-kasus-anak')).map((v) => v.version)).toEqual([1]);
    } finally {
      for (const s of stores) await s.close();
    }
  });
});
