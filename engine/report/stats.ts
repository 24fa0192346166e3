/** Order statistics for times: the quantile as spreadsheets compute it (PERCENTILE.INC, linear between ranks). */

/** The q-quantile (0..1) of ascending `sorted` values; undefined for none. Median = quantile(x, 0.5). */
export function quantile(sorted: readonly number[], q: number): number | undefined {
  if (!sorted.length) return undefined;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

export interface Spread {
  n: number;
  median?: number;
  p90?: number;
}

/** Count, median and 90th percentile of a list of durations in milliseconds. */
export function spread(values: number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  return { n: sorted.length, median: quantile(sorted, 0.5), p90: quantile(sorted, 0.9) };
}
