/** Small-cell suppression: small counts hidden, and no hidden count recoverable from a published total. */
import { describe, expect, it } from 'vitest';
import { hiddenCells, published } from '../../../engine/report/suppress.ts';

describe('small-cell suppression', () => {
  it('1 and 2 are "<3"; 0 and 3 are shown; the threshold can be set', () => {
    expect([0, 1, 2, 3, 10].map((n) => published(n, 3))).toEqual([0, '<3', '<3', 3, 10]);
    expect(published(4, 5)).toBe('<5');
  });

  it('one hidden cell in a line whose total is published takes the smallest other one with it', () => {
    // 1 + 0 + 10 + 7 = 18 is published: showing 10 and 7 would give the 1 away.
    expect(hiddenCells([1, 0, 10, 7], [[0, 1, 2, 3]], 3)).toEqual([true, false, false, true]);
    // Two hidden cells already hide each other.
    expect(hiddenCells([1, 2, 10], [[0, 1, 2]], 3)).toEqual([true, true, false]);
    // Without a published total, only the small cell.
    expect(hiddenCells([1, 10, 7], [], 3)).toEqual([true, false, false]);
  });

  it('cross-tables: rows and columns are both protected, until no line gives a cell away', () => {
    // 2x2 table [[1, 5], [6, 8]] with row and column totals published.
    const cells = [1, 5, 6, 8];
    const lines = [[0, 1], [2, 3], [0, 2], [1, 3]];
    const hidden = hiddenCells(cells, lines, 3);
    expect(hidden).toEqual([true, true, true, true]);
    // Each line then holds two hidden cells or none.
    for (const line of lines) expect(line.filter((i) => hidden[i]).length).not.toBe(1);
  });
});
