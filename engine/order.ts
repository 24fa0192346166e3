/**
 * Step numbers as the decree writes them (1, 3a, 3.1): their order, and which step a numbered sub-step
 * ("3.1", "3.2") belongs to. The number is shown; the id names; the order comes from the numbers.
 */
import type { Step, Workflow } from './types.ts';

/** "3.1a" → [[3, 'a'] parts]: each dotted part as its number and letters. */
function parts(n: number | string): Array<[number, string]> {
  return String(n)
    .split('.')
    .map((p) => {
      const m = /^(\d+)([a-z]*)$/.exec(p);
      return m ? [Number(m[1]), m[2]] : [Number.MAX_SAFE_INTEGER, p];
    });
}

/**
 * Orders two step numbers as a reader of the decree does: 3 < 3.1 < 3.2 < 3a < 4 < 10 (a sub-step follows its
 * step; a lettered step follows the step and its sub-steps).
 */
export function compareStepNumbers(a: number | string, b: number | string): number {
  const pa = parts(a);
  const pb = parts(b);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i];
    const y = pb[i];
    if (!x) return -1;
    if (!y) return 1;
    if (x[0] !== y[0]) return x[0] - y[0];
    if (x[1] !== y[1]) return x[1] < y[1] ? -1 : 1; // '' (3, 3.1) before 'a' (3a)
  }
  return 0;
}

/** The steps in the order of their numbers (a definition's list may be written in any order). */
export function stepsInOrder(wf: Pick<Workflow, 'steps'>): Step[] {
  return [...wf.steps].sort((a, b) => compareStepNumbers(a.number, b.number));
}

/** "3.1" → "3", "3.1.2" → "3.1"; undefined for a step that is no sub-step (1, 3a). */
export function parentNumber(n: number | string): string | undefined {
  const s = String(n);
  const dot = s.lastIndexOf('.');
  return dot > 0 ? s.slice(0, dot) : undefined;
}

/** The step a sub-step belongs to ("3.1" inside step 3), if any. */
export function parentStep(wf: Pick<Workflow, 'steps'>, step: Step): Step | undefined {
  const parent = parentNumber(step.number);
  return parent === undefined ? undefined : wf.steps.find((s) => String(s.number) === parent);
}

/** Steps with their sub-steps nested, each level in order: the procedure as the decree lists it. */
export interface StepTree {
  step: Step;
  children: StepTree[];
}

export function stepTree(wf: Pick<Workflow, 'steps'>): StepTree[] {
  const nodes = new Map<string, StepTree>();
  const ordered = stepsInOrder(wf);
  for (const s of ordered) nodes.set(String(s.number), { step: s, children: [] });
  const roots: StepTree[] = [];
  for (const s of ordered) {
    const parent = parentNumber(s.number);
    const holder = parent === undefined ? undefined : nodes.get(parent);
    (holder ? holder.children : roots).push(nodes.get(String(s.number))!);
  }
  return roots;
}
