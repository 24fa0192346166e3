/** Test helpers: seed cases run through the real engine at chosen times, and the report row a store would keep of each. */
import { completeStep, startCase } from '../../../engine/case.ts';
import { reportRow } from '../../../engine/report/service.ts';
import { rolesOf, stepOf } from '../../../engine/tasks.ts';
import type { Case, Workflow } from '../../../engine/types.ts';
import { actor, intake } from '../seed.ts';

export const HOUR = 3_600_000;

/** "2026-11-02T09:00" in WIB as an instant. */
export const wib = (local: string) => new Date(`${local}:00+07:00`);

/**
 * Runs a case: started at `at` (WIB) with `data`, then each [step, data, hours after the previous step] in turn,
 * by the step's role.
 */
export async function runCase(wf: Workflow, id: string, at: string, data: Record<string, unknown>, steps: Array<[string, Record<string, unknown>, number]>): Promise<Case> {
  const t0 = wib(at);
  const s = await startCase(wf, { id, data: intake({ diterima_pada: at, ...data }), actor: actor('front_office'), now: t0 });
  if (!s.ok) throw new Error(JSON.stringify(s.refusal));
  let c = s.value.case;
  let t = t0.getTime();
  for (const [step, values, hours] of steps) {
    t += hours * HOUR;
    const role = rolesOf(stepOf(wf, step)!)[0];
    const r = await completeStep(wf, c, { step, data: values, actor: actor(role), now: new Date(t) });
    if (!r.ok) throw new Error(`${id} ${step}: ${JSON.stringify(r.refusal)}`);
    c = r.value.case;
  }
  return c;
}

/** The direct path's steps 2-7, each `hours[i]` after the one before. */
export function directPath(hours: number[]): Array<[string, Record<string, unknown>, number]> {
  const steps: Array<[string, Record<string, unknown>]> = [
    ['periksa-dokumen', { dokumen_lengkap: 'ya' }],
    ['proses-laporan', { hasil_asesmen: 'Asesmen.', kebutuhan_layanan: ['pendampingan_psikologis'] }],
    ['rencana-respon', { rencana_respon: 'Rencana.' }],
    ['respon-kepala-uptd', { respon_kasus: 'Respon.' }],
    ['verifikasi-sekretaris', { hasil_verifikasi: 'sesuai' }],
    ['arahan-kepala-dinas', { arahan: 'Arahan.' }],
  ];
  return steps.slice(0, hours.length).map(([s, d], i) => [s, d, hours[i]]);
}

/** What the store's case summary holds for a report (engine/summary.ts carries the same). */
export const rowOf = reportRow;
