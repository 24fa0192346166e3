/**
 * `alur keys rotate`: a new master key wraps the data keys again and a new data key seals new values; values sealed
 * before stay readable, nothing stored is rewritten, and the old master key no longer opens the folder. Run with the
 * server stopped (the command does it all) and while a store holds the folder (the store, looking at its key file,
 * rotates by itself and the command waits for it): no restart needed.
 */
import { spawn } from 'node:child_process';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { KeyError, openStore } from '../../../server/store/index.ts';
import { caseFile } from '../../../server/store/file/case-files.ts';
import { openFileStore } from '../../../server/store/file/store.ts';
import { makeCase, putCase, tempDir } from '../store/helpers.ts';
import { freshDatabase } from '../../pg/database.ts';

const BIN = fileURLToPath(new URL('../../../bin/alur.js', import.meta.url));
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'ALUR_MASTER_KEY' && k !== 'ALUR_KEY_FILE'));

function alur(args: string[], withEnv: NodeJS.ProcessEnv = env): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: withEnv });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

const keyLines = async (file: string) => (await readFile(file, 'utf8')).split('\n').filter((l) => l && !l.startsWith('#'));
const marked = (id: string) => makeCase(id, { data: { anak_nama: `ZZROTASI${id}`, kronologi: 'ZZKRONOROTASI' } });

describe('alur keys rotate', () => {
  it('with the server stopped: a new master key, a new data key for new values, old values readable, the old key refused', async () => {
    const data = join(await tempDir(), 'data');
    const keyFile = `${data}.key`;
    let store = await openStore(data, { env });
    await putCase(store, marked('RKA-20261130-AAAAA'));
    await store.close();
    const before = await keyLines(keyFile);
    expect(before).toHaveLength(1);
    const oldFile = await readFile(caseFile(join(data, 'cases'), 'RKA-20261130-AAAAA'), 'utf8');
    expect(oldFile).toContain('"1.d1.');

    const r = await alur(['keys', 'rotate', '--data', data]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/Selesai: kunci data dibungkus ulang dengan kunci induk baru [0-9a-f]{16}; nilai baru memakai kunci data d2/);
    const after = await keyLines(keyFile);
    expect(after).toHaveLength(1);
    expect(after[0]).not.toBe(before[0]);
    expect((await stat(keyFile)).mode & 0o777).toBe(0o600);
    // Nothing stored was rewritten: the case file is byte for byte what it was.
    expect(await readFile(caseFile(join(data, 'cases'), 'RKA-20261130-AAAAA'), 'utf8')).toBe(oldFile);

    store = await openStore(data, { env });
    try {
      expect((await store.cases.get('RKA-20261130-AAAAA'))!.data.anak_nama).toBe('ZZROTASIRKA-20261130-AAAAA');
      await putCase(store, marked('RKA-20261130-BBBBB'));
      expect((await store.audit.verify()).ok).toBe(true);
    } finally {
      await store.close();
    }
    expect(await readFile(caseFile(join(data, 'cases'), 'RKA-20261130-BBBBB'), 'utf8')).toContain('"1.d2.');

    const status = await alur(['keys', 'status', '--data', data]);
    expect(status.code, status.err).toBe(0);
    expect(status.out).toContain('2 kunci data, nilai baru memakai d2');

    // The old master key opens nothing any more.
    await expect(openStore(data, { env: { ALUR_MASTER_KEY: before[0]! } })).rejects.toThrow(KeyError);
    await expect(openStore(data, { env: { ALUR_MASTER_KEY: before[0]! } })).rejects.toThrow(/bukan kunci data ini/);
  }, 60_000);

  it('while a store holds the folder: it takes the new key from its key file within seconds, the command waits for it', async () => {
    const data = join(await tempDir(), 'data');
    const keyFile = `${data}.key`;
    const store = await openStore(data, { env, keyFilePollMs: 200 });
    try {
      await putCase(store, marked('RKA-20261130-CCCCC'));
      const before = await keyLines(keyFile);
      const r = await alur(['keys', 'rotate', '--data', data, '--wait', '20']);
      expect(r.code, r.out + r.err).toBe(0);
      expect(r.out).toContain('Server sedang berjalan');
      expect(r.out).toMatch(/Selesai: server memakai kunci induk [0-9a-f]{16}/);
      const after = await keyLines(keyFile);
      expect(after).toHaveLength(1);
      expect(after[0]).not.toBe(before[0]);
      expect(store.keyring.currentId).toBe('d2');
      expect(store.notices.join('\n')).toMatch(/Kunci induk diganti tanpa menghentikan server/);
      // Serving on: the old case reads, a new one is sealed with the new data key.
      expect((await store.cases.get('RKA-20261130-CCCCC'))!.data.anak_nama).toBe('ZZROTASIRKA-20261130-CCCCC');
      await putCase(store, marked('RKA-20261130-DDDDD'));
    } finally {
      await store.close();
    }
    expect(await readFile(caseFile(join(data, 'cases'), 'RKA-20261130-DDDDD'), 'utf8')).toContain('"1.d2.');
    const again = await openStore(data, { env });
    try {
      for (const id of ['RKA-20261130-CCCCC', 'RKA-20261130-DDDDD']) expect((await again.cases.get(id))!.data.anak_nama).toBe(`ZZROTASI${id}`);
    } finally {
      await again.close();
    }
  }, 60_000);
});

describe('a data folder from before encryption', () => {
  it('has its stored cases sealed at the next start (one data.seal audit entry each), values unchanged', async () => {
    const data = join(await tempDir(), 'data');
    // As an older alur wrote it: the adapter alone, values in clear.
    const old = await openFileStore(data);
    await putCase(old, marked('RKA-20261130-EEEEE'));
    await old.close();
    const file = caseFile(join(data, 'cases'), 'RKA-20261130-EEEEE');
    expect(await readFile(file, 'utf8')).toContain('ZZROTASIRKA-20261130-EEEEE');

    const store = await openStore(data, { env });
    try {
      expect(await store.sealExisting()).toBe(1);
      expect(await store.sealExisting()).toBe(0);
      const c = (await store.cases.get('RKA-20261130-EEEEE'))!;
      expect(c.data.anak_nama).toBe('ZZROTASIRKA-20261130-EEEEE');
      expect(c.rev).toBe(2);
      expect((await store.audit.list({ action: 'data.seal' })).map((e) => e.caseId)).toEqual(['RKA-20261130-EEEEE']);
    } finally {
      await store.close();
    }
    const text = await readFile(file, 'utf8');
    expect(text).not.toContain('ZZROTASI');
    expect(text).not.toContain('ZZKRONOROTASI');
  });
});

describe('a data folder from before encryption, with more cases than one batch', () => {
  it('seals them all, a batch per transaction, each with its data.seal entry, and none is left in clear', async () => {
    const data = join(await tempDir(), 'data');
    const old = await openFileStore(data);
    const ids = Array.from({ length: 230 }, (_, i) => `RKA-20261130-B${String(i).padStart(4, '0')}`);
    for (const id of ids) await putCase(old, marked(id));
    await old.close();
    const store = await openStore(data, { env });
    try {
      expect(await store.sealExisting()).toBe(ids.length);
      expect(await store.sealExisting()).toBe(0);
      expect((await store.audit.list({ action: 'data.seal', limit: 1000 })).map((e) => e.caseId).sort()).toEqual([...ids].sort());
      for (const id of [ids[0]!, ids[150]!, ids[229]!]) expect((await store.cases.get(id))!.data.anak_nama).toBe(`ZZROTASI${id}`);
    } finally {
      await store.close();
    }
    for (const id of ids) expect(await readFile(caseFile(join(data, 'cases'), id), 'utf8')).not.toContain('ZZROTASI');
  }, 60_000);
});

describe('alur keys rotate on PostgreSQL', () => {
  it('wraps the keys in the database again while another server runs on it, which reads the new values on', async () => {
    const url = await freshDatabase('kunci');
    const keyFile = join(await tempDir(), 'alur.key');
    const pgEnv = { ...env, ALUR_KEY_FILE: keyFile };
    // A server running throughout (it looks at its key file, as alur serve does).
    const running = await openStore(url, { env: pgEnv, keyFilePollMs: 200 });
    let before: string[] = [];
    try {
      await putCase(running, marked('RKA-20261130-PGAAA'));
      before = await keyLines(keyFile);
      const r = await alur(['keys', 'rotate', '--database', url], pgEnv);
      expect(r.code, r.out + r.err).toBe(0);
      expect(r.out).toMatch(/Selesai: kunci data dibungkus ulang dengan kunci induk baru/);
      const after = await keyLines(keyFile);
      expect(after).toHaveLength(1);
      expect(after[0]).not.toBe(before[0]);
      // A second server started after the rotation seals with the new data key; the first reads what it wrote.
      const second = await openStore(url, { env: pgEnv });
      try {
        expect(second.keyring.currentId).toBe('d2');
        await putCase(second, marked('RKA-20261130-PGBBB'));
      } finally {
        await second.close();
      }
      expect((await running.cases.get('RKA-20261130-PGBBB'))!.data.anak_nama).toBe('ZZROTASIRKA-20261130-PGBBB');
      expect((await running.cases.get('RKA-20261130-PGAAA'))!.data.anak_nama).toBe('ZZROTASIRKA-20261130-PGAAA');
      const status = await alur(['keys', 'status', '--database', url], pgEnv);
      expect(status.out).toContain('2 kunci data, nilai baru memakai d2');
    } finally {
      await running.close();
    }
    // The old key opens nothing any more.
    await expect(openStore(url, { env: { ALUR_MASTER_KEY: before[0]! } })).rejects.toThrow(/bukan kunci data ini|tidak ditemukan/);
  }, 90_000);
});
