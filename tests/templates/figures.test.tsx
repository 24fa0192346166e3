/** The report's outputs (page, charts, CSV, XLSX) from known cases: the same figures, and "<3" in every one of them. */
import { beforeAll, describe, expect, it } from 'vitest';
import { monthPeriod } from '../../engine/report/period.ts';
import { serviceReport } from '../../engine/report/service.ts';
import { computeIkm, IKM_ELEMENTS, publishIkm } from '../../engine/report/ikm.ts';
import { publishReport, type PublishedReport } from '../../engine/report/suppress.ts';
import { dimensionChart, reportCharts } from '../../templates/figures/charts.ts';
import { ikmSheet, reportSheets, toCsv, toXlsx } from '../../templates/figures/export.ts';
import { ReportPage } from '../../templates/figures/page.tsx';
import { seedWorkflow } from '../engine/seed.ts';
import { directPath, rowOf, runCase, wib } from '../engine/report/fixtures.ts';

let r: PublishedReport;

beforeAll(async () => {
  const wf = seedWorkflow();
  const cases = [];
  // Four girls and two boys received in November: 2 boys is a small count, and 6 - 4 would give it away.
  for (let i = 0; i < 4; i++) cases.push(await runCase(wf, `P${i}`, `2026-11-0${i + 2}T09:00`, {}, directPath([1, 1, 1, 1, 1, 1])));
  for (let i = 0; i < 2; i++) cases.push(await runCase(wf, `L${i}`, `2026-11-1${i}T09:00`, { anak_jenis_kelamin: 'laki_laki', jenis_kasus: ['perundungan'] }, []));
  r = publishReport(serviceReport(wf, cases.map((c) => rowOf(wf, c)), monthPeriod(2026, 11), wib('2026-12-05T10:00')), 3);
});

const sexRow = (r: PublishedReport) => r.dimensions.find((d) => d.id === 'jenis_kelamin')!;

describe('report outputs', () => {
  it('the page shows the headline figures and "<3", never the hidden counts', async () => {
    const charts = await reportCharts(r);
    const html = String(
      <ReportPage report={r} ikm={publishIkm(undefined, 3)} charts={charts} services={[{ id: 'respon-kasus-anak', title: 'Respon Kasus Anak' }]} periods={[{ key: '2026-11', label: 'November 2026', group: 'Bulan' }]} timeZone="Asia/Jakarta" />,
    );
    expect(html).toContain('Laporan layanan: Respon Kasus Anak');
    expect(html).toContain('100,0%'); // 4 of 4 closed within 1 Hari
    // The sex table: both cells hidden (complementary), written as <3 in an abbr.
    const sexTable = html.slice(html.indexOf('<h3 id="grafik-jenis_kelamin-judul">'), html.indexOf('<h3 id="grafik-jenis_kekerasan-judul">'));
    expect(sexTable.match(/&lt;3<\/abbr>/g)).toHaveLength(2); // the two table cells
    expect(sexTable.match(/&lt;3<\/text>/g)).toHaveLength(2); // the two bars' labels in the chart
    expect(sexTable).not.toMatch(/>4</);
    expect(html).toContain('href="/laporan/respon-kasus-anak/laporan.csv?dari=2026-11-01&amp;sampai=2026-11-30"');
    expect(html).not.toMatch(/A\.R\.|Ibu Sari|dipukul/);
  });

  it('a chart is an SVG that draws a hidden count pale and labels it "<3"', async () => {
    const chart = await dimensionChart(r, sexRow(r));
    expect(chart.svg).toMatch(/^<svg role="img" aria-label="Jenis kelamin korban/);
    expect(chart.svg).toContain('&lt;3');
    expect(chart.svg).not.toMatch(/>4</);
    expect(chart.svg).not.toContain('<script');
    expect(chart.note).toMatch(/Batang pucat/);
  });

  it('a label from the YAML cannot break out of the SVG', async () => {
    const evil = { ...sexRow(r), label: '<script>alert(1)</script>', categories: [{ value: 'x', label: '</text><script>alert(2)</script>', count: 5 }] };
    const chart = await dimensionChart(r, evil);
    expect(chart.svg).not.toMatch(/<script/i);
  });

  it('CSV: the same figures, "<3" for the small ones, formulas defused', () => {
    const csv = toCsv(reportSheets(r));
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv).toContain('Ringkasan,Diterima,6\r\n');
    expect(csv).toContain('Ringkasan,Selesai,4\r\n');
    expect(csv).toContain('Rincian,Jenis kelamin korban,Laki-laki,<3\r\n');
    expect(csv).toContain('Rincian,Jenis kelamin korban,Perempuan,<3\r\n');
    expect(csv).toContain('Rincian,Jenis kekerasan / kategori perlindungan khusus,Perundungan,<3\r\n');
    expect(toCsv([{ name: 'X', header: ['a'], rows: [['=HYPERLINK("x")']] }])).toContain(`X,"'=HYPERLINK(""x"")"`);
  });

  it('XLSX: one sheet per part, read back with the same figures and "<3"', async () => {
    const { default: ExcelJS } = await import('exceljs');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await toXlsx([...reportSheets(r), ikmSheet(computeIkm([{ values: IKM_ELEMENTS.map(() => 3) }, { values: IKM_ELEMENTS.map(() => 3) }, { values: IKM_ELEMENTS.map(() => 3) }]), 3)], 'Laporan')) as never);
    expect(book.worksheets.map((w) => w.name)).toEqual(['Ringkasan', 'Langkah', 'Per waktu', 'Rincian', 'Tabel 1', 'Tabel 2', 'IKM']);
    const values = (name: string) => book.getWorksheet(name)!.getSheetValues().filter(Boolean).map((row) => (row as unknown[]).slice(1));
    expect(values('Ringkasan')).toContainEqual(['Diterima', 6]);
    expect(values('Rincian')).toContainEqual(['Jenis kelamin korban', 'Laki-laki', '<3']);
    expect(values('Rincian')).toContainEqual(['Jenis kelamin korban', 'Perempuan', '<3']);
    const table = values('Tabel 1');
    expect(table[0]).toEqual(['Kelompok usia korban / Jenis kelamin korban', 'Laki-laki', 'Perempuan', 'Tidak diisi']);
    expect(table).toContainEqual(['6-12 tahun', '<3', '<3', 0]);
    expect(values('IKM')).toContainEqual(['IKM (x 25)', 75]);
    expect(values('IKM')).toContainEqual(['Mutu pelayanan', 'C (Kurang Baik)']);
  });
});
