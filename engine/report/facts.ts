/**
 * The figures a report needs of one case, computed when the case is saved and kept in its summary: the category of
 * each declared dimension (never a raw value of a sensitive field) and the time spent at each step. Pure and cheap:
 * one pass over the history.
 */
import { COMPLETION } from '../deadlines.ts';
import { fieldIndex } from '../explain.ts';
import type { Case, Workflow } from '../types.ts';
import { categorize } from './dimensions.ts';
import type { ReportFacts } from './types.ts';

/** Step id → milliseconds spent there in completed visits: from arriving at a step to completing it. */
export function stepTimes(c: Pick<Case, 'history'>): Record<string, number> {
  const arrived = new Map<string, number>();
  const spent: Record<string, number> = {};
  for (const h of c.history) {
    if (h.type === 'started') arrived.set(h.step, Date.parse(h.at));
    else if (h.type === 'moved') arrived.set(h.to, Date.parse(h.at));
    else if (h.type === 'completed') {
      const from = arrived.get(h.step);
      if (from === undefined) continue;
      spent[h.step] = (spent[h.step] ?? 0) + Math.max(0, Date.parse(h.at) - from);
      arrived.delete(h.step);
    }
  }
  return spent;
}

export function reportFacts(wf: Workflow, c: Case): ReportFacts {
  // An anonymised case keeps the figures it had: the categories came from values that are gone now.
  if (c.anonymised?.facts) return c.anonymised.facts;
  const dims: Record<string, string[]> = {};
  const declared = wf.reports?.dimensions ?? [];
  const fields = declared.length ? fieldIndex(wf) : undefined;
  for (const d of declared) dims[d.id] = categorize(wf, d, c.data, c.createdAt, fields);
  const due = c.deadlines.find((d) => d.id === COMPLETION)?.due;
  return { dims, steps: stepTimes(c), ...(due ? { due } : {}) };
}
