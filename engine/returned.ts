/**
 * A task sent back: when an open task opens a step the case already went through (the Sekretaris returns a
 * response to the Kepala UPTD PPA), the completion that sent it back and the branch reason that chose it. Pure;
 * the case page, the task page (engine/view.ts, with the values masked for the viewer) and the work list's card
 * (engine/summary.ts, who and from which step) all ask this.
 */
import { stepOf } from './tasks.ts';
import type { Case, HistoryEntry, Step, Task, Workflow } from './types.ts';

export interface SentBack {
  /** The step that sent the case back, and its completion. */
  from: Step;
  completed: Extract<HistoryEntry, { type: 'completed' }>;
  /** The branch that chose to send it back, when one decided it. */
  guard?: Extract<HistoryEntry, { type: 'guard' }>;
}

export function sentBack(definition: Workflow, c: Pick<Case, 'history'>, t: Pick<Task, 'step' | 'id'>): SentBack | undefined {
  const h = c.history;
  let at = -1;
  for (let i = h.length - 1; i >= 0; i--) {
    const e = h[i]!;
    if (e.type === 'moved' && e.to === t.step && (e.task === undefined || t.id === undefined || e.task === t.id)) {
      at = i;
      break;
    }
  }
  if (at < 0) return undefined;
  const moved = h[at] as Extract<HistoryEntry, { type: 'moved' }>;
  if (!h.slice(0, at).some((e) => e.type === 'completed' && e.step === t.step)) return undefined;
  let completed: SentBack['completed'] | undefined;
  let guard: SentBack['guard'] | undefined;
  for (let i = at - 1; i >= 0 && !completed; i--) {
    const e = h[i]!;
    if (e.type === 'guard' && e.step === moved.from && !guard) guard = e;
    if (e.type === 'completed' && e.step === moved.from) completed = e;
  }
  const from = stepOf(definition, moved.from);
  if (!completed || !from) return undefined;
  return { from, completed, ...(guard ? { guard } : {}) };
}
