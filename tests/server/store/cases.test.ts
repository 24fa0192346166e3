import { readdir, readFile, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { caseFile } from '../../../server/store/cases.ts';
import { CaseExistsError, CorruptCaseError, openStore } from '../../../server/store/index.ts';
import { makeCase, nextRev, tempDir } from './helpers.ts';

describe('case store', () => {
  it('creates, reads, updates with the expected rev, and refuses a stale rev without writing', async () => {
    const dir = await tempDir();
    const store = await openStore(dir);
    const c = makeCase('RKA-20261130-AAAAA');
    await store.cases.create(c);
    expect(await store.cases.get(c.id)).toEqual(c);
    expect(await store.cases.get('RKA-20261130-ZZZZZ')).toBeUndefined();
    await expect(store.cases.create(c)).rejects.toBeInstanceOf(CaseExistsError);

    const second = nextRev(c, { current: 'proses-laporan', data: { ...c.data, dokumen_lengkap: 'ya' } });
    expect(await store.cases.update(second, 1)).toBe(true);
    // Another clerk still holding rev 1 loses, and nothing of theirs is written.
    const rival = nextRev(c, { current: 'validasi-laporan' });
    expect(await store.cases.update(rival, 1)).toBe(false);
    expect(await store.cases.get(c.id)).toEqual(second);
    await expect(store.cases.update({ ...nextRev(second), rev: 9 }, 2)).rejects.toThrow(/rev baru harus 3/);
    await store.close();
  });

  it('lets exactly one of two simultaneous updates of the same rev win', async () => {
    const store = await openStore(await tempDir());
    const c = makeCase('RKA-20261130-BBBBB');
    await store.cases.create(c);
    const results = await Promise.all([
      store.cases.update(nextRev(c, { data: { by: 'fo1' } }), 1),
      store.cases.update(nextRev(c, { data: { by: 'fo2' } }), 1),
    ]);
    expect(results.filter(Boolean)).toHaveLength(1);
    const stored = await store.cases.get(c.id);
    expect(stored?.rev).toBe(2);
    expect(stored?.data.by).toBe(results[0] ? 'fo1' : 'fo2');
    await store.close();
  });

  it('lists summaries filtered by workflow, status and step, newest first, and counts', async () => {
    const store = await openStore(await tempDir());
    await store.cases.create(makeCase('A-1', { createdAt: '2026-11-01T00:00:00.000Z' }));
    await store.cases.create(makeCase('A-2', { createdAt: '2026-11-03T00:00:00.000Z', current: 'proses-laporan' }));
    await store.cases.create(makeCase('A-3', { createdAt: '2026-11-02T00:00:00.000Z', status: 'closed', current: null, outcome: 'ditindaklanjuti' }));
    await store.cases.create(makeCase('B-1', { workflow: { id: 'pengaduan', version: 2, hash: 'b'.repeat(64) } }));
    expect(await store.cases.count()).toBe(4);
    expect((await store.cases.list({ workflow: 'respon-kasus-anak' })).map((s) => s.id)).toEqual(['A-2', 'A-3', 'A-1']);
    expect((await store.cases.list({ status: 'closed' })).map((s) => s.id)).toEqual(['A-3']);
    expect((await store.cases.list({ steps: ['proses-laporan', 'x'] })).map((s) => s.id)).toEqual(['A-2']);
    const closed = (await store.cases.list({ status: 'closed' }))[0]!;
    expect(closed).toMatchObject({ outcome: 'ditindaklanjuti', current: null, openDeadlines: [], due: '2026-12-01T02:00:00.000Z', version: 1 });
    expect((await store.cases.list({ workflow: 'pengaduan' }))[0]).toMatchObject({ workflow: 'pengaduan', version: 2, openDeadlines: ['2026-12-01T02:00:00.000Z'] });
    await store.close();
  });

  it('keeps every case and its latest rev across a reopen', async () => {
    const dir = await tempDir();
    let store = await openStore(dir);
    const a = makeCase('RKA-20261130-CCCCC');
    await store.cases.create(a);
    await store.cases.update(nextRev(a, { current: 'proses-laporan' }), 1);
    await store.cases.create(makeCase('RKA-20261130-DDDDD'));
    await store.close();
    store = await openStore(dir);
    expect(store.problems).toEqual([]);
    expect(await store.cases.count()).toBe(2);
    expect((await store.cases.get(a.id))?.rev).toBe(2);
    expect(store.cases.summary(a.id)?.current).toBe('proses-laporan');
    expect(await store.cases.update(nextRev(a), 1)).toBe(false);
    expect(await store.cases.update(nextRev({ ...a, rev: 2 }), 2)).toBe(true);
    await store.close();
  });

  it('removes temp files a crash left behind and keeps the case as last acknowledged', async () => {
    const dir = await tempDir();
    let store = await openStore(dir);
    const c = makeCase('RKA-20261130-EEEEE');
    await store.cases.create(c);
    await store.close();
    const file = caseFile(join(dir, 'cases'), c.id);
    const leftover = join(file, '..', `.${c.id}.json.tmp-4242-0a1b2c3d`);
    await writeFile(leftover, '{"id":"RKA-20261130-EEEEE","rev":2,"da');
    store = await openStore(dir);
    expect(store.problems).toMatchObject([{ severity: 'info', file: leftover }]);
    expect(await store.cases.get(c.id)).toEqual(c);
    expect(await readdir(join(file, '..'))).toEqual([`${c.id}.json`]);
    await store.close();
  });

  it('reports a truncated case file and still opens with every other case', async () => {
    const dir = await tempDir();
    let store = await openStore(dir);
    await store.cases.create(makeCase('RKA-20261130-FFFFF'));
    await store.cases.create(makeCase('RKA-20261130-GGGGG'));
    await store.close();
    const damaged = caseFile(join(dir, 'cases'), 'RKA-20261130-GGGGG');
    await truncate(damaged, 40);
    store = await openStore(dir);
    expect(store.problems).toHaveLength(1);
    expect(store.problems[0]).toMatchObject({ severity: 'error', file: damaged });
    expect(store.problems[0]!.message).toMatch(/RKA-20261130-GGGGG tidak dapat dibaca/);
    expect(await store.cases.count()).toBe(1);
    expect(await store.cases.get('RKA-20261130-FFFFF')).toBeDefined();
    await expect(store.cases.get('RKA-20261130-GGGGG')).rejects.toBeInstanceOf(CorruptCaseError);
    // The damaged file is evidence to restore from a backup: a new case never overwrites it.
    await expect(store.cases.create(makeCase('RKA-20261130-GGGGG'))).rejects.toBeInstanceOf(CaseExistsError);
    expect((await readFile(damaged, 'utf8')).length).toBe(40);
    await store.close();
  });

  it('reports a case file whose content is not the case its name says', async () => {
    const dir = await tempDir();
    let store = await openStore(dir);
    await store.cases.create(makeCase('RKA-20261130-HHHHH'));
    await store.close();
    await writeFile(caseFile(join(dir, 'cases'), 'RKA-20261130-HHHHH'), JSON.stringify(makeCase('OTHER-1')));
    store = await openStore(dir);
    expect(store.problems[0]?.message).toMatch(/tidak cocok dengan nama berkas/);
    await store.close();
  });

  it('refuses ids that cannot name a file safely', async () => {
    const store = await openStore(await tempDir());
    for (const id of ['../etc/passwd', 'a/b', '', '.hidden', 'x'.repeat(65)]) {
      await expect(store.cases.create(makeCase(id))).rejects.toThrow(/Nomor kasus tidak sah/);
      expect(await store.cases.get(id)).toBeUndefined();
    }
    await store.close();
  });

  it('hands out readable ids that say nothing about the child and are not taken', async () => {
    const store = await openStore(await tempDir());
    const now = new Date('2026-11-29T18:30:00Z'); // 30 November in Pekanbaru
    const ids = new Set<string>();
    for (let i = 0; i < 200; i++) ids.add(store.cases.newId('respon-kasus-anak', now));
    expect(ids.size).toBe(200);
    for (const id of ids) expect(id).toMatch(/^RKA-20261130-[0-9ABCDEFGHJKMNPQRSTVWXYZ]{5}$/);
    expect(store.cases.newId('respon-kasus-anak', now, { prefixes: { 'respon-kasus-anak': 'RESP' } })).toMatch(/^RESP-20261130-/);
    await store.close();
  });

  it('refuses use after close', async () => {
    const store = await openStore(await tempDir());
    await store.close();
    await expect(store.cases.get('A-1')).rejects.toThrow(/ditutup/);
  });
});
