/**
 * Opens the store an installation uses: the file store on a data folder (the default), or PostgreSQL when the
 * location is a database URL (postgres://…), either one sealed by the encryption layer (server/store/crypt) with a
 * master key kept outside the data: beside the data folder, or where ALUR_KEY_FILE / ALUR_MASTER_KEY say. Only this
 * file knows which adapter runs.
 */
import type { Store } from '../../engine/ports/store.ts';
import type { DocumentCodec } from '../../engine/ports/store.ts';
import { KEYRING_KEY, KEYRING_NS } from './crypt/keyring.ts';
import { KEY_FILE_ENV, KeyError, loadMasterKeys, MASTER_KEY_ENV, type KeySource } from './crypt/master-key.ts';
import { sealStore, type SealedStore } from './crypt/sealed-store.ts';
import { openFileStore } from './file/store.ts';
import { isDatabaseUrl, openPgStore } from './postgres/store.ts';

export interface OpenStoreOptions {
  /** See FileStoreOptions.touchPersistMs. */
  touchPersistMs?: number;
  codec?: DocumentCodec;
  checkpointBytes?: number;
  /** PostgreSQL: connections this process keeps (default 10). */
  poolSize?: number;
  /** The master keys (default: ALUR_MASTER_KEY, ALUR_KEY_FILE or the key file beside the data folder). */
  keys?: KeySource;
  /** Where ALUR_MASTER_KEY / ALUR_KEY_FILE are read (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** Create the key file when there is no key and the store has no keyring yet (default true). */
  createKey?: boolean;
  /** A running server looks at its key file this often for a rotation (ms; default 0: never). */
  keyFilePollMs?: number;
}

/**
 * Opens `location`: a PostgreSQL URL (postgres://user:password@host:port/database, or ?host=/socket/folder), or a
 * data folder (created if missing) for this process alone. A folder another process has open throws
 * StoreLockedError; a case file that cannot be read is reported in `problems`; an unreadable accounts, sessions or
 * versions file throws CorruptFileError. A database that cannot be reached throws StoreUnavailableError, one
 * migrated by a newer alur SchemaTooNewError. A missing or wrong master key throws KeyError (a readable refusal):
 * alur never stores identities unsealed.
 */
export async function openStore(location: string, options: OpenStoreOptions = {}): Promise<SealedStore> {
  const database = isDatabaseUrl(location);
  // A database has no folder to put the key beside: its key file must be named (or the key given).
  const keyHome = database ? undefined : location;
  let source = options.keys ?? (await loadMasterKeys(keyHome, { create: false, env: options.env }));
  const inner: Store = database
    ? await openPgStore(location, { codec: options.codec, touchPersistMs: options.touchPersistMs, poolSize: options.poolSize })
    : await openFileStore(location, options);
  try {
    let made: string | undefined;
    if (!source.keys.length) {
      if (await inner.kv.get(KEYRING_NS, KEYRING_KEY)) {
        throw new KeyError(
          `Kunci induk tidak ditemukan (${source.describe}), padahal data di ${inner.location} terenkripsi. alur tidak dijalankan: tanpa kunci itu ` +
            'data tidak dapat dibaca, dan alur tidak pernah menyimpan data anak tanpa enkripsi. Kembalikan berkas kunci dari salinannya, atau tunjuk dengan ALUR_KEY_FILE=BERKAS.',
        );
      }
      if (options.createKey === false || !source.file) {
        throw new KeyError(
          `Kunci induk tidak ditemukan (${source.describe}). ${database ? `Untuk PostgreSQL tentukan ${KEY_FILE_ENV}=BERKAS (dibuat pada start pertama, mode 0600) atau ${MASTER_KEY_ENV}. ` : ''}alur tidak dijalankan.`,
        );
      }
      source = await loadMasterKeys(keyHome, { create: true, env: options.env });
      if (source.created) {
        made = `Kunci induk enkripsi dibuat: ${source.file} (mode 0600, di luar folder data). Simpan salinannya di tempat lain, terpisah dari cadangan data: tanpa kunci ini data tidak dapat dibaca.`;
      }
    }
    const sealed = await sealStore(inner, source, { keyFilePollMs: options.keyFilePollMs });
    if (made) sealed.notices.unshift(made);
    return sealed;
  } catch (err) {
    await inner.close().catch(() => undefined);
    throw err;
  }
}

export { isDatabaseUrl };
export type { Store, SealedStore };
