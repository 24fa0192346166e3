/**
 * The keyring record as the data folder holds it, read without opening the store (which a running server has
 * locked): kv.json, then any newer copy still only in the journal. For checks that run beside the server
 * (`alur audit verify --cases`); the server itself reads it through the kv port.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { KvEntry } from '../../../engine/ports/misc.ts';
import { KEYRING_KEY, KEYRING_NS, type KeyringRecord } from '../crypt/keyring.ts';
import { JOURNAL_FILE } from './journal.ts';
import type { Op } from './ops.ts';
import { COLLECTION_FILES } from './state.ts';

const isKeyring = (e: KvEntry | undefined) => e?.ns === KEYRING_NS && e.key === KEYRING_KEY;

export async function readKeyringRecord(dir: string): Promise<KeyringRecord | undefined> {
  let found: KeyringRecord | undefined;
  try {
    const kv = JSON.parse(await readFile(join(dir, COLLECTION_FILES.kv), 'utf8')) as { entries?: KvEntry[] };
    found = kv.entries?.find(isKeyring)?.value as KeyringRecord | undefined;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  let journal = '';
  try {
    journal = await readFile(join(dir, JOURNAL_FILE), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  for (const line of journal.split('\n')) {
    if (!line.includes(KEYRING_NS)) continue;
    try {
      const ops = JSON.parse((JSON.parse(line) as { p: string }).p) as Op[];
      for (const op of ops) if (op.o === 'kv' && isKeyring(op.entry)) found = op.entry.value as KeyringRecord;
    } catch {
      // a line cut short by a crash: the store's own replay reports it
    }
  }
  return found;
}
