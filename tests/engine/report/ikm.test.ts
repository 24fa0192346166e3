/** The IKM (Permenpan RB 14/2017) computed from known answers and compared with the figures worked out by hand. */
import { describe, expect, it } from 'vitest';
import { computeIkm, gradeOf, IKM_ELEMENTS, isCompleteAnswer } from '../../../engine/report/ikm.ts';

const all = (v: number) => ({ values: IKM_ELEMENTS.map(() => v) });

describe('IKM', () => {
  it('has the nine elements of the regulation, each with four answers', () => {
    expect(IKM_ELEMENTS.map((e) => e.label)).toEqual([
      'Persyaratan',
      'Sistem, mekanisme dan prosedur',
      'Waktu penyelesaian',
      'Biaya / tarif',
      'Produk spesifikasi jenis pelayanan',
      'Kompetensi pelaksana',
      'Perilaku pelaksana',
      'Penanganan pengaduan, saran dan masukan',
      'Sarana dan prasarana',
    ]);
    for (const e of IKM_ELEMENTS) expect(e.answers).toHaveLength(4);
  });

  it('all answers 3 give 75.00, grade C (Kurang Baik)', () => {
    const r = computeIkm([all(3), all(3), all(3)])!;
    expect(r.respondents).toBe(3);
    expect(r.score).toBe(75);
    expect(r.grade).toBe('C');
    expect(r.quality).toBe('Kurang Baik');
    expect(r.elements.every((e) => e.mean === 3)).toBe(true);
  });

  it('all 4 give 100 (A), all 1 give 25 (D)', () => {
    expect(computeIkm([all(4)])).toMatchObject({ score: 100, grade: 'A' });
    expect(computeIkm([all(1)])).toMatchObject({ score: 25, grade: 'D' });
  });

  it('a mixed set: mean per element, weighted 1/9, summed, x 25', () => {
    // Respondent 1: 4 4 4 4 4 4 4 4 4; respondent 2: 3 3 3 4 3 3 3 2 3; respondent 3: 3 4 2 4 3 4 4 3 3.
    const answers = [all(4), { values: [3, 3, 3, 4, 3, 3, 3, 2, 3] }, { values: [3, 4, 2, 4, 3, 4, 4, 3, 3] }];
    const r = computeIkm(answers)!;
    // Element means: 10/3, 11/3, 9/3, 12/3, 10/3, 11/3, 11/3, 9/3, 10/3; their sum 93/3 = 31; /9 = 3.4444; x25 = 86.11.
    expect(r.elements.map((e) => Math.round(e.mean * 3))).toEqual([10, 11, 9, 12, 10, 11, 11, 9, 10]);
    expect(r.index).toBeCloseTo(31 / 9, 10);
    expect(r.score).toBe(86.11);
    expect(r.grade).toBe('B');
  });

  it('grade boundaries as the regulation draws them', () => {
    expect(gradeOf(88.31).grade).toBe('A');
    expect(gradeOf(88.3).grade).toBe('B');
    expect(gradeOf(76.61).grade).toBe('B');
    expect(gradeOf(76.6).grade).toBe('C');
    expect(gradeOf(65).grade).toBe('C');
    expect(gradeOf(64.99).grade).toBe('D');
  });

  it('counts only complete answers; none gives no index', () => {
    expect(computeIkm([])).toBeUndefined();
    expect(isCompleteAnswer([3, 3, 3])).toBe(false);
    expect(isCompleteAnswer(IKM_ELEMENTS.map(() => 5))).toBe(false);
    expect(computeIkm([all(3), { values: [4, 4] }])!.respondents).toBe(1);
  });
});

describe('published IKM', () => {
  it('two respondents show "<3" and no index; three show the index', async () => {
    const { publishIkm } = await import('../../../engine/report/ikm.ts');
    expect(publishIkm(computeIkm([all(4), all(4)]), 3)).toEqual({ respondents: '<3' });
    expect(publishIkm(computeIkm([all(3), all(3), all(3)]), 3)).toMatchObject({ respondents: 3, result: { score: 75, grade: 'C' } });
    expect(publishIkm(undefined, 3)).toEqual({ respondents: 0 });
  });
});
