/** The scenario file format (workflows/scenarios.schema.json): the shipped files hold to it; a broken one is told at its lines. */
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkScenarioSource, scenariosSchema } from '../../engine/scenario-schema.ts';

const DIR = new URL('../../workflows/', import.meta.url);

describe('scenario file schema', () => {
  it('accepts every scenario file shipped beside the services', () => {
    const files = readdirSync(DIR).filter((f) => f.endsWith('.scenarios.yaml'));
    expect(files.length).toBeGreaterThanOrEqual(3);
    for (const f of files) {
      const r = checkScenarioSource(readFileSync(new URL(f, DIR)), f);
      expect(r.ok ? [] : r.errors).toEqual([]);
    }
  });

  it('locates each problem with the path and what to write, in Indonesian', () => {
    const text = [
      'workflow: respon-kasus-anak',
      'scenarios:',
      '  - start: {}',
      '    stpes: []',
      '    steps:',
      '      - { step: a, meet: b }',
      '      - { at: "kemarin", step: x }',
      '    expect: { status: selesai }',
    ].join('\n');
    const r = checkScenarioSource(text, 'x.scenarios.yaml');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => [e.line, e.path, e.message])).toEqual([
      [3, 'scenarios[0].name', 'beri nama skenario'],
      [3, 'scenarios[0].start.data', 'tulis isian formulir awal'],
      [4, 'scenarios[0].stpes', 'Kunci `stpes` tidak dikenal di sini. Maksud Anda `steps`?'],
      [6, 'scenarios[0].steps[0]', 'tulis step (id langkah) atau meet (id tenggat), atau tepat satu dari claim, assign, release'],
      [7, 'scenarios[0].steps[1].at', 'Bentuknya tidak sesuai.'],
      [8, 'scenarios[0].expect.status', 'Nilai tidak dikenal; pilih salah satu: open, closed.'],
    ]);
    expect(r.errors[4]!.hint).toContain('2026-12-01T09:00:00+07:00');
  });

  it('says what a YAML syntax error is, at its line', () => {
    const r = checkScenarioSource('workflow: x\nscenarios:\n  - name: "tanpa tutup\n', 'x.scenarios.yaml');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]!.line).toBeGreaterThan(0);
  });

  it('documents every key in Indonesian', () => {
    const missing: string[] = [];
    const walk = (node: unknown, at: string) => {
      if (!node || typeof node !== 'object') return;
      const n = node as Record<string, unknown>;
      for (const [k, v] of Object.entries((n.properties as Record<string, Record<string, unknown>>) ?? {})) {
        if (!v.description && !v.$ref) missing.push(`${at}.${k}`);
        walk(v, `${at}.${k}`);
      }
      for (const [k, v] of Object.entries((n.$defs as Record<string, unknown>) ?? {})) walk(v, `$defs.${k}`);
    };
    walk(scenariosSchema, '');
    expect(missing).toEqual([]);
  });
});
