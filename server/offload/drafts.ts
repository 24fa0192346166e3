/** An administrator's draft checked and compared in the drafts worker thread, so a heavy draft never holds up a request. */
import type { DiffLine } from '../../engine/changes.ts';
import type { ParseResult } from '../../engine/definition/index.ts';
import { lanes, OffloadError } from './worker.ts';

/** `parseWorkflow(source, file)`, run in the drafts thread; a job over budget is a located error like any other. */
export async function checkSource(source: string, file: string): Promise<ParseResult> {
  try {
    return await lanes.drafts.run<ParseResult>({ kind: 'check', source, file });
  } catch (err) {
    if (!(err instanceof OffloadError)) throw err;
    return {
      ok: false,
      errors: [{ file, line: 1, column: 1, path: '', message: `Pemeriksaan rancangan dihentikan: ${err.reason}`, hint: 'Periksa bagian yang terakhir ditambahkan; definisi layanan biasa diperiksa dalam sekejap.' }],
    };
  }
}

/** `lineDiff(before, after)` in the drafts thread; undefined when it could not be made within the budget. */
export async function diffSources(before: string, after: string): Promise<Array<DiffLine | { kind: 'skip'; count: number }> | undefined> {
  try {
    return await lanes.drafts.run({ kind: 'diff', before, after });
  } catch (err) {
    if (err instanceof OffloadError) return undefined;
    throw err;
  }
}
