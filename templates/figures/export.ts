/**
 * A published report as a spreadsheet: the same rows for CSV (one long table) and XLSX (one sheet per part, with
 * exceljs). Only the PublishedReport goes in, so every small count is "<3" here as on the page.
 */
import type { Count, PublishedReport } from '../../engine/report/suppress.ts';
import { IKM_ELEMENTS, type IkmResult } from '../../engine/report/ikm.ts';

export type Cell = string | number | null;

export interface Sheet {
  name: string;
  header: string[];
  rows: Cell[][];
}

const hours = (ms: number | null) => (ms === null ? null : Math.round((ms / 3_600_000) * 10) / 10);

/** The report's parts as sheets: summary, steps, per day/month, each dimension, each cross-table. */
export function reportSheets(r: PublishedReport): Sheet[] {
  const summary: Sheet = {
    name: 'Ringkasan',
    header: ['Ukuran', 'Nilai'],
    rows: [
      ['Layanan', r.workflow.title],
      ['Periode', r.period.label],
      ['Dari tanggal', r.period.from],
      ['Sampai tanggal', r.period.to],
      ['Waktu penyelesaian (standar)', r.completion.text],
      ['Diterima', r.received],
      ['Selesai', r.closed],
      ['Masih berjalan pada akhir periode', r.open],
      ['Terlambat pada akhir periode', r.overdue],
      ['Selesai dalam waktu penyelesaian', r.withinStandard],
      ['Selesai melewati waktu penyelesaian', r.overStandard],
      ['Persen selesai dalam waktu penyelesaian', r.withinStandardPercent],
      ['Median waktu selesai (jam)', hours(r.timeToClose.median)],
      ['Persentil 90 waktu selesai (jam)', hours(r.timeToClose.p90)],
      ...r.outcomes.map((o): Cell[] => [`Hasil: ${o.label}`, o.count]),
      ['Angka di bawah ini disamarkan', `<${r.threshold}`],
    ],
  };
  const steps: Sheet = {
    name: 'Langkah',
    header: ['No.', 'Langkah', 'Kasus selesai yang melewatinya', 'Median (jam)', 'Persentil 90 (jam)', 'Menunggu saat ini', 'Terlambat saat ini'],
    rows: r.steps.map((s) => [s.number ?? null, s.title, s.time.n, hours(s.time.median), hours(s.time.p90), s.waiting, s.overdue]),
  };
  const series: Sheet = {
    name: 'Per waktu',
    header: ['Periode', 'Diterima', 'Selesai', 'Selesai dalam waktu', 'Selesai melewati waktu'],
    rows: r.series.map((p) => [p.key, p.received, p.closed, p.withinStandard, p.overStandard]),
  };
  const dims: Sheet = {
    name: 'Rincian',
    header: ['Dimensi', 'Kategori', 'Kasus'],
    rows: r.dimensions.flatMap((d) => d.categories.map((c): Cell[] => [d.label, c.label, c.count])),
  };
  const tables = r.tables.map((t, i): Sheet => ({
    name: `Tabel ${i + 1}`,
    header: [`${t.rows.label} / ${t.columns.label}`, ...t.columns.categories.map((c) => c.label)],
    rows: t.rows.categories.map((row, k) => [row.label, ...t.cells[k]]),
  }));
  return [summary, steps, series, ...(r.dimensions.length ? [dims] : []), ...tables];
}

/** The IKM as a sheet: per element mean, weighted, and the index with its grade. */
export function ikmSheet(ikm: IkmResult | undefined, respondents: Count): Sheet {
  if (!ikm) return { name: 'IKM', header: ['Unsur', 'Nilai rata-rata'], rows: [['Responden', respondents]] };
  return {
    name: 'IKM',
    header: ['Unsur', 'Nilai rata-rata (1-4)', 'Nilai tertimbang'],
    rows: [
      ...ikm.elements.map((e, i): Cell[] => [`U${i + 1} ${IKM_ELEMENTS[i].label}`, round(e.mean, 3), round(e.weighted, 4)]),
      ['Nilai indeks', round(ikm.index, 4), null],
      ['IKM (x 25)', ikm.score, null],
      ['Mutu pelayanan', `${ikm.grade} (${ikm.quality})`, null],
      ['Responden', respondents, null],
    ],
  };
}

const round = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d;

/** A cell as CSV text; text that a spreadsheet would run as a formula is quoted with a leading apostrophe. */
function csvCell(v: Cell): string {
  if (v === null) return '';
  let s = String(v);
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** All sheets as one CSV: a part column in front, a blank line between parts. UTF-8 with a BOM for Excel. */
export function toCsv(sheets: Sheet[]): string {
  const lines: string[] = [];
  for (const sheet of sheets) {
    if (lines.length) lines.push('');
    lines.push(['Bagian', ...sheet.header].map(csvCell).join(','));
    for (const row of sheet.rows) lines.push([sheet.name, ...row].map(csvCell).join(','));
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** The sheets as an XLSX workbook (exceljs is loaded on the first export). */
export async function toXlsx(sheets: Sheet[], title: string): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const book = new ExcelJS.Workbook();
  book.creator = 'alur';
  book.title = title;
  for (const sheet of sheets) {
    const ws = book.addWorksheet(sheet.name.replace(/[\\/?*[\]:]/g, ' ').slice(0, 31));
    ws.addRow(sheet.header).font = { bold: true };
    for (const row of sheet.rows) ws.addRow(row.map((v) => (typeof v === 'string' && /^[=+\-@]/.test(v) ? `'${v}` : v)));
    ws.columns.forEach((col, i) => (col.width = Math.min(60, Math.max(10, ...[sheet.header[i] ?? '', ...sheet.rows.map((r) => String(r[i] ?? ''))].map((s) => s.length + 2)))));
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}
