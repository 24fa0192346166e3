import { spawnSync } from 'node:child_process';
import { readFile, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOCK_FILE, STALE_MS } from '../../../server/store/lock.ts';
import { openStore, StoreLockedError } from '../../../server/store/index.ts';
import { tempDir } from './helpers.ts';

describe('one writer per data folder', () => {
  it('refuses a second opener in the same process, with a message in Indonesian and English', async () => {
    const dir = await tempDir();
    const first = await openStore(dir);
    const second = openStore(dir);
    await expect(second).rejects.toBeInstanceOf(StoreLockedError);
    await expect(second).rejects.toThrow(/sedang dipakai oleh proses lain \(PID \d+.*is in use by another process/);
    await first.close();
    const third = await openStore(dir);
    await third.close();
  });

  it('refuses a second process while the first has the folder open', async () => {
    const dir = await tempDir();
    const first = await openStore(dir);
    const script = `import('${new URL('../../../server/store/index.ts', import.meta.url).pathname}').then((m) => m.openStore(process.argv[1])).then(() => process.exit(0), (e) => { console.error(e.message); process.exit(3); })`;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '-e', script, dir], { encoding: 'utf8' });
    expect(child.status).toBe(3);
    expect(child.stderr).toContain(`PID ${process.pid}`);
    await first.close();
  });

  it('takes over the lock of a process that no longer runs', async () => {
    const dir = await tempDir();
    const gone = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' });
    const deadPid = Number(gone.stdout.trim());
    const store0 = await openStore(dir);
    const lockText = await readFile(join(dir, LOCK_FILE), 'utf8');
    await store0.close();
    await writeFile(join(dir, LOCK_FILE), lockText.replace(/"pid":\d+/, `"pid":${deadPid}`));
    const store = await openStore(dir);
    expect(JSON.parse(await readFile(join(dir, LOCK_FILE), 'utf8')).pid).toBe(process.pid);
    await store.close();
  });

  it('respects a fresh lock from another host (a shared volume), and takes it over once nobody touched it for long', async () => {
    const dir = await tempDir();
    const lock = join(dir, LOCK_FILE);
    await writeFile(lock, JSON.stringify({ pid: 1, host: 'wadah-lama', since: '2026-11-30T02:00:00.000Z' }));
    await expect(openStore(dir)).rejects.toThrow(/PID 1 di wadah-lama/);
    const old = new Date(Date.now() - STALE_MS - 60_000);
    await utimes(lock, old, old);
    const store = await openStore(dir);
    expect(JSON.parse(await readFile(lock, 'utf8')).pid).toBe(process.pid);
    await store.close();
  });
});
