/**
 * The database goes away and comes back: alur answers 503 (an Indonesian page, JSON {error} on the API, never a
 * stack) while it is away and serves again by itself once it is back; a database that cannot be reached at start is
 * named plainly; the CLI works on the database while a server runs on it. This test stops and starts a cluster of
 * its own (the shared one serves the other tests).
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run as serve } from '../../../server/cli/serve.ts';
import { run as user } from '../../../server/cli/user.ts';
import { startCluster, type Cluster } from '../../pg/cluster.ts';
import { makeBench, type Bench } from '../helpers.ts';

let cluster: Cluster;
let bench: Bench;
let url: string;

beforeAll(async () => {
  cluster = await startCluster({ fsync: false });
  const admin = new pg.Client({ connectionString: cluster.url });
  await admin.connect();
  await admin.query('CREATE DATABASE alur');
  await admin.end();
  url = cluster.urlOf('alur');
  bench = await makeBench({ database: url });
});

afterAll(async () => {
  await bench?.close();
  await cluster?.destroy();
});

/** Output of a CLI command run in this process. */
async function cli(command: (args: string[]) => Promise<number>, args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = console.log;
  const error = console.error;
  console.log = (...a: unknown[]) => void out.push(a.join(' '));
  console.error = (...a: unknown[]) => void err.push(a.join(' '));
  try {
    const code = await command(args);
    return { code, out: out.join('\n'), err: err.join('\n') };
  } finally {
    console.log = log;
    console.error = error;
  }
}

describe('PostgreSQL away and back', () => {
  it('answers 503 while the database is down and recovers by itself when it returns', async () => {
    const cookie = await bench.login('front_office');
    const token = await bench.token('front_office');
    const page = () => bench.app.request('/tugas', { headers: { cookie } });
    const api = () => bench.app.request('/api/v1/tasks', { headers: { authorization: `Bearer ${token}` } });
    expect((await page()).status).toBe(200);
    expect((await api()).status).toBe(200);

    await cluster.stop();
    const down = await page();
    expect(down.status).toBe(503);
    const html = await down.text();
    expect(html).toContain('Basis data sedang tidak dapat dihubungi');
    expect(html).toContain('<html');
    expect(html).not.toMatch(/at .*\.ts:\d+|Error:|ECONNREFUSED|ENOENT/);
    const downApi = await api();
    expect(downApi.status).toBe(503);
    const body = (await downApi.json()) as { error: string };
    expect(Object.keys(body)).toEqual(['error']);
    expect(body.error).toMatch(/Basis data sedang tidak dapat dihubungi/);
    // The public page too (its figures come from the store).
    expect([200, 503]).toContain((await bench.app.request('/layanan')).status);

    await cluster.start();
    let status = 0;
    for (let i = 0; i < 100 && status !== 200; i++) {
      status = (await page()).status;
      if (status !== 200) await new Promise((r) => setTimeout(r, 100));
    }
    expect(status).toBe(200);
    expect((await api()).status).toBe(200);
  });

  it('fails a transaction cut off in the middle as unavailable, stores none of it, and goes on once the server is back', async () => {
    const store = bench.store;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let entered!: () => void;
    const inside = new Promise<void>((r) => (entered = r));
    const cut = store.transaction(async (tx) => {
      await tx.kv.put('uji', 'terputus', 1, { now: '2026-11-30T02:00:00.000Z' });
      entered();
      await gate;
      await tx.kv.put('uji', 'terputus', 2, { now: '2026-11-30T02:00:00.000Z' });
    });
    await inside;
    // The connection dies while the transaction waits between two queries.
    await cluster.stop();
    release();
    await expect(cut).rejects.toMatchObject({ name: 'StoreUnavailableError' });
    await cluster.start();
    let value: unknown = 'belum';
    for (let i = 0; i < 100 && value === 'belum'; i++) {
      try {
        value = (await store.kv.get('uji', 'terputus'))?.value;
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    expect(value).toBeUndefined();
    await store.kv.put('uji', 'terputus', 3, { now: '2026-11-30T02:00:00.000Z' });
    expect((await store.kv.get('uji', 'terputus'))?.value).toBe(3);
  });

  it('names an unreachable database at start and exits, without the password', async () => {
    const r = await cli(serve, ['--database', 'postgres://alur:rahasia@127.0.0.1:1/alur', '--port', '0', '--host', '127.0.0.1']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/Tidak dapat terhubung ke basis data PostgreSQL postgres:\/\/alur@127\.0\.0\.1:1\/alur/);
    expect(r.err).not.toContain('rahasia');
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it('changes accounts from the CLI while a server runs on the database, in force at its next request', async () => {
    const cookie = await bench.login('fo2');
    expect((await bench.app.request('/tugas', { headers: { cookie } })).status).toBe(200);
    const r = await cli(user, ['disable', 'fo2', '--database', url, '--workflows', `${bench.dir}/workflows`]);
    expect(r.code, r.err).toBe(0);
    const after = await bench.app.request('/tugas', { headers: { cookie } });
    expect(after.status).not.toBe(200);
    const list = await cli(user, ['list', '--database', url]);
    expect(list.out).toMatch(/fo2\s+front_office\s+NONAKTIF/);
  });
});
