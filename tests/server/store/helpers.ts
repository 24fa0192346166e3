/** Test helpers for the store: a fresh temp data folder per test and plain cases to store. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import type { Case } from '../../../engine/types.ts';

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

/** A case as the engine would store it; `over` replaces top-level fields. */
export function makeCase(id: string, over: Partial<Case> = {}): Case {
  return {
    id,
    workflow: { id: 'respon-kasus-anak', version: 1, hash: 'a'.repeat(64) },
    status: 'open',
    data: { anak_nama: 'A.R.', kronologi: 'Tetangga mendengar anak dipukul.' },
    current: 'periksa-dokumen',
    createdAt: '2026-11-30T02:00:00.000Z',
    updatedAt: '2026-11-30T02:00:00.000Z',
    createdBy: 'fo1',
    deadlines: [{ id: 'penyelesaian', label: 'Penyelesaian', step: 'terima-laporan', startedAt: '2026-11-30T02:00:00.000Z', due: '2026-12-01T02:00:00.000Z', blocking: false }],
    history: [{ type: 'started', at: '2026-11-30T02:00:00.000Z', actor: 'fo1', step: 'terima-laporan' }],
    rev: 1,
    ...over,
  };
}

/** The next revision of `c` with `change` applied, as a step completion would produce it. */
export function nextRev(c: Case, change: Partial<Case> = {}): Case {
  return { ...structuredClone(c), ...change, rev: c.rev + 1 };
}
