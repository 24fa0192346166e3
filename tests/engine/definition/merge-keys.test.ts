/**
 * YAML merge keys (`<<: *anchor`) are refused with a message that says they are not supported, at the line of the
 * key, wherever they stand (a form field, a top-level section); plain anchors and aliases keep working.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseWorkflow } from '../../../engine/definition/index.ts';

const SOURCE = readFileSync(new URL('../../../workflows/rekomendasi-bantuan-sosial.yaml', import.meta.url), 'utf8');
const NAME = '      - name: pemohon_nama\n        label: Nama pemohon\n        type: text\n';
const OTHER = '      - name: penerima_nama\n        label: Nama anggota keluarga\n        type: text\n';

describe('YAML merge keys', () => {
  it('refuses a merge key in a form field, at its line, saying merging is not supported', () => {
    const text = SOURCE.replace(NAME, NAME.replace('- name:', '- &nama\n        name:')).replace(OTHER, OTHER.replace('- name:', '- <<: *nama\n        name:'));
    const r = parseWorkflow(text, 'x.yaml');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const e = r.errors.find((x) => x.path.endsWith('["<<"]'))!;
    expect(e.message).toBe('Penggabungan `<<: *nama` tidak didukung dalam definisi layanan.');
    expect(e.hint).toBe('Tulis kunci-kuncinya secara langsung di bagian ini.');
    expect(text.split('\n')[e.line - 1]).toContain('<<: *nama');
  });

  it('refuses one in a top-level section too', () => {
    const r = parseWorkflow(SOURCE.replace('decree:\n', 'decree:\n  <<: { title: Standar }\n'), 'x.yaml');
    expect(r.ok ? [] : r.errors.map((e) => e.message)).toContain('Penggabungan `<<: *nama` tidak didukung dalam definisi layanan.');
  });
});
