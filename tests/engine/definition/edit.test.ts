/**
 * Editing a service's YAML in place: the primitives keep every other byte (comments, blank lines, quoting), the
 * structured form writes only what differs, new parts get ids and their place, buttons remove and reorder.
 */
import { readFileSync } from 'node:fs';
import { diffLines } from 'diff';
import { describe, expect, it } from 'vitest';
import { parseWorkflow } from '../../../engine/definition/index.ts';
import {
  addStep,
  applyAction,
  applyForm,
  deleteIn,
  editorInputs,
  insertIn,
  moveIn,
  outlineOf,
  parseAction,
  restatedText,
  setIn,
  slugOf,
  valueAt,
} from '../../../engine/definition/edit/index.ts';
import { SEED_PATH } from '../seed.ts';

const SEED = readFileSync(SEED_PATH, 'utf8');

/** The lines removed and added from `a` to `b`, as "-text" / "+text". */
function changes(a: string, b: string): string[] {
  return diffLines(a, b).flatMap((p) => (p.added || p.removed ? p.value.replace(/\n$/, '').split('\n').map((l) => `${p.added ? '+' : '-'}${l}`) : []));
}

const comments = (text: string) => text.split('\n').filter((l) => l.trim().startsWith('#'));
const inputs = (pairs: Array<[string, string | string[]]>) => editorInputs(pairs);
const valid = (text: string) => {
  const r = parseWorkflow(text, 'x.yaml');
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.line}: ${e.message}`).join('\n'));
  return r.workflow;
};

describe('primitives on a small text', () => {
  const text = '# kepala\nid: a  # id layanan\nlist:\n  - x\n\n  # tentang y\n  - y\n\n  - z\nflow: [p, q]\nmap: { k: v }\nend: 1';

  it('set a scalar, keep the comment on its line, and add a missing key in its place', () => {
    expect(setIn(text, ['id'], 'b')).toBe(text.replace('id: a', 'id: b'));
    expect(setIn(text, ['map', 'k'], 'w, x')).toContain('map: { k: "w, x" }');
    expect(setIn(text, ['baru'], 'n', { after: ['id'] })).toContain('id: a  # id layanan\nbaru: n\nlist:');
    expect(setIn(text, ['tambah', 'dalam'], ['a', 'b'])).toMatch(/end: 1\ntambah:\n {2}dalam: \[a, b\]\n$/);
    expect(setIn(text, ['map', 'j'], 2)).toContain('map: { k: v, j: 2 }');
  });

  it('insert, remove and move items of a blank-separated list, comments travelling with their item', () => {
    expect(insertIn(text, ['list'], 3, 'w')).toContain('  - z\n\n  - w\nflow:');
    expect(insertIn(text, ['list'], 0, 'w')).toContain('list:\n  - w\n\n  - x');
    expect(deleteIn(text, ['list', 1])).toContain('list:\n  - x\n\n  - z\nflow');
    expect(moveIn(text, ['list'], 1, 2)).toContain('  - x\n\n  - z\n\n  # tentang y\n  - y\nflow');
    expect(insertIn(text, ['flow'], 1, 'r')).toContain('flow: [p, r, q]');
    expect(deleteIn(text, ['flow', 0])).toContain('flow: [q]');
  });

  it('handles the last item of a file without a final newline', () => {
    const t = 'a:\n  - 1\n  - 2';
    expect(moveIn(t, ['a'], 1, 0)).toBe('a:\n  - 2\n  - 1');
    expect(insertIn(t, ['a'], 2, 3)).toBe('a:\n  - 1\n  - 2\n  - 3\n');
    expect(deleteIn('a:\n  - 1\nb: 2', ['a', 0])).toBe('a: []\nb: 2');
  });

  it('replaces a scalar by a block and back without joining lines', () => {
    const t = 'a: x\nb: y\n';
    const block = setIn(t, ['a'], [{ k: 1 }, { k: 2 }]);
    expect(block).toBe('a:\n  - k: 1\n  - k: 2\nb: y\n');
    expect(setIn(block, ['a'], 'x')).toBe(t);
  });

  it('writes a long one-paragraph text folded and a text with line breaks as a literal block', () => {
    const long = 'kata '.repeat(40).trim();
    const out = setIn('a: x\nb: y\n', ['a'], long);
    expect(out).toMatch(/^a: >-\n {2}kata/);
    expect(valueAt(out, ['a'])).toBe(long);
    const lines = setIn('a: x\nb: y\n', ['a'], 'satu\n\ndua');
    expect(lines).toBe('a: |-\n  satu\n\n  dua\nb: y\n');
  });
});

describe('the decree change on the shipped service', () => {
  const form = inputs([
    ['u:steps/arahan-kepala-dinas/role', 'sekretaris'],
    ['u:completion/text', '1 Hari'],
    ['u:completion/duration#n', '2'],
    ['u:completion/duration#u', 'hari'],
    ['u:requirements#baru', 'Surat pengantar dari desa / kelurahan'],
    ['u:requirements#baru-ceklis', ['0', '1']],
  ]);

  it('writes exactly the changed lines, keeps every comment, and says the completion text again', () => {
    const out = applyForm(SEED, form);
    expect(out.errors).toEqual({});
    expect(changes(SEED, out.text)).toEqual([
      '+  - id: surat-pengantar-dari-desa-kelurahan',
      '+    text: Surat pengantar dari desa / kelurahan',
      '-  text: 1 Hari',
      '-  duration: P1D',
      '+  text: 2 Hari',
      '+  duration: P2D',
      '+          - { value: surat-pengantar-dari-desa-kelurahan, label: Surat pengantar dari desa / kelurahan }',
      '-    role: kepala_dinas',
      '+    role: sekretaris',
    ]);
    expect(comments(out.text)).toEqual(comments(SEED));
    const wf = valid(out.text);
    expect(wf.steps.find((s) => s.id === 'arahan-kepala-dinas')!.role).toBe('sekretaris');
    expect(wf.requirements).toHaveLength(6);
    expect(outlineOf(out.text)).toMatchObject({ ok: true, outline: { checklist: { missing: [] } } });
    expect(out.changed).toEqual(expect.arrayContaining(['steps/arahan-kepala-dinas/role', 'completion/duration', 'requirements']));
  });

  it('changes nothing when every input holds what the text holds', () => {
    const same = inputs([
      ['u:steps/arahan-kepala-dinas/role', 'kepala_dinas'],
      ['u:completion/text', '1 Hari'],
      ['u:completion/duration#n', '1'],
      ['u:completion/duration#u', 'hari'],
      ['u:steps/periksa-dokumen/fields/dokumen_lengkap/required', ['0', '1']],
      ['u:steps/periksa-dokumen/deadlines/dokumen-susulan/blocking', '0'],
      ['u:steps/periksa-dokumen/deadlines/dokumen-susulan/when#mode', 'all'],
      ['u:steps/periksa-dokumen/deadlines/dokumen-susulan/when#fact.0', 'dokumen_lengkap'],
      ['u:steps/periksa-dokumen/deadlines/dokumen-susulan/when#op.0', 'equal'],
      ['u:steps/periksa-dokumen/deadlines/dokumen-susulan/when#value.0', 'tidak'],
      ['u:steps/periksa-dokumen/deadlines/dokumen-susulan/when#fact.1', ''],
      ['u:steps/periksa-dokumen/route#target.0', 'step:validasi-laporan'],
      ['u:steps/periksa-dokumen/route#0.mode', 'all'],
      ['u:steps/periksa-dokumen/route#0.fact.0', 'saluran'],
      ['u:steps/periksa-dokumen/route#0.op.0', 'equal'],
      ['u:steps/periksa-dokumen/route#0.value.0', 'tidak_langsung'],
      ['u:steps/periksa-dokumen/route#label.0', 'laporan divalidasi Kepala UPTD PPA'],
      ['u:steps/periksa-dokumen/route#target.1', 'step:proses-laporan'],
      ['u:steps/periksa-dokumen/route#label.1', 'berkas diteruskan ke Bidang Teknis'],
      ['u:steps/periksa-dokumen/route#target.2', ''],
      ['u:steps/terima-laporan/fields/saluran/options#value.0', 'langsung'],
      ['u:steps/terima-laporan/fields/saluran/options#label.0', 'Langsung (pelapor datang ke ruang pelayanan)'],
      ['u:steps/terima-laporan/fields/saluran/options#value.1', 'tidak_langsung'],
      ['u:steps/terima-laporan/fields/saluran/options#label.1', 'Tidak langsung (telepon atau media)'],
      ['u:steps/terima-laporan/fields/saluran/options#value.2', ''],
      ['u:steps/terima-laporan/fields/saluran/options#label.2', ''],
      ['u:service/phone', '081365466531'],
      ['u:access/read#ada', '1'],
      ['u:access/read', 'kepala_uptd'],
    ]);
    const out = applyForm(SEED, same);
    expect(out.errors).toEqual({});
    expect(out.text).toBe(SEED);
    expect(out.changed).toEqual([]);
  });

  it('refuses a bad input with a message and leaves its place as it was, applying the rest', () => {
    const out = applyForm(
      SEED,
      inputs([
        ['u:completion/duration#n', 'dua'],
        ['u:completion/duration#u', 'hari'],
        ['u:steps/arahan-kepala-dinas/role#ada', '1'],
        ['u:steps/arahan-kepala-dinas/title', 'Memberikan arahan layanan dan tindak lanjut'],
        ['u:steps/verifikasi-sekretaris/route#target.0', ''],
      ]),
    );
    expect(out.errors).toEqual({
      'completion/duration': 'Tulis jumlah waktu sebagai angka bulat, paling sedikit 1.',
      'steps/arahan-kepala-dinas/role': 'Pilih paling sedikit satu peran yang mengerjakan langkah ini.',
      'steps/verifikasi-sekretaris/route': 'Pilih langkah berikutnya, atau "selesai" dengan hasil akhirnya.',
    });
    expect(changes(SEED, out.text)).toEqual(['-    title: Memberikan arahan layanan', '+    title: Memberikan arahan layanan dan tindak lanjut']);
  });
});

describe('routes and conditions from the rows', () => {
  it('turns a plain next into branches with a condition, and branches back into an end', () => {
    const branched = applyForm(
      SEED,
      inputs([
        ['u:steps/rencana-respon/route#target.0', 'step:respon-kepala-uptd'],
        ['u:steps/rencana-respon/route#0.mode', 'any'],
        ['u:steps/rencana-respon/route#0.fact.0', 'tingkat_risiko'],
        ['u:steps/rencana-respon/route#0.op.0', 'in'],
        ['u:steps/rencana-respon/route#0.value.0', 'tinggi, darurat'],
        ['u:steps/rencana-respon/route#0.fact.1', 'anak_perkiraan_usia'],
        ['u:steps/rencana-respon/route#0.op.1', 'lessThan'],
        ['u:steps/rencana-respon/route#0.value.1', '5'],
        ['u:steps/rencana-respon/route#label.0', 'risiko tinggi: langsung ke Kepala UPTD PPA'],
        ['u:steps/rencana-respon/route#target.1', 'end:ditindaklanjuti'],
      ]),
    );
    expect(branched.errors).toEqual({});
    expect(changes(SEED, branched.text)).toEqual([
      '-    next: respon-kepala-uptd',
      '+    next:',
      '+      - to: respon-kepala-uptd',
      '+        when: { any: [{ fact: tingkat_risiko, operator: in, value: [tinggi, darurat] }, { fact: anak_perkiraan_usia, operator: lessThan, value: 5 }] }',
      '+        label: "risiko tinggi: langsung ke Kepala UPTD PPA"',
      '+      - end: ditindaklanjuti',
    ]);
    valid(branched.text);
    const ended = applyForm(branched.text, inputs([['u:steps/rencana-respon/route#target.0', 'end:ditindaklanjuti']]));
    expect(changes(SEED, ended.text)).toEqual(['-    next: respon-kepala-uptd', '+    end: ditindaklanjuti']);
  });

  it('edits one branch in place, keeping the others as written', () => {
    const out = applyForm(
      SEED,
      inputs([
        ['u:steps/verifikasi-sekretaris/route#target.0', 'step:respon-kepala-uptd'],
        ['u:steps/verifikasi-sekretaris/route#0.keep', 'ya'],
        ['u:steps/verifikasi-sekretaris/route#label.0', 'respon dikembalikan ke Kepala UPTD PPA untuk diperbaiki'],
        ['u:steps/verifikasi-sekretaris/route#target.1', 'step:arahan-kepala-dinas'],
        ['u:steps/verifikasi-sekretaris/route#label.1', 'diteruskan ke Sekretaris untuk arahan'],
      ]),
    );
    expect(changes(SEED, out.text)).toEqual(['-        label: diteruskan ke Kepala Dinas', '+        label: diteruskan ke Sekretaris untuk arahan']);
  });

  it('reads conditions as rows only when they are that simple', () => {
    const read = outlineOf(SEED);
    if (!read.ok) throw new Error(read.message);
    const media = read.outline.steps[0]!.fields.find((f) => f.name === 'media_pelaporan')!;
    expect(media.when).toEqual({ editable: true, mode: 'all', clauses: [{ fact: 'saluran', operator: 'equal', value: 'tidak_langsung' }] });
    const nested = outlineOf(SEED.replace("when: { all: [{ fact: saluran, operator: equal, value: tidak_langsung }] }\n        options:", "when: { not: { fact: saluran, operator: equal, value: langsung } }\n        options:"));
    if (!nested.ok) throw new Error(nested.message);
    expect(nested.outline.steps[0]!.fields.find((f) => f.name === 'media_pelaporan')!.when).toEqual({
      editable: false,
      mode: 'all',
      clauses: [],
      text: '{ not: { fact: saluran, operator: equal, value: langsung } }',
    });
  });
});

describe('new parts', () => {
  it('adds a step after another, taking over its way on, and moves later numbers down', () => {
    const { text, id } = addStep(SEED, { title: 'Menelaah arahan layanan', role: 'sekretaris', after: 'respon-kepala-uptd' });
    expect(id).toBe('menelaah-arahan-layanan');
    const wf = valid(text);
    const ids = wf.steps.map((s) => `${s.number}:${s.id}`);
    expect(ids.slice(4, 8)).toEqual(['5:respon-kepala-uptd', '6:menelaah-arahan-layanan', '7:verifikasi-sekretaris', '8:arahan-kepala-dinas']);
    expect(wf.steps.find((s) => s.id === 'respon-kepala-uptd')!.next).toBe(id);
    expect(wf.steps.find((s) => s.id === id)!.next).toBe('verifikasi-sekretaris');
    expect(comments(text)).toEqual(comments(SEED));
  });

  it('adds fields with unique names, deadlines, roles and outcomes from their empty rows', () => {
    const out = applyForm(
      SEED,
      inputs([
        ['u:steps/arahan-kepala-dinas/fields#baru-label', 'Arahan'],
        ['u:steps/arahan-kepala-dinas/fields#baru-jenis', 'radio'],
        ['u:steps/arahan-kepala-dinas/fields#baru-wajib', ['0', '1']],
        ['u:steps/arahan-kepala-dinas/deadlines#baru-label', 'Arahan diberikan'],
        ['u:steps/arahan-kepala-dinas/deadlines#baru-n', '2'],
        ['u:steps/arahan-kepala-dinas/deadlines#baru-u', 'hari'],
        ['u:steps/arahan-kepala-dinas/deadlines#baru-kalender', 'working'],
        ['u:roles#baru', 'Pekerja Sosial'],
        ['u:outcomes#baru', 'Dirujuk ke lembaga lain'],
      ]),
    );
    expect(out.errors).toEqual({});
    const wf = valid(out.text);
    const step = wf.steps.find((s) => s.id === 'arahan-kepala-dinas')!;
    expect(step.fields!.map((f) => f.name)).toEqual(['arahan', 'arahan_2']);
    expect(step.fields![1]).toEqual({ name: 'arahan_2', label: 'Arahan', type: 'radio', required: true, options: [{ value: 'ya', label: 'Ya' }, { value: 'tidak', label: 'Tidak' }] });
    expect(step.deadlines).toEqual([{ id: 'arahan-diberikan', label: 'Arahan diberikan', duration: 'P2D', calendar: 'working', blocking: false }]);
    expect(wf.roles.pekerja_sosial).toBe('Pekerja Sosial');
    expect(wf.outcomes.at(-1)).toEqual({ id: 'dirujuk-ke-lembaga-lain', label: 'Dirujuk ke lembaga lain' });
  });

  it('makes ids from Indonesian labels', () => {
    expect(slugOf('Surat Pengantar RT/RW')).toBe('surat-pengantar-rt-rw');
    expect(slugOf('Nama orang tua / wali', '_')).toBe('nama_orang_tua_wali');
    expect(slugOf('2 lembar foto', '_')).toBe('n_2_lembar_foto');
  });

  it('says the completion text again only when it said the old duration', () => {
    expect(restatedText('1 Hari', 'P1D', 'P2D')).toBe('2 Hari');
    expect(restatedText('5 hari kerja', 'P5D', 'PT48H')).toBe('48 jam kerja');
    expect(restatedText('Satu hari', 'P1D', 'P2D')).toBeUndefined();
    expect(restatedText('3 Hari', 'P1D', 'P2D')).toBeUndefined();
  });
});

describe('buttons', () => {
  it('removes and reorders requirements, adds a missing one to the checklist', () => {
    expect(parseAction('naik:requirements/ktp-kk')).toEqual({ verb: 'naik', address: 'requirements/ktp-kk' });
    expect(parseAction('hapus:<script>')).toBeUndefined();
    const up = applyAction(SEED, { verb: 'naik', address: 'requirements/ktp-kk' });
    expect(valid(up).requirements.map((r) => r.id).slice(-2)).toEqual(['ktp-kk', 'laporan-media']);
    const gone = applyAction(SEED, { verb: 'hapus', address: 'requirements/laporan-lembaga' });
    expect(changes(SEED, gone)).toEqual([
      '-  # Naskah SK menulis "Lapora dari Lembaga Terkait"; salah ketik itu diperbaiki di sini.',
      '-  - id: laporan-lembaga',
      '-    text: Laporan dari Lembaga Terkait',
      '-    attach: true',
      '-    sensitive: true',
    ]);
    const added = insertIn(SEED, ['requirements'], 5, { id: 'surat-desa', text: 'Surat desa' });
    const fixed = applyAction(added, { verb: 'ceklis', address: 'surat-desa' });
    expect(changes(added, fixed)).toEqual(['+          - { value: surat-desa, label: Surat desa }']);
    expect(() => applyAction(SEED, { verb: 'hapus', address: 'steps/tidak-ada' })).toThrow(/tidak ada lagi/);
  });
});
