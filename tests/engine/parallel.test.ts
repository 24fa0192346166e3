/** Parallel branches: opened together, each with its own role, form and deadline, meeting at a join (all / any). */
import { describe, expect, it } from 'vitest';
import { completeStep, startCase } from '../../engine/case.ts';
import { deadlineStatus } from '../../engine/deadlines.ts';
import { parseWorkflow } from '../../engine/definition/index.ts';
import { simulate } from '../../engine/simulate.ts';
import { openTasks, tasksOf } from '../../engine/tasks.ts';
import type { Actor, Case, Workflow } from '../../engine/types.ts';
import { actor, intake, seedWorkflow } from './seed.ts';

const T0 = new Date('2026-11-30T02:00:00Z');
const later = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

/**
 * The seed with step 3 forking: the response plan (back office, step 4) and a legal review (Kepala UPTD PPA, step
 * 4a, due 4 hours after it opens) at once, meeting at the Kepala UPTD PPA's response (step 5).
 */
function forked(wait: 'all' | 'any' = 'all'): Workflow {
  const wf = seedWorkflow();
  wf.steps.find((s) => s.id === 'proses-laporan')!.next = [{ parallel: ['rencana-respon', 'kajian-hukum'], join: 'respon-kepala-uptd', wait, label: 'rencana dan kajian hukum disusun bersamaan' }];
  wf.steps.push({
    id: 'kajian-hukum',
    number: '4a',
    title: 'Mengkaji aspek hukum',
    role: 'kepala_uptd',
    fields: [
      { name: 'kajian_hukum', label: 'Kajian hukum', type: 'textarea', required: true },
      { name: 'perlu_polisi', label: 'Perlu dilaporkan ke kepolisian', type: 'radio', required: true, options: [{ value: 'ya', label: 'Ya' }, { value: 'tidak', label: 'Tidak' }] },
    ],
    deadlines: [{ id: 'kajian', label: 'Kajian hukum selesai', duration: 'PT4H', starts: 'opened' }],
    next: [{ end: 'tidak-sah', when: { fact: 'perlu_polisi', operator: 'equal', value: 'batal' } }, { to: 'respon-kepala-uptd' }],
  });
  return wf;
}

async function upTo3(wf: Workflow): Promise<Case> {
  const s = await startCase(wf, { id: 'RKA-P', data: intake(), actor: actor('front_office'), now: T0 });
  if (!s.ok) throw new Error(JSON.stringify(s.refusal));
  let c = await step(wf, s.value.case, 'periksa-dokumen', { dokumen_lengkap: 'ya' }, actor('front_office'), later(10));
  c = await step(wf, c, 'proses-laporan', { hasil_asesmen: 'a', kebutuhan_layanan: ['bantuan_hukum'] }, actor('bidang_teknis'), later(20));
  return c;
}

async function step(wf: Workflow, c: Case, id: string, data: Record<string, unknown>, by: Actor, at: Date): Promise<Case> {
  const r = await completeStep(wf, c, { step: id, data, actor: by, now: at });
  if (!r.ok) throw new Error(`${id}: ${JSON.stringify(r.refusal)}`);
  return r.value.case;
}

describe('a fork that waits for all its branches', () => {
  it('opens both steps at once, each for its own role and with its own deadline', async () => {
    const wf = forked();
    const c = await upTo3(wf);
    const tasks = openTasks(wf, c);
    expect(tasks.map((t) => [t.step, t.roles, t.branch])).toEqual([
      ['rencana-respon', ['back_office'], 'f1:rencana-respon'],
      ['kajian-hukum', ['kepala_uptd'], 'f1:kajian-hukum'],
    ]);
    expect(tasks[1]).toMatchObject({ deadline: 'kajian', due: later(20 + 240).toISOString() });
    expect(tasks[0].deadline).toBe('penyelesaian');
    expect(c.current).toBe('rencana-respon');
    const guard = c.history.filter((h) => h.type === 'guard').at(-1);
    expect(guard?.type === 'guard' && guard.chosen.reason).toBe('Rencana dan kajian hukum disusun bersamaan');
    // Either may be done first; a step not open names both that are.
    const early = await completeStep(wf, c, { step: 'respon-kepala-uptd', data: { respon_kasus: 'x' }, actor: actor('kepala_uptd'), now: later(30) });
    expect(!early.ok && early.refusal.message).toBe('Langkah 5 (Merespon kasus) tidak sedang menunggu dikerjakan; kasus ini sekarang menunggu langkah 4: Menyusun rencana respon kasus, langkah 4a: Mengkaji aspek hukum.');
  });

  it('opens the join only once every branch arrived, with the data of both', async () => {
    const wf = forked();
    let c = await upTo3(wf);
    c = await step(wf, c, 'kajian-hukum', { kajian_hukum: 'Pasal 76C UU 35/2014.', perlu_polisi: 'ya' }, actor('kepala_uptd'), later(60));
    expect(tasksOf(c).map((t) => t.step)).toEqual(['rencana-respon']);
    expect(deadlineStatus(c, later(61)).find((d) => d.id === 'kajian')?.outcome).toBe('met');
    c = await step(wf, c, 'rencana-respon', { rencana_respon: 'Visum.' }, actor('back_office'), later(90));
    expect(tasksOf(c)).toEqual([{ id: 't5', step: 'respon-kepala-uptd', openedAt: later(90).toISOString() }]);
    expect(c.data).toMatchObject({ kajian_hukum: 'Pasal 76C UU 35/2014.', rencana_respon: 'Visum.' });
    expect(c.history.filter((h) => h.type === 'joined').map((h) => h.type === 'joined' && h.branch)).toEqual(['f1:kajian-hukum', 'f1:rencana-respon']);
    c = await step(wf, c, 'respon-kepala-uptd', { respon_kasus: 'Setuju.' }, actor('kepala_uptd'), later(100));
    expect(c.current).toBe('verifikasi-sekretaris');
  });

  it('closes the whole case when a branch ends it, ending the other branch and its deadline', async () => {
    const wf = forked();
    wf.steps.find((s) => s.id === 'kajian-hukum')!.fields![1].options!.push({ value: 'batal', label: 'Batal' });
    // The response plan's branch gets a deadline too, so its ending shows.
    wf.steps.find((s) => s.id === 'rencana-respon')!.deadlines = [{ id: 'rencana', label: 'Rencana disusun', duration: 'PT8H', starts: 'opened' }];
    let c = await upTo3(wf);
    c = await step(wf, c, 'kajian-hukum', { kajian_hukum: 'x', perlu_polisi: 'batal' }, actor('kepala_uptd'), later(40));
    expect(c.status).toBe('closed');
    expect(tasksOf(c)).toEqual([]);
    expect(deadlineStatus(c, later(41)).find((d) => d.id === 'rencana')).toMatchObject({ outcome: 'ended', endedAt: later(40).toISOString() });
    expect(c.history.some((h) => h.type === 'deadline-ended' && h.deadline === 'rencana' && h.reason === 'case-closed')).toBe(true);
  });
});

describe('a fork that goes on at the first arrival', () => {
  it('opens the join at once and withdraws the other branch, ending its deadline', async () => {
    const wf = forked('any');
    let c = await upTo3(wf);
    c = await step(wf, c, 'rencana-respon', { rencana_respon: 'Visum.' }, actor('back_office'), later(30));
    expect(tasksOf(c).map((t) => t.step)).toEqual(['respon-kepala-uptd']);
    const withdrawn = c.history.find((h) => h.type === 'withdrawn');
    expect(withdrawn).toMatchObject({ step: 'kajian-hukum', branch: 'f1:kajian-hukum', reason: 'cabang lain sudah sampai di Merespon kasus' });
    expect(deadlineStatus(c, later(31)).find((d) => d.id === 'kajian')).toMatchObject({ outcome: 'ended', endedAt: later(30).toISOString() });
    const late = await completeStep(wf, c, { step: 'kajian-hukum', data: { kajian_hukum: 'x', perlu_polisi: 'ya' }, actor: actor('kepala_uptd'), now: later(40) });
    expect(!late.ok && late.refusal.code).toBe('not_open');
  });
});

describe('simulation and definition checks', () => {
  it('simulates a fork by doing its branches one after the other', async () => {
    const wf = forked();
    const sim = await simulate(wf, { ...intake(), dokumen_lengkap: 'ya', hasil_asesmen: 'a', kebutuhan_layanan: ['rujukan'], rencana_respon: 'r', kajian_hukum: 'k', perlu_polisi: 'tidak', respon_kasus: 's', hasil_verifikasi: 'sesuai', arahan: 'x' }, T0);
    expect(sim.stopped).toBeUndefined();
    expect(sim.steps.map((s) => s.number)).toEqual([1, 2, 3, 4, '4a', 5, 6, 7]);
    expect(sim.status).toBe('closed');
  });

  it('refuses a fork without a join, and a branch that never reaches its join, where they are written', async () => {
    const { readFileSync } = await import('node:fs');
    const text = readFileSync(new URL('../../workflows/respon-kasus-anak.yaml', import.meta.url), 'utf8');
    const noJoin = text.replace('    next: rencana-respon\n', '    next:\n      - parallel: [rencana-respon, respon-kepala-uptd]\n');
    const r = parseWorkflow(noJoin, 'x.yaml');
    expect(!r.ok && r.errors.map((e) => [e.path, e.message])).toEqual([
      ['steps[2].next[0].parallel', 'Cabang `parallel` belum menyebut langkah tempat cabang-cabangnya bertemu (`join`).'],
    ]);
    const stray = text.replace('    next: rencana-respon\n', '    next:\n      - parallel: [rencana-respon, validasi-laporan]\n        join: respon-kepala-uptd\n');
    const s = parseWorkflow(stray, 'x.yaml');
    expect(!s.ok && s.errors.map((e) => [e.path, e.message])).toEqual([
      ['steps[2].next[0].parallel[1]', 'Cabang bersamaan `validasi-laporan` tidak pernah sampai ke langkah gabungan `respon-kepala-uptd`.'],
    ]);
  });
});
