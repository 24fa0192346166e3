/** The store contract on the file store (a data folder in a temp folder per test). */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect } from 'vitest';
import { openStore } from '../../server/store/index.ts';
import { storeContract } from './contract.ts';

const made: string[] = [];
afterEach(async () => {
  while (made.length) await rm(made.pop()!, { recursive: true, force: true });
});

storeContract('file store', {
  async open() {
    const dir = await mkdtemp(join(tmpdir(), 'alur-contract-'));
    made.push(dir);
    let store = await openStore(dir);
    // The contract runs on the adapter this file names, not on whatever openStore would pick.
    expect(store.kind).toBe('file');
    return {
      store,
      async reopen() {
        await store.close();
        store = await openStore(dir);
        return store;
      },
    };
  },
});
