/** The Respon Kasus Anak definition loads as a plain typed Workflow with a stable hash; edits to it are caught where they are made. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { formatDefinitionError, loadWorkflowFile, parseWorkflow, workflowHash, type DefinitionError } from '../../../engine/definition/index.ts';

const SEED_FILE = fileURLToPath(new URL('../../../workflows/respon-kasus-anak.yaml', import.meta.url));
const SEED = readFileSync(SEED_FILE, 'utf8');

/** 1-based line and column of the n-th occurrence of `needle` in `text`, plus `shift` columns. */
function where(text: string, needle: string, shift = 0, nth = 0): { line: number; column: number } {
  let at = -1;
  for (let i = 0; i <= nth; i++) at = text.indexOf(needle, at + 1);
  if (at < 0) throw new Error(`not in text: ${needle}`);
  const before = text.slice(0, at).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 + shift };
}

/** The seed with one edit, which must be refused; returns its errors. */
function edited(from: string, to: string): DefinitionError[] {
  expect(SEED).toContain(from);
  const r = parseWorkflow(SEED.replace(from, to), 'respon-kasus-anak.yaml');
  expect(r.ok).toBe(false);
  return r.ok ? [] : r.errors;
}

describe('the seed service', () => {
  const loaded = loadWorkflowFile(SEED_FILE);

  it('passes every check', () => {
    expect(loaded.ok ? 'ok' : loaded.errors.map(formatDefinitionError)).toBe('ok');
  });

  it('has the standard: eleven steps numbered 1-11, five requirements, the complaint channels', () => {
    if (!loaded.ok) throw new Error('seed refused');
    const wf = loaded.workflow;
    expect(wf.steps.map((s) => s.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(wf.requirements).toHaveLength(5);
    expect(wf.decree.number).toBe('KPTS.800/DISSOSP3A-Set/04');
    expect(wf.complaints.channels.map((c) => c.channel)).toEqual(['email', 'facebook', 'instagram', 'website', 'whatsapp']);
    expect(wf.service.phone).toBe('081365466531');
  });

  it('is plain data equal to what YAML reads, with version set', () => {
    if (!loaded.ok) throw new Error('seed refused');
    expect(Object.getPrototypeOf(loaded.workflow)).toBe(Object.prototype);
    expect(JSON.parse(JSON.stringify(loaded.workflow))).toEqual(loaded.workflow);
    expect(loaded.workflow).toEqual(parse(SEED));
  });

  it('hashes the definition, independently of key order, comments and layout', () => {
    if (!loaded.ok) throw new Error('seed refused');
    expect(loaded.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(loaded.hash).toBe(workflowHash(loaded.workflow));
    const reordered = SEED.replace('id: respon-kasus-anak\ntitle: Respon Kasus Anak\n', 'title: Respon Kasus Anak\nid: respon-kasus-anak\n').replace(/^# .*\n/gm, '');
    const again = parseWorkflow(reordered, 'x.yaml');
    expect(again.ok && again.hash).toBe(loaded.hash);
    const changed = parseWorkflow(SEED.replace('title: Respon Kasus Anak\n', 'title: Respon Kasus Anak (uji)\n'), 'x.yaml');
    expect(changed.ok && changed.hash).not.toBe(loaded.hash);
  });

  it('defaults a missing version to 1, and the hash counts it as written', () => {
    const r = parseWorkflow(SEED.replace('version: 1\n', ''), 'x.yaml');
    expect(r.ok && r.workflow.version).toBe(1);
    if (loaded.ok && r.ok) expect(r.hash).toBe(loaded.hash);
  });

  it('names the file given, or workflow.yaml when none is', () => {
    const r = parseWorkflow('id: [');
    expect(!r.ok && r.errors[0].file).toBe('workflow.yaml');
  });
});

describe('edits to the seed are caught where they are made', () => {
  it('a step role that is not declared, with a suggestion', () => {
    const [e, ...rest] = edited('    role: sekretaris\n    description: Sekretaris merekomendasi', '    role: sekertaris\n    description: Sekretaris merekomendasi');
    expect(rest).toEqual([]);
    expect(e).toMatchObject({ ...where(SEED, 'role: sekretaris\n    description: Sekretaris merekomendasi', 6), path: 'steps[9].role' });
    expect(e.hint).toMatch(/Maksud Anda `sekretaris`\?/);
  });

  it('an access list naming an unknown role', () => {
    const [e] = edited('  read: [kepala_uptd]', '  read: [kepala_upt]');
    expect(e).toMatchObject({ ...where(SEED, '  read: [kepala_uptd]', 9), path: 'access.read[0]' });
  });

  it('a default that does not fit its field', () => {
    const [e] = edited('        default: now\n', '        default: kemarin\n');
    expect(e).toMatchObject({ ...where(SEED, '        default: now', 17), path: 'steps[0].fields[3].default' });
    expect(e.message).toMatch(/tulis `now` atau waktu/);
  });

  it('a list subject that is no identifying text of the intake form', () => {
    const [unknown] = edited('  subject: [anak_nama]', '  subject: [anak_nma]');
    expect(unknown).toMatchObject({ ...where(SEED, '  subject: [anak_nama]', 12), path: 'access.subject[0]' });
    expect(unknown.hint).toMatch(/Maksud Anda `anak_nama`\?/);
    const [plain] = edited('  subject: [anak_nama]', '  subject: [anak_jenis_kelamin]');
    expect(plain.message).toMatch(/hanya isian teks bertanda `sensitive: true`/);
  });

  it('a misspelt key inside a condition is reported once, as the typo it is', () => {
    const errors = edited('{ fact: saluran, operator: equal, value: tidak_langsung }] }\n        label: laporan divalidasi', '{ fact: saluran, operater: equal, value: tidak_langsung }] }\n        label: laporan divalidasi');
    expect(errors).toHaveLength(1);
    expect(errors[0].path).toBe('steps[1].next[0].when.all[0].operater');
    expect(errors[0].hint).toMatch(/Maksud Anda `operator`\?/);
    expect(errors[0]).toMatchObject(where(SEED, 'operator: equal, value: tidak_langsung }] }\n        label: laporan divalidasi'));
  });

  it('two boolean operators in one condition', () => {
    const [e] = edited('when: { all: [{ fact: laporan_sah, operator: equal, value: tidak }] }', 'when: { all: [{ fact: laporan_sah, operator: equal, value: tidak }], any: [] }');
    expect(e.message).toMatch(/`any` tidak boleh berdampingan dengan `all`/);
  });

  it('`in` without a list, `contains` on a single-choice field, numbers compared with text', () => {
    expect(edited('fact: saluran, operator: equal, value: tidak_langsung }] }\n        label: laporan divalidasi', 'fact: saluran, operator: in, value: tidak_langsung }] }\n        label: laporan divalidasi')[0].message).toMatch(/daftar nilai/);
    expect(edited('fact: saluran, operator: equal, value: tidak_langsung }] }\n        label: laporan divalidasi', 'fact: saluran, operator: contains, value: tidak_langsung }] }\n        label: laporan divalidasi')[0].message).toMatch(/hanya untuk isian multiselect/);
    expect(edited('fact: saluran, operator: equal, value: tidak_langsung }] }\n        label: laporan divalidasi', 'fact: anak_perkiraan_usia, operator: lessThan, value: "5" }] }\n        label: laporan divalidasi')[0].message).toMatch(/value bukan angka/);
    expect(edited('fact: saluran, operator: equal, value: tidak_langsung }] }\n        label: laporan divalidasi', 'fact: jenis_kasus, operator: equal, value: kekerasan_fisik }] }\n        label: laporan divalidasi')[0].hint).toMatch(/contains/);
    expect(edited('fact: saluran, operator: equal, value: tidak_langsung }] }\n        label: laporan divalidasi', 'fact: pelapor_dirahasiakan, operator: equal, value: ya }] }\n        label: laporan divalidasi')[0].message).toMatch(/true \(dicentang\) atau false/);
  });

  it('`in` with an option that does not exist points at that list item', () => {
    const [e] = edited('fact: saluran, operator: equal, value: tidak_langsung }] }\n        label: laporan divalidasi', 'fact: tingkat_risiko, operator: in, value: [tinggi, darurrat] }] }\n        label: laporan divalidasi');
    expect(e.path).toBe('steps[1].next[0].when.all[0].value[1]');
    expect(e.hint).toMatch(/Maksud Anda `darurat`\?/);
  });

  it('a field shown on a condition about a field nobody fills', () => {
    const [e] = edited('when: { all: [{ fact: hasil_verifikasi, operator: equal, value: perbaiki }] }\n    # Naskah', 'when: { all: [{ fact: hasil_verifikasii, operator: equal, value: perbaiki }] }\n    # Naskah');
    expect(e.path).toBe('steps[5].fields[1].when.all[0].fact');
  });

  it('a deadline with the reserved id, a lower-case duration, a deadline guard naming an unknown fact', () => {
    const errors = edited('      - id: dokumen-susulan', '      - id: penyelesaian');
    expect(errors[0].message).toMatch(/`penyelesaian` sudah dipakai untuk waktu penyelesaian/);
    expect(edited('duration: PT72H', 'duration: PT72h')[0].hint).toMatch(/ISO-8601/);
    const [e] = edited(
      'metLabel: Dokumen susulan sudah diterima\n        when: { all: [{ fact: dokumen_lengkap,',
      'metLabel: Dokumen susulan sudah diterima\n        when: { all: [{ fact: dokumen_lengkp,',
    );
    expect(e.path).toBe('steps[1].deadlines[0].when.all[0].fact');
  });

  it('options on a text field, bounds on the wrong type, a bad regular expression', () => {
    expect(edited('        pattern: "^[0-9]{16}$"\n        patternMessage: NIK terdiri dari 16 angka.\n      - name: pelapor_telepon', '        pattern: "^[0-9]{16$"\n        patternMessage: NIK terdiri dari 16 angka.\n      - name: pelapor_telepon')[0].message).toMatch(/Ekspresi reguler/);
    expect(edited('        label: Nama pelapor\n        type: text\n', '        label: Nama pelapor\n        type: text\n        min: 3\n')[0].message).toMatch(/`min` tidak berlaku/);
    const [opt] = edited('        label: Nama pelapor\n        type: text\n', '        label: Nama pelapor\n        type: text\n        options: [{ value: a, label: A }]\n');
    // The key `options:` written two lines below the label, at the field's indentation.
    expect(opt).toMatchObject({ line: where(SEED, '        label: Nama pelapor\n').line + 2, column: 9, path: 'steps[0].fields[4].options' });
    expect(edited('        min: 0\n        max: 17\n', '        min: 17\n        max: 0\n')[0].path).toBe('steps[0].fields[13].max');
  });

  it('a step that both continues and ends, and an outcome nobody declared', () => {
    expect(edited('    next: rekomendasi-sekretaris\n', '    next: rekomendasi-sekretaris\n    end: ditindaklanjuti\n')[0].message).toMatch(/`next` dan `end` sekaligus/);
    expect(edited('      - end: tidak-sah\n', '      - end: tidak_sah\n')[0].hint).toMatch(/Maksud Anda `tidak-sah`\?/);
  });

  it('a branch with both a target and an end, or with neither', () => {
    expect(edited('      - to: laporan-tindak-lanjut\n', '      - to: laporan-tindak-lanjut\n        end: ditindaklanjuti\n')[0].message).toMatch(/`to` dan `end` sekaligus/);
    expect(edited('      - to: laporan-tindak-lanjut\n        label: Kepala UPTD PPA melapor ke Sekretaris\n', '      - label: Kepala UPTD PPA melapor ke Sekretaris\n').map((e) => e.message).join('\n')).toMatch(/tidak punya tujuan/);
  });

  it('working time without an office calendar, holidays written twice, a bad holiday date', () => {
    const noCalendar = SEED.replace(/\ncalendar:\n(?: .*\n)+/, '\n').replace('  calendar: calendar\n', '  calendar: working\n');
    const r = parseWorkflow(noCalendar, 'x.yaml');
    expect(!r.ok && r.errors.map((e) => e.path)).toEqual(['completion.calendar']);
    expect(edited('    - { date: "2026-05-01", name: Hari Buruh Internasional }', '    - { date: "2026-01-01", name: Hari Buruh Internasional }')[0].path).toBe('calendar.holidays[1].date');
    expect(edited('    - { date: "2026-05-01", name: Hari Buruh Internasional }', '    - "2026-13-01"')[0].message).toMatch(/Tanggal `2026-13-01` tidak sah/);
    expect(edited('  workdays: [1, 2, 3, 4, 5]', '  workdays: [1, 2, 3, 4, 8]')[0].path).toBe('calendar.workdays[4]');
  });

  it('an id written with capitals and spaces, and an empty title', () => {
    expect(edited('  - id: periksa-dokumen\n', '  - id: Periksa Dokumen\n').map((e) => e.path)).toContain('steps[1].id');
    expect(edited('title: Respon Kasus Anak\n', 'title: ""\n')[0].message).toMatch(/tidak boleh kosong/);
    expect(edited('title: Respon Kasus Anak\n', 'title:\n')[0]).toMatchObject({ ...where(SEED, 'title: Respon Kasus Anak\n'), path: 'title' });
  });

  it('a list where a mapping belongs, and a mapping where a list belongs', () => {
    expect(edited('products:\n  - Respon Kasus\n', 'products: Respon Kasus\n')[0].hint).toMatch(/daftar/);
    expect(edited('fee: Tidak dipungut biaya', 'fee: [Tidak dipungut biaya]')[0].message).toMatch(/Harus berupa teks, bukan daftar/);
  });
});
