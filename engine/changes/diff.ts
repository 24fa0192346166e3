/** A line diff of two YAML texts, for the editor's raw view beside the summary in words. */
import { diffLines } from 'diff';

export interface DiffLine {
  kind: 'same' | 'added' | 'removed';
  text: string;
  /** Line number in the old text (same/removed) or the new text (added). */
  line: number;
}

/** A line diff of two YAML sources (unchanged runs longer than `context` lines are cut to their edges). */
export function lineDiff(before: string, after: string, context = 3): Array<DiffLine | { kind: 'skip'; count: number }> {
  const rows: DiffLine[] = [];
  let oldLine = 1;
  let newLine = 1;
  for (const part of diffLines(before, after)) {
    const lines = part.value.replace(/\n$/, '').split('\n');
    for (const text of lines) {
      if (part.added) rows.push({ kind: 'added', text, line: newLine++ });
      else if (part.removed) rows.push({ kind: 'removed', text, line: oldLine++ });
      else {
        rows.push({ kind: 'same', text, line: oldLine++ });
        newLine++;
      }
    }
  }
  const out: Array<DiffLine | { kind: 'skip'; count: number }> = [];
  const near = (i: number) => rows.slice(Math.max(0, i - context), i + context + 1).some((r) => r.kind !== 'same');
  let skipped = 0;
  rows.forEach((r, i) => {
    if (r.kind === 'same' && !near(i)) skipped++;
    else {
      if (skipped) out.push({ kind: 'skip', count: skipped });
      skipped = 0;
      out.push(r);
    }
  });
  if (skipped) out.push({ kind: 'skip', count: skipped });
  return out;
}

/** Line numbers of `after` that are new or changed against `before` (to mark what an edit wrote). */
export function changedLines(before: string, after: string): number[] {
  const out: number[] = [];
  let line = 1;
  for (const part of diffLines(before, after)) {
    const count = part.value.replace(/\n$/, '').split('\n').length;
    if (part.removed) continue;
    if (part.added) for (let i = 0; i < count; i++) out.push(line + i);
    line += count;
  }
  return out;
}
