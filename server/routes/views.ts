/** Turns a case and its definition into what the templates show, applying need-to-know masking on the way. */
import { canSeeSensitive, HIDDEN, isMasked, listSubject } from '../../engine/access.ts';
import { deadlineStatus, type DeadlineState } from '../../engine/deadlines.ts';
import { valueLabel } from '../../engine/explain.ts';
import { roleTitles, stepOf } from '../../engine/tasks.ts';
import type { Case, Field, HistoryEntry, Workflow } from '../../engine/types.ts';
import type { DataGroup, DataItem } from '../../templates/case-data.tsx';
import { formatDate, formatDateTime, formatLocalDateTime } from '../../templates/format.ts';
import type { TimelineEntry } from '../../templates/timeline.tsx';
import type { AppDeps } from './env.ts';

import { timeZoneOf } from '../../engine/time.ts';

export { timeZoneOf };

/** A stored value as the reader expects it: option labels, Indonesian dates, "Ya"/"Tidak". */
export function valueText(field: Field | undefined, value: unknown, timeZone: string): string {
  if (typeof value === 'string' && field?.type === 'date') return formatDate(value, timeZone);
  if (typeof value === 'string' && field?.type === 'datetime') return formatLocalDateTime(value, timeZone);
  return valueLabel(field, value);
}

/** The display name of a username (the account's name, else the username itself). */
export function personName(deps: AppDeps, username: string): string {
  return deps.store.users.get(username)?.displayName || username;
}

/** The case's data by the step that recorded it, in the order recorded; sensitive values masked for `roles`. */
export function dataGroups(deps: AppDeps, wf: Workflow, c: Case, roles: string[]): DataGroup[] {
  const tz = timeZoneOf(wf);
  const groups: DataGroup[] = [];
  for (const e of c.history) {
    if (e.type !== 'completed') continue;
    const step = stepOf(wf, e.step);
    if (!step) continue;
    const items: DataItem[] = [];
    for (const f of step.fields ?? []) {
      if (!(f.name in e.data)) continue;
      const masked = isMasked(wf, f, roles);
      items.push({
        label: f.label,
        text: masked ? HIDDEN : valueText(f, e.data[f.name], tz),
        masked,
        long: f.type === 'textarea',
      });
    }
    groups.push({
      stepNumber: step.number,
      stepTitle: step.title,
      actor: personName(deps, e.actor),
      roleTitle: wf.roles[e.role] ?? e.role,
      at: e.at,
      items,
    });
  }
  return groups;
}

/** Whether some value shown to `roles` on this case is masked (to say so on the page). */
export function hasMaskedValues(wf: Workflow, c: Case, roles: string[]): boolean {
  if (canSeeSensitive(wf, roles)) return false;
  return c.history.some(
    (e) => e.type === 'completed' && (stepOf(wf, e.step)?.fields ?? []).some((f) => f.sensitive && f.name in e.data),
  );
}

function stepName(wf: Workflow, id: string): string {
  const s = stepOf(wf, id);
  return s ? `langkah ${s.number} "${s.title}"` : `langkah ${id}`;
}

/** One readable line per history entry; guard entries carry the reason of every branch tried. */
export function timeline(deps: AppDeps, wf: Workflow, c: Case): TimelineEntry[] {
  const tz = timeZoneOf(wf);
  // The intake form's completion is told by the "started" line (same person, same instant).
  const started = c.history.find((e) => e.type === 'started');
  const intake = c.history.find((e) => e.type === 'completed' && e.step === wf.start && e.at === started?.at);
  const describe = (e: HistoryEntry): TimelineEntry => {
    switch (e.type) {
      case 'started': {
        const role = intake?.type === 'completed' ? ` (${wf.roles[intake.role] ?? intake.role})` : '';
        return { at: e.at, kind: e.type, text: `Laporan diterima dan dicatat oleh ${personName(deps, e.actor)}${role}.` };
      }
      case 'completed':
        return {
          at: e.at,
          kind: e.type,
          text: `${capitalize(stepName(wf, e.step))} diselesaikan oleh ${personName(deps, e.actor)} (${wf.roles[e.role] ?? e.role}).`,
        };
      case 'guard':
        return {
          at: e.at,
          kind: e.type,
          text: `Langkah berikutnya ditentukan: ${e.chosen.reason}`,
          reasons:
            e.evaluations.length > 1
              ? e.evaluations.map((ev, i) => ({ text: ev.reason, chosen: i === e.evaluations.findIndex((x) => x.result) }))
              : undefined,
        };
      case 'deadline':
        return { at: e.at, kind: e.type, text: `Tenggat dimulai: ${e.label}, batas ${formatDateTime(e.due, tz)}.` };
      case 'deadline-met':
        return { at: e.at, kind: e.type, text: `Tenggat terpenuhi: ${e.label}${e.actor ? `, dicatat oleh ${personName(deps, e.actor)}` : ''}.` };
      case 'deadline-superseded':
        return { at: e.at, kind: e.type, text: `Tenggat digantikan: ${e.label} (${stepName(wf, e.step)} dikerjakan lagi, tenggatnya dimulai lagi).` };
      case 'deadline-ended':
        return {
          at: e.at,
          kind: e.type,
          text: `Tenggat berakhir tanpa dipenuhi: ${e.label} (${e.reason === 'case-closed' ? 'kasus selesai' : 'tugasnya ditarik'}).`,
        };
      case 'moved': {
        const to = stepOf(wf, e.to);
        return {
          at: e.at,
          kind: e.type,
          text: to ? `Diteruskan ke langkah ${to.number} "${to.title}" (${roleTitles(wf, to)}).` : `Diteruskan ke ${e.to}.`,
        };
      }
      case 'closed':
        return { at: e.at, kind: e.type, text: `Kasus selesai: ${e.label}.` };
    }
  };
  return c.history.filter((e) => e !== intake).map(describe);
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Deadlines still relevant at `now` (running ones first), with time left. */
export function deadlineRows(wf: Workflow, c: Case, now: Date): Array<DeadlineState & { stepTitle: string }> {
  return deadlineStatus(c, now)
    .map((d) => ({ ...d, stepTitle: stepOf(wf, d.step)?.title ?? d.step }));
}

/** The case's subject in a list: initials only. */
export function subjectOf(wf: Workflow, c: Case) {
  return listSubject(wf, c.data);
}
