/** The service report computed from known cases and compared with figures worked out by hand. */
import { beforeAll, describe, expect, it } from 'vitest';
import { NOT_FILLED } from '../../../engine/report/dimensions.ts';
import { monthPeriod } from '../../../engine/report/period.ts';
import { serviceReport, type ReportRow, type ServiceReport } from '../../../engine/report/service.ts';
import { publishReport } from '../../../engine/report/suppress.ts';
import type { Workflow } from '../../../engine/types.ts';
import { seedWorkflow } from '../seed.ts';
import { directPath, HOUR, rowOf, runCase, wib } from './fixtures.ts';

let wf: Workflow;
let rows: ReportRow[];
let report: ServiceReport;
const NOW = wib('2026-12-10T12:00');

beforeAll(async () => {
  wf = seedWorkflow();
  const cases = [
    // A: direct, a step every hour: closed after 6 h, within 1 day.
    await runCase(wf, 'A', '2026-11-02T09:00', { anak_perkiraan_usia: '9' }, directPath([1, 1, 1, 1, 1, 1])),
    // B: born 2020-11-10, received 2026-11-03: 5 years old. Every 2 h: closed after 12 h.
    await runCase(wf, 'B', '2026-11-03T09:00', { anak_perkiraan_usia: undefined, anak_tanggal_lahir: '2020-11-10', jenis_kasus: ['kekerasan_fisik', 'kekerasan_psikis'] }, directPath([2, 2, 2, 2, 2, 2])),
    // C: documents checked after 20 h: closed after 25 h, over the standard.
    await runCase(wf, 'C', '2026-11-04T09:00', { anak_jenis_kelamin: 'laki_laki', anak_perkiraan_usia: '15', jenis_kasus: ['kekerasan_seksual'] }, directPath([20, 1, 1, 1, 1, 1])),
    // D: indirect, found not genuine: closed after 3 h with outcome tidak-sah; 13 on the day (birthday counts).
    await runCase(wf, 'D', '2026-11-05T09:00', { saluran: 'tidak_langsung', media_pelaporan: 'telepon', anak_perkiraan_usia: undefined, anak_tanggal_lahir: '2013-11-05' }, [
      ['periksa-dokumen', { dokumen_lengkap: 'ya' }, 1],
      ['validasi-laporan', { laporan_sah: 'tidak', catatan_validasi: 'Tidak terkonfirmasi.' }, 2],
    ]),
    // E: still open at proses-laporan, long overdue; no age given.
    await runCase(wf, 'E', '2026-11-20T09:00', { anak_jenis_kelamin: 'laki_laki', anak_perkiraan_usia: undefined, jenis_kasus: ['penelantaran'] }, directPath([1])),
    // F: received in October, closed 1 Nov after 23 h: counts as closed in November, not as received.
    await runCase(wf, 'F', '2026-10-31T09:00', {}, directPath([1, 1, 1, 1, 1, 18])),
    // G: received on the last day, due after the month ends: open, not overdue at the month's end.
    await runCase(wf, 'G', '2026-11-30T10:00', {}, []),
  ];
  rows = cases.map((c) => rowOf(wf, c));
  report = serviceReport(wf, rows, monthPeriod(2026, 11), NOW);
});

describe('service report for November 2026', () => {
  it('counts received, closed by outcome, open and overdue at the end of the month', () => {
    expect(report.asOf).toBe(wib('2026-12-01T00:00').toISOString());
    expect(report.received).toBe(6); // A B C D E G
    expect(report.closed).toBe(5); // A B C D F
    expect(report.outcomes).toEqual([
      { id: 'ditindaklanjuti', label: 'Respon kasus diterbitkan dan tindak lanjut diperintahkan', count: 4 },
      { id: 'tidak-sah', label: 'Laporan dinyatakan tidak sah dan ditutup', count: 1 },
    ]);
    expect(report.open).toBe(2); // E G
    expect(report.overdue).toBe(1); // E
  });

  it('the share closed within the completion time (1 Hari), median and p90 time to close', () => {
    expect(report.withinStandard).toBe(4); // A B D F
    expect(report.overStandard).toBe(1); // C
    // Times to close: 3, 6, 12, 23, 25 h. Median 12 h; p90 at rank 3.6: 23 + 0.6 x 2 = 24.2 h.
    expect(report.timeToClose).toEqual({ n: 5, median: 12 * HOUR, p90: 24.2 * HOUR });
  });

  it('time per step over the cases closed in the month, and who waits where now', () => {
    const step = (id: string) => report.steps.find((s) => s.id === id)!;
    // Checking documents: A 1, B 2, C 20, D 1, F 1 h -> sorted 1 1 1 2 20: median 1 h, p90 2 + 0.6 x 18 = 12.8 h.
    expect(step('periksa-dokumen').time.n).toBe(5);
    expect(step('periksa-dokumen').time.median).toBe(HOUR);
    expect(step('periksa-dokumen').time.p90).toBeCloseTo(12.8 * HOUR, 3);
    // Kepala Dinas's direction: A 1, B 2, C 1, F 18 h -> median 1.5 h, p90 at rank 2.7: 2 + 0.7 x 16 = 13.2 h.
    expect(step('arahan-kepala-dinas').time).toEqual({ n: 4, median: 1.5 * HOUR, p90: expect.closeTo(13.2 * HOUR, 3) });
    expect(step('validasi-laporan').time).toEqual({ n: 1, median: 2 * HOUR, p90: 2 * HOUR });
    // Waiting now (10 Dec): E at step 3 and G at step 2, both past their completion time.
    expect([step('proses-laporan').waiting, step('proses-laporan').overdue]).toEqual([1, 1]);
    expect([step('periksa-dokumen').waiting, step('periksa-dokumen').overdue]).toEqual([1, 1]);
    expect(report.steps.map((s) => s.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  });

  it('cases per day: received and closed, within and over the standard', () => {
    expect(report.series).toHaveLength(30);
    const day = (d: string) => report.series.find((s) => s.key === d)!;
    expect(day('2026-11-01')).toMatchObject({ received: 0, closed: 1, withinStandard: 1 }); // F
    expect(day('2026-11-05')).toMatchObject({ received: 1, closed: 2, withinStandard: 1, overStandard: 1 }); // D in; C out late, D out
    expect(report.series.reduce((s, p) => s + p.received, 0)).toBe(6);
  });

  it('the SIMFONI-PPA dimensions of the cases received', () => {
    const dim = (id: string) => Object.fromEntries(report.dimensions.find((d) => d.id === id)!.categories.map((c) => [c.value, c.count]));
    expect(dim('jenis_kelamin')).toEqual({ laki_laki: 2, perempuan: 4, [NOT_FILLED]: 0 });
    // A 9, B 5 (born 2020-11-10, received 2026-11-03), C 15, D 13 on its birthday, E none, G 9.
    expect(dim('usia')).toEqual({ '0-5 tahun': 1, '6-12 tahun': 2, '13-17 tahun': 2, [NOT_FILLED]: 1 });
    const violence = report.dimensions.find((d) => d.id === 'jenis_kekerasan')!;
    expect(violence.multi).toBe(true);
    expect(dim('jenis_kekerasan')).toMatchObject({ kekerasan_fisik: 4, kekerasan_psikis: 1, kekerasan_seksual: 1, penelantaran: 1, perkawinan_anak: 0 });
    expect(dim('saluran')).toMatchObject({ langsung: 5, telepon: 1 });
    const table = report.tables[0];
    expect(table.rows.id).toBe('usia');
    expect(table.columns.categories.map((c) => c.value)).toEqual(['laki_laki', 'perempuan', NOT_FILLED]);
    expect(table.cells).toEqual([[0, 1, 0], [0, 2, 0], [1, 1, 0], [1, 0, 0]]);
  });

  it('published: every small count is "<3", the sex split is hidden whole (6 = 4 + 2 would give the 2 away)', () => {
    const p = publishReport(report, 3);
    expect([p.received, p.closed, p.open, p.overdue, p.withinStandard, p.overStandard]).toEqual([6, 5, '<3', '<3', 4, '<3']);
    expect(p.withinStandardPercent).toBe(80);
    expect(p.outcomes.map((o) => o.count)).toEqual([4, '<3']);
    const sex = p.dimensions.find((d) => d.id === 'jenis_kelamin')!.categories.map((c) => c.count);
    expect(sex).toEqual(['<3', '<3', 0]);
    // A multiselect's categories do not add up to the cases: only the small ones are hidden.
    expect(p.dimensions.find((d) => d.id === 'jenis_kekerasan')!.categories.find((c) => c.value === 'kekerasan_fisik')!.count).toBe(4);
    expect(p.tables[0].cells).toEqual([[0, '<3', 0], [0, '<3', 0], ['<3', '<3', 0], ['<3', 0, 0]]);
    // One case's time is never shown as a median.
    expect(p.steps.find((s) => s.id === 'validasi-laporan')!.time).toEqual({ n: '<3', median: null, p90: null });
    expect(p.timeToClose.median).toBe(12 * HOUR);
    expect(JSON.stringify(p)).not.toMatch(/A\.R\.|Ibu Sari|dipukul/);
  });

  it('a report of another month or another service counts nothing of these', () => {
    const oct = serviceReport(wf, rows, monthPeriod(2026, 10), NOW);
    expect([oct.received, oct.closed, oct.open]).toEqual([1, 0, 1]); // F received 31 Oct, still open at the end of October
    const other = serviceReport({ ...wf, id: 'lain' }, rows, monthPeriod(2026, 11), NOW);
    expect(other.received).toBe(0);
  });
});
