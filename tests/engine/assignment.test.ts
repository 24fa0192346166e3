/** Named accounts on tasks: claiming, assignment by the role's head, reassignment, and acting officials (Plt./Plh.). */
import { describe, expect, it } from 'vitest';
import { assignTask, claimTask, effectiveRoles, mayWork, releaseTask } from '../../engine/assignment.ts';
import { completeStep, startCase } from '../../engine/case.ts';
import { openTasks, tasksOf } from '../../engine/tasks.ts';
import type { Actor, Case, Delegation, Workflow } from '../../engine/types.ts';
import { actor, intake, seedWorkflow } from './seed.ts';

const T0 = new Date('2026-11-30T02:00:00Z');
const later = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
const budi: Actor = { username: 'budi', roles: ['bidang_teknis'], name: 'Budi' };
const rina: Actor = { username: 'rina', roles: ['bidang_teknis'], name: 'Rina' };
const kepala: Actor = { username: 'kepala', roles: ['kepala_uptd'] };

function withHeads(): Workflow {
  const wf = seedWorkflow();
  wf.assignment = { heads: { bidang_teknis: ['kepala_uptd'], back_office: ['kepala_uptd'] } };
  return wf;
}

async function atStep3(wf: Workflow): Promise<Case> {
  const s = await startCase(wf, { id: 'RKA-A', data: intake(), actor: actor('front_office'), now: T0 });
  if (!s.ok) throw new Error(JSON.stringify(s.refusal));
  const r = await completeStep(wf, s.value.case, { step: 'periksa-dokumen', data: { dokumen_lengkap: 'ya' }, actor: actor('front_office'), now: later(10) });
  if (!r.ok) throw new Error(JSON.stringify(r.refusal));
  return r.value.case;
}

const assessment = { hasil_asesmen: 'a', kebutuhan_layanan: ['rujukan'] };

describe('claiming and assigning', () => {
  it('lets a holder of the role take an open task; it is then theirs alone', async () => {
    const wf = withHeads();
    const c = await atStep3(wf);
    const task = tasksOf(c)[0];
    const claimed = claimTask(wf, c, { task: task.id, actor: budi, now: later(20), rev: c.rev });
    if (!claimed.ok) throw new Error(claimed.refusal.message);
    const k = claimed.value.case;
    expect(openTasks(wf, k)[0].assignee).toBe('budi');
    expect(k.history.at(-1)).toMatchObject({ type: 'assigned', kind: 'claim', to: 'budi', actor: 'budi' });
    expect(claimTask(wf, k, { task: task.id, actor: rina, now: later(21) })).toMatchObject({ ok: false, refusal: { message: 'Tugas ini sudah diambil atau ditugaskan kepada budi.' } });
    const byRina = await completeStep(wf, k, { step: 'proses-laporan', data: assessment, actor: rina, now: later(22) });
    expect(!byRina.ok && byRina.refusal).toEqual({ code: 'forbidden', message: 'Langkah 3 (Menerima berkas dan memproses laporan) ditugaskan kepada akun lain (budi). Kepala UPTD PPA dapat memindahkannya.' });
    expect((await completeStep(wf, k, { step: 'proses-laporan', data: assessment, actor: budi, now: later(23) })).ok).toBe(true);
    // The sekretaris holds no role of the step: no claim.
    expect(claimTask(wf, c, { task: task.id, actor: actor('sekretaris'), now: later(20) }).ok).toBe(false);
  });

  it('lets the head of the role assign the task to a named account of that role, and move it to another', async () => {
    const wf = withHeads();
    const c = await atStep3(wf);
    const id = tasksOf(c)[0].id;
    expect(assignTask(wf, c, { task: id, to: rina, actor: budi, now: later(20) })).toMatchObject({ ok: false, refusal: { code: 'forbidden', message: 'Tugas langkah 3 ditugaskan oleh Kepala UPTD PPA.' } });
    expect(assignTask(wf, c, { task: id, to: actor('sekretaris', 'sri'), actor: kepala, now: later(20) })).toMatchObject({ ok: false, refusal: { code: 'invalid' } });
    const a = assignTask(wf, c, { task: id, to: budi, actor: kepala, now: later(20) });
    if (!a.ok) throw new Error(a.refusal.message);
    const b = assignTask(wf, a.value.case, { task: id, to: rina, actor: kepala, now: later(30) });
    if (!b.ok) throw new Error(b.refusal.message);
    expect(b.value.events[0]).toMatchObject({ kind: 'assign', from: 'budi', to: 'rina', actor: 'kepala' });
    expect(tasksOf(b.value.case)[0].assignee).toBe('rina');
    const released = releaseTask(wf, b.value.case, { task: id, actor: rina, now: later(40) });
    expect(released.ok && tasksOf(released.value.case)[0].assignee).toBeUndefined();
  });
});

describe('acting officials (Plt. / Plh.)', () => {
  const plh: Delegation = {
    id: 'd1', official: 'kadis', acting: 'sekdin', kind: 'plh', roles: ['kepala_dinas'],
    from: '2026-11-30T00:00:00Z', until: '2026-12-04T00:00:00Z', createdBy: 'admin', createdAt: '2026-11-29T00:00:00Z',
  };
  const sekdin: Actor = { username: 'sekdin', roles: ['sekretaris'], name: 'Sekretaris Dinas' };

  it('does the official\'s steps during the period, recorded as done on their behalf, and not after it', async () => {
    const wf = seedWorkflow();
    let c = await atStep3(wf);
    for (const [s, data, who] of [
      ['proses-laporan', assessment, 'bidang_teknis'],
      ['rencana-respon', { rencana_respon: 'r' }, 'back_office'],
      ['respon-kepala-uptd', { respon_kasus: 'x' }, 'kepala_uptd'],
      ['verifikasi-sekretaris', { hasil_verifikasi: 'sesuai' }, 'sekretaris'],
    ] as const) {
      const r = await completeStep(wf, c, { step: s, data, actor: actor(who), now: later(30) });
      if (!r.ok) throw new Error(r.refusal.message);
      c = r.value.case;
    }
    expect(effectiveRoles(sekdin, [plh], later(40))).toEqual(['sekretaris', 'kepala_dinas']);
    const afterwards = await completeStep(wf, c, { step: 'arahan-kepala-dinas', data: { arahan: 'a' }, actor: sekdin, now: new Date('2026-12-04T00:00:00Z'), delegations: [plh] });
    expect(!afterwards.ok && afterwards.refusal.code).toBe('forbidden');
    const revoked = { ...plh, revokedAt: '2026-11-30T03:00:00Z', revokedBy: 'admin' };
    expect(mayWork(wf, tasksOf(c)[0], sekdin, [revoked], later(120)).ok).toBe(false);
    const done = await completeStep(wf, c, { step: 'arahan-kepala-dinas', data: { arahan: 'Laksanakan.' }, actor: sekdin, now: later(60), delegations: [plh] });
    if (!done.ok) throw new Error(done.refusal.message);
    expect(done.value.case.history.find((h) => h.type === 'completed' && h.step === 'arahan-kepala-dinas')).toMatchObject({
      actor: 'sekdin', role: 'kepala_dinas', onBehalfOf: 'kadis', acting: 'plh',
    });
  });

  it('takes over tasks assigned to the official, but not those assigned to someone else', async () => {
    const wf = withHeads();
    const c = await atStep3(wf);
    const id = tasksOf(c)[0].id;
    const toBudi = assignTask(wf, c, { task: id, to: budi, actor: kepala, now: later(20) });
    if (!toBudi.ok) throw new Error(toBudi.refusal.message);
    const leave: Delegation = { ...plh, official: 'budi', acting: 'rina', roles: ['bidang_teknis'] };
    const task = tasksOf(toBudi.value.case)[0];
    expect(mayWork(wf, task, rina, [leave], later(30))).toMatchObject({ ok: true, onBehalfOf: { official: 'budi' } });
    expect(mayWork(wf, task, rina, [], later(30)).ok).toBe(false);
    expect(mayWork(wf, task, { username: 'dewi', roles: [] }, [{ ...leave, acting: 'dewi', official: 'someone' }], later(30)).ok).toBe(false);
  });
});

describe('checking a delegation before it is stored', () => {
  it('refuses acting for oneself, roles the official does not hold, a reversed or overlong period, and overlaps', async () => {
    const { checkDelegation } = await import('../../engine/delegation.ts');
    const kadis = { username: 'kadis', roles: ['kepala_dinas'], active: true };
    const sek = { username: 'sekdin', roles: ['sekretaris'], active: true };
    const base = { official: kadis, acting: sek, kind: 'plh', roles: ['kepala_dinas'], from: '2026-12-01T00:00:00Z', until: '2026-12-05T00:00:00Z' };
    expect(checkDelegation(base)).toEqual({});
    expect(checkDelegation({ ...base, acting: kadis, roles: ['sekretaris'], kind: 'wakil', until: '2026-11-30T00:00:00Z' })).toEqual({
      acting: 'Pelaksana tidak boleh pejabat itu sendiri.',
      kind: 'Pilih Plt. (pelaksana tugas) atau Plh. (pelaksana harian).',
      roles: 'Pejabat ini tidak memegang peran sekretaris.',
      until: 'Tanggal selesai harus sesudah tanggal mulai.',
    });
    expect(checkDelegation({ ...base, until: '2028-01-01T00:00:00Z' }).until).toMatch(/Paling lama 366 hari/);
    const stored = { id: 'd', official: 'kadis', acting: 'other', kind: 'plt' as const, roles: ['kepala_dinas'], from: '2026-12-03T00:00:00Z', until: '2026-12-10T00:00:00Z', createdBy: 'a', createdAt: 'x' };
    expect(checkDelegation(base, [stored]).from).toBe('Pejabat ini sudah diwakili other pada sebagian masa itu; cabut pelimpahan itu dulu.');
    expect(checkDelegation(base, [{ ...stored, revokedAt: 'y' }])).toEqual({});
  });
});
