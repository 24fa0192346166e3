/** Opens the store an installation uses: the file store on a data folder (the default). */
import type { Store } from '../../engine/ports/store.ts';
import type { DocumentCodec } from '../../engine/ports/store.ts';
import { openFileStore } from './file/store.ts';

export interface OpenStoreOptions {
  /** See FileStoreOptions.touchPersistMs. */
  touchPersistMs?: number;
  codec?: DocumentCodec;
  checkpointBytes?: number;
}

/**
 * Opens data folder `dir` (created if missing) for this process alone; throws StoreLockedError when another
 * process has it open. A case file that cannot be read is reported in `problems`; an unreadable accounts,
 * sessions or versions file throws CorruptFileError (those cannot be skipped safely).
 */
export function openStore(dir: string, options: OpenStoreOptions = {}): Promise<Store> {
  return openFileStore(dir, options);
}

export type { Store };
