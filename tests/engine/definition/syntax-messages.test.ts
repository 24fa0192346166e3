/** YAML syntax errors point at the line the administrator must mend and speak Indonesian only (issue 15, item 12). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseWorkflow } from '../../../engine/definition/index.ts';
import { SEED_PATH } from '../seed.ts';

const SEED = readFileSync(SEED_PATH, 'utf8').split('\n');
const lineOf = (needle: string) => SEED.findIndex((l) => l.includes(needle));
const ENGLISH = /\b(must|should|expected|end with|indented|collection|sequence|flow|block|implicit|unexpected|missing|line \d)\b/i;

function errorsWith(edit: (lines: string[]) => void) {
  const lines = [...SEED];
  edit(lines);
  const r = parseWorkflow(lines.join('\n'), 'x.yaml');
  if (r.ok) throw new Error('expected a syntax error');
  return r.errors;
}

describe('an unclosed bracket', () => {
  it('is reported at its own line, not where the parser noticed it after the comments below', () => {
    // Line 61 is followed by two comment lines: the parser notices the missing ] at line 64.
    const i = lineOf('sensitive: [front_office');
    const [e] = errorsWith((l) => (l[i] = l[i]!.replace(/\]$/, '')));
    expect(e).toMatchObject({ line: i + 1, column: SEED[i]!.length, message: 'Daftar yang dibuka dengan [ tidak ditutup: tanda ] penutup tidak ada.' });
    const j = lineOf('channel: whatsapp');
    const [m] = errorsWith((l) => (l[j] = l[j]!.replace(/ \}$/, '')));
    expect(m).toMatchObject({ line: j + 1, message: 'Pemetaan yang dibuka dengan { tidak ditutup: tanda } penutup tidak ada.' });
  });
});

describe('syntax messages', () => {
  it('carry no English from the parser', () => {
    const edits: Array<(l: string[]) => void> = [
      (l) => (l[lineOf('read: [kepala_uptd]')] = '  read: [kepala_uptd'),
      (l) => (l[lineOf('hours: {')] = '  hours: { start: "07:30", end: "16:00"'),
      (l) => (l[lineOf('title: Respon Kasus Anak')] = 'title: "Respon Kasus Anak'),
      (l) => (l[lineOf('fee:')] = 'fee: Tidak: dipungut: biaya'),
      (l) => (l[lineOf('  - id: laporan-media')] = '   - id: laporan-media'),
      (l) => (l[lineOf('id: respon-kasus-anak')] = 'id: respon-kasus-anak\nid: lagi'),
      (l) => (l[lineOf('products:')] = 'products: [Respon Kasus]]'),
    ];
    for (const edit of edits) {
      for (const e of errorsWith(edit)) {
        expect(e.message).not.toMatch(ENGLISH);
        expect(e.hint ?? '').not.toMatch(ENGLISH);
        expect(e.line).toBeGreaterThan(0);
      }
    }
  });
});
