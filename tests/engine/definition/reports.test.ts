/** The definition checks of `reports`, `publicIntake` and the standard's components (warnings, never errors). */
import { describe, expect, it } from 'vitest';
import { parseWorkflow } from '../../../engine/definition/index.ts';
import type { Workflow } from '../../../engine/types.ts';
import { seedWorkflow } from '../seed.ts';

function check(edit: (wf: Workflow) => void) {
  const wf = seedWorkflow();
  edit(wf);
  return parseWorkflow(JSON.stringify(wf), 'uji.json');
}

function errors(edit: (wf: Workflow) => void): string[] {
  const r = check(edit);
  return r.ok ? [] : r.errors.map((e) => `${e.path}: ${e.message}`);
}

describe('reports section', () => {
  it('the seed declares the SIMFONI-PPA dimensions and passes', () => {
    const r = check(() => {});
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.workflow.reports?.dimensions?.map((d) => d.id)).toEqual(['usia', 'jenis_kelamin', 'jenis_kekerasan', 'tempat_kejadian', 'hubungan_pelaku', 'layanan', 'sumber', 'saluran', 'disabilitas', 'risiko']);
  });

  it('refuses free text as a dimension: it may name a person', () => {
    expect(errors((wf) => wf.reports!.dimensions!.push({ id: 'tempat', label: 'Tempat', field: 'kejadian_tempat' }))).toEqual([
      'reports.dimensions[10].field: Isian `kejadian_tempat` (type: text) tidak dapat menjadi dimensi laporan: teks bebas dapat memuat nama atau alamat.',
    ]);
  });

  it('a number or a date needs bands; bands may not overlap', () => {
    expect(errors((wf) => wf.reports!.dimensions!.push({ id: 'umur', label: 'Umur', field: 'anak_perkiraan_usia' }))[0]).toMatch(/hanya dapat dihitung per kelompok/);
    expect(errors((wf) => (wf.reports!.dimensions![0].bands![1].min = 5))).toEqual([
      'reports.dimensions[0].bands[1]: Kelompok "6-12 tahun" tumpang tindih dengan kelompok "0-5 tahun".',
    ]);
  });

  it('unknown fields, roles and table dimensions are named with a suggestion', () => {
    expect(errors((wf) => (wf.reports!.dimensions![1].field = 'anak_jenis_kelamn'))[0]).toMatch(/^reports\.dimensions\[1\]\.field: Isian `anak_jenis_kelamn` tidak ada/);
    expect(errors((wf) => (wf.reports!.roles = ['kepala_dinass']))[0]).toMatch(/Peran `kepala_dinass` tidak ada/);
    expect(errors((wf) => (wf.reports!.tables![0].columns = 'kelamin'))[0]).toMatch(/^reports\.tables\[0\]\.columns: Dimensi `kelamin` tidak ada/);
  });

  it('schema: threshold is a whole number from 2', () => {
    expect(errors((wf) => (wf.reports!.threshold = 1))[0]).toMatch(/^reports\.threshold/);
  });
});

describe('public intake', () => {
  it('asks only intake fields, never a file, and every required field is asked or set', () => {
    const found = errors((wf) => (wf.publicIntake = { fields: ['anak_nama', 'arahan', 'kronologi'] }));
    expect(found.some((e) => /^publicIntake\.fields\[1\]: Isian `arahan` tidak ada/.test(e))).toBe(true);
    expect(found.some((e) => /Isian wajib `sumber_laporan`/.test(e))).toBe(true);
  });
});

describe('standard components', () => {
  it('the seed declares every component: no warning', () => {
    const r = check(() => {});
    expect(r.ok && r.warnings).toEqual([]);
  });

  it('a missing component is a warning, not an error, located at `standard`', () => {
    const r = check((wf) => {
      delete wf.standard!.pledge;
      delete wf.standard!.staffing;
    });
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.warnings.map((w) => w.message)).toEqual([
      'Komponen standar pelayanan "Jumlah pelaksana" belum diisi (`standard.staffing`).',
      'Komponen standar pelayanan "Maklumat pelayanan" belum diisi (`standard.pledge`).',
    ]);
  });
});
