/**
 * Opens the store an installation uses: the file store on a data folder (the default), or PostgreSQL when the
 * location is a database URL (postgres://…). Only this file knows which adapter runs.
 */
import type { Store } from '../../engine/ports/store.ts';
import type { DocumentCodec } from '../../engine/ports/store.ts';
import { openFileStore } from './file/store.ts';
import { isDatabaseUrl, openPgStore } from './postgres/store.ts';

export interface OpenStoreOptions {
  /** See FileStoreOptions.touchPersistMs. */
  touchPersistMs?: number;
  codec?: DocumentCodec;
  checkpointBytes?: number;
  /** PostgreSQL: connections this process keeps (default 10). */
  poolSize?: number;
}

/**
 * Opens `location`: a PostgreSQL URL (postgres://user:password@host:port/database, or ?host=/socket/folder), or a
 * data folder (created if missing) for this process alone. A folder another process has open throws
 * StoreLockedError; a case file that cannot be read is reported in `problems`; an unreadable accounts, sessions or
 * versions file throws CorruptFileError. A database that cannot be reached throws StoreUnavailableError, one
 * migrated by a newer alur SchemaTooNewError.
 */
export function openStore(location: string, options: OpenStoreOptions = {}): Promise<Store> {
  if (isDatabaseUrl(location)) return openPgStore(location, { codec: options.codec, touchPersistMs: options.touchPersistMs, poolSize: options.poolSize });
  return openFileStore(location, options);
}

export { isDatabaseUrl };
export type { Store };
