/**
 * The rule of moving an open case to a newer version of its service (engine/migrate-case.ts): which cases can
 * move, to which step (a renamed step is followed), what the new version finds missing, and why others stay.
 */
import { describe, expect, it } from 'vitest';
import { completeStep, startCase } from '../../engine/case.ts';
import { workflowHash } from '../../engine/hash.ts';
import { moveCase, planCaseMove } from '../../engine/migrate-case.ts';
import { tasksOf } from '../../engine/tasks.ts';
import type { Case, Workflow } from '../../engine/types.ts';
import { actor, intake, seedWorkflow } from './seed.ts';

const NOW = new Date('2026-11-30T02:00:00Z');
const LATER = new Date('2026-12-01T03:00:00Z');

async function openCase(wf: Workflow): Promise<Case> {
  const r = await startCase(wf, { id: 'RKA-1', data: intake(), actor: actor('front_office'), now: NOW });
  if (!r.ok) throw new Error(r.refusal.message);
  return r.value.case;
}

/** Version 2 of the seed, changed by `edit`. */
function next(edit: (wf: Workflow) => void = () => undefined): Workflow {
  const wf = seedWorkflow();
  wf.version = 2;
  wf.decree = { number: 'KPTS/2027/02' };
  edit(wf);
  return wf;
}

describe('planning a move', () => {
  it('moves a case waiting at a step the new version keeps, and lists what the new version requires and the case lacks', async () => {
    const v1 = seedWorkflow();
    const c = await openCase(v1);
    expect(tasksOf(c).map((t) => t.step)).toEqual(['periksa-dokumen']);
    const v2 = next((wf) => {
      const intakeStep = wf.steps.find((s) => s.id === wf.start)!;
      intakeStep.fields!.push({ name: 'nomor_register', label: 'Nomor register', type: 'text', required: true });
      // Required only for reports from the police: not missing for this report from the public.
      intakeStep.fields!.push({ name: 'nomor_lp', label: 'Nomor LP', type: 'text', required: true, when: { all: [{ fact: 'sumber_laporan', operator: 'equal', value: 'kepolisian' }] } });
      wf.steps.find((s) => s.id === 'periksa-dokumen')!.role = 'back_office';
    });
    const plan = await planCaseMove(c, v1, v2);
    expect(plan.movable).toBe(true);
    expect(plan.reasons).toEqual([]);
    expect(plan.tasks).toEqual([
      expect.objectContaining({ from: expect.objectContaining({ step: 'periksa-dokumen', number: 2 }), to: expect.objectContaining({ step: 'periksa-dokumen', roles: ['back_office'] }), roleChanged: true }),
    ]);
    expect(plan.missing.map((m) => m.field)).toEqual(['nomor_register']);
  });

  it('follows a step renamed in the new version, its deadlines too', async () => {
    const v1 = seedWorkflow();
    const c = await openCase(v1);
    const v2 = next((wf) => {
      const s = wf.steps.find((x) => x.id === 'periksa-dokumen')!;
      s.id = 'periksa-berkas';
      wf.steps.find((x) => x.id === wf.start)!.next = 'periksa-berkas';
    });
    const plan = await planCaseMove(c, v1, v2);
    expect(plan.movable).toBe(true);
    expect(plan.renames).toEqual({ 'periksa-dokumen': 'periksa-berkas' });
    expect(plan.tasks[0]!.to.step).toBe('periksa-berkas');
    const moved = moveCase(c, plan, v2, { actor: 'admin', now: LATER, reason: 'Pasal peralihan' });
    expect(moved.tasks!.map((t) => t.step)).toEqual(['periksa-berkas']);
    expect(moved.current).toBe('periksa-berkas');
    for (const d of moved.deadlines) expect(d.step).not.toBe('periksa-dokumen');
    expect(moved.deadlines.map((d) => d.due)).toEqual(c.deadlines.map((d) => d.due));
    expect(moved.workflow).toEqual({ id: v2.id, version: 2, hash: workflowHash(v2) });
    expect(moved.rev).toBe(c.rev + 1);
    expect(moved.history.at(-1)).toEqual({
      type: 'migrated',
      at: LATER.toISOString(),
      actor: 'admin',
      fromVersion: 1,
      toVersion: 2,
      decree: 'KPTS/2027/02',
      tasks: [{ task: c.tasks![0]!.id, from: 'periksa-dokumen', to: 'periksa-berkas' }],
      reason: 'Pasal peralihan',
    });
    // The moved case goes on under the new version.
    const done = await completeStep(v2, moved, { step: 'periksa-berkas', data: { dokumen_lengkap: 'ya' }, actor: actor('front_office'), now: LATER });
    expect(done.ok ? tasksOf(done.value.case).map((t) => t.step) : done.refusal.message).not.toContain('periksa-berkas');
  });

  it('keeps a case whose step the new version removed, a closed case, and one already on the version, with the reason', async () => {
    const v1 = seedWorkflow();
    const c = await openCase(v1);
    const v2 = next((wf) => {
      wf.steps = wf.steps.filter((s) => s.id !== 'periksa-dokumen');
      wf.steps.find((x) => x.id === wf.start)!.next = 'proses-laporan';
    });
    const plan = await planCaseMove(c, v1, v2);
    expect(plan.movable).toBe(false);
    expect(plan.reasons).toEqual(['Langkah 2 "Memeriksa kelengkapan dokumen", tempat kasus ini menunggu, tidak ada lagi di versi 2.'.replace('Memeriksa kelengkapan dokumen', v1.steps.find((s) => s.id === 'periksa-dokumen')!.title)]);
    expect(() => moveCase(c, plan, v2, { actor: 'admin', now: LATER })).toThrow();

    const closed = { ...c, status: 'closed' as const, tasks: [] };
    expect((await planCaseMove(closed, v1, next())).reasons).toEqual(['Kasus sudah selesai; kasus yang selesai tetap pada versinya.']);
    expect((await planCaseMove(c, v1, v1)).reasons).toEqual(['Kasus sudah memakai versi 1.']);
  });

  it('keeps a case running in parallel branches', async () => {
    const v1 = seedWorkflow();
    const c = await openCase(v1);
    const forked: Case = { ...c, tasks: c.tasks!.map((t) => ({ ...t, branch: 'f1:periksa-dokumen' })) };
    const plan = await planCaseMove(forked, v1, next());
    expect(plan.movable).toBe(false);
    expect(plan.reasons).toEqual(['Kasus sedang berjalan di cabang paralel; pindahkan setelah cabangnya bertemu lagi.']);
  });
});
