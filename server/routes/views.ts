/** Turns the engine's projection of a case (engine/view.ts) into what the templates show: labels, dates, names. */
import { valueLabel } from '../../engine/explain.ts';
import { roleTitles, stepOf } from '../../engine/tasks.ts';
import { timeZoneOf } from '../../engine/time.ts';
import type { Field, HistoryEntry, Workflow } from '../../engine/types.ts';
import { HIDDEN } from '../../engine/access.ts';
import type { CaseView } from '../../engine/view.ts';
import type { Case } from '../../engine/types.ts';
import type { DataGroup } from '../../templates/case-data.tsx';
import { formatDate, formatDateTime, formatLocalDateTime } from '../../templates/format.ts';
import type { TimelineEntry } from '../../templates/timeline.tsx';

export { timeZoneOf };

/** A stored value as the reader expects it: option labels, Indonesian dates, "Ya"/"Tidak"; masked stays masked. */
export function valueText(field: Field | undefined, value: unknown, timeZone: string): string {
  if (value === HIDDEN) return HIDDEN;
  if (typeof value === 'string' && field?.type === 'date') return formatDate(value, timeZone);
  if (typeof value === 'string' && field?.type === 'datetime') return formatLocalDateTime(value, timeZone);
  return valueLabel(field, value);
}

/** The case's data by the step that recorded it, in the order recorded, as the projection masked it. */
export function dataGroups(view: CaseView, name: (username: string) => string): DataGroup[] {
  const wf = view.definition;
  const tz = timeZoneOf(wf);
  return view.records.map((r) => ({
    stepNumber: r.number,
    stepTitle: r.title,
    actor: name(r.actor),
    roleTitle: wf.roles[r.role] ?? r.role,
    at: r.at,
    items: r.values.map((v) => ({ label: v.field?.label ?? v.name, text: valueText(v.field, v.value, tz), masked: v.masked, long: v.field?.type === 'textarea' })),
  }));
}

function stepName(wf: Workflow, id: string): string {
  const s = stepOf(wf, id);
  return s ? `langkah ${s.number} "${s.title}"` : `langkah ${id}`;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** One readable line per history entry; guard entries carry the reason of every branch tried. */
export function timeline(wf: Workflow, c: Pick<Case, 'history'>, name: (username: string) => string): TimelineEntry[] {
  const tz = timeZoneOf(wf);
  // The intake form's completion is told by the "started" line (same person, same instant).
  const started = c.history.find((e) => e.type === 'started');
  const intake = c.history.find((e) => e.type === 'completed' && e.step === wf.start && e.at === started?.at);
  const describe = (e: HistoryEntry): TimelineEntry => {
    switch (e.type) {
      case 'started': {
        const role = intake?.type === 'completed' ? ` (${wf.roles[intake.role] ?? intake.role})` : '';
        return { at: e.at, kind: e.type, text: `Laporan diterima dan dicatat oleh ${name(e.actor)}${role}.` };
      }
      case 'completed':
        return { at: e.at, kind: e.type, text: `${capitalize(stepName(wf, e.step))} diselesaikan oleh ${name(e.actor)} (${wf.roles[e.role] ?? e.role}).` };
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
        return { at: e.at, kind: e.type, text: `Tenggat terpenuhi: ${e.label}${e.actor ? `, dicatat oleh ${name(e.actor)}` : ''}.` };
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
        return { at: e.at, kind: e.type, text: to ? `Diteruskan ke langkah ${to.number} "${to.title}" (${roleTitles(wf, to)}).` : `Diteruskan ke ${e.to}.` };
      }
      case 'closed':
        return { at: e.at, kind: e.type, text: `Kasus selesai: ${e.label}.` };
    }
  };
  return c.history.filter((e) => e !== intake).map(describe);
}
