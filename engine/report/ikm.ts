/**
 * The community satisfaction index (Indeks Kepuasan Masyarakat, Permenpan RB 14/2017): nine elements each answered
 * on 1-4; the index is the mean of each element, weighted 1/9, summed, times 25 (25-100), graded A-D.
 */

export interface IkmElement {
  id: string;
  /** The element as the regulation names it. */
  label: string;
  /** The question put to the respondent. */
  question: string;
  /** The wording of answers 1, 2, 3 and 4. */
  answers: [string, string, string, string];
}

/** The nine elements, in the regulation's order (U1-U9). */
export const IKM_ELEMENTS: readonly IkmElement[] = [
  { id: 'persyaratan', label: 'Persyaratan', question: 'Sesuaikah persyaratan pelayanan dengan jenis pelayanan yang Anda terima?', answers: ['Tidak sesuai', 'Kurang sesuai', 'Sesuai', 'Sangat sesuai'] },
  { id: 'prosedur', label: 'Sistem, mekanisme dan prosedur', question: 'Mudahkah prosedur pelayanan di unit ini?', answers: ['Tidak mudah', 'Kurang mudah', 'Mudah', 'Sangat mudah'] },
  { id: 'waktu', label: 'Waktu penyelesaian', question: 'Cepatkah waktu penyelesaian pelayanan?', answers: ['Tidak cepat', 'Kurang cepat', 'Cepat', 'Sangat cepat'] },
  { id: 'biaya', label: 'Biaya / tarif', question: 'Wajarkah biaya atau tarif pelayanan?', answers: ['Sangat mahal', 'Cukup mahal', 'Murah', 'Gratis'] },
  { id: 'produk', label: 'Produk spesifikasi jenis pelayanan', question: 'Sesuaikah hasil pelayanan yang Anda terima dengan produk yang tercantum pada standar pelayanan?', answers: ['Tidak sesuai', 'Kurang sesuai', 'Sesuai', 'Sangat sesuai'] },
  { id: 'kompetensi', label: 'Kompetensi pelaksana', question: 'Bagaimana kemampuan petugas dalam memberikan pelayanan?', answers: ['Tidak kompeten', 'Kurang kompeten', 'Kompeten', 'Sangat kompeten'] },
  { id: 'perilaku', label: 'Perilaku pelaksana', question: 'Bagaimana kesopanan dan keramahan petugas dalam memberikan pelayanan?', answers: ['Tidak sopan dan ramah', 'Kurang sopan dan ramah', 'Sopan dan ramah', 'Sangat sopan dan ramah'] },
  { id: 'pengaduan', label: 'Penanganan pengaduan, saran dan masukan', question: 'Bagaimana penanganan pengaduan, saran dan masukan di unit ini?', answers: ['Tidak ada', 'Ada tetapi tidak berfungsi', 'Berfungsi kurang maksimal', 'Dikelola dengan baik'] },
  { id: 'sarana', label: 'Sarana dan prasarana', question: 'Bagaimana kualitas sarana dan prasarana pelayanan?', answers: ['Buruk', 'Cukup', 'Baik', 'Sangat baik'] },
];

export type IkmGrade = 'A' | 'B' | 'C' | 'D';

/** The grades on the 25-100 scale, from the top, with the quality each stands for. */
export const IKM_GRADES: ReadonlyArray<{ grade: IkmGrade; min: number; max: number; quality: string }> = [
  { grade: 'A', min: 88.31, max: 100, quality: 'Sangat Baik' },
  { grade: 'B', min: 76.61, max: 88.3, quality: 'Baik' },
  { grade: 'C', min: 65.0, max: 76.6, quality: 'Kurang Baik' },
  { grade: 'D', min: 25.0, max: 64.99, quality: 'Tidak Baik' },
];

/** One respondent's answers: one value 1-4 per element, in IKM_ELEMENTS order. */
export interface IkmAnswer {
  values: number[];
}

/** Whether a list holds a 1-4 answer for every element. */
export function isCompleteAnswer(values: unknown): values is number[] {
  return Array.isArray(values) && values.length === IKM_ELEMENTS.length && values.every((v) => Number.isInteger(v) && v >= 1 && v <= 4);
}

export interface IkmResult {
  respondents: number;
  /** Per element: the mean answer (nilai rata-rata, 1-4) and its weighted share (mean / 9). */
  elements: Array<{ id: string; label: string; mean: number; weighted: number }>;
  /** Sum of the weighted means, 1-4 (nilai indeks). */
  index: number;
  /** index x 25, rounded to two decimals (25-100). */
  score: number;
  grade: IkmGrade;
  quality: string;
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

export function gradeOf(score: number): (typeof IKM_GRADES)[number] {
  return IKM_GRADES.find((g) => score >= g.min) ?? IKM_GRADES[IKM_GRADES.length - 1];
}

/** The index over the answers; undefined when there are none. Incomplete answers are not counted. */
export function computeIkm(answers: Iterable<IkmAnswer>): IkmResult | undefined {
  const sums = IKM_ELEMENTS.map(() => 0);
  let n = 0;
  for (const a of answers) {
    if (!isCompleteAnswer(a.values)) continue;
    n++;
    a.values.forEach((v, i) => (sums[i] += v));
  }
  if (!n) return undefined;
  const weight = 1 / IKM_ELEMENTS.length;
  const elements = IKM_ELEMENTS.map((e, i) => ({ id: e.id, label: e.label, mean: sums[i] / n, weighted: (sums[i] / n) * weight }));
  const index = elements.reduce((s, e) => s + e.weighted, 0);
  const score = round(index * 25, 2);
  const g = gradeOf(score);
  return { respondents: n, elements, index, score, grade: g.grade, quality: g.quality };
}

/** The IKM as it may be shown: the respondent count suppressed when small, and then no index (one person's answers). */
export interface PublishedIkm {
  respondents: number | string;
  result?: IkmResult;
}

export function publishIkm(result: IkmResult | undefined, threshold: number): PublishedIkm {
  const n = result?.respondents ?? 0;
  if (n > 0 && n < threshold) return { respondents: `<${threshold}` };
  return { respondents: n, ...(result ? { result } : {}) };
}
