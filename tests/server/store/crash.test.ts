import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../../server/store/index.ts';
import type { Cluster } from '../../pg/cluster.ts';
import { createDatabase, durableCluster } from '../../pg/database.ts';
import { STORES } from '../helpers.ts';
import { tempDir } from './helpers.ts';

// PostgreSQL: a cluster of this file's own with fsync on (an acknowledged commit must be on disk).
let cluster: Cluster | undefined;
afterAll(async () => {
  await cluster?.destroy();
});
async function location(store: (typeof STORES)[number]): Promise<string> {
  if (store === 'file') return tempDir();
  cluster ??= await durableCluster();
  return createDatabase(cluster.url, 'crash');
}

const WRITER = new URL('./fixtures/crash-writer.ts', import.meta.url).pathname;

interface Acknowledged {
  created: string[];
  updated: Map<string, number>;
  auditSeq: number;
  /** Acknowledgement lines read (every one is checked). */
  lines: number;
  finished: boolean;
}

/** Runs the writer on `dir` and SIGKILLs it once `killAfter` writes were acknowledged. */
function burst(dir: string, round: number, killAfter: number): Promise<Acknowledged> {
  const child = spawn(process.execPath, ['--import', 'tsx', WRITER, dir, String(round), '150'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const ack: Acknowledged = { created: [], updated: new Map(), auditSeq: 0, lines: 0, finished: false };
  let count = 0;
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  createInterface({ input: child.stdout }).on('line', (line) => {
    const [kind, a, b] = line.split(' ');
    if (kind === 'C') ack.created.push(a!);
    else if (kind === 'U') ack.updated.set(a!, Math.max(Number(b), ack.updated.get(a!) ?? 0));
    else if (kind === 'A') ack.auditSeq = Math.max(ack.auditSeq, Number(a));
    else if (kind === 'DONE') ack.finished = true;
    if (kind !== 'DONE') ack.lines++;
    if (++count === killAfter) child.kill('SIGKILL');
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (signal !== 'SIGKILL' && code !== 0) reject(new Error(`writer failed (${code}): ${stderr}`));
      else resolve(ack);
    });
  });
}

describe.each(STORES)('crash safety (%s store)', (kind) => {
  it('keeps every acknowledged write when the writing process is SIGKILLed mid-burst, three times over', async () => {
    const dir = await location(kind);
    const rounds = 3;
    let verified = 0;
    let crashes = 0;
    for (let round = 0; round < rounds; round++) {
      // At most 150 writes per burst; killed after 60 + 20·round acknowledgements, with up to 8 writes in flight.
      const ack = await burst(dir, round, 60 + 20 * round);
      if (!ack.finished) crashes++;
      const store = await openStore(dir);
      try {
        expect(store.problems.filter((p) => p.severity === 'error')).toEqual([]);
        for (const id of ack.created) expect(await store.cases.get(id), id).toBeDefined();
        for (const [id, rev] of ack.updated) {
          // The last acknowledged update of each case (or a later one that reached the disk unacknowledged).
          expect((await store.cases.get(id))!.rev, id).toBeGreaterThanOrEqual(rev);
        }
        // Every acknowledged audit entry is there (numbered up to the highest acknowledged) and the chain holds.
        const chain = await store.audit.verify();
        expect(chain.ok).toBe(true);
        expect(chain.entries).toBeGreaterThanOrEqual(ack.auditSeq);
        verified += ack.lines;
      } finally {
        await store.close();
      }
    }
    expect(crashes).toBe(rounds);
    console.log(`crash test (${kind}): ${crashes} crashes survived, ${verified} acknowledged writes verified`);
  }, 60_000);
});
