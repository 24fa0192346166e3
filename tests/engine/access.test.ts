/** Need-to-know rules read from the YAML: who reads cases, who sees sensitive values, initials in lists. */
import { describe, expect, it } from 'vitest';
import { canReadCase, canReadCases, canSeeSensitive, HIDDEN, initials, isMasked, listSubject, maskData, readerRoles, stricterAccess } from '../../engine/access.ts';
import type { Workflow } from '../../engine/types.ts';
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
    // The seed names its cases by the child only (access.subject): the reporter's name never reaches a list.
    expect(listSubject(wf, { anak_nama: 'Rina Anggraini', pelapor_nama: 'Ibu Sari', kronologi: 'x' })).toEqual([
      { label: 'Nama atau inisial anak', initials: 'R.A.' },
    ]);
    // Without `subject`, every required sensitive text field of the intake names the case.
    const plain: Workflow = { ...wf, access: { ...wf.access, subject: undefined } };
    expect(listSubject(plain, { anak_nama: 'Rina Anggraini', pelapor_nama: 'Ibu Sari', kronologi: 'x' })).toEqual([
      { label: 'Nama pelapor', initials: 'I.S.' },
      { label: 'Nama atau inisial anak', initials: 'R.A.' },
    ]);
  });
});

describe('a case on an older version: the stricter of its version and the one in force', () => {
  const v1 = seedWorkflow();
  /** Version 2: step 3 moves to the back office, Bidang Teknis loses identities, a Pekerja Sosial reads, a note becomes identifying. */
  const v2: Workflow = {
    ...v1,
    version: 2,
    roles: { ...v1.roles, pekerja_sosial: 'Pekerja Sosial' },
    access: { read: ['kepala_uptd', 'pekerja_sosial'], sensitive: ['front_office', 'back_office', 'kepala_uptd'] },
    steps: v1.steps.map((s) =>
      s.id === 'proses-laporan'
        ? { ...s, role: 'back_office' }
        : s.id === 'periksa-dokumen'
          ? { ...s, fields: s.fields!.map((f) => (f.name === 'catatan_pemeriksaan' ? { ...f, sensitive: true } : f)) }
          : s,
    ),
  };

  it('reads an old case only when both versions allow it, or while it waits for one of the roles', () => {
    expect(canReadCase(v1, v2, ['front_office'], 'rencana-respon')).toBe(true);
    expect(canReadCase(v1, v2, ['bidang_teknis'], 'rencana-respon')).toBe(false);
    expect(canReadCase(v1, v2, ['bidang_teknis'], 'proses-laporan')).toBe(true);
    expect(canReadCase(v1, v2, ['pekerja_sosial'], 'rencana-respon')).toBe(false);
    expect(canReadCase(v2, v2, ['pekerja_sosial'], 'rencana-respon')).toBe(true);
    expect(canReadCase(v1, undefined, ['bidang_teknis'], null)).toBe(true);
    expect(canReadCase(v1, v2, ['admin'], null)).toBe(false);
  });

  it('masks what either version calls identifying, for roles that may not see it under both', () => {
    const view = stricterAccess(v1, v2);
    const note = (wf: Workflow) => wf.steps.find((s) => s.id === 'periksa-dokumen')!.fields!.find((f) => f.name === 'catatan_pemeriksaan')!;
    expect(isMasked(v1, note(v1), ['sekretaris'])).toBe(false);
    expect(isMasked(view, note(view), ['sekretaris'])).toBe(true);
    expect(maskData(view, { catatan_pemeriksaan: 'x' }, ['sekretaris'])).toEqual({ catatan_pemeriksaan: HIDDEN });
    expect(canSeeSensitive(view, ['bidang_teknis'])).toBe(false);
    expect(canSeeSensitive(view, ['front_office'])).toBe(true);
    expect(maskData(view, { catatan_pemeriksaan: 'x', anak_nama: 'R' }, ['front_office'])).toEqual({ catatan_pemeriksaan: 'x', anak_nama: 'R' });
    // The steps themselves stay those of version 1 (the case runs on them), and version 1 is untouched.
    expect(view.steps.map((s) => s.role)).toEqual(v1.steps.map((s) => s.role));
    expect(canSeeSensitive(v1, ['bidang_teknis'])).toBe(true);
    expect(stricterAccess(v2, v2)).toBe(v2);
  });
});
