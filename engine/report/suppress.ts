/**
 * Small-cell suppression: every count from 1 to below the threshold (3 by default) is published as "<3", in every
 * output, because a small count in a small kabupaten identifies a child. The victims' characteristics (dimensions and
 * cross-tables) also get complementary suppression: when a line's total is published and only one of its cells is
 * hidden, the next smallest cell is hidden too, so no hidden cell can be found by subtraction. Times (median, p90)
 * are published only over at least `threshold` cases. Every page, chart, CSV, XLSX and JSON renders a PublishedReport.
 */
import type { Category } from './dimensions.ts';
import type { ServiceReport } from './service.ts';
import type { Spread } from './stats.ts';

export const DEFAULT_THRESHOLD = 3;

/** A published count: the number, or "<3" when it is small. */
export type Count = number | string;

export function thresholdOf(wf: { reports?: { threshold?: number } }): number {
  return wf.reports?.threshold ?? DEFAULT_THRESHOLD;
}

/** The mark a small count is published as. */
export function smallMark(threshold: number): string {
  return `<${threshold}`;
}

export function isSmall(n: number, threshold: number): boolean {
  return n > 0 && n < threshold;
}

/** One count as published (primary suppression only). */
export function published(n: number, threshold: number): Count {
  return isSmall(n, threshold) ? smallMark(threshold) : n;
}

/**
 * Which cells to hide: the small ones, then, for each line (cell indexes whose sum is published elsewhere) holding
 * exactly one hidden non-zero cell, also its smallest visible non-zero cell, until no line gives a cell away.
 */
export function hiddenCells(counts: readonly number[], lines: ReadonlyArray<readonly number[]>, threshold: number): boolean[] {
  const hidden = counts.map((n) => isSmall(n, threshold));
  for (let changed = true; changed; ) {
    changed = false;
    for (const line of lines) {
      const hiddenHere = line.filter((i) => hidden[i] && counts[i] > 0);
      if (hiddenHere.length !== 1) continue;
      const visible = line.filter((i) => !hidden[i] && counts[i] > 0);
      if (!visible.length) continue;
      const smallest = visible.reduce((a, b) => (counts[b] < counts[a] ? b : a));
      hidden[smallest] = true;
      changed = true;
    }
  }
  return hidden;
}

export interface PublishedSpread {
  n: Count;
  /** Milliseconds; null when fewer than `threshold` cases (one case's time would be shown as a "median"). */
  median: number | null;
  p90: number | null;
}

export function publishSpread(s: Spread, threshold: number): PublishedSpread {
  const enough = s.n >= threshold;
  return { n: published(s.n, threshold), median: enough ? (s.median ?? null) : null, p90: enough ? (s.p90 ?? null) : null };
}

type Swap<T, From, To> = { [K in keyof T]: T[K] extends From ? To : T[K] };

export interface PublishedReport {
  workflow: ServiceReport['workflow'];
  period: ServiceReport['period'];
  asOf: string;
  completion: ServiceReport['completion'];
  /** Counts below this are "<threshold". */
  threshold: number;
  received: Count;
  closed: Count;
  open: Count;
  overdue: Count;
  withinStandard: Count;
  overStandard: Count;
  /** Percent of closed cases closed within the completion time, one decimal; null when fewer than `threshold` closed. */
  withinStandardPercent: number | null;
  outcomes: Array<{ id: string; label: string; count: Count }>;
  timeToClose: PublishedSpread;
  steps: Array<Omit<ServiceReport['steps'][number], 'time' | 'waiting' | 'overdue'> & { time: PublishedSpread; waiting: Count; overdue: Count }>;
  series: Array<Swap<ServiceReport['series'][number], number, Count>>;
  dimensions: Array<{ id: string; label: string; multi: boolean; categories: Array<Category & { count: Count }> }>;
  tables: Array<Omit<ServiceReport['tables'][number], 'cells'> & { cells: Count[][] }>;
}

/** The report as it may be shown: every count suppressed as above. */
export function publishReport(r: ServiceReport, threshold: number): PublishedReport {
  const p = (n: number) => published(n, threshold);
  const mark = smallMark(threshold);
  const single = new Map(r.dimensions.map((d) => [d.id, !d.multi]));
  return {
    workflow: r.workflow,
    period: r.period,
    asOf: r.asOf,
    completion: r.completion,
    threshold,
    received: p(r.received),
    closed: p(r.closed),
    open: p(r.open),
    overdue: p(r.overdue),
    withinStandard: p(r.withinStandard),
    overStandard: p(r.overStandard),
    withinStandardPercent: r.closed >= threshold ? Math.round((r.withinStandard / r.closed) * 1000) / 10 : null,
    outcomes: r.outcomes.map((o) => ({ ...o, count: p(o.count) })),
    timeToClose: publishSpread(r.timeToClose, threshold),
    steps: r.steps.map((s) => ({ ...s, time: publishSpread(s.time, threshold), waiting: p(s.waiting), overdue: p(s.overdue) })),
    series: r.series.map((s) => ({ ...s, received: p(s.received), closed: p(s.closed), withinStandard: p(s.withinStandard), overStandard: p(s.overStandard) })),
    dimensions: r.dimensions.map((d) => {
      const counts = d.categories.map((c) => c.count);
      // A single-valued dimension's categories add up to the cases received, which is published.
      const hidden = hiddenCells(counts, d.multi ? [] : [counts.map((_, i) => i)], threshold);
      return { ...d, categories: d.categories.map((c, i) => ({ ...c, count: hidden[i] ? mark : c.count })) };
    }),
    tables: r.tables.map((t) => {
      const cols = t.columns.categories.length;
      const flat = t.cells.flat();
      const lines: number[][] = [];
      // Each row adds up to its row category's count when the column dimension is single-valued, and so on.
      if (single.get(t.columns.id)) t.rows.categories.forEach((_, i) => lines.push(Array.from({ length: cols }, (_, j) => i * cols + j)));
      if (single.get(t.rows.id)) t.columns.categories.forEach((_, j) => lines.push(t.rows.categories.map((_, i) => i * cols + j)));
      const hidden = hiddenCells(flat, lines, threshold);
      return { ...t, cells: t.cells.map((row, i) => row.map((n, j) => (hidden[i * cols + j] ? mark : n))) };
    }),
  };
}
