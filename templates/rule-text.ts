/** The SOP's rules in a reader's words, shared by the public standard and the diagram's text version. */
import { describeCondition, fieldIndex } from '../engine/explain.ts';
import { describeDuration } from '../engine/time.ts';
import type { Branch, DeadlineRule, Step, Workflow } from '../engine/types.ts';

const roleNames = (wf: Workflow, roles: string | string[]): string =>
  (Array.isArray(roles) ? roles : [roles]).map((r) => wf.roles[r] ?? r).join(' atau ');

/** "2 hari kerja", "72 jam". */
export function lengthText(rule: Pick<DeadlineRule, 'duration' | 'calendar'>): string {
  return `${describeDuration(rule.duration)}${rule.calendar === 'working' ? ' kerja' : ''}`;
}

/**
 * One deadline of a step as a sentence: how long, from when, what meets it and who records it, and whether the
 * case goes on meanwhile or the clock outlives the case. `compact` leaves out who records it (the diagram).
 */
export function deadlineText(wf: Workflow, step: Step, rule: DeadlineRule, compact = false): string {
  const when = rule.when ? `, bila ${describeCondition(rule.when, fieldIndex(wf), compact)}` : '';
  if (rule.starts === 'opened') {
    const early = rule.metLabel ? ` atau lebih awal dengan "${rule.metLabel}"` : '';
    return `${rule.label}: paling lama ${lengthText(rule)} sejak langkah ini mulai${when}; terpenuhi ketika langkah ini diselesaikan${early}`;
  }
  const parts = [`${rule.label}: dalam ${lengthText(rule)} sesudah langkah ini selesai${when}`];
  if (!compact) parts.push(`dicatat terpenuhi oleh ${roleNames(wf, rule.metBy ?? step.role)}`);
  parts.push(rule.blocking ? 'layanan menunggu sampai tenggat ini terpenuhi' : 'layanan tetap diproses');
  if (!rule.endsWithCase) parts.push('tetap berlaku sesudah layanan selesai');
  return parts.join('; ');
}

/** A fork in words: "langkah 4a (Kajian A) dan langkah 4b (Kajian B) dikerjakan bersamaan, lalu langkah 5 setelah semuanya selesai". */
export function forkText(wf: Workflow, branch: Pick<Branch, 'parallel' | 'join' | 'wait'>): string {
  const name = (id: string) => {
    const s = wf.steps.find((x) => x.id === id);
    return s ? `langkah ${s.number} (${s.title}, oleh ${roleNames(wf, s.role)})` : id;
  };
  const join = wf.steps.find((x) => x.id === branch.join);
  const then = join ? `langkah ${join.number} (${join.title})` : (branch.join ?? '');
  return `${(branch.parallel ?? []).map(name).join(' dan ')} dikerjakan bersamaan, lalu ${then} ${branch.wait === 'any' ? 'setelah salah satunya selesai (yang lain tidak perlu diselesaikan)' : 'setelah semuanya selesai'}`;
}
