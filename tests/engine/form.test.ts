import { describe, expect, it } from 'vitest';
import { defaultValues, validateForm, visibleFields } from '../../engine/form.ts';
import type { Field } from '../../engine/types.ts';

const fields: Field[] = [
  { name: 'setuju', label: 'Setuju', type: 'checkbox' },
  { name: 'wajib_centang', label: 'Pernyataan', type: 'checkbox', required: true },
  { name: 'jenis', label: 'Jenis', type: 'multiselect', options: [{ value: 'a', label: 'A' }, { value: 'b', label: 'B' }] },
  { name: 'usia', label: 'Usia', type: 'number', min: 0 },
  { name: 'tanggal', label: 'Tanggal', type: 'date' },
  { name: 'catatan', label: 'Catatan', type: 'textarea', maxLength: 10 },
  { name: 'alasan', label: 'Alasan', type: 'text', required: true, when: { all: [{ fact: 'jenis', operator: 'contains', value: 'b' }] } },
];

describe('form values from an HTML form', () => {
  it('coerces strings the way a browser sends them', async () => {
    const r = await validateForm(fields, { setuju: 'on', wajib_centang: 'on', jenis: 'a', usia: '3,5', tanggal: '2026-02-28', catatan: ' a\r\nb ' });
    expect(r.errors).toEqual({});
    expect(r.values).toEqual({ setuju: true, wajib_centang: true, jenis: ['a'], usia: 3.5, tanggal: '2026-02-28', catatan: 'a\nb' });
  });

  it('treats an unticked box as false and a required one as an error', async () => {
    const r = await validateForm(fields, {});
    expect(r.errors).toEqual({ wajib_centang: 'Wajib dicentang.' });
  });

  it('explains wrong values in Indonesian', async () => {
    const r = await validateForm(fields, { wajib_centang: true, usia: 'tiga', tanggal: '2026-02-30', catatan: 'sebelas kar', jenis: ['a', 'z'] });
    expect(r.errors).toEqual({
      usia: 'Harus berupa angka, misalnya 12.',
      tanggal: 'Tanggal tidak valid; gunakan format TTTT-BB-HH, misalnya 2026-11-30.',
      catatan: 'Terlalu panjang: paling banyak 10 karakter (sekarang 11).',
      jenis: 'Pilihan tidak tersedia: z.',
    });
  });

  it('refuses JSON values of the wrong type instead of guessing', async () => {
    const r = await validateForm(fields, { wajib_centang: 'mungkin', usia: { n: 1 }, catatan: 12, jenis: [1] });
    expect(r.errors).toEqual({
      wajib_centang: 'Jawaban kotak centang harus ya atau tidak.',
      usia: 'Harus berupa angka.',
      catatan: 'Harus berupa teks.',
      jenis: 'Pilihan harus berupa daftar teks.',
    });
  });

  it('shows and requires a conditional field only while its condition holds, against the case data too', async () => {
    expect((await visibleFields(fields, { jenis: ['a'] })).map((f) => f.name)).not.toContain('alasan');
    expect((await visibleFields(fields, { jenis: ['b'] })).map((f) => f.name)).toContain('alasan');
    const r = await validateForm(fields, { wajib_centang: true, jenis: ['b'] });
    expect(r.errors).toEqual({ alasan: 'Wajib diisi.' });
    const hidden = await validateForm(fields, { wajib_centang: true, alasan: 'x' }, { jenis: ['a'] });
    expect(hidden).toMatchObject({ ok: true, values: { wajib_centang: true, setuju: false } });
  });

  it('bounds texts even when the YAML sets no limit', async () => {
    const r = await validateForm([{ name: 'n', label: 'N', type: 'text' }], { n: 'x'.repeat(501) });
    expect(r.errors.n).toBe('Terlalu panjang: paling banyak 500 karakter (sekarang 501).');
  });
});

describe('values a form opens with', () => {
  it('reads today and now in the office time zone, and keeps other defaults as written', () => {
    const now = new Date('2026-11-30T18:30:00Z'); // 01.30 WIB on 1 December
    const form: Field[] = [
      { name: 'tgl', label: 'Tanggal', type: 'date', default: 'today' },
      { name: 'waktu', label: 'Waktu', type: 'datetime', default: 'now' },
      { name: 'risiko', label: 'Risiko', type: 'radio', options: [{ value: 'sedang', label: 'Sedang' }], default: 'sedang' },
      { name: 'lengkap', label: 'Lengkap', type: 'checkbox', default: true },
      { name: 'catatan', label: 'Catatan', type: 'text' },
    ];
    expect(defaultValues(form, now, 'Asia/Jakarta')).toEqual({ tgl: '2026-12-01', waktu: '2026-12-01T01:30', risiko: 'sedang', lengkap: true });
  });
});
