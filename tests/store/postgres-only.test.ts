/**
 * What only the PostgreSQL store must show beyond the contract: two stores on one database (two app servers) act
 * as one, strings PostgreSQL cannot hold come back as given, a newer schema and an unreachable server are refused
 * with a reason an operator can read.
 */
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../../engine/ports/store.ts';
import { openStore, StoreUnavailableError } from '../../server/store/index.ts';
import { freshDatabase } from '../pg/database.ts';
import { changeCase, makeCase, nextRev, putCase } from '../server/store/fixtures/case.ts';

const opened: Store[] = [];
afterEach(async () => {
  while (opened.length) await opened.pop()!.close();
});
async function two(label: string): Promise<[Store, Store, string]> {
  const url = await freshDatabase(label);
  const a = await openStore(url);
  const b = await openStore(url);
  opened.push(a, b);
  return [a, b, url];
}

describe('PostgreSQL store: two servers on one database', () => {
  it('keeps one audit chain, one winner per rev, exclusive outbox leases and unique claims across both', async () => {
    const [a, b] = await two('two-servers');
    const c = makeCase('RKA-20261130-TWO01');
    await putCase(a, c);
    const wins = await Promise.all([changeCase(a, nextRev(c, { data: { by: 'a' } }), 1), changeCase(b, nextRev(c, { data: { by: 'b' } }), 1)]);
    expect(wins.filter(Boolean)).toHaveLength(1);
    expect((await b.cases.get(c.id))?.data.by).toBe(wins[0] ? 'a' : 'b');
    await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).audit.append({ at: '2026-11-30T02:00:00.000Z', actor: 'fo1', action: 'case.view', caseId: c.id })));
    expect(await a.audit.verify()).toMatchObject({ ok: true, entries: 20 });
    for (let i = 0; i < 6; i++) await a.outbox.enqueue({ id: `m${i}`, channel: 'email', to: 'x@contoh.go.id', payload: {}, dueAt: '2026-11-30T01:00:00.000Z', createdAt: '2026-11-30T00:00:00.000Z' });
    const [x, y] = await Promise.all([
      a.outbox.claim({ now: '2026-11-30T02:00:00.000Z', limit: 4, leaseMs: 60_000, worker: 'a' }),
      b.outbox.claim({ now: '2026-11-30T02:00:00.000Z', limit: 4, leaseMs: 60_000, worker: 'b' }),
    ]);
    const ids = [...x, ...y].map((m) => m.id);
    expect(ids).toHaveLength(6);
    expect(new Set(ids).size).toBe(6);
    const claims = await Promise.all([a, b, a, b].map((s, i) => s.kv.claim('survei', 'tautan-1', { by: i }, { now: '2026-11-30T02:00:00.000Z' })));
    expect(claims.filter((r) => r.claimed)).toHaveLength(1);
    const seqs = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).transaction((tx) => tx.sequences.next('surat'))));
    expect(seqs.sort((p, q) => p - q)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('wakes the other server through LISTEN/NOTIFY, and it reads the change from the database', async () => {
    const [a, b] = await two('notify');
    let woken = 0;
    b.watch('versions', () => woken++);
    const before = await b.versions.generation();
    // Let b's listening connection start before a signals.
    for (let i = 0; i < 100 && woken === 0; i++) await new Promise((r) => setTimeout(r, 20));
    woken = 0;
    await a.transaction(async (tx) => {
      await tx.versions.add({ workflow: 'w', version: 1, hash: 'a'.repeat(64), source: 'id: w', decree: { number: '1' }, publishedBy: 'admin', publishedAt: '2026-11-30T00:00:00.000Z', active: true, summary: '' });
      tx.signal('versions');
    });
    for (let i = 0; i < 100 && woken === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(woken).toBeGreaterThanOrEqual(1);
    expect(await b.versions.generation()).toBeGreaterThan(before);
    expect((await b.versions.active('w'))?.version).toBe(1);
  });
});

describe('PostgreSQL store: what PostgreSQL cannot hold as text', () => {
  it('keeps NUL characters and lone surrogates in cases, names, keys and audit details exactly', async () => {
    const [a] = await two('nul');
    const odd = 'a\u0000b\ud800c\uE000d\udc00';
    const c = makeCase('RKA-20261130-NUL01', { data: { catatan: odd, [odd]: 1 } });
    await putCase(a, c);
    expect(await a.cases.get(c.id)).toEqual(c);
    await a.users.add({ username: odd, displayName: odd, roles: [], password: null, disabled: false, createdAt: '2026-11-30T00:00:00.000Z' });
    expect((await a.users.get(odd))?.displayName).toBe(odd);
    expect(await a.users.get('a')).toBeUndefined();
    await a.kv.put(odd, odd, { v: odd }, { now: '2026-11-30T00:00:00.000Z' });
    expect((await a.kv.get(odd, odd))?.value).toEqual({ v: odd });
    await a.audit.append({ at: '2026-11-30T00:00:00.000Z', actor: odd, action: 'login.fail', details: { username: odd } });
    expect((await a.audit.list({ actor: odd }))[0]?.details).toEqual({ username: odd });
    expect(await a.audit.verify()).toMatchObject({ ok: true, entries: 1 });
  });
});

describe('PostgreSQL store: refusals at start', () => {
  it('refuses a database migrated by a newer alur, naming the reason in Indonesian, and writes nothing', async () => {
    const url = await freshDatabase('newer');
    const first = await openStore(url);
    await first.close();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(`INSERT INTO alur_migrations (name, run_on) VALUES ('9999_dari_masa_depan', now())`);
    await client.end();
    await expect(openStore(url)).rejects.toThrow(/versi alur yang lebih baru \(migrasi 9999_dari_masa_depan tidak dikenal/);
  });

  it('says plainly that the database cannot be reached, without the password', async () => {
    const err = await openStore('postgres://alur:rahasia@127.0.0.1:1/alur').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreUnavailableError);
    expect((err as Error).message).toMatch(/Tidak dapat terhubung ke basis data PostgreSQL postgres:\/\/alur@127\.0\.0\.1:1\/alur/);
    expect((err as Error).message).not.toContain('rahasia');
  });
});
