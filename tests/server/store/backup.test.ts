import { readdir, readFile, writeFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { backup, openStore, restore, StoreLockedError } from '../../../server/store/index.ts';
import { changeCase, makeCase, nextRev, putCase, tempDir } from './helpers.ts';

/** A data folder with cases, a user, a version and audit entries; returns it closed. */
async function filled(): Promise<string> {
  const dir = join(await tempDir(), 'data');
  const store = await openStore(dir);
  for (let i = 0; i < 20; i++) {
    const c = makeCase(`RKA-20261130-${String(i).padStart(5, '0')}`);
    await putCase(store, c);
    if (i % 2) await changeCase(store, nextRev(c, { current: 'proses-laporan' }), 1);
  }
  await store.users.add({ username: 'fo1', displayName: 'Fo', roles: ['front_office'], password: null, disabled: false, createdAt: '2026-11-30T02:00:00.000Z' });
  await store.versions.add({ workflow: 'respon-kasus-anak', version: 1, hash: 'a'.repeat(64), source: 'id: x\n', decree: { number: 'K/1' }, publishedBy: 'admin', publishedAt: '2026-11-30T02:00:00.000Z', active: true, summary: 'awal' });
  for (let i = 0; i < 5; i++) await store.audit.append({ at: '2026-11-30T02:00:00.000Z', actor: 'fo1', action: 'case.view', caseId: 'RKA-20261130-00001' });
  await store.close();
  return dir;
}

describe('backup and restore', () => {
  it('round-trips a data folder: same cases, accounts, versions and an unbroken audit chain', async () => {
    const dir = await filled();
    const archive = join(await tempDir(), 'cadangan.tar.gz');
    const made = await backup(dir, archive);
    // The case files, accounts, versions, the audit log, the (empty) journal and kv.json with the keyring (its data
    // keys wrapped by the master key, which stays outside the folder and so outside the archive).
    expect(made).toMatchObject({ files: 25, live: false });
    expect((await stat(archive)).mode & 0o777).toBe(0o600);

    const target = join(await tempDir(), 'pulih');
    const report = await restore(archive, target);
    expect(report).toMatchObject({ dir: target, files: 25, cases: 20, auditEntries: 5 });
    const a = await openStore(dir);
    const b = await openStore(target);
    expect(b.problems).toEqual([]);
    expect((await b.cases.query({ limit: 1000 })).items).toEqual((await a.cases.query({ limit: 1000 })).items);
    expect(await b.cases.get('RKA-20261130-00003')).toEqual(await a.cases.get('RKA-20261130-00003'));
    expect(b.users.list()).toEqual(a.users.list());
    expect(b.versions.list()).toEqual(a.versions.list());
    expect(await b.audit.list()).toEqual(await a.audit.list());
    await a.close();
    await b.close();
    console.log(`backup test: ${made.files} files, ${report.cases} cases restored and verified`);
  });

  it('refuses to back up while a server has the folder open, unless asked for a live backup', async () => {
    const dir = await filled();
    const store = await openStore(dir);
    const archive = join(await tempDir(), 'c.tar.gz');
    await expect(backup(dir, archive)).rejects.toBeInstanceOf(StoreLockedError);
    await store.audit.append({ at: '2026-11-30T05:00:00.000Z', actor: 'fo1', action: 'case.view' });
    const live = await backup(dir, archive, { live: true });
    expect(live.live).toBe(true);
    await store.close();
    const target = join(await tempDir(), 'pulih');
    expect((await restore(archive, target)).auditEntries).toBe(6);
  });

  it('refuses a non-empty target unless told to replace it, and then keeps the old folder aside', async () => {
    const dir = await filled();
    const archive = join(await tempDir(), 'c.tar.gz');
    await backup(dir, archive);
    const other = join(await tempDir(), 'lain');
    const s = await openStore(other);
    await putCase(s, makeCase('LAMA-1'));
    await s.close();
    await expect(restore(archive, other)).rejects.toThrow(/tidak kosong/);
    const report = await restore(archive, other, { replace: true });
    expect(report.previous).toMatch(/lain\.sebelum-pulih-/);
    const old = await openStore(report.previous!);
    expect(await old.cases.get('LAMA-1')).toBeDefined();
    await old.close();
    const now = await openStore(other);
    expect(await now.cases.count()).toBe(20);
    await now.close();
  });

  it('changes nothing when the archive is damaged', async () => {
    const dir = await filled();
    const archive = join(await tempDir(), 'c.tar.gz');
    await backup(dir, archive);
    const bytes = await readFile(archive);
    const target = join(await tempDir(), 'pulih');
    await writeFile(archive, bytes.subarray(0, Math.floor(bytes.length / 2)));
    await expect(restore(archive, target)).rejects.toThrow(/cadangan|Arsip/i);
    await writeFile(archive, 'bukan arsip');
    await expect(restore(archive, target)).rejects.toThrow(/bukan cadangan alur/);
    const parent = join(target, '..');
    expect(await readdir(parent)).toEqual([]);
  });
});
