/** Test runner settings: every *.test.ts / *.test.tsx file under tests/ (engine, server, templates, cli, browser). */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts', 'tests/**/*.test.tsx'],
    // One throwaway PostgreSQL cluster for the run (tests/pg/database.ts freshDatabase() hands out databases on it).
    globalSetup: ['tests/pg/global-setup.ts'],
    // Tests start real servers, browsers and the CLI; generous enough for a busy two-core machine.
    testTimeout: 90_000,
    hookTimeout: 120_000,
    // Two cores shared with other work: do not start more workers than that.
    maxWorkers: 2,
    // Stores opened by tests are encrypted like every store (server/store/crypt); this master key, for tests only,
    // keeps key files from being created beside every temporary data folder. Tests of the key file unset it.
    env: { ALUR_MASTER_KEY: 'dGVzdHMtb25seS1hbHVyLW1hc3Rlci1rZXktMzJieXQ=' },
  },
});
