/**
 * What a definition worker thread does on request: check a draft (parse + every definition check), lay out a
 * diagram (ELK), compare two texts line by line. Pure work on plain data; answers travel back as plain data.
 */
import { parentPort } from 'node:worker_threads';
import { lineDiff } from '../../engine/changes.ts';
import { parseWorkflow } from '../../engine/definition/index.ts';
import type { Workflow } from '../../engine/types.ts';
import { layoutDiagram } from '../../templates/diagram/layout.ts';

export type Job =
  | { kind: 'check'; source: string; file: string }
  | { kind: 'layout'; workflow: Workflow }
  | { kind: 'diff'; before: string; after: string };

async function run(job: Job): Promise<unknown> {
  if (job.kind === 'check') return parseWorkflow(job.source, job.file);
  if (job.kind === 'layout') return layoutDiagram(job.workflow);
  return lineDiff(job.before, job.after);
}

parentPort?.on('message', async (message: { id: number; job: Job }) => {
  try {
    parentPort!.postMessage({ id: message.id, ok: true, value: await run(message.job) });
  } catch (err) {
    parentPort!.postMessage({ id: message.id, ok: false, error: err instanceof Error ? err.message : String(err) });
  }
});
parentPort?.postMessage({ ready: true });
