/**
 * How big one service definition may be: bytes of the file (the one size limit of every door: file, editor,
 * publish, request), steps, fields, branches. Counted on the parsed YAML before the schema and the other checks,
 * so an oversized draft costs no more than reading it. A real service standard is far below each of them.
 */
import type { PathSegment, Problem } from './errors.ts';

export { MAX_BYTES } from './decode.ts';

/** Steps of one service (the seed has 11). */
export const MAX_STEPS = 100;
/** Fields of one step's form (the seed's intake has 27). */
export const MAX_FIELDS_PER_STEP = 100;
/** Fields of all steps together. */
export const MAX_FIELDS = 600;
/** Branches leaving one step. */
export const MAX_BRANCHES = 20;

const list = (v: unknown): unknown[] | undefined => (Array.isArray(v) ? v : undefined);
const thousands = (n: number) => n.toLocaleString('id-ID');

/** Problems of a parsed definition that exceeds a count limit (before any other check reads it). */
export function checkCounts(value: Record<string, unknown>): Problem[] {
  const steps = list(value.steps);
  if (!steps) return [];
  const out: Problem[] = [];
  if (steps.length > MAX_STEPS) {
    out.push({
      path: ['steps'],
      message: `Layanan ini memuat ${thousands(steps.length)} langkah; paling banyak ${MAX_STEPS} langkah untuk satu layanan.`,
      hint: 'Pecah prosedur yang sangat panjang menjadi beberapa layanan, atau gabungkan langkah yang dikerjakan orang yang sama berurutan.',
    });
    return out;
  }
  let total = 0;
  steps.forEach((step, i) => {
    if (!step || typeof step !== 'object') return;
    const fields = list((step as Record<string, unknown>).fields);
    const next = list((step as Record<string, unknown>).next);
    const path: PathSegment[] = ['steps', i];
    if (fields) {
      total += fields.length;
      if (fields.length > MAX_FIELDS_PER_STEP) {
        out.push({ path: [...path, 'fields'], message: `Langkah ini memuat ${fields.length} isian; paling banyak ${MAX_FIELDS_PER_STEP} isian untuk satu formulir.`, hint: 'Formulir sepanjang ini sulit diisi; pindahkan sebagian isian ke langkah lain.' });
      }
    }
    if (next && next.length > MAX_BRANCHES) {
      out.push({ path: [...path, 'next'], message: `Langkah ini memuat ${next.length} cabang; paling banyak ${MAX_BRANCHES}.`, hint: 'Gabungkan cabang yang menuju langkah yang sama dengan syarat any: [...].' });
    }
  });
  if (total > MAX_FIELDS) {
    out.push({ path: ['steps'], message: `Layanan ini memuat ${thousands(total)} isian; paling banyak ${MAX_FIELDS} isian untuk seluruh langkah.`, hint: 'Kurangi isian yang tidak dipakai untuk keputusan atau laporan.' });
  }
  return out;
}
