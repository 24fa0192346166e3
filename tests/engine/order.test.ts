/** Step numbers as the decree writes them: order, sub-steps, and arrows that go forward through a sub-step. */
import { describe, expect, it } from 'vitest';
import { compareStepNumbers, parentNumber, stepTree } from '../../engine/order.ts';
import { diagramGraph } from '../../templates/diagram/graph.ts';
import { seedWorkflow } from './seed.ts';

describe('step numbers', () => {
  it('order as a reader of the decree does: a sub-step after its step, a lettered step after both', () => {
    expect(['10', '3a', '3.2', '4', 3, '3.1', '1', '3.1.1', '2b', 2].sort(compareStepNumbers)).toEqual([
      '1', 2, '2b', 3, '3.1', '3.1.1', '3.2', '3a', '4', '10',
    ]);
    expect(parentNumber('3.1')).toBe('3');
    expect(parentNumber('3.1.2')).toBe('3.1');
    expect(parentNumber('3a')).toBeUndefined();
    expect(parentNumber(3)).toBeUndefined();
  });

  it('nest a sub-step inside its step wherever the file lists it, and draw its arrows forward', () => {
    const wf = seedWorkflow();
    // A home visit inside step 3, written at the end of the file like an afterthought.
    wf.steps.find((s) => s.id === 'proses-laporan')!.next = 'kunjungan-rumah';
    wf.steps.push({ id: 'kunjungan-rumah', number: '3.1', title: 'Kunjungan rumah', role: 'bidang_teknis', next: 'rencana-respon' });
    const tree = stepTree(wf);
    expect(tree.map((n) => n.step.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(tree[2].children.map((n) => n.step.id)).toEqual(['kunjungan-rumah']);
    const edges = diagramGraph(wf).edges;
    expect(edges.find((e) => e.from === 'kunjungan-rumah' && e.to === 'rencana-respon')?.back).toBeUndefined();
    expect(edges.find((e) => e.from === 'proses-laporan' && e.to === 'kunjungan-rumah')?.back).toBeUndefined();
    expect(edges.find((e) => e.from === 'verifikasi-sekretaris' && e.to === 'respon-kepala-uptd')?.back).toBe(true);
  });
});
