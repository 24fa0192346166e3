/** Per-case report facts: categories only (never a sensitive value), and time per step from the history. */
import { describe, expect, it } from 'vitest';
import { OUTSIDE_BANDS, yearsBetween } from '../../../engine/report/dimensions.ts';
import { reportFacts } from '../../../engine/report/facts.ts';
import { seedWorkflow } from '../seed.ts';
import { directPath, HOUR, runCase } from './fixtures.ts';

describe('reportFacts', () => {
  it('holds the categories of each dimension and nothing that names the child or the reporter', async () => {
    const wf = seedWorkflow();
    const c = await runCase(wf, 'RKA-9', '2026-11-02T09:00', {
      anak_tanggal_lahir: '2012-03-04', anak_perkiraan_usia: undefined, anak_nik: '1406012345678901', kejadian_lokasi: 'sekolah', kejadian_tempat: 'SD Negeri 7 Pasir Pengaraian',
      terlapor_nama: 'Pak Budi', terlapor_hubungan: 'guru', saluran: 'tidak_langsung', media_pelaporan: 'whatsapp',
    }, [['periksa-dokumen', { dokumen_lengkap: 'tidak', dokumen_kurang: 'KK' }, 2]]);
    const facts = reportFacts(wf, c);
    expect(facts.dims).toEqual({
      usia: ['13-17 tahun'], // 14 on 2 Nov 2026
      jenis_kelamin: ['perempuan'],
      jenis_kekerasan: ['kekerasan_fisik'],
      tempat_kejadian: ['sekolah'],
      hubungan_pelaku: ['guru'],
      layanan: [],
      sumber: ['masyarakat'],
      saluran: ['whatsapp'],
      disabilitas: [],
      risiko: ['tinggi'],
    });
    expect(facts.steps).toEqual({ 'terima-laporan': 0, 'periksa-dokumen': 2 * HOUR });
    expect(facts.due).toBe('2026-11-03T02:00:00.000Z'); // 1 day after 09:00 WIB on 2 Nov
    expect(JSON.stringify(facts)).not.toMatch(/2012|1406|Budi|Pasir|A\.R\.|Sari/);
  });

  it('a step done twice counts both visits; a value outside every band has its own category', async () => {
    const wf = seedWorkflow();
    let c = await runCase(wf, 'RKA-10', '2026-11-02T09:00', { anak_perkiraan_usia: '17' }, [
      ...directPath([1, 1, 1, 3]),
      ['verifikasi-sekretaris', { hasil_verifikasi: 'perbaiki', catatan_verifikasi: 'Lengkapi.' }, 1],
      ['respon-kepala-uptd', { respon_kasus: 'Diperbaiki.' }, 2],
    ]);
    expect(reportFacts(wf, c).steps['respon-kepala-uptd']).toBe(5 * HOUR); // 3 h + 2 h
    wf.reports!.dimensions![0].bands!.pop(); // no 13-17 band any more
    c = await runCase(wf, 'RKA-11', '2026-11-02T09:00', { anak_perkiraan_usia: '15' }, []);
    expect(reportFacts(wf, c).dims.usia).toEqual([OUTSIDE_BANDS]);
  });

  it('age in whole years; a birthday counts on its day', () => {
    expect(yearsBetween('2013-11-05', '2026-11-05')).toBe(13);
    expect(yearsBetween('2013-11-06', '2026-11-05')).toBe(12);
    expect(yearsBetween('2012-02-29', '2026-02-28')).toBe(13);
  });
});

describe('report readers', () => {
  it('the YAML names them; by default the roles titled Kepala', async () => {
    const { canReadReport, reportRoles } = await import('../../../engine/report/access.ts');
    const wf = seedWorkflow();
    expect([...reportRoles(wf)].sort()).toEqual(['kepala_dinas', 'kepala_uptd', 'sekretaris']);
    expect(canReadReport(wf, ['front_office'])).toBe(false);
    delete wf.reports!.roles;
    expect([...reportRoles(wf)].sort()).toEqual(['kepala_dinas', 'kepala_uptd']);
  });
});
