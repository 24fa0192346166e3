/**
 * The master key: 32 random bytes kept OUTSIDE the data folder, so a copied data folder or backup archive holds
 * only ciphertext. It comes from `ALUR_MASTER_KEY` (base64; several, comma-separated, the first being current), or
 * from a key file: `ALUR_KEY_FILE`, else `<data folder>.key` beside the data folder (./data → ./data.key), which
 * the first start creates with mode 0600. A key file may list several keys, one per line, the first being current:
 * that is how a rotation runs without stopping the server (server/store/crypt/keyring.ts).
 */
import { createHash, randomBytes } from 'node:crypto';
import { chmod, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';

export const MASTER_KEY_ENV = 'ALUR_MASTER_KEY';
export const KEY_FILE_ENV = 'ALUR_KEY_FILE';
const KEY_BYTES = 32;

/** Why the store cannot be opened with the keys at hand: shown to the operator as it is, and alur does not start. */
export class KeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeyError';
  }
}

export interface MasterKey {
  key: Buffer;
  /** A short public name of the key (a hash of it), recorded beside what it wraps. */
  id: string;
}

/** Where the master keys come from, for messages and for a rotation. */
export interface KeySource {
  keys: MasterKey[];
  /** The key file (absent when the keys came from the environment). */
  file?: string;
  /** The key file was created now (first start). */
  created?: boolean;
  /** A line for the operator: which key is used, from where. */
  describe: string;
}

export function masterKey(key: Buffer): MasterKey {
  return { key, id: createHash('sha256').update('alur-master-key\0').update(key).digest('hex').slice(0, 16) };
}

export function newMasterKey(): MasterKey {
  return masterKey(randomBytes(KEY_BYTES));
}

/** The key file beside data folder `dir`: ./data → ./data.key (never inside the folder, so never in a backup). */
export function defaultKeyFile(dir: string): string {
  const root = resolve(dir);
  return join(dirname(root), `${basename(root)}.key`);
}

function parseKeys(text: string, where: string): MasterKey[] {
  const keys: MasterKey[] = [];
  for (const [i, raw] of text.split(/[\r\n,]+/).entries()) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const bytes = /^[A-Za-z0-9+/_-]+={0,2}$/.test(line) ? Buffer.from(line, line.includes('-') || line.includes('_') ? 'base64url' : 'base64') : undefined;
    if (!bytes || bytes.length !== KEY_BYTES) {
      throw new KeyError(`Kunci induk di ${where} (bagian ke-${i + 1}) tidak sah: harus 32 bita dalam base64 (44 karakter). alur tidak dijalankan.`);
    }
    keys.push(masterKey(bytes));
  }
  return keys;
}

export function keyFileText(keys: MasterKey[], dataDir?: string): string {
  return [
    `# Kunci induk enkripsi alur${dataDir ? ` untuk folder data ${resolve(dataDir)}` : ''}.`,
    '# Tanpa kunci ini data anak di folder data dan di cadangan TIDAK DAPAT DIBACA. Simpan salinannya di tempat lain',
    '# (bukan bersama cadangan data). Baris pertama: kunci yang dipakai; baris berikutnya: kunci lama selama rotasi.',
    ...keys.map((k) => k.key.toString('base64')),
    '',
  ].join('\n');
}

/** Writes a key file whole (a temp file renamed over it), mode 0600, synced. */
export async function writeKeyFile(file: string, keys: MasterKey[], dataDir?: string): Promise<void> {
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const fh = await open(tmp, 'wx', 0o600);
  try {
    await fh.writeFile(keyFileText(keys, dataDir));
    await fh.sync();
  } finally {
    await fh.close();
  }
  try {
    await rename(tmp, file);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
  await chmod(file, 0o600);
  const dh = await open(dirname(file), 'r');
  try {
    await dh.sync();
  } finally {
    await dh.close();
  }
}

/** Reads the keys of a key file; undefined when there is no such file. */
export async function readKeyFile(file: string): Promise<MasterKey[] | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    throw new KeyError(`Berkas kunci ${file} tidak dapat dibaca (${code ?? (err as Error).message}). alur tidak dijalankan.`);
  }
  const keys = parseKeys(text, file);
  if (!keys.length) throw new KeyError(`Berkas kunci ${file} tidak memuat kunci. alur tidak dijalankan.`);
  return keys;
}

/**
 * The master keys for data folder `dataDir` (undefined: a database, whose key file must be named), from the
 * environment or the key file. Without `create`, a key file that does not exist gives no keys (the caller decides:
 * a store that has a keyring refuses, a new one creates); with it, the file is created (0600) with a new key.
 * Throws KeyError for an unreadable file or a malformed key.
 */
export async function loadMasterKeys(dataDir: string | undefined, options: { create: boolean; env?: NodeJS.ProcessEnv }): Promise<KeySource> {
  const env = options.env ?? process.env;
  const inline = env[MASTER_KEY_ENV]?.trim();
  if (inline) {
    const keys = parseKeys(inline, MASTER_KEY_ENV);
    if (!keys.length) throw new KeyError(`${MASTER_KEY_ENV} kosong. alur tidak dijalankan.`);
    return { keys, describe: `kunci induk dari variabel lingkungan ${MASTER_KEY_ENV}` };
  }
  const named = env[KEY_FILE_ENV]?.trim();
  if (!named && dataDir === undefined) return { keys: [], describe: `${KEY_FILE_ENV} dan ${MASTER_KEY_ENV} tidak diisi` };
  const file = resolve(named || defaultKeyFile(dataDir!));
  const keys = await readKeyFile(file);
  if (keys) {
    const mode = (await stat(file)).mode & 0o777;
    if (mode & 0o077) await chmod(file, 0o600).catch(() => undefined);
    return { keys, file, describe: `kunci induk dari berkas ${file}` };
  }
  if (!options.create) return { keys: [], file, describe: `berkas kunci ${file}${named ? ` (${KEY_FILE_ENV})` : ''} tidak ada` };
  const key = newMasterKey();
  try {
    const fh = await open(file, 'wx', 0o600);
    try {
      await fh.writeFile(keyFileText([key], dataDir));
      await fh.sync();
    } finally {
      await fh.close();
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return loadMasterKeys(dataDir, options);
    throw new KeyError(`Berkas kunci ${file} tidak dapat dibuat (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}). Tentukan tempatnya dengan ${KEY_FILE_ENV}=BERKAS.`);
  }
  return { keys: [key], file, created: true, describe: `kunci induk baru di berkas ${file}` };
}
