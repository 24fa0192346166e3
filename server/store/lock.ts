/**
 * One writer per data folder: a lock file naming the process that holds it, touched every 30 s while held. A lock
 * whose process is gone (same host), or that nobody touched for two minutes (e.g. left on a shared volume by a
 * container that was killed), is taken over.
 */
import { open, readFile, stat, unlink, utimes } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { FILE_MODE, fsyncDir } from './durable-file.ts';

export const LOCK_FILE = 'alur.lock';
const HEARTBEAT_MS = 30_000;
/** A lock untouched for this long is stale, whoever wrote it. */
export const STALE_MS = 120_000;

interface LockInfo {
  pid: number;
  host: string;
  since: string;
}

/** Another live process (or this one, through another open) holds the data folder. */
export class StoreLockedError extends Error {
  constructor(
    readonly dir: string,
    readonly holder: LockInfo,
  ) {
    super(
      `Folder data ${dir} sedang dipakai oleh proses lain (PID ${holder.pid} di ${holder.host}, sejak ${holder.since}). ` +
        `Hentikan proses itu dulu, atau jalankan dengan folder data lain (--data). Bila Anda yakin tidak ada proses ` +
        `lain yang memakainya, hapus berkas ${LOCK_FILE} di folder itu. ` +
        `/ The data folder ${dir} is in use by another process (PID ${holder.pid} on ${holder.host}, since ${holder.since}); ` +
        `stop it first or use another data folder.`,
    );
    this.name = 'StoreLockedError';
  }
}

export interface DataLock {
  readonly file: string;
  release(): Promise<void>;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readLock(file: string): Promise<{ text: string; info: LockInfo | undefined } | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  try {
    const info = JSON.parse(text) as LockInfo;
    return { text, info: typeof info.pid === 'number' ? info : undefined };
  } catch {
    // A lock cut short by a crash while it was being written: nobody holds it.
    return { text, info: undefined };
  }
}

/**
 * Takes the lock of data folder `dir` (which must exist) or throws StoreLockedError. A stale lock (see above) is
 * taken over.
 */
export async function acquireLock(dir: string): Promise<DataLock> {
  const file = join(dir, LOCK_FILE);
  const mine: LockInfo = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const fh = await open(file, 'wx', FILE_MODE);
      try {
        await fh.writeFile(JSON.stringify(mine) + '\n');
        await fh.sync();
      } finally {
        await fh.close();
      }
      await fsyncDir(dir);
      let released = false;
      const heartbeat = setInterval(() => {
        const now = new Date();
        utimes(file, now, now).catch(() => undefined);
      }, HEARTBEAT_MS);
      heartbeat.unref();
      return {
        file,
        async release() {
          if (released) return;
          released = true;
          clearInterval(heartbeat);
          await unlink(file).catch(() => undefined);
          await fsyncDir(dir).catch(() => undefined);
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const held = await readLock(file);
    if (!held) continue; // released meanwhile
    const info = held.info;
    const age = Date.now() - ((await stat(file).catch(() => undefined))?.mtimeMs ?? 0);
    if (!info && age < 5_000) {
      // Being written by a process that has just taken it: look again shortly.
      await new Promise((r) => setTimeout(r, 100));
      continue;
    }
    const stale = !info || age > STALE_MS || (info.host === mine.host && !alive(info.pid));
    if (!stale) throw new StoreLockedError(dir, info);
    // Stale: remove it only if it is still the very lock we judged stale, then try again.
    const again = await readLock(file);
    if (again && again.text === held.text) await unlink(file).catch(() => undefined);
  }
  const last = (await readLock(file))?.info ?? { pid: -1, host: '?', since: '?' };
  throw new StoreLockedError(dir, last);
}
