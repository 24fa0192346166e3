/**
 * The report's charts as SVG, rendered on the server with Vega-Lite and vega's SVG renderer (no canvas, no browser
 * script): cases per day or month, within and over the standard, time per step, and each dimension. They draw a
 * PublishedReport only, so a suppressed count is never drawn as its number: its bar is pale and reads "<3".
 */
import type { Count, PublishedReport } from '../../engine/report/suppress.ts';

const BLUE = '#1f5f8b';
const ORANGE = '#c25e00';
const GREEN = '#2e7d32';
const GREY = '#8a96a3';
const FONT = 'Liberation Sans, Arial, sans-serif';

type Spec = Record<string, unknown>;

let engine: Promise<{ vega: typeof import('vega'); compile: (typeof import('vega-lite'))['compile'] }> | undefined;

/** vega and vega-lite are loaded on the first chart, not at server start. */
function load() {
  engine ??= Promise.all([import('vega'), import('vega-lite')]).then(([vega, vl]) => ({ vega, compile: vl.compile }));
  return engine;
}

const escapeAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** Renders a Vega-Lite spec to an SVG string that names itself for screen readers. */
export async function renderSvg(spec: Spec, label: string): Promise<string> {
  const { vega, compile } = await load();
  const own = (spec.config ?? {}) as { axis?: object };
  const full = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    background: 'white',
    ...spec,
    config: {
      font: FONT,
      legend: { labelFontSize: 11, titleFontSize: 11, orient: 'bottom' },
      view: { stroke: null },
      ...own,
      axis: { labelFontSize: 11, titleFontSize: 11, labelLimit: 220, ...own.axis },
    },
  };
  const view = new vega.View(vega.parse(compile(full as never).spec), { renderer: 'none' });
  try {
    const svg = await view.toSVG();
    return svg.replace('<svg ', `<svg role="img" aria-label="${escapeAttr(label)}" preserveAspectRatio="xMinYMin meet" `);
  } finally {
    view.finalize();
  }
}

/** A published count as a chart needs it: a number to draw, and what to write. */
function drawable(c: Count, threshold: number): { value: number; text: string; hidden: boolean; alpha: number } {
  if (typeof c === 'number') return { value: c, text: String(c), hidden: false, alpha: 1 };
  // A hidden count is drawn as a pale bar just under the threshold; its label says "<3", never a number.
  return { value: threshold - 1, text: c, hidden: true, alpha: 0.3 };
}

/** A hidden count's bar is pale: the opacity is in the data (no scale). */
const OPACITY = { field: 'alpha', type: 'quantitative', scale: null, legend: null };

const HIDDEN_NOTE = (t: number) => `Batang pucat: kurang dari ${t} kasus (angka disamarkan untuk melindungi anak).`;

export interface Chart {
  id: string;
  title: string;
  svg: string;
  note?: string;
  /** Wider than a phone: scrolls sideways there instead of shrinking. */
  wide?: boolean;
}

/** Received and closed per day or month, side by side. */
export async function casesChart(r: PublishedReport): Promise<Chart> {
  const values = r.series.flatMap((p) => [
    { bucket: p.label, kind: 'Diterima', ...drawable(p.received, r.threshold) },
    { bucket: p.label, kind: 'Selesai', ...drawable(p.closed, r.threshold) },
  ]);
  const daily = r.series[0]?.key.length === 10;
  const spec: Spec = {
    width: Math.max(320, Math.min(900, r.series.length * (daily ? 22 : 48))),
    height: 200,
    data: { values },
    mark: { type: 'bar' },
    encoding: {
      x: { field: 'bucket', type: 'ordinal', sort: null, title: daily ? 'Tanggal' : 'Bulan', axis: { labelAngle: daily || r.series.length > 12 ? -60 : 0 } },
      xOffset: { field: 'kind', sort: ['Diterima', 'Selesai'] },
      y: { field: 'value', type: 'quantitative', title: 'Kasus', axis: { tickMinStep: 1 } },
      color: { field: 'kind', type: 'nominal', title: null, scale: { domain: ['Diterima', 'Selesai'], range: [BLUE, GREEN] } },
      opacity: OPACITY,
      tooltip: [{ field: 'bucket' }, { field: 'kind' }, { field: 'text', title: 'Jumlah' }],
    },
  };
  const title = daily ? 'Kasus per hari' : 'Kasus per bulan';
  return { id: 'grafik-kasus', title, wide: r.series.length > 12, svg: await renderSvg(spec, `${title}: diterima dan selesai. Angkanya ada pada tabel di samping.`), note: values.some((v) => v.hidden) ? HIDDEN_NOTE(r.threshold) : undefined };
}

/** Closed within and over the completion time, stacked per day or month. */
export async function standardChart(r: PublishedReport): Promise<Chart> {
  const within = `Dalam ${r.completion.text}`;
  const over = `Melewati ${r.completion.text}`;
  const values = r.series.flatMap((p) => [
    { bucket: p.label, kind: within, ...drawable(p.withinStandard, r.threshold) },
    { bucket: p.label, kind: over, ...drawable(p.overStandard, r.threshold) },
  ]);
  const daily = r.series[0]?.key.length === 10;
  const spec: Spec = {
    width: Math.max(320, Math.min(900, r.series.length * (daily ? 18 : 40))),
    height: 180,
    data: { values },
    mark: { type: 'bar' },
    encoding: {
      x: { field: 'bucket', type: 'ordinal', sort: null, title: daily ? 'Tanggal selesai' : 'Bulan selesai', axis: { labelAngle: daily || r.series.length > 12 ? -60 : 0 } },
      y: { field: 'value', type: 'quantitative', stack: 'zero', title: 'Kasus selesai', axis: { tickMinStep: 1 } },
      color: { field: 'kind', type: 'nominal', title: null, sort: [within, over], scale: { domain: [within, over], range: [GREEN, ORANGE] } },
      order: { field: 'kind', sort: 'descending' },
      opacity: OPACITY,
      tooltip: [{ field: 'bucket' }, { field: 'kind' }, { field: 'text', title: 'Jumlah' }],
    },
  };
  const title = `Selesai dalam dan melewati waktu penyelesaian (${r.completion.text})`;
  return { id: 'grafik-standar', title, wide: r.series.length > 12, svg: await renderSvg(spec, `${title}. Angkanya ada pada tabel di samping.`), note: values.some((v) => v.hidden) ? HIDDEN_NOTE(r.threshold) : undefined };
}

const hours = (ms: number) => Math.round((ms / 3_600_000) * 10) / 10;

/** Median time at each step (bar) and its 90th percentile (tick): where cases wait longest. */
export async function stepsChart(r: PublishedReport): Promise<Chart | undefined> {
  const values = r.steps
    .filter((s) => s.time.median !== null)
    .map((s) => ({ step: `${s.number ?? '-'}. ${s.title}`.slice(0, 60), median: hours(s.time.median!), p90: hours(s.time.p90 ?? s.time.median!) }));
  if (!values.length) return undefined;
  const spec: Spec = {
    width: 560,
    height: { step: 24 },
    config: { axis: { labelLimit: 320 } },
    data: { values },
    layer: [
      { mark: { type: 'bar', color: BLUE }, encoding: { y: { field: 'step', type: 'nominal', sort: null, title: null }, x: { field: 'median', type: 'quantitative', title: 'Jam (batang: median, garis: persentil 90)' } } },
      { mark: { type: 'tick', color: ORANGE, thickness: 3 }, encoding: { y: { field: 'step', type: 'nominal', sort: null }, x: { field: 'p90', type: 'quantitative' } } },
    ],
  };
  const title = 'Waktu di setiap langkah';
  return { id: 'grafik-langkah', title, svg: await renderSvg(spec, `${title}: median dan persentil 90 dalam jam. Angkanya ada pada tabel di samping.`), note: `Langkah dengan kurang dari ${r.threshold} kasus selesai tidak digambar.` };
}

/** One dimension's categories as horizontal bars with their counts written at the end. */
export async function dimensionChart(r: PublishedReport, d: PublishedReport['dimensions'][number]): Promise<Chart> {
  const values = d.categories.map((c) => ({ category: c.label.slice(0, 48), ...drawable(c.count, r.threshold) }));
  const spec: Spec = {
    width: 320,
    height: { step: 22 },
    config: { axis: { labelLimit: 260 } },
    data: { values },
    encoding: {
      y: { field: 'category', type: 'nominal', sort: null, title: null },
      x: { field: 'value', type: 'quantitative', title: 'Kasus', axis: { tickMinStep: 1 } },
    },
    layer: [
      { mark: { type: 'bar', color: BLUE }, encoding: { opacity: OPACITY } },
      { mark: { type: 'text', align: 'left', dx: 4, fontSize: 11 }, encoding: { text: { field: 'text' } } },
    ],
  };
  return { id: `grafik-${d.id}`, title: d.label, svg: await renderSvg(spec, `${d.label}. Angkanya ada pada tabel di samping.`), note: values.some((v) => v.hidden) ? HIDDEN_NOTE(r.threshold) : undefined };
}

/** Every chart of a report. */
export async function reportCharts(r: PublishedReport): Promise<{ cases: Chart; standard: Chart; steps?: Chart; dimensions: Map<string, Chart> }> {
  const [cases, standard, steps, ...dims] = await Promise.all([casesChart(r), standardChart(r), stepsChart(r), ...r.dimensions.map((d) => dimensionChart(r, d))]);
  return { cases, standard, steps, dimensions: new Map(r.dimensions.map((d, i) => [d.id, dims[i]])) };
}
