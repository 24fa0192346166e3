/** Engine benchmark: the cost of one step completion and of one whole case of Respon Kasus Anak, no I/O. */
import { fileURLToPath } from 'node:url';
import { loadWorkflowFile } from '../engine/definition/index.ts';
import { completeStep, startCase } from '../engine/case.ts';
import type { Actor, Case, Workflow } from '../engine/types.ts';

const who = (role: string): Actor => ({ username: role, roles: [role] });

/** The intake of a direct report, and the six steps of the direct path after it (shared with the peers bench). */
export const INTAKE = {
  sumber_laporan: 'masyarakat', saluran: 'langsung', diterima_pada: '2026-11-30T09:00', pelapor_nama: 'Pelapor',
  pelapor_hubungan: 'tetangga', anak_nama: 'A.B.', anak_jenis_kelamin: 'perempuan', jenis_kasus: ['penelantaran'],
  kronologi: 'Kronologi singkat untuk pengukuran.', tingkat_risiko: 'sedang',
};
export const STEPS: Array<[string, string, Record<string, unknown>]> = [
  ['periksa-dokumen', 'front_office', { dokumen_lengkap: 'tidak', dokumen_kurang: 'KK' }],
  ['proses-laporan', 'bidang_teknis', { hasil_asesmen: 'a', kebutuhan_layanan: ['rujukan'] }],
  ['rencana-respon', 'back_office', { rencana_respon: 'b' }],
  ['respon-kepala-uptd', 'kepala_uptd', { respon_kasus: 'c' }],
  ['verifikasi-sekretaris', 'sekretaris', { hasil_verifikasi: 'sesuai' }],
  ['arahan-kepala-dinas', 'kepala_dinas', { arahan: 'd' }],
];

async function oneCase(wf: Workflow, i: number, stepTimes: number[]): Promise<Case> {
  const now = new Date(Date.UTC(2026, 10, 30, 2, 0, i));
  const s = await startCase(wf, { id: `B-${i}`, data: INTAKE, actor: who('front_office'), now });
  if (!s.ok) throw new Error(s.refusal.message);
  let c = s.value.case;
  for (const [step, role, data] of STEPS) {
    const t = performance.now();
    const r = await completeStep(wf, c, { step, data, actor: who(role), now });
    stepTimes.push(performance.now() - t);
    if (!r.ok) throw new Error(r.refusal.message);
    c = r.value.case;
  }
  return c;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Runs the engine benchmark and returns its report as markdown lines. */
export async function engineBench(cases = 2000): Promise<string[]> {
  const loaded = loadWorkflowFile(fileURLToPath(new URL('../workflows/respon-kasus-anak.yaml', import.meta.url)));
  if (!loaded.ok) throw new Error('workflows/respon-kasus-anak.yaml tidak valid: jalankan npx alur validate');
  const wf = loaded.workflow;
  const warm: number[] = [];
  for (let i = 0; i < 200; i++) await oneCase(wf, i, warm);
  const stepTimes: number[] = [];
  const caseTimes: number[] = [];
  for (let i = 0; i < cases; i++) {
    const t = performance.now();
    await oneCase(wf, i, stepTimes);
    caseTimes.push(performance.now() - t);
  }
  const ms = (x: number) => `${x.toFixed(3)} ms`;
  const lines = [
    '## Engine (pure, no storage)',
    '',
    `Respon Kasus Anak, direct path (intake + 6 steps), ${cases} cases after 200 warm-up cases.`,
    '',
    '| measure | median | p95 |',
    '| --- | --- | --- |',
    `| one step completion (form check, guards, deadlines, routing) | ${ms(median(stepTimes))} | ${ms([...stepTimes].sort((a, b) => a - b)[Math.floor(stepTimes.length * 0.95)])} |`,
    `| one complete case (start + 6 steps) | ${ms(median(caseTimes))} | ${ms([...caseTimes].sort((a, b) => a - b)[Math.floor(caseTimes.length * 0.95)])} |`,
    '',
  ];
  return lines;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log((await engineBench()).join('\n'));
}
