/**
 * Backup and restore of a whole data folder as one .tar.gz file, with a manifest (size and sha256 of every file)
 * as its last entry. A backup takes the data folder's lock, so it is consistent: it is made while the server is
 * stopped (or, with `live`, file by file while it runs: each file whole, the audit log up to its last entry).
 * A restore unpacks beside the target, checks every file against the manifest, opens the result as a store
 * (cases indexed, audit chain verified) and only then puts it in place. Restoring over a folder never makes the
 * audit trail quietly shorter: the replaced log is kept in the restored folder (`audit-sebelum-pulih-<time>.jsonl`,
 * so later backups carry it) and a `data.restore` entry in the restored chain records the backup, the replaced log's
 * length and last hash, and how many of its entries the backup does not hold.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, rmdir, stat, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { AUDIT_FILE, verifyAuditFile } from './file/audit-log.ts';
import { DIR_MODE, FILE_MODE, fsyncDir, isTempFile } from './durable-file.ts';
import { openFileStore } from './file/store.ts';
import { acquireLock, LOCK_FILE, StoreLockedError, type DataLock } from './lock.ts';
import { readTar, TAR_END, tarHeader, tarPadding } from './tar.ts';

export const MANIFEST = 'alur-backup.json';

interface Manifest {
  format: 'alur-backup';
  version: 1;
  createdAt: string;
  live: boolean;
  files: Record<string, { size: number; sha256: string }>;
}

export interface BackupReport {
  file: string;
  files: number;
  bytes: number;
  live: boolean;
}

export interface RestoreReport {
  dir: string;
  files: number;
  cases: number;
  /** Entries of the audit log in the backup (the restored folder has one more when it replaced a folder). */
  auditEntries: number;
  /** Where the folder that was replaced now is (restore with `replace`). */
  previous?: string;
  /**
   * The audit log of the replaced folder: kept as `file` in the restored folder; `entries` whole entries (`whole`
   * false when its chain was broken), last hash `head`, and `notInBackup` of them absent from the backup's log.
   */
  replacedAudit?: { file: string; entries: number; head?: string; whole: boolean; notInBackup: number };
}

/** Copies of audit logs replaced by earlier restores: kept in the data folder like the log itself. */
const KEPT_AUDIT = /^audit-sebelum-pulih-[0-9TZ-]+\.jsonl$/;

/**
 * What the audit log of the folder being replaced holds, against the restored chain (`restored` entries ending in
 * `head`): whether it continues that chain, and so how many of its entries the backup lacks.
 */
async function replacedLog(file: string, restored: { entries: number; head: string }) {
  const own = await verifyAuditFile(file);
  if (own.entries === 0 && own.ok) return undefined;
  let notInBackup = own.entries;
  if (restored.entries > 0) {
    const cont = await verifyAuditFile(file, undefined, { seq: restored.entries, hash: restored.head });
    if (cont.ok) notInBackup = Math.max(0, own.entries - restored.entries);
  }
  return { entries: own.entries, head: own.ok ? own.head : undefined, whole: own.ok, notInBackup };
}

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** Relative paths (with '/') of the files to back up, sorted. */
async function listFiles(root: string, sub = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(join(root, sub), { withFileTypes: true })) {
    const rel = sub ? `${sub}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...(await listFiles(root, rel)));
    else if (entry.isFile() && !isTempFile(entry.name) && rel !== LOCK_FILE) out.push(rel);
  }
  return out.sort();
}

/** The audit log as far as its last complete entry (an append may be under way during a live backup). */
async function readWholeLines(file: string): Promise<Buffer> {
  const data = await readFile(file);
  const end = data.lastIndexOf(0x0a) + 1;
  return data.subarray(0, end);
}

/**
 * Writes a backup of `dataDir` to `outFile` (replaced atomically). Throws StoreLockedError while a server has
 * the folder open, unless `live` is set.
 */
export async function backup(dataDir: string, outFile: string, options: { live?: boolean } = {}): Promise<BackupReport> {
  const root = resolve(dataDir);
  const target = resolve(outFile);
  if (!(await stat(root).catch(() => undefined))?.isDirectory()) throw new Error(`Folder data ${root} tidak ada.`);
  if (target.startsWith(root + sep)) throw new Error('Berkas cadangan tidak boleh berada di dalam folder data.');
  let lock: DataLock | undefined;
  try {
    lock = await acquireLock(root);
  } catch (err) {
    if (!(err instanceof StoreLockedError && options.live)) throw err;
  }
  const temp = join(dirname(target), `.${basename(target)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    const paths = await listFiles(root);
    const manifest: Manifest = { format: 'alur-backup', version: 1, createdAt: new Date().toISOString(), live: lock === undefined, files: {} };
    let bytes = 0;
    async function* entries(): AsyncGenerator<Buffer> {
      for (const rel of paths) {
        let data: Buffer;
        try {
          data = rel === AUDIT_FILE ? await readWholeLines(join(root, rel)) : await readFile(join(root, rel));
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue; // removed meanwhile (live backup)
          throw err;
        }
        manifest.files[rel] = { size: data.length, sha256: sha256(data) };
        bytes += data.length;
        yield tarHeader(rel, data.length, new Date());
        yield data;
        yield tarPadding(data.length);
      }
      const m = Buffer.from(JSON.stringify(manifest, null, 2) + '\n');
      yield tarHeader(MANIFEST, m.length, new Date());
      yield m;
      yield tarPadding(m.length);
      yield TAR_END;
    }
    await pipeline(Readable.from(entries()), createGzip(), createWriteStream(temp, { flags: 'wx', mode: FILE_MODE }));
    const fh = await open(temp, 'r+');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(temp, target);
    await fsyncDir(dirname(target));
    return { file: target, files: Object.keys(manifest.files).length, bytes, live: manifest.live };
  } catch (err) {
    await unlink(temp).catch(() => undefined);
    throw err;
  } finally {
    await lock?.release();
  }
}

const SAFE_PATH = /^(?:[A-Za-z0-9_][A-Za-z0-9._-]*\/)*[A-Za-z0-9_][A-Za-z0-9._-]*$/;

async function isEmptyDir(dir: string): Promise<boolean | undefined> {
  try {
    return (await readdir(dir)).length === 0;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** fsyncs files, then their folders deepest first, a few at a time. */
async function syncTree(root: string, files: string[]): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < files.length) {
        const fh = await open(join(root, files[next++]!), 'r');
        try {
          await fh.sync();
        } finally {
          await fh.close();
        }
      }
    }),
  );
  const dirs = new Set<string>([root]);
  for (const f of files) for (let d = dirname(join(root, f)); d.startsWith(root) && d !== root; d = dirname(d)) dirs.add(d);
  for (const d of [...dirs].sort((a, b) => b.length - a.length)) await fsyncDir(d);
}

/**
 * Restores backup `file` into `dataDir`. The folder must be missing or empty, unless `replace` is set: then the
 * current folder (which no server may have open) is kept aside as `<dataDir>.sebelum-pulih-<time>`.
 * Nothing is changed when the backup is damaged or does not open as a valid store.
 */
export async function restore(file: string, dataDir: string, options: { replace?: boolean } = {}): Promise<RestoreReport> {
  const source = resolve(file);
  const target = resolve(dataDir);
  const empty = await isEmptyDir(target);
  let lock: DataLock | undefined;
  if (empty === false) {
    if (!options.replace) throw new Error(`Folder data ${target} tidak kosong. Pulihkan ke folder baru, atau pilih mengganti isinya (folder lama disimpan di sampingnya).`);
    lock = await acquireLock(target);
  }
  const staging = `${target}.pulih-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await mkdir(staging, { recursive: true, mode: DIR_MODE });
    const written = new Map<string, { size: number; sha256: string }>();
    let manifest: Manifest | undefined;
    const input = createReadStream(source);
    const gunzip = createGunzip();
    input.on('error', (err) => gunzip.destroy(err));
    input.pipe(gunzip);
    try {
      for await (const entry of readTar(gunzip as AsyncIterable<Buffer>)) {
        if (entry.name === MANIFEST) {
          manifest = JSON.parse(entry.data.toString('utf8')) as Manifest;
          continue;
        }
        if (!SAFE_PATH.test(entry.name) || entry.name === LOCK_FILE || written.has(entry.name)) {
          throw new Error(`Arsip cadangan memuat nama berkas yang tidak diterima: ${JSON.stringify(entry.name)}`);
        }
        const path = join(staging, entry.name);
        await mkdir(dirname(path), { recursive: true, mode: DIR_MODE });
        await writeFile(path, entry.data, { mode: FILE_MODE, flag: 'wx' });
        written.set(entry.name, { size: entry.data.length, sha256: sha256(entry.data) });
      }
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'Z_DATA_ERROR' || (err as NodeJS.ErrnoException).code === 'Z_BUF_ERROR') {
        throw new Error(`Berkas ${source} bukan cadangan alur yang utuh (${(err as Error).message}).`);
      }
      throw err;
    }
    if (!manifest || manifest.format !== 'alur-backup') throw new Error(`Berkas ${source} bukan cadangan alur (tidak ada ${MANIFEST}).`);
    for (const [name, expected] of Object.entries(manifest.files)) {
      const got = written.get(name);
      if (!got) throw new Error(`Cadangan tidak lengkap: ${name} tidak ada di arsip.`);
      if (got.sha256 !== expected.sha256 || got.size !== expected.size) throw new Error(`Cadangan rusak: isi ${name} tidak cocok dengan daftar isinya.`);
    }
    const extra = [...written.keys()].filter((n) => !Object.hasOwn(manifest!.files, n));
    if (extra.length) throw new Error(`Cadangan memuat berkas di luar daftar isinya: ${extra.slice(0, 3).join(', ')}`);
    await syncTree(staging, [...written.keys()]);

    // The restored folder must open as a store with every case readable and an unbroken audit chain.
    const store = await openFileStore(staging);
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    let cases: number;
    let auditEntries: number;
    let replacedAudit: RestoreReport['replacedAudit'];
    try {
      const broken = store.problems.filter((p) => p.severity === 'error');
      if (broken.length) throw new Error(`Cadangan yang dipulihkan bermasalah: ${broken[0]!.message}`);
      const chain = await store.audit.verify();
      if (!chain.ok) throw new Error(`Cadangan yang dipulihkan bermasalah: ${chain.message}`);
      cases = await store.cases.count();
      auditEntries = chain.entries;
      if (empty === false) {
        // The folder being replaced: its audit log (and copies kept by earlier restores) stay with the data.
        const kept = [...(await readdir(target))].filter((n) => KEPT_AUDIT.test(n) && !written.has(n));
        for (const name of kept) await writeFile(join(staging, name), await readFile(join(target, name)), { mode: FILE_MODE, flag: 'wx' });
        const old = await replacedLog(join(target, AUDIT_FILE), chain);
        if (old) {
          const file = `audit-sebelum-pulih-${stamp}.jsonl`;
          await writeFile(join(staging, file), await readFile(join(target, AUDIT_FILE)), { mode: FILE_MODE, flag: 'wx' });
          kept.push(file);
          replacedAudit = { file, ...old };
        }
        await syncTree(staging, kept);
        await store.audit.append({
          at: new Date().toISOString(),
          actor: 'cli',
          action: 'data.restore',
          details: {
            backupCreatedAt: manifest.createdAt,
            restoredEntries: chain.entries,
            replacedEntries: old?.entries ?? 0,
            ...(old ? { replacedHead: old.head ?? null, replacedWhole: old.whole, notInBackup: old.notInBackup, replacedLog: replacedAudit!.file } : {}),
            previousFolder: basename(`${target}.sebelum-pulih-${stamp}`),
          },
        });
      }
    } finally {
      await store.close();
    }

    let previous: string | undefined;
    if (empty === false) {
      previous = `${target}.sebelum-pulih-${stamp}`;
      await rename(target, previous);
      await unlink(join(previous, LOCK_FILE)).catch(() => undefined);
      lock = undefined; // its file moved away with the old folder and is removed
    } else if (empty === true) {
      await rmdir(target);
    }
    await rename(staging, target);
    await fsyncDir(dirname(target));
    return { dir: target, files: written.size, cases, auditEntries, previous, ...(replacedAudit ? { replacedAudit } : {}) };
  } catch (err) {
    await rm(staging, { recursive: true, force: true });
    throw err;
  } finally {
    await lock?.release();
  }
}
