/** A step that pauses the completion clock: the pause is recorded, counted in the clock's own calendar, and added. */
import { describe, expect, it } from 'vitest';
import { completeStep, startCase } from '../../engine/case.ts';
import { deadlineStatus, isOverdue } from '../../engine/deadlines.ts';
import { countedBetween } from '../../engine/time.ts';
import { openTasks, taskDue } from '../../engine/tasks.ts';
import type { Actor, Case, Workflow } from '../../engine/types.ts';
import { actor, intake, seedWorkflow } from './seed.ts';

const wib = (local: string) => new Date(`${local}:00+07:00`);

/** The seed with a step 2a after the check that waits for the reporter's documents with the clock stopped. */
function withWaiting(calendar: 'calendar' | 'working' = 'calendar'): Workflow {
  const wf = seedWorkflow();
  wf.completion = { text: '2 Hari Kerja', duration: 'P2D', calendar };
  wf.steps.find((s) => s.id === 'periksa-dokumen')!.next = [
    { to: 'tunggu-dokumen', when: { fact: 'dokumen_lengkap', operator: 'equal', value: 'tidak' } },
    { to: 'proses-laporan' },
  ];
  wf.steps.push({
    id: 'tunggu-dokumen',
    number: '2a',
    title: 'Menunggu dokumen dari pelapor',
    role: 'front_office',
    pausesClock: true,
    fields: [{ name: 'dokumen_diserahkan', label: 'Dokumen diserahkan', type: 'date', required: true }],
    next: 'proses-laporan',
  });
  return wf;
}

async function run(wf: Workflow, steps: Array<[string, Record<string, unknown>, Actor, string]>): Promise<Case> {
  const s = await startCase(wf, { id: 'RKA-J', data: intake(), actor: actor('front_office'), now: wib('2026-12-04T09:00') }); // Jumat
  if (!s.ok) throw new Error(JSON.stringify(s.refusal));
  let c = s.value.case;
  for (const [id, data, by, at] of steps) {
    const r = await completeStep(wf, c, { step: id, data, actor: by, now: wib(at) });
    if (!r.ok) throw new Error(`${id}: ${JSON.stringify(r.refusal)}`);
    c = r.value.case;
  }
  return c;
}

describe('a step that pauses the completion clock', () => {
  it('stops the clock while it waits: the time left does not run down and the case is not late', async () => {
    const wf = withWaiting();
    const c = await run(wf, [['periksa-dokumen', { dokumen_lengkap: 'tidak', dokumen_kurang: 'KK' }, actor('front_office'), '2026-12-04T10:00']]);
    const [d] = deadlineStatus(c, wib('2026-12-10T10:00')).filter((x) => x.id === 'penyelesaian');
    expect(d).toMatchObject({ paused: true, pausedAt: wib('2026-12-04T10:00').toISOString(), remainingMs: 47 * 3_600_000, stoodStillMs: 6 * 86_400_000 });
    // Past the original due time (Sunday 09:00), still not late; the 3x24-hour documents deadline runs on its own.
    expect(isOverdue(c, wib('2026-12-06T10:00'))).toBe(false);
    const task = openTasks(wf, c)[0];
    expect(taskDue(task, wib('2026-12-10T10:00'))).toMatchObject({ paused: true, remainingMs: 47 * 3_600_000, overdue: false });
    expect(c.history.find((h) => h.type === 'paused')).toMatchObject({ step: 'tunggu-dokumen' });
  });

  it('adds the time it stood still to the due time when the step is done, and records how long', async () => {
    const wf = withWaiting();
    const c = await run(wf, [
      ['periksa-dokumen', { dokumen_lengkap: 'tidak', dokumen_kurang: 'KK' }, actor('front_office'), '2026-12-04T10:00'],
      ['tunggu-dokumen', { dokumen_diserahkan: '2026-12-07' }, actor('front_office'), '2026-12-07T10:00'],
    ]);
    const d = c.deadlines.find((x) => x.id === 'penyelesaian')!;
    // Due Sunday 09:00; stood still 3 days: Wednesday 09:00.
    expect(d.due).toBe(wib('2026-12-09T09:00').toISOString());
    expect(d.pausedMs).toBe(3 * 86_400_000);
    expect(d.pausedAt).toBeUndefined();
    expect(c.history.find((h) => h.type === 'resumed')).toMatchObject({ pausedMs: 3 * 86_400_000, due: d.due, step: 'tunggu-dokumen' });
  });

  it('counts only office hours of working days when the completion time is in working days', async () => {
    const wf = withWaiting('working');
    const c = await run(wf, [
      ['periksa-dokumen', { dokumen_lengkap: 'tidak', dokumen_kurang: 'KK' }, actor('front_office'), '2026-12-04T15:00'],
      // Friday 15:00 to Monday 09:30: 1 hour on Friday, 2 on Monday.
      ['tunggu-dokumen', { dokumen_diserahkan: '2026-12-07' }, actor('front_office'), '2026-12-07T09:30'],
    ]);
    const d = c.deadlines.find((x) => x.id === 'penyelesaian')!;
    expect(d.pausedMs).toBe(3 * 3_600_000);
    // Started Friday 09:00 + 2 working days = Tuesday 09:00; plus 3 office hours = Tuesday 12:00.
    expect(d.due).toBe(wib('2026-12-08T12:00').toISOString());
    expect(countedBetween(wib('2026-12-05T08:00'), wib('2026-12-06T20:00'), 'working', wf.calendar)).toBe(0);
  });
});
