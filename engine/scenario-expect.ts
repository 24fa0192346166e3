/** What a scenario expects of the case at its end, compared: one message per expectation that does not hold. */
import { outcomeOf, type DeadlineOutcome } from './deadlines.ts';
import type { ScenarioExpectation } from './scenario.ts';
import { tasksOf } from './tasks.ts';
import type { Case } from './types.ts';

const OUTCOME_WORDS: Record<DeadlineOutcome, string> = { running: 'masih berjalan', met: 'terpenuhi', superseded: 'digantikan', ended: 'berakhir tanpa dipenuhi' };

/** `path`: the steps completed, in order. */
export function expectationProblems(c: Case, path: string[], e: ScenarioExpectation): string[] {
  const failures: string[] = [];
  if (e.path && JSON.stringify(e.path) !== JSON.stringify(path)) failures.push(`jalur: ${path.join(' → ')}; seharusnya ${e.path.join(' → ')}`);
  if (e.status && e.status !== c.status) failures.push(`status: ${c.status}; seharusnya ${e.status}`);
  if (e.outcome && e.outcome !== c.outcome) failures.push(`hasil: ${c.outcome ?? '(belum ada)'}; seharusnya ${e.outcome}`);
  if (e.current && e.current !== c.current) failures.push(`langkah sekarang: ${c.current ?? '(selesai)'}; seharusnya ${e.current}`);
  for (const [id, due] of Object.entries(e.deadlines ?? {})) {
    const found = c.deadlines.filter((d) => d.id === id).at(-1);
    if (!found) failures.push(`tenggat ${id} tidak berjalan; seharusnya jatuh tempo ${due}`);
    else if (new Date(found.due).getTime() !== new Date(due).getTime()) failures.push(`tenggat ${id} jatuh tempo ${found.due}; seharusnya ${new Date(due).toISOString()}`);
  }
  for (const [id, outcome] of Object.entries(e.deadlineOutcomes ?? {})) {
    const found = c.deadlines.filter((d) => d.id === id).at(-1);
    const actual = found ? outcomeOf(c, found) : undefined;
    if (actual !== outcome) failures.push(`tenggat ${id}: ${actual ? OUTCOME_WORDS[actual] : 'tidak berjalan'}; seharusnya ${OUTCOME_WORDS[outcome] ?? outcome}`);
  }
  if (e.tasks) {
    const open = tasksOf(c).map((t) => t.step).sort();
    if (JSON.stringify(open) !== JSON.stringify([...e.tasks].sort())) {
      failures.push(`tugas terbuka: ${open.join(', ') || '(tidak ada)'}; seharusnya ${e.tasks.join(', ') || '(tidak ada)'}`);
    }
  }
  for (const [name, value] of Object.entries(e.data ?? {})) {
    if (JSON.stringify(c.data[name]) !== JSON.stringify(value)) failures.push(`isian ${name}: ${JSON.stringify(c.data[name]) ?? '(kosong)'}; seharusnya ${JSON.stringify(value)}`);
  }
  if (e.priority !== undefined && (c.priority?.label ?? '') !== e.priority) {
    failures.push(`prioritas: ${c.priority?.label ?? '(tidak ada)'}; seharusnya ${e.priority || '(tidak ada)'}`);
  }
  const reasons = c.history.flatMap((h) => (h.type === 'guard' ? [h.chosen.reason] : []));
  (e.reasons ?? []).forEach((words, i) => {
    if (!reasons[i]?.includes(words)) failures.push(`alasan cabang ke-${i + 1}: "${reasons[i] ?? '(tidak ada)'}" tidak memuat "${words}"`);
  });
  for (const [stepId, username] of Object.entries(e.assignees ?? {})) {
    const task = tasksOf(c).find((t) => t.step === stepId);
    const actual = task?.assignee ?? '';
    if (actual !== username) failures.push(`tugas ${stepId}: ${actual ? `dipegang ${actual}` : task ? 'tidak dipegang siapa pun' : 'tidak terbuka'}; seharusnya ${username ? `dipegang ${username}` : 'tidak dipegang siapa pun'}`);
  }
  for (const [stepId, username] of Object.entries(e.completedBy ?? {})) {
    const done = c.history.filter((h) => h.type === 'completed' && h.step === stepId).at(-1);
    const who = done?.type === 'completed' ? `${done.actor}${done.onBehalfOf ? ` atas nama ${done.onBehalfOf}` : ''}` : '(belum dikerjakan)';
    if (who !== username) failures.push(`langkah ${stepId} dikerjakan oleh ${who}; seharusnya ${username}`);
  }
  return failures;
}
