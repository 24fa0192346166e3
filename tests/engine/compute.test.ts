/** Computed values, the `today` fact and date operators, cross-field checks and priorities. */
import { describe, expect, it } from 'vitest';
import { startCase } from '../../engine/case.ts';
import { evaluateExpression, fullYears } from '../../engine/compute.ts';
import { validateForm } from '../../engine/form.ts';
import { chooseBranch, holds } from '../../engine/guards.ts';
import type { Field, Step } from '../../engine/types.ts';
import { actor, intake, seedWorkflow } from './seed.ts';

const NOW = new Date('2026-11-30T20:00:00Z'); // Selasa 1 Desember 03:00 WIB: "today" is the office's date
const context = { now: NOW, timeZone: 'Asia/Jakarta' };

describe('expressions', () => {
  it('count full years, with the birthday itself counting', () => {
    expect(fullYears('2017-12-01', '2026-12-01')).toBe(9);
    expect(fullYears('2017-12-02', '2026-12-01')).toBe(8);
    expect(fullYears('2008-02-29', '2026-02-28')).toBe(17);
    expect(evaluateExpression({ age: 'lahir' }, { lahir: '2008-12-01', today: '2026-12-01' })).toBe(18);
    expect(evaluateExpression({ age: 'lahir', at: 'kejadian' }, { lahir: '2008-12-01', kejadian: '2026-11-30T10:00' })).toBe(17);
    expect(evaluateExpression({ age: 'lahir' }, { today: '2026-12-01' })).toBeUndefined();
  });

  it('count days, add numbers (group columns too), count rows, subtract', () => {
    expect(evaluateExpression({ daysBetween: ['mulai', 'today'] }, { mulai: '2026-11-24', today: '2026-12-01' })).toBe(7);
    expect(evaluateExpression({ sum: ['a', 'b', 'c'] }, { a: 1, b: 2.5 })).toBe(3.5);
    expect(evaluateExpression({ sum: ['a'] }, {})).toBeUndefined();
    expect(evaluateExpression({ sum: ['anggota.gaji', 'lain'] }, { anggota: [{ gaji: 100 }, { gaji: 50 }, {}], lain: 5 })).toBe(155);
    expect(evaluateExpression({ count: 'anggota' }, { anggota: [{}, {}] })).toBe(2);
    expect(evaluateExpression({ count: 'anggota' }, {})).toBe(0);
    expect(evaluateExpression({ difference: ['a', 'b'] }, { a: 9, b: 12 })).toBe(-3);
  });
});

describe('date operators and the today fact', () => {
  it('compare the days of dates and datetimes with a date, another field or today', async () => {
    const facts = { lahir: '2026-12-02', kejadian: '2026-11-30T23:00', today: '2026-12-01' };
    expect(await holds({ fact: 'lahir', operator: 'dateAfter', value: { fact: 'today' } }, facts)).toBe(true);
    expect(await holds({ fact: 'kejadian', operator: 'dateOnOrBefore', value: '2026-11-30' }, facts)).toBe(true);
    expect(await holds({ fact: 'kejadian', operator: 'dateBefore', value: { fact: 'lahir' } }, facts)).toBe(true);
    expect(await holds({ fact: 'lahir', operator: 'dateOnOrAfter', value: '2027-01-01' }, facts)).toBe(false);
    expect(await holds({ fact: 'kosong', operator: 'dateBefore', value: { fact: 'today' } }, facts)).toBe(false);
  });

  it('explain a date branch in words', async () => {
    const wf = seedWorkflow();
    const step: Step = {
      id: 'x',
      number: 99,
      title: 'X',
      role: 'front_office',
      next: [{ to: 'periksa-dokumen', when: { fact: 'kejadian_tanggal', operator: 'dateBefore', value: { fact: 'today' } }, label: 'kejadian lampau' }, { to: 'proses-laporan' }],
    };
    const r = await chooseBranch(wf, step, { kejadian_tanggal: '2026-11-20', today: '2026-12-01' });
    expect(r?.chosen.reason).toBe('Tanggal kejadian: 20 November 2026 (sebelum hari ini), maka kejadian lampau');
  });
});

describe('forms with computed values and checks', () => {
  const fields: Field[] = [
    { name: 'lahir', label: 'Tanggal lahir', type: 'date', max: 'today' },
    { name: 'usia', label: 'Usia', type: 'number', compute: { age: 'lahir' }, max: 17 },
    { name: 'perkiraan', label: 'Perkiraan usia', type: 'number' },
    { name: 'selisih', label: 'Selisih', type: 'number', compute: { difference: ['perkiraan', 'usia'] }, hidden: true },
  ];
  const checks = [
    {
      rule: { all: [{ fact: 'selisih', operator: 'greaterThanInclusive', value: -1 }, { fact: 'selisih', operator: 'lessThanInclusive', value: 1 }] },
      message: 'Perkiraan usia tidak sesuai dengan tanggal lahir.',
      field: 'perkiraan',
    },
  ];

  it('computes the age at today and keeps it with the values, the hidden difference too', async () => {
    const r = await validateForm(fields, { lahir: '2017-12-01', perkiraan: '9' }, {}, { ...context, checks });
    expect(r).toEqual({ ok: true, errors: {}, values: { lahir: '2017-12-01', usia: 9, perkiraan: 9, selisih: 0 } });
  });

  it('refuses a birth date after today, naming today', async () => {
    const r = await validateForm(fields, { lahir: '2026-12-02' }, {}, { ...context, checks });
    expect(r.errors).toEqual({ lahir: 'Tidak boleh sesudah hari ini (1 Desember 2026).' });
  });

  it('refuses an age and a birth date that disagree, at the field the check names', async () => {
    const r = await validateForm(fields, { lahir: '2017-12-01', perkiraan: '14' }, {}, { ...context, checks });
    expect(r.errors).toEqual({ perkiraan: 'Perkiraan usia tidak sesuai dengan tanggal lahir.' });
  });

  it('says nothing about agreement until both are given, and applies bounds to a computed value', async () => {
    expect((await validateForm(fields, { perkiraan: '14' }, {}, { ...context, checks })).ok).toBe(true);
    const adult = await validateForm(fields, { lahir: '2006-01-01' }, {}, { ...context, checks });
    expect(adult.errors).toEqual({ usia: 'Paling besar 17.' });
  });

  it('never takes a computed value from the input', async () => {
    const r = await validateForm(fields, { lahir: '2017-12-01', usia: '3' }, {}, { ...context, checks });
    expect(r.errors).toEqual({ usia: 'Isian ini dihitung otomatis; jangan diisi.' });
  });
});

describe('the seed: Respon Kasus Anak', () => {
  it('computes the child age, refuses a future birth date, and gives an emergency the highest priority', async () => {
    const wf = seedWorkflow();
    const ok = await startCase(wf, { id: 'R', actor: actor('front_office'), now: NOW, data: intake({ anak_tanggal_lahir: '2017-03-10', tingkat_risiko: 'darurat' }) });
    if (!ok.ok) throw new Error(JSON.stringify(ok.refusal));
    expect(ok.value.case.data.anak_usia).toBe(9);
    expect(ok.value.case.priority).toEqual({ value: 3, label: 'Darurat' });
    const low = await startCase(wf, { id: 'R', actor: actor('front_office'), now: NOW, data: intake({ tingkat_risiko: 'rendah' }) });
    expect(low.ok && low.value.case.priority).toBeUndefined();
    const future = await startCase(wf, { id: 'R', actor: actor('front_office'), now: NOW, data: intake({ anak_tanggal_lahir: '2030-01-01' }) });
    expect(!future.ok && future.refusal.fields).toEqual({ anak_tanggal_lahir: 'Tidak boleh sesudah hari ini (1 Desember 2026).' });
    const adult = await startCase(wf, { id: 'R', actor: actor('front_office'), now: NOW, data: intake({ anak_tanggal_lahir: '2000-01-01', anak_perkiraan_usia: '' }) });
    expect(!adult.ok && adult.refusal.fields).toEqual({ anak_usia: 'Paling besar 17.' });
  });
});
