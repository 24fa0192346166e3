/** Test helpers for the store: a fresh temp data folder per test (removed after it) and plain cases to store. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';

const made: string[] = [];

/** A new empty folder, removed after the test. */
export async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'alur-store-'));
  made.push(dir);
  return dir;
}

afterEach(async () => {
  while (made.length) await rm(made.pop()!, { recursive: true, force: true });
});

export { changeCase, makeCase, nextRev, putCase, summaryOf } from './fixtures/case.ts';
