/**
 * Envelope keys. The store holds a keyring (kv `alur-kunci`/`keyring`): data keys that seal values, and one index
 * key for the blind name index, each wrapped (AES-256-GCM) by the master key, which the store never holds
 * (master-key.ts). New values are sealed with the newest data key; older ones stay readable with theirs, so a
 * rotation never rewrites stored data (nor the audit log's hash chain, which covers the sealed form).
 *
 * A sealed value is `{ "$sealed": "1.<key id>.<iv>.<ciphertext+tag>" }` (base64url), bound by GCM's additional
 * data to where it belongs (`<case id>/<field name>`): a value moved to another case or field does not open.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import type { Store } from '../../../engine/ports/store.ts';
import { KeyError, type KeySource, type MasterKey } from './master-key.ts';

export const KEYRING_NS = 'alur-kunci';
export const KEYRING_KEY = 'keyring';

interface WrappedKey {
  id: string;
  createdAt: string;
  /** iv.ciphertext+tag under the master key, base64url. */
  wrapped: string;
}

export interface KeyringRecord {
  v: 1;
  /** Id of the master key every entry is wrapped with. */
  master: string;
  /** The data key new values are sealed with. */
  current: string;
  keys: WrappedKey[];
  index: WrappedKey;
  rotatedAt?: string;
}

const b64 = (b: Buffer) => b.toString('base64url');

function gcmSeal(key: Buffer, plain: Buffer, aad: string, iv = randomBytes(12)): string {
  const c = createCipheriv('aes-256-gcm', key, iv);
  c.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([c.update(plain), c.final(), c.getAuthTag()]);
  return `${b64(iv)}.${b64(body)}`;
}

function gcmOpen(key: Buffer, sealed: string, aad: string): Buffer {
  const [ivText, bodyText] = sealed.split('.');
  const iv = Buffer.from(ivText ?? '', 'base64url');
  const body = Buffer.from(bodyText ?? '', 'base64url');
  if (iv.length !== 12 || body.length < 16) throw new Error('bentuk tersegel tidak sah');
  const d = createDecipheriv('aes-256-gcm', key, iv);
  d.setAAD(Buffer.from(aad, 'utf8'));
  d.setAuthTag(body.subarray(body.length - 16));
  return Buffer.concat([d.update(body.subarray(0, body.length - 16)), d.final()]);
}

function wrap(master: MasterKey, id: string, key: Buffer, createdAt: string): WrappedKey {
  return { id, createdAt, wrapped: gcmSeal(master.key, key, `alur-keyring/${id}`) };
}

function unwrap(master: MasterKey, w: WrappedKey): Buffer {
  return gcmOpen(master.key, w.wrapped, `alur-keyring/${w.id}`);
}

/** A value as stored in place of a sensitive one. */
export interface SealedValue {
  $sealed: string;
}

export function isSealed(v: unknown): v is SealedValue {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && typeof (v as SealedValue).$sealed === 'string' && Object.keys(v).length === 1;
}

/** A value that cannot be opened (a wrong or lost data key, an edited ciphertext). */
export class SealError extends Error {
  constructor(
    readonly aad: string,
    reason: string,
    /** The data key the value names, when this keyring does not hold it. */
    readonly missingKey?: string,
  ) {
    super(`Nilai terenkripsi ${aad} tidak dapat dibuka (${reason}).`);
    this.name = 'SealError';
  }
}

const BLOB_MAGIC = Buffer.from('alurblob1\n', 'utf8');

/** Words of a name as the blind index keeps them: lower case, without marks, letters and digits only. */
export function nameTokens(text: string): string[] {
  const words = text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLocaleLowerCase('id')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length >= 2);
  return [...new Set(words)].slice(0, 16);
}

export class Keyring {
  private constructor(
    private record: KeyringRecord,
    private readonly dataKeys: Map<string, Buffer>,
    private indexKey: Buffer,
  ) {}

  get currentId(): string {
    return this.record.current;
  }

  get masterId(): string {
    return this.record.master;
  }

  get size(): number {
    return this.dataKeys.size;
  }

  /** A new keyring: one data key, one index key, wrapped by `master`. */
  static create(master: MasterKey, now: string): { keyring: Keyring; record: KeyringRecord } {
    const data = randomBytes(32);
    const index = randomBytes(32);
    const record: KeyringRecord = { v: 1, master: master.id, current: 'd1', keys: [wrap(master, 'd1', data, now)], index: wrap(master, 'index', index, now) };
    return { keyring: new Keyring(record, new Map([['d1', data]]), index), record };
  }

  /** Opens a stored keyring with one of `source`'s keys; KeyError (Indonesian, for the operator) when none fits. */
  static open(record: KeyringRecord, source: KeySource): Keyring {
    const master = source.keys.find((k) => k.id === record.master);
    if (!master) {
      throw new KeyError(
        source.keys.length
          ? `Kunci induk (${source.describe}) bukan kunci data ini: data dienkripsi dengan kunci ${record.master}, yang diberikan ${source.keys.map((k) => k.id).join(', ')}. ` +
              'alur tidak dijalankan. Pakai berkas kunci yang benar (ALUR_KEY_FILE=BERKAS) atau ALUR_MASTER_KEY; tanpa kunci itu data tidak dapat dibaca.'
          : `Kunci induk tidak ditemukan (${source.describe}), padahal data ini terenkripsi dengan kunci ${record.master}. alur tidak dijalankan: ` +
              'tanpa kunci itu data tidak dapat dibaca. Kembalikan berkas kunci dari salinannya, atau tunjuk dengan ALUR_KEY_FILE=BERKAS.',
      );
    }
    try {
      const dataKeys = new Map(record.keys.map((w) => [w.id, unwrap(master, w)] as const));
      if (!dataKeys.has(record.current)) throw new Error('kunci data terkini tidak ada');
      return new Keyring(record, dataKeys, unwrap(master, record.index));
    } catch (err) {
      throw new KeyError(`Kunci data di folder ini tidak dapat dibuka dengan kunci induk ${master.id} (${(err as Error).message}): kunci salah atau cincin kunci diubah. alur tidak dijalankan.`);
    }
  }

  /** The record wrapped under `master` (a new master key), optionally with a new current data key. */
  rewrapped(master: MasterKey, now: string, newDataKey: boolean): KeyringRecord {
    const keys = this.record.keys.map((w) => wrap(master, w.id, this.dataKeys.get(w.id)!, w.createdAt));
    let current = this.record.current;
    if (newDataKey) {
      const n = Math.max(0, ...this.record.keys.map((w) => Number(w.id.slice(1)) || 0)) + 1;
      current = `d${n}`;
      const key = randomBytes(32);
      keys.push(wrap(master, current, key, now));
      this.dataKeys.set(current, key);
    }
    return { v: 1, master: master.id, current, keys, index: wrap(master, 'index', this.indexKey, this.record.index.createdAt), rotatedAt: now };
  }

  /** Takes a stored record (after a rotation here or by another server) once its keys opened. */
  adopt(record: KeyringRecord, source: KeySource): void {
    const next = Keyring.open(record, source);
    this.record = next.record;
    for (const [id, key] of next.dataKeys) this.dataKeys.set(id, key);
    this.indexKey = next.indexKey;
  }

  knows(keyId: string): boolean {
    return this.dataKeys.has(keyId);
  }

  seal(value: unknown, aad: string): SealedValue {
    const id = this.record.current;
    return { $sealed: `1.${id}.${gcmSeal(this.dataKeys.get(id)!, Buffer.from(JSON.stringify(value) ?? 'null', 'utf8'), aad)}` };
  }

  /** The key id a sealed value names. */
  static keyOf(v: SealedValue): string {
    return v.$sealed.split('.')[1] ?? '';
  }

  open(v: SealedValue, aad: string): unknown {
    const [version, id, iv, body] = v.$sealed.split('.');
    if (version !== '1' || !id || iv === undefined || body === undefined) throw new SealError(aad, 'bentuk tidak dikenal');
    const key = this.dataKeys.get(id);
    if (!key) throw new SealError(aad, `kunci data ${id} tidak ada`, id);
    try {
      return JSON.parse(gcmOpen(key, `${iv}.${body}`, aad).toString('utf8')) as unknown;
    } catch {
      throw new SealError(aad, 'kunci salah atau isi diubah');
    }
  }

  /**
   * Bytes sealed deterministically (the iv is a keyed hash of the content): the same file stored twice is stored
   * once, as content-addressed blobs expect; equal content is all it tells.
   */
  sealBytes(data: Uint8Array): Uint8Array {
    const id = this.record.current;
    const key = this.dataKeys.get(id)!;
    const iv = createHmac('sha256', key).update('alur-blob-iv\0').update(data).digest().subarray(0, 12);
    const sealed = gcmSeal(key, Buffer.from(data), 'alur-blob', iv);
    return Buffer.concat([BLOB_MAGIC, Buffer.from(`${id}.${sealed}`, 'utf8')]);
  }

  static isSealedBytes(data: Uint8Array): boolean {
    return data.length > BLOB_MAGIC.length && Buffer.from(data.subarray(0, BLOB_MAGIC.length)).equals(BLOB_MAGIC);
  }

  openBytes(data: Uint8Array): Uint8Array {
    const text = Buffer.from(data.subarray(BLOB_MAGIC.length)).toString('utf8');
    const dot = text.indexOf('.');
    const key = this.dataKeys.get(text.slice(0, dot));
    if (dot < 0 || !key) throw new SealError('blob', `kunci data ${text.slice(0, Math.max(0, dot))} tidak ada`, text.slice(0, Math.max(0, dot)));
    try {
      return new Uint8Array(gcmOpen(key, text.slice(dot + 1), 'alur-blob'));
    } catch {
      throw new SealError('blob', 'kunci salah atau isi diubah');
    }
  }

  /** Blind-index tokens of a name: a keyed hash of each normalised word (never the word). */
  tokens(text: string): string[] {
    return nameTokens(text).map((w) => createHmac('sha256', this.indexKey).update(w).digest('base64url').slice(0, 22));
  }
}

/**
 * Opens (or, on a store that has none, creates) the keyring with `source`'s keys, in one transaction so that two
 * servers starting together agree on one keyring. When the stored keyring is wrapped by another master key than the
 * current one (a rotation under way), it is wrapped again under the current one, with a new data key for new
 * values; `newDataKey` asks for a new data key anyway. Resolves with the keyring and what happened, for the log.
 */
export async function loadKeyring(
  store: Pick<Store, 'transaction'>,
  source: KeySource,
  now: string,
  options: { newDataKey?: boolean; existing?: Keyring } = {},
): Promise<{ keyring: Keyring; created: boolean; rotated: boolean }> {
  return store.transaction(async (tx) => {
    const stored = await tx.kv.get<KeyringRecord>(KEYRING_NS, KEYRING_KEY);
    const current = source.keys[0];
    if (!stored) {
      if (!current) throw new KeyError(`Kunci induk tidak ditemukan (${source.describe}). alur tidak dijalankan.`);
      const made = Keyring.create(current, now);
      await tx.kv.put(KEYRING_NS, KEYRING_KEY, made.record);
      return { keyring: made.keyring, created: true, rotated: false };
    }
    const keyring = Keyring.open(stored.value, source);
    if (options.existing) options.existing.adopt(stored.value, source);
    const target = options.existing ?? keyring;
    if (current && (keyring.masterId !== current.id || options.newDataKey)) {
      const record = target.rewrapped(current, now, true);
      await tx.kv.put(KEYRING_NS, KEYRING_KEY, record);
      target.adopt(record, source);
      return { keyring: target, created: false, rotated: true };
    }
    return { keyring: target, created: false, rotated: false };
  });
}
