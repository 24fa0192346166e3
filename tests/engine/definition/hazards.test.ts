/** Untrusted input never crashes the loader: oversized, non-UTF-8, binary, deeply nested or truncated files get located errors. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MAX_BYTES, parseWorkflow, type DefinitionError } from '../../../engine/definition/index.ts';

const SEED = readFileSync(new URL('../../../workflows/respon-kasus-anak.yaml', import.meta.url), 'utf8');

function refused(source: string | Uint8Array): DefinitionError[] {
  const r = parseWorkflow(source, 'uji.yaml');
  expect(r.ok).toBe(false);
  return r.ok ? [] : r.errors;
}

describe('size', () => {
  it('refuses a file over the limit before parsing it, as text and as bytes', () => {
    const big = `# ${'x'.repeat(MAX_BYTES)}\n${SEED}`;
    for (const source of [big, new TextEncoder().encode(big)]) {
      const [e, ...rest] = refused(source);
      expect(rest).toEqual([]);
      expect(e).toMatchObject({ file: 'uji.yaml', line: 1, column: 1, path: '' });
      expect(e.message).toMatch(/terlalu besar \(\d+ KiB\); batasnya 512 KiB/);
    }
  });

  it('counts bytes, not characters: multi-byte text that fits in characters but not in bytes is refused', () => {
    const text = `description: "${'é'.repeat(MAX_BYTES / 2 + 10)}"\n`;
    expect(text.length).toBeLessThan(MAX_BYTES);
    expect(refused(text)[0].message).toMatch(/terlalu besar/);
  });
});

describe('encoding', () => {
  it('locates the first byte that is not UTF-8 (a Latin-1 "é" on line 3)', () => {
    const lines = SEED.split('\n');
    const bytes = Buffer.concat([
      Buffer.from(`${lines[0]}\n${lines[1]}\n# Kabupaten Rokan Hulu, `, 'utf8'),
      Buffer.from([0xe9]), // "é" in Latin-1 / Windows-1252
      Buffer.from(`\n${lines.slice(3).join('\n')}`, 'utf8'),
    ]);
    const [e, ...rest] = refused(new Uint8Array(bytes));
    expect(rest).toEqual([]);
    expect({ line: e.line, column: e.column }).toEqual({ line: 3, column: 25 }); // after the 24 characters of "# Kabupaten Rokan Hulu, "
    expect(e.message).toMatch(/bukan teks UTF-8: byte 0xE9/);
    expect(e.hint).toMatch(/UTF-8/);
  });

  it('counts columns in characters when multi-byte letters precede the bad byte', () => {
    const bytes = Buffer.concat([Buffer.from('title: Café ', 'utf8'), Buffer.from([0xff]), Buffer.from('\n')]);
    const [e] = refused(new Uint8Array(bytes));
    expect({ line: e.line, column: e.column }).toEqual({ line: 1, column: 13 });
  });

  it('refuses overlong forms and surrogates that lenient decoders accept', () => {
    for (const bad of [[0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82]]) {
      const [e] = refused(new Uint8Array([0x61, 0x3a, 0x20, ...bad, 0x0a]));
      expect(e.message).toMatch(/bukan teks UTF-8/);
      expect(e.column).toBe(4);
    }
  });

  it('names UTF-16 when the file starts with its byte-order mark', () => {
    const utf16 = new Uint8Array([0xff, 0xfe, ...Buffer.from('id: x\n', 'utf16le')]);
    expect(refused(utf16)[0].message).toMatch(/UTF-16/);
  });

  it('accepts a UTF-8 byte-order mark (Notepad writes one)', () => {
    const r = parseWorkflow(new Uint8Array(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(SEED)])), 'bom.yaml');
    expect(r.ok).toBe(true);
  });

  it('refuses binary content (NUL characters) with its position', () => {
    const [e] = refused(`id: respon\ntitle: a\u0000b\n`);
    expect({ line: e.line, column: e.column }).toEqual({ line: 2, column: 9 });
    expect(e.message).toMatch(/NUL/);
  });
});

describe('structure', () => {
  it('refuses flow nesting far deeper than a service needs, without a stack overflow', () => {
    const [e, ...rest] = refused(`id: x\nsteps: ${'['.repeat(50_000)}\n`);
    expect(rest).toEqual([]);
    expect(e.line).toBe(2);
    expect(e.message).toMatch(/bertingkat lebih dari 64 lapis/);
  });

  it('refuses block nesting far deeper than a service needs', () => {
    const deep = Array.from({ length: 400 }, (_, i) => `${' '.repeat(i)}a:`).join('\n');
    expect(refused(deep)[0].message).toMatch(/bertingkat lebih dari 64 lapis/);
  });

  it('refuses nesting that only grows deep through aliases', () => {
    const levels = ['x0: &a0 [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[ok]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]'];
    for (let i = 1; i < 4; i++) levels.push(`x${i}: &a${i} [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[*a${i - 1}]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]`);
    const errors = refused(levels.join('\n'));
    expect(errors[0].message).toMatch(/bertingkat lebih dari 64 lapis/);
    expect(errors[0].line).toBeGreaterThan(1);
  });

  it('refuses an alias to an anchor that does not exist', () => {
    const [e] = refused(SEED.replace('fee: Tidak dipungut biaya', 'fee: *biaya'));
    expect(e.message).toMatch(/Alias \*biaya .*anchor &biaya yang belum ditulis/);
    expect(e.line).toBe(SEED.split('\n').findIndex((l) => l.startsWith('fee:')) + 1);
    expect(e.column).toBe(6);
  });

  it('accepts a few ordinary aliases (a reused list of options)', () => {
    const text = SEED.replace(
      '        options:\n          - { value: ya, label: Ya }\n          - { value: tidak, label: Tidak }',
      '        options: &ya_tidak\n          - { value: ya, label: Ya }\n          - { value: tidak, label: Tidak }',
    ).replace('        options:\n          - { value: ya, label: "Ya, laporan sah" }\n          - { value: tidak, label: Tidak sah }', '        options: *ya_tidak');
    expect(text).toContain('*ya_tidak');
    const r = parseWorkflow(text, 'alias.yaml');
    expect(r.ok ? 'ok' : r.errors.map((e) => e.message)).toBe('ok');
    if (!r.ok) return;
    const field = r.workflow.steps.flatMap((s) => s.fields ?? []).find((f) => f.name === 'laporan_sah')!;
    expect(field.options!.map((o) => o.value)).toEqual(['ya', 'tidak']);
    // Plain data: the reused list is a copy, not the same object.
    const other = r.workflow.steps.flatMap((s) => s.fields ?? []).find((f) => f.name === 'dokumen_lengkap')!;
    expect(field.options).not.toBe(other.options);
  });

  it('YAML 1.1 directives do not turn dates or "yes" into other types', () => {
    const r = parseWorkflow(`%YAML 1.1\n---\n${SEED.replace('  title: Standar Pelayanan Respon Kasus Anak', '  title: Standar Pelayanan Respon Kasus Anak\n  effective: 2026-01-02')}`, 'v11.yaml');
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.workflow.decree.effective).toBe('2026-01-02');
  });

  it('never throws: every prefix of the seed file is either valid or refused with located errors', () => {
    const cuts = 60;
    for (let i = 1; i <= cuts; i++) {
      const text = SEED.slice(0, Math.floor((SEED.length * i) / cuts) - 7);
      const r = parseWorkflow(text, 'potong.yaml');
      if (r.ok) continue;
      expect(r.errors.length).toBeGreaterThan(0);
      for (const e of r.errors) {
        expect(e.line).toBeGreaterThanOrEqual(1);
        expect(e.column).toBeGreaterThanOrEqual(1);
        expect(e.message).not.toMatch(/kesalahan tak terduga/);
      }
    }
  });

  it('never throws on odd inputs', () => {
    const odd = ['', ' ', '\n\n', '---', '...', '~', 'null', '[]', '{}', '0', '"id"', '? [a]\n: b', '&a *a', '!!str', 'id: [', ': :', '- - -', 'a: b: c', '{a: 1, a: 2}', '\uFEFF', '%TAG ! tag:x,2000:\n--- !x\nid: a'];
    for (const text of odd) {
      const r = parseWorkflow(text, 'aneh.yaml');
      expect(r.ok, JSON.stringify(text)).toBe(false);
      if (!r.ok) for (const e of r.errors) expect(e.message, JSON.stringify(text)).not.toMatch(/kesalahan tak terduga/);
    }
  });
});
