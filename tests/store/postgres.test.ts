/** The store contract on PostgreSQL: a new database on the shared test cluster per test (tests/pg/database.ts). */
import { expect } from 'vitest';
import { openStore } from '../../server/store/index.ts';
import { freshDatabase } from '../pg/database.ts';
import { storeContract } from './contract.ts';

storeContract('PostgreSQL store', {
  async open() {
    const url = await freshDatabase('contract');
    let store = await openStore(url);
    // The contract runs on the adapter this file names, not on whatever openStore would pick.
    expect(store.kind).toBe('postgres');
    return {
      store,
      async reopen() {
        await store.close();
        store = await openStore(url);
        return store;
      },
    };
  },
});
