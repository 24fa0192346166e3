/** Step deadlines: started when a step opens and met by its completion, superseded in a loop, outliving the case. */
import { describe, expect, it } from 'vitest';
import { completeStep, meetDeadline, startCase } from '../../engine/case.ts';
import { deadlineStatus, isOverdue, outcomeOf } from '../../engine/deadlines.ts';
import { openTasks, tasksOf } from '../../engine/tasks.ts';
import type { Actor, Case, Workflow } from '../../engine/types.ts';
import { actor, intake, seedWorkflow } from './seed.ts';

const T0 = new Date('2026-11-30T02:00:00Z'); // Senin 09:00 WIB
const later = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

async function start(wf: Workflow, data = intake()): Promise<Case> {
  const r = await startCase(wf, { id: 'RKA-1', data, actor: actor('front_office'), now: T0 });
  if (!r.ok) throw new Error(JSON.stringify(r.refusal));
  return r.value.case;
}

async function step(wf: Workflow, c: Case, id: string, data: Record<string, unknown>, by: Actor, at: Date): Promise<Case> {
  const r = await completeStep(wf, c, { step: id, data, actor: by, now: at });
  if (!r.ok) throw new Error(`${id}: ${JSON.stringify(r.refusal)}`);
  return r.value.case;
}

/** The seed with a deadline on step 3 that starts when the step opens: "assessment within 2 working days". */
function withAssessmentDeadline(): Workflow {
  const wf = seedWorkflow();
  wf.steps.find((s) => s.id === 'proses-laporan')!.deadlines = [
    { id: 'asesmen', label: 'Asesmen awal selesai', duration: 'P2D', calendar: 'working', starts: 'opened' },
  ];
  return wf;
}

const assessment = { hasil_asesmen: 'Memar di lengan.', kebutuhan_layanan: ['layanan_kesehatan'] };

describe('a deadline that starts when its step opens', () => {
  it('runs from the moment the step waits, gives the task its own due time, and is met by completing the step', async () => {
    const wf = withAssessmentDeadline();
    let c = await start(wf);
    c = await step(wf, c, 'periksa-dokumen', { dokumen_lengkap: 'ya' }, actor('front_office'), later(30)); // Senin 09:30
    const d = c.deadlines.find((x) => x.id === 'asesmen')!;
    expect(d.startedAt).toBe(later(30).toISOString());
    // Two working days from Monday 09:30 WIB: Wednesday 09:30 WIB.
    expect(d.due).toBe('2026-12-02T02:30:00.000Z');
    const [task] = openTasks(wf, c);
    expect(task).toMatchObject({ step: 'proses-laporan', due: '2026-12-02T02:30:00.000Z', deadline: 'asesmen' });
    expect(d.task).toBe(task.id);
    // Its only way to be met is the step itself: no button.
    const byHand = meetDeadline(wf, c, { deadline: 'asesmen', actor: actor('bidang_teknis'), now: later(60) });
    expect(!byHand.ok && byHand.refusal.message).toBe('Tenggat "Asesmen awal selesai" terpenuhi ketika langkah 3 (Menerima berkas dan memproses laporan) diselesaikan.');
    c = await step(wf, c, 'proses-laporan', assessment, actor('bidang_teknis', 'budi'), later(90));
    const met = c.deadlines.find((x) => x.id === 'asesmen')!;
    expect(met).toMatchObject({ metAt: later(90).toISOString(), metBy: 'budi' });
    expect(outcomeOf(c, met)).toBe('met');
    expect(c.history.some((h) => h.type === 'deadline-met' && h.deadline === 'asesmen' && h.actor === 'budi')).toBe(true);
    // The next task has no deadline of its own: it shows the completion time.
    expect(openTasks(wf, c)[0]).toMatchObject({ step: 'rencana-respon', deadline: 'penyelesaian' });
  });

  it('is late once its due time passes while the step still waits, whatever the completion time says', async () => {
    const wf = withAssessmentDeadline();
    wf.completion.duration = 'P10D';
    let c = await start(wf);
    c = await step(wf, c, 'periksa-dokumen', { dokumen_lengkap: 'ya' }, actor('front_office'), later(30));
    const thursday = later(3 * 24 * 60);
    expect(isOverdue(c, thursday)).toBe(true);
    const state = deadlineStatus(c, thursday);
    expect(state.find((x) => x.id === 'asesmen')).toMatchObject({ outcome: 'running', overdue: true });
    expect(state.find((x) => x.id === 'penyelesaian')).toMatchObject({ outcome: 'running', overdue: false });
  });

  it('is met when its step closes the case, and the clock of a step never reached never starts', async () => {
    const wf = seedWorkflow();
    wf.steps.find((s) => s.id === 'validasi-laporan')!.deadlines = [{ id: 'validasi', label: 'Validasi', duration: 'PT4H', starts: 'opened' }];
    wf.steps.find((s) => s.id === 'laporan-tindak-lanjut')!.deadlines = [{ id: 'lapor', label: 'Lapor', duration: 'PT4H', starts: 'opened' }];
    let c = await start(wf, intake({ saluran: 'tidak_langsung', media_pelaporan: 'telepon' }));
    c = await step(wf, c, 'periksa-dokumen', { dokumen_lengkap: 'ya' }, actor('front_office'), later(30));
    c = await step(wf, c, 'validasi-laporan', { laporan_sah: 'tidak', catatan_validasi: 'Fiktif.' }, actor('kepala_uptd'), later(60));
    expect(c.status).toBe('closed');
    expect(outcomeOf(c, c.deadlines.find((x) => x.id === 'validasi')!)).toBe('met');
    expect(c.deadlines.some((x) => x.id === 'lapor')).toBe(false);
    expect(tasksOf(c)).toEqual([]);
  });
});

describe('a step done again (a loop)', () => {
  it('records the earlier clock as superseded, not met', async () => {
    const wf = seedWorkflow();
    wf.steps.find((s) => s.id === 'respon-kepala-uptd')!.deadlines = [{ id: 'respon', label: 'Respon', duration: 'PT8H', starts: 'opened' }];
    wf.steps.find((s) => s.id === 'verifikasi-sekretaris')!.deadlines = [{ id: 'verifikasi-ulang', label: 'Perbaikan diverifikasi lagi', duration: 'P1D' }];
    let c = await start(wf);
    c = await step(wf, c, 'periksa-dokumen', { dokumen_lengkap: 'ya' }, actor('front_office'), later(10));
    c = await step(wf, c, 'proses-laporan', assessment, actor('bidang_teknis'), later(20));
    c = await step(wf, c, 'rencana-respon', { rencana_respon: 'r' }, actor('back_office'), later(30));
    c = await step(wf, c, 'respon-kepala-uptd', { respon_kasus: 'a' }, actor('kepala_uptd'), later(40));
    c = await step(wf, c, 'verifikasi-sekretaris', { hasil_verifikasi: 'perbaiki', catatan_verifikasi: 'Lengkapi.' }, actor('sekretaris'), later(50));
    c = await step(wf, c, 'respon-kepala-uptd', { respon_kasus: 'b' }, actor('kepala_uptd'), later(60));
    c = await step(wf, c, 'verifikasi-sekretaris', { hasil_verifikasi: 'perbaiki', catatan_verifikasi: 'Lagi.' }, actor('sekretaris'), later(70));
    const runs = deadlineStatus(c, later(80)).filter((d) => d.id === 'verifikasi-ulang');
    expect(runs.map((d) => d.outcome)).toEqual(['superseded', 'running']);
    expect(runs[0].supersededAt).toBe(later(70).toISOString());
    expect(c.history.filter((h) => h.type === 'deadline-superseded').map((h) => h.type === 'deadline-superseded' && h.deadline)).toEqual(['verifikasi-ulang']);
    // Each opening of step 5 had its own clock, each met by its completion.
    expect(deadlineStatus(c, later(80)).filter((d) => d.id === 'respon').map((d) => d.outcome)).toEqual(['met', 'met', 'running']);
  });

  it('reads a restarted clock of a case stored before superseding was recorded as superseded', () => {
    const c = {
      deadlines: [
        { id: 'x', label: 'X', step: 's', startedAt: '2026-01-01T00:00:00Z', due: '2026-01-02T00:00:00Z', blocking: false, metAt: '2026-01-01T05:00:00Z' },
        { id: 'x', label: 'X', step: 's', startedAt: '2026-01-01T05:00:00Z', due: '2026-01-02T05:00:00Z', blocking: false, metAt: '2026-01-01T06:00:00Z' },
      ],
      history: [{ type: 'deadline-met', at: '2026-01-01T06:00:00Z', actor: 'a', deadline: 'x', label: 'X', step: 's' }],
    } as unknown as Case;
    expect(c.deadlines.map((d) => outcomeOf(c, d))).toEqual(['superseded', 'met']);
  });
});

describe('the 3x24-hour document deadline of Respon Kasus Anak', () => {
  async function closedWithDocumentsMissing(wf: Workflow) {
    let c = await start(wf);
    c = await step(wf, c, 'periksa-dokumen', { dokumen_lengkap: 'tidak', dokumen_kurang: 'Fotokopi KK' }, actor('front_office'), later(30));
    c = await step(wf, c, 'proses-laporan', assessment, actor('bidang_teknis'), later(60));
    c = await step(wf, c, 'rencana-respon', { rencana_respon: 'r' }, actor('back_office'), later(90));
    c = await step(wf, c, 'respon-kepala-uptd', { respon_kasus: 'a' }, actor('kepala_uptd'), later(120));
    c = await step(wf, c, 'verifikasi-sekretaris', { hasil_verifikasi: 'sesuai' }, actor('sekretaris'), later(150));
    return step(wf, c, 'arahan-kepala-dinas', { arahan: 'Laksanakan.' }, actor('kepala_dinas'), later(180));
  }

  it('outlives the case: still running after closure, late once past, and met by the front office afterwards', async () => {
    const wf = seedWorkflow();
    const c = await closedWithDocumentsMissing(wf);
    expect(c.status).toBe('closed');
    const docs = c.deadlines.find((d) => d.id === 'dokumen-susulan')!;
    expect(outcomeOf(c, docs)).toBe('running');
    expect(isOverdue(c, later(24 * 60))).toBe(false);
    expect(isOverdue(c, later(4 * 24 * 60))).toBe(true);
    const wrong = meetDeadline(wf, c, { deadline: 'dokumen-susulan', actor: actor('kepala_dinas'), now: later(2 * 24 * 60) });
    expect(!wrong.ok && wrong.refusal).toMatchObject({ code: 'forbidden', message: 'Tenggat "Penyerahan dokumen persyaratan yang kurang" dicatat terpenuhi oleh Petugas Front Office; akun Anda tidak memiliki peran itu.' });
    const met = meetDeadline(wf, c, { deadline: 'dokumen-susulan', actor: actor('front_office', 'sari'), now: later(2 * 24 * 60), rev: c.rev });
    if (!met.ok) throw new Error(met.refusal.message);
    expect(met.value.case.status).toBe('closed');
    expect(met.value.case.deadlines.find((d) => d.id === 'dokumen-susulan')).toMatchObject({ metAt: later(2 * 24 * 60).toISOString(), metBy: 'sari' });
    expect(isOverdue(met.value.case, later(5 * 24 * 60))).toBe(false);
  });

  it('ends with the case when the YAML says so, and is recorded as ended', async () => {
    const wf = seedWorkflow();
    wf.steps.find((s) => s.id === 'periksa-dokumen')!.deadlines![0].endsWithCase = true;
    const c = await closedWithDocumentsMissing(wf);
    const docs = c.deadlines.find((d) => d.id === 'dokumen-susulan')!;
    expect(docs.endedAt).toBe(later(180).toISOString());
    expect(outcomeOf(c, docs)).toBe('ended');
    expect(isOverdue(c, later(5 * 24 * 60))).toBe(false);
    expect(meetDeadline(wf, c, { deadline: 'dokumen-susulan', actor: actor('front_office'), now: later(200) }).ok).toBe(false);
  });

  it('may name another role to record it (metBy)', async () => {
    const wf = seedWorkflow();
    wf.steps.find((s) => s.id === 'periksa-dokumen')!.deadlines![0].metBy = ['kepala_uptd'];
    const c = await closedWithDocumentsMissing(wf);
    expect(meetDeadline(wf, c, { deadline: 'dokumen-susulan', actor: actor('front_office'), now: later(200) }).ok).toBe(false);
    expect(meetDeadline(wf, c, { deadline: 'dokumen-susulan', actor: actor('kepala_uptd'), now: later(200) }).ok).toBe(true);
  });
});

describe('cases stored before tasks existed', () => {
  it('derive their one open task from `current` and go on with stored tasks', async () => {
    const wf = seedWorkflow();
    let c = await start(wf);
    c = await step(wf, c, 'periksa-dokumen', { dokumen_lengkap: 'ya' }, actor('front_office'), later(30));
    const old = structuredClone(c) as Case;
    delete old.tasks;
    for (const h of old.history) if (h.type === 'moved') delete h.task;
    expect(tasksOf(old)).toEqual([{ id: 't0', step: 'proses-laporan', openedAt: later(30).toISOString() }]);
    expect(openTasks(wf, old)[0]).toMatchObject({ id: 't0', step: 'proses-laporan', openedAt: later(30).toISOString() });
    const next = await step(wf, old, 'proses-laporan', assessment, actor('bidang_teknis'), later(60));
    expect(next.tasks).toEqual([{ id: 't1', step: 'rencana-respon', openedAt: later(60).toISOString() }]);
    expect(next.current).toBe('rencana-respon');
  });
});
