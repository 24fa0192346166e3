/** "Did you mean …?": the closest known name to a mistyped one, for hints. */

/** Edit distance between two short strings (insertions, deletions, substitutions, adjacent swaps). */
export function distance(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  if (Math.abs(m - n) > 8) return Math.max(m, n);
  const d: number[][] = Array.from({ length: m + 1 }, (_, i) => [i, ...new Array<number>(n).fill(0)]);
  for (let j = 1; j <= n; j++) d[0][j] = j;
  for (let i = 1; i <= m; i++) {
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[m][n];
}

/** The known name closest to `name` when it is close enough to be a typo (case ignored), else undefined. */
export function closest(name: string, known: Iterable<string>): string | undefined {
  const lower = name.toLowerCase();
  let best: string | undefined;
  let bestScore = Infinity;
  for (const k of known) {
    const score = distance(lower, k.toLowerCase());
    if (score < bestScore) {
      best = k;
      bestScore = score;
    }
  }
  if (best === undefined) return undefined;
  const allowed = Math.max(1, Math.min(3, Math.floor(Math.max(name.length, best.length) / 3)));
  return bestScore <= allowed ? best : undefined;
}

/** "a, b, c" with backticks, shortened after `max` names. */
export function listNames(names: readonly string[], max = 12): string {
  const shown = names.slice(0, max).map((n) => `\`${n}\``);
  return names.length > max ? `${shown.join(', ')}, … (${names.length} nama)` : shown.join(', ');
}

/** "Maksud Anda `x`? " when a close name exists, otherwise "". */
export function didYouMean(name: string, known: Iterable<string>): string {
  const c = closest(name, known);
  return c !== undefined && c !== name ? `Maksud Anda \`${c}\`? ` : '';
}
