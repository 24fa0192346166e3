/** Crash-safe file writes (temp file, fsync, rename, fsync of the folder) and the lowdb adapter built on them. */
import { randomBytes } from 'node:crypto';
import { open, readFile, readdir, rename, unlink, mkdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Adapter } from 'lowdb';

/** Files holding data about children are readable by the service account only. */
export const FILE_MODE = 0o600;
export const DIR_MODE = 0o700;

const TEMP_NAME = /^\..+\.tmp-\d+-[0-9a-f]{8}$/;

/** Whether a file name is one of our temp files (left behind only by a write cut short by a crash). */
export function isTempFile(name: string): boolean {
  return TEMP_NAME.test(name);
}

/** Makes a folder's entries (a renamed or created file) survive a power cut. */
export async function fsyncDir(dir: string): Promise<void> {
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** Creates a folder (and its parents) and makes each new folder's existence durable in its parent. */
export async function ensureDir(dir: string): Promise<void> {
  const first = await mkdir(dir, { recursive: true, mode: DIR_MODE });
  if (first === undefined) return;
  const made: string[] = [];
  for (let d = dir; d.length >= first.length; d = dirname(d)) made.push(d);
  for (const d of made) await fsyncDir(dirname(d));
}

export interface WriteOptions {
  /**
   * false skips both fsyncs: only for bulk loading data that is synced afterwards or thrown away (benchmark
   * seeding, restore before its final sync). Every write a person waits for uses the default, true.
   */
  fsync?: boolean;
}

/**
 * Replaces `file` with `data` so that after a crash the file holds either the old or the new content, never a
 * mix, and once the promise resolves the new content survives a power cut.
 */
export async function writeFileDurably(file: string, data: string | Uint8Array, options: WriteOptions = {}): Promise<void> {
  const sync = options.fsync !== false;
  const dir = dirname(file);
  const temp = join(dir, `.${basename(file)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  const fh = await open(temp, 'wx', FILE_MODE);
  try {
    try {
      await fh.writeFile(data);
      if (sync) await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(temp, file);
  } catch (err) {
    await unlink(temp).catch(() => undefined);
    throw err;
  }
  if (sync) await fsyncDir(dir);
}

/** Removes temp files left in `dir` by writes a crash interrupted; returns their names. Needs the data lock. */
export async function removeTempFiles(dir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const temps = names.filter(isTempFile);
  for (const name of temps) await unlink(join(dir, name)).catch(() => undefined);
  return temps;
}

/** A file whose content cannot be read as the JSON it should hold. */
export class CorruptFileError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`Berkas ${file} rusak dan tidak dapat dibaca (${reason}). Pulihkan dari cadangan (alur restore).`);
    this.name = 'CorruptFileError';
  }
}

/**
 * Why JSON text did not parse, without the parser's quote of the text around the damage: a case file holds a
 * child's identity, and this reason goes to the console and its logs.
 */
function jsonProblem(err: Error): string {
  if (/end of JSON input/i.test(err.message)) return 'berkas terpotong: JSON tidak lengkap';
  const at = /at position (\d+)/.exec(err.message);
  return at ? `bukan JSON yang sah di posisi ${at[1]}` : 'bukan JSON yang sah';
}

/** Parses JSON text from `file`, naming the file when it is not JSON. */
export function parseJsonFile<T>(file: string, text: string): T {
  try {
    return JSON.parse(text) as T;
  } catch (err) {
    throw new CorruptFileError(file, text.length === 0 ? 'berkas kosong' : jsonProblem(err as Error));
  }
}

/** lowdb adapter: like lowdb's JSONFile, but every write is atomic and fsync'd (see writeFileDurably). */
export class DurableJsonFile<T> implements Adapter<T> {
  constructor(
    readonly file: string,
    private readonly options: { indent?: number } & WriteOptions = {},
  ) {}

  async read(): Promise<T | null> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    return parseJsonFile<T>(this.file, text);
  }

  async write(data: T): Promise<void> {
    const text = JSON.stringify(data, null, this.options.indent) + '\n';
    await writeFileDurably(this.file, text, this.options);
  }
}
