/** Need-to-know rules read from the YAML: who reads cases, who sees sensitive values, initials in lists. */
import { describe, expect, it } from 'vitest';
import { canReadCases, canSeeSensitive, HIDDEN, initials, listSubject, maskData, readerRoles } from '../../engine/access.ts';
import { seedWorkflow } from './seed.ts';

describe('access rules of Respon Kasus Anak', () => {
  const wf = seedWorkflow();

  it('lets roles acting on a step and access.read read cases, nobody else', () => {
    expect([...readerRoles(wf)].sort()).toEqual(['back_office', 'bidang_teknis', 'front_office', 'kepala_dinas', 'kepala_uptd', 'sekretaris']);
    expect(canReadCases(wf, ['sekretaris'])).toBe(true);
    expect(canReadCases(wf, ['admin'])).toBe(false);
    expect(canReadCases(wf, ['pemohon'])).toBe(false);
    expect(canReadCases(wf, [])).toBe(false);
  });

  it('shows sensitive values only to access.sensitive', () => {
    expect(canSeeSensitive(wf, ['front_office'])).toBe(true);
    expect(canSeeSensitive(wf, ['kepala_uptd'])).toBe(true);
    expect(canSeeSensitive(wf, ['sekretaris'])).toBe(false);
    expect(canSeeSensitive(wf, ['kepala_dinas'])).toBe(false);
    expect(canSeeSensitive(wf, ['sekretaris', 'back_office'])).toBe(true);
  });

  it('falls back to the acting roles when the YAML says nothing about sensitive values', () => {
    const open = { ...seedWorkflow(), access: undefined };
    expect(canSeeSensitive(open, ['sekretaris'])).toBe(true);
    expect(canSeeSensitive(open, ['admin'])).toBe(false);
  });

  it('masks sensitive values and keeps the others', () => {
    const data = { anak_nama: 'Rina Anggraini', kronologi: 'rinci', tingkat_risiko: 'tinggi', lain: 'x' };
    expect(maskData(wf, data, ['sekretaris'])).toEqual({ anak_nama: HIDDEN, kronologi: HIDDEN, tingkat_risiko: 'tinggi', lain: 'x' });
    expect(maskData(wf, data, ['front_office'])).toEqual(data);
  });

  it('gives initials for lists', () => {
    expect(initials('Rina Anggraini')).toBe('R.A.');
    expect(initials('r. a.')).toBe('R.A.');
    expect(initials("Siti Nur'aini binti Abdul Hamid")).toBe('S.N.B.A.');
    expect(initials('3201234567890123')).toBe(HIDDEN);
    expect(initials(42)).toBe(HIDDEN);
    expect(listSubject(wf, { anak_nama: 'Rina Anggraini', pelapor_nama: 'Ibu Sari', kronologi: 'x' })).toEqual([
      { label: 'Nama pelapor', initials: 'I.S.' },
      { label: 'Nama atau inisial anak', initials: 'R.A.' },
    ]);
  });
});
