/** Repeating groups: rows from a form post or JSON, blank rows dropped, bounds, per-row messages, masking per column. */
import { describe, expect, it } from 'vitest';
import { maskData, HIDDEN } from '../../engine/access.ts';
import { parseWorkflow } from '../../engine/definition/index.ts';
import { validateForm } from '../../engine/form.ts';
import { editRows, rowsOf } from '../../engine/groups.ts';
import type { Field } from '../../engine/types.ts';
import { seedWorkflow } from './seed.ts';

const anggota: Field = {
  name: 'anggota',
  label: 'Anggota keluarga',
  type: 'group',
  min: 1,
  max: 3,
  fields: [
    { name: 'nama', label: 'Nama', type: 'text', required: true, sensitive: true },
    { name: 'nik', label: 'NIK', type: 'text', sensitive: true, pattern: '^[0-9]{16}$', patternMessage: 'NIK terdiri dari 16 angka.' },
    { name: 'hubungan', label: 'Hubungan', type: 'select', options: [{ value: 'anak', label: 'Anak' }, { value: 'istri', label: 'Istri' }] },
    { name: 'penghasilan', label: 'Penghasilan', type: 'number' },
  ],
};
const total: Field = { name: 'total', label: 'Penghasilan keluarga', type: 'number', compute: { sum: ['anggota.penghasilan'] } };
const jumlah: Field = { name: 'jumlah', label: 'Jumlah anggota', type: 'number', compute: { count: 'anggota' } };

describe('a repeating group', () => {
  it('takes rows as a form posts them, drops an empty row, and computes sums and counts over them', async () => {
    const post = {
      'anggota.0._baris': '', 'anggota.0.nama': 'Siti', 'anggota.0.nik': '1406000000000001', 'anggota.0.hubungan': 'istri', 'anggota.0.penghasilan': '500000',
      'anggota.1._baris': '', 'anggota.1.nama': '', 'anggota.1.nik': '', 'anggota.1.hubungan': '', 'anggota.1.penghasilan': '',
      'anggota.2._baris': '', 'anggota.2.nama': 'Budi', 'anggota.2.hubungan': 'anak', 'anggota.2.penghasilan': '250000',
    };
    const r = await validateForm([anggota, total, jumlah], post);
    expect(r.errors).toEqual({});
    expect(r.values).toEqual({
      anggota: [
        { nama: 'Siti', nik: '1406000000000001', hubungan: 'istri', penghasilan: 500000 },
        { nama: 'Budi', hubungan: 'anak', penghasilan: 250000 },
      ],
      total: 750000,
      jumlah: 2,
    });
  });

  it('takes rows as JSON, and names each row\'s problem at its row', async () => {
    const r = await validateForm([anggota], { anggota: [{ nama: 'Siti', nik: '123' }, { hubungan: 'anak' }, { nama: 'x', umur: 3 }] });
    expect(r.errors).toEqual({
      'anggota.0.nik': 'NIK terdiri dari 16 angka.',
      'anggota.1.nama': 'Wajib diisi.',
      'anggota.2.umur': 'Isian ini tidak dikenal pada baris ini.',
    });
    expect((await validateForm([anggota], { anggota: 'Siti' })).errors).toEqual({ anggota: 'Harus berupa daftar baris, misalnya [{"nama": "..."}].' });
  });

  it('holds the row count between min and max', async () => {
    expect((await validateForm([anggota], {})).errors).toEqual({ anggota: 'Isi paling sedikit satu baris.' });
    const four = Array.from({ length: 4 }, (_, i) => ({ nama: `A${i}` }));
    expect((await validateForm([anggota], { anggota: four })).errors).toEqual({ anggota: 'Paling banyak 3 baris (sekarang 4).' });
  });

  it('adds and removes rows of a posted form without losing the other rows or fields', () => {
    const post = { x: '1', 'anggota.0._baris': '', 'anggota.0.nama': 'Siti', 'anggota.1._baris': '', 'anggota.1.nama': 'Budi' };
    expect(rowsOf(anggota, post)).toEqual([{ nama: 'Siti' }, { nama: 'Budi' }]);
    expect(editRows(anggota, post, { add: true })).toEqual({ x: '1', anggota: [{ nama: 'Siti' }, { nama: 'Budi' }, {}] });
    expect(editRows(anggota, post, { remove: 0 })).toEqual({ x: '1', anggota: [{ nama: 'Budi' }] });
  });

  it('masks each sensitive column for roles that may not see identities, keeping the others', () => {
    const wf = seedWorkflow();
    wf.steps[0].fields!.push({ ...anggota, name: 'keluarga' });
    const data = { keluarga: [{ nama: 'Siti', nik: '1406000000000001', hubungan: 'istri' }] };
    expect(maskData(wf, data, ['sekretaris'])).toEqual({ keluarga: [{ nama: HIDDEN, nik: HIDDEN, hubungan: 'istri' }] });
    expect(maskData(wf, data, ['front_office'])).toEqual(data);
  });

  it('is refused by the checker with a group inside, a condition on it, or no fields', async () => {
    const { readFileSync } = await import('node:fs');
    const seed = readFileSync(new URL('../../workflows/respon-kasus-anak.yaml', import.meta.url), 'utf8');
    const at = '      - name: catatan_pemeriksaan\n';
    const r = parseWorkflow(
      seed.replace(at, `      - name: saksi\n        label: Saksi\n        type: group\n        fields:\n          - { name: lagi, label: Lagi, type: group, fields: [{ name: a, label: A, type: text }] }\n      - name: kosong\n        label: Kosong\n        type: group\n${at}`),
      'x.yaml',
    );
    expect(!r.ok && r.errors.map((e) => `${e.path}: ${e.message}`)).toEqual([
      'steps[1].fields[2].fields[0].type: Kelompok `saksi` memuat kelompok lain (`lagi`).',
      'steps[1].fields[3].type: Kelompok berulang `kosong` belum punya `fields` (isian satu baris).',
    ]);
  });
});
