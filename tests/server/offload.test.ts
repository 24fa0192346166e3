/** Worker lanes: a job over its time or memory budget ends its thread with a readable reason; the next job runs on a fresh one. */
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import type { ParseResult } from '../../engine/definition/index.ts';
import { OffloadError, OffloadLane } from '../../server/offload/worker.ts';
import { largeDraft } from '../fixtures/large-draft.ts';

const SEED = readFileSync(new URL('../../workflows/respon-kasus-anak.yaml', import.meta.url), 'utf8');
const lanes: OffloadLane[] = [];
const lane = (ms: number, heapMb: number) => {
  const l = new OffloadLane('uji', { ms, heapMb });
  lanes.push(l);
  return l;
};
afterAll(() => Promise.all(lanes.map((l) => l.stop())));

describe('offload lanes', () => {
  it('checks a definition in a worker thread and answers in order', async () => {
    const l = lane(60_000, 256);
    const [seed, big] = await Promise.all([
      l.run<ParseResult>({ kind: 'check', source: SEED, file: 'seed.yaml' }),
      l.run<ParseResult>({ kind: 'check', source: largeDraft({ steps: 20 }), file: 'besar.yaml' }),
    ]);
    expect(seed.ok && seed.workflow.id).toBe('respon-kasus-anak');
    expect(big.ok && big.workflow.steps.length).toBe(20);
  }, 90_000);

  it('ends a job over its time budget, says so, and runs the next job on a fresh thread', async () => {
    const l = lane(5, 256);
    const slow = l.run({ kind: 'check', source: largeDraft({ steps: 100, bytes: 400_000 }), file: 'x.yaml' });
    await expect(slow).rejects.toBeInstanceOf(OffloadError);
    await expect(slow).rejects.toMatchObject({ kind: 'timeout', reason: 'Pekerjaan ini melebihi batas waktu 0 detik.' });
    (l as unknown as { budget: { ms: number } }).budget.ms = 60_000;
    expect((await l.run<ParseResult>({ kind: 'check', source: SEED, file: 'seed.yaml' })).ok).toBe(true);
  }, 90_000);

  it('ends a job over its memory budget with a readable reason', async () => {
    const l = lane(60_000, 16);
    const big = l.run({ kind: 'check', source: largeDraft({ steps: 100, fieldsPerStep: 6, bytes: 500_000 }), file: 'x.yaml' });
    await expect(big).rejects.toMatchObject({ kind: expect.stringMatching(/memory|failed/) });
    // The lane goes on: a small job afterwards is answered.
    (l as unknown as { budget: { heapMb: number } }).budget.heapMb = 256;
    expect((await l.run<ParseResult>({ kind: 'check', source: SEED, file: 'seed.yaml' })).ok).toBe(true);
  }, 120_000);
});
