/** Turns the engine's projection of a case (engine/view.ts) into what the templates show: labels, dates, names. */
import { valueLabel } from '../../engine/explain.ts';
import { actingTitle } from '../../engine/assignment.ts';
import { roleTitles, stepOf, tasksOf } from '../../engine/tasks.ts';
import { describeSpan, timeZoneOf } from '../../engine/time.ts';
import type { Field, HistoryEntry, Workflow } from '../../engine/types.ts';
import { HIDDEN } from '../../engine/access.ts';
import { attachmentIds, sizeText, type Attachment } from '../../engine/attachments.ts';
import type { CaseView, Returned, ShownAttachment, ShownValue } from '../../engine/view.ts';
import type { Case } from '../../engine/types.ts';
import type { DataGroup, DataItem } from '../../templates/case-data.tsx';
import { formatDate, formatDateTime, formatLocalDateTime } from '../../templates/format.ts';
import type { ReturnedView } from '../../templates/task.tsx';
import type { TimelineEntry } from '../../templates/timeline.tsx';

export { timeZoneOf };

/** A stored value as the reader expects it: option labels, Indonesian dates, "Ya"/"Tidak"; masked stays masked. */
export function valueText(field: Field | undefined, value: unknown, timeZone: string): string {
  if (value === HIDDEN) return HIDDEN;
  if (typeof value === 'string' && field?.type === 'date') return formatDate(value, timeZone);
  if (typeof value === 'string' && field?.type === 'datetime') return formatLocalDateTime(value, timeZone);
  // A file field's ids are no reading: how many files (the pages that may show them link each by name).
  if (field?.type === 'file' && attachmentIds(value).length) return `${attachmentIds(value).length} berkas`;
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
    items: shownItems(r.values, tz, filesOf(view.attachments)),
  }));
}

/** The case's files the viewer may see, by id (a masked copy has no id: its field's value is masked too). */
export function filesOf(attachments: readonly ShownAttachment[]): ReadonlyMap<string, Attachment> {
  return new Map(attachments.flatMap((a) => (a.id && a.file ? [[a.id, a.file] as const] : [])));
}

/** Values of the projection as label and text, in the order given; a file field's ids as its files' names and links. */
export function shownItems(values: ShownValue[], tz: string, files: ReadonlyMap<string, Attachment> = new Map()): DataItem[] {
  return values.map((v) => {
    if (v.field?.type === 'group') return groupItem(v.field, v.value, tz);
    const item: DataItem = { label: v.field?.label ?? v.name, text: valueText(v.field, v.value, tz), masked: v.masked, long: v.field?.type === 'textarea' };
    return v.field?.type === 'file' && !v.masked ? fileItem(item, v.value, files) : item;
  });
}

/**
 * A file field's value: each attachment id as the file's name with its download. An id the case does not hold
 * (gone, or not the viewer's to see) is never printed: the count says what is missing. A value that is no id at
 * all (a paper file's reference, typed before uploads existed) stays as it was written.
 */
function fileItem(item: DataItem, value: unknown, files: ReadonlyMap<string, Attachment>): DataItem {
  const ids = attachmentIds(value);
  if (!ids.length) return item;
  const found = ids.flatMap((id) => {
    const f = files.get(id);
    return f?.caseId ? [{ name: f.name, size: sizeText(f.size), href: `/kasus/${f.caseId}/lampiran/${f.id}` }] : [];
  });
  const missing = ids.length - found.length;
  const text = missing ? `${missing} berkas tidak tersedia` : '';
  return found.length ? { ...item, text, files: found } : { ...item, text };
}

/** Who sent the case back to a task, with the names and role titles a reader knows. */
export function returnedView(wf: Workflow, r: Returned | undefined, name: (username: string) => string, files?: ReadonlyMap<string, Attachment>): ReturnedView | undefined {
  if (!r) return undefined;
  return { number: r.number, title: r.title, actor: name(r.actor), roleTitle: wf.roles[r.role] ?? r.role, at: r.at, reason: r.reason, items: shownItems(r.values, timeZoneOf(wf), files) };
}

/** A repeating group's rows as the case page lists them, each column masked as the projection masked it. */
function groupItem(field: Field, value: unknown, tz: string): DataItem {
  const rows = Array.isArray(value) ? (value as Array<Record<string, unknown>>) : [];
  return {
    label: field.label,
    text: `${rows.length} baris`,
    masked: false,
    rows: rows.map((row) =>
      (field.fields ?? []).filter((s) => s.name in row).map((s) => ({ label: s.label, text: valueText(s, row[s.name], tz), masked: row[s.name] === HIDDEN })),
    ),
  };
}

/**
 * "Langkah 4a (Mengkaji aspek hukum) sudah selesai dan menunggu cabang lain di langkah 5.": branches of open forks
 * that already reached their join, for a reader of the case page.
 */
export function waitingBranches(wf: Workflow, c: Case): string[] {
  if (c.status !== 'open') return [];
  const open = new Set(tasksOf(c).map((t) => t.branch).filter(Boolean));
  return c.history.flatMap((h) => {
    if (h.type !== 'joined') return [];
    const fork = c.history.find((f) => f.type === 'forked' && f.fork === h.fork);
    if (!fork || fork.type !== 'forked' || fork.wait !== 'all' || !fork.branches.some((b) => open.has(b))) return [];
    return [`${capitalize(stepName(wf, h.branch.slice(h.branch.indexOf(':') + 1)))} sudah selesai dan menunggu cabang lain di ${stepName(wf, h.step)}.`];
  });
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
        return {
          at: e.at,
          kind: e.type,
          text: e.onBehalfOf
            ? `${capitalize(stepName(wf, e.step))} diselesaikan oleh ${name(e.actor)}, ${actingTitle(e.acting ?? 'plh')} ${wf.roles[e.role] ?? e.role} atas nama ${name(e.onBehalfOf)}.`
            : `${capitalize(stepName(wf, e.step))} diselesaikan oleh ${name(e.actor)} (${wf.roles[e.role] ?? e.role}).`,
        };
      case 'assigned': {
        const by = `${name(e.actor)}${e.onBehalfOf ? ` (atas nama ${name(e.onBehalfOf)})` : ''}`;
        const text =
          e.kind === 'claim'
            ? `${capitalize(stepName(wf, e.step))} diambil oleh ${by}.`
            : e.kind === 'assign'
              ? `${capitalize(stepName(wf, e.step))} ditugaskan kepada ${name(e.to ?? '')}${e.from ? ` (sebelumnya ${name(e.from)})` : ''} oleh ${by}.`
              : `${capitalize(stepName(wf, e.step))} dilepas dari ${name(e.from ?? '')} oleh ${by}; dapat diambil lagi oleh perannya.`;
        return { at: e.at, kind: e.type, text };
      }
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
      case 'migrated': {
        const where = e.tasks.map((t) => stepName(wf, t.to)).join(', ');
        const missing = e.missing?.length ? ` Belum diisi menurut versi baru: ${e.missing.join(', ')}.` : '';
        return {
          at: e.at,
          kind: e.type,
          text: `Dipindahkan oleh ${name(e.actor)} dari versi ${e.fromVersion} ke versi ${e.toVersion} (SK ${e.decree}); kasus kini menunggu di ${where}.${e.reason ? ` Alasan: ${e.reason}.` : ''}${missing}`,
        };
      }
      case 'forked':
        return {
          at: e.at,
          kind: e.type,
          text: `Dikerjakan bersamaan: ${e.branches.map((b) => stepName(wf, b.slice(b.indexOf(':') + 1))).join(', ')}; bertemu lagi di ${stepName(wf, e.join)} (${e.wait === 'any' ? 'yang pertama selesai' : 'menunggu semua selesai'}).`,
        };
      case 'joined':
        return { at: e.at, kind: e.type, text: `Cabang ${stepName(wf, e.branch.slice(e.branch.indexOf(':') + 1))} sampai di ${stepName(wf, e.step)}.` };
      case 'paused':
        return { at: e.at, kind: e.type, text: `Waktu penyelesaian dihentikan sementara selama ${stepName(wf, e.step)} menunggu.` };
      case 'resumed':
        return {
          at: e.at,
          kind: e.type,
          text: `Waktu penyelesaian berjalan lagi setelah dihentikan ${describeSpan(e.pausedMs)}; batasnya sekarang ${formatDateTime(e.due, tz)}.`,
        };
      case 'withdrawn':
        return { at: e.at, kind: e.type, text: `${capitalize(stepName(wf, e.step))} tidak perlu dikerjakan lagi: ${e.reason}.` };
    }
  };
  return c.history.filter((e) => e !== intake).map(describe);
}

/** The reminders, overdue notices and escalations sent for a case, as timeline lines (merged by time). */
export function noticeTimeline(wf: Workflow, docs: ReadonlyArray<{ at: string; data: Record<string, unknown> }>, name: (username: string) => string): TimelineEntry[] {
  const tz = timeZoneOf(wf);
  return docs.map((d) => {
    const roles = (Array.isArray(d.data.roles) ? d.data.roles : []).map((r) => wf.roles[String(r)] ?? String(r));
    const people = (Array.isArray(d.data.usernames) ? d.data.usernames : []).map((u) => name(String(u)));
    const who = [...roles, ...people].join(', ') || 'tidak ada akun';
    const count = typeof d.data.accounts === 'number' ? ` (${d.data.accounts} akun)` : '';
    const step = stepName(wf, String(d.data.step ?? ''));
    const due = typeof d.data.due === 'string' ? formatDateTime(d.data.due, tz) : '';
    const text =
      d.data.kind === 'reminder'
        ? `Pengingat dikirim kepada ${who}${count}: ${step} berbatas waktu ${due}.`
        : d.data.kind === 'overdue'
          ? `Pemberitahuan batas terlewat dikirim kepada ${who}${count}: ${step} melewati batas ${due}.`
          : `Eskalasi dikirim kepada ${who}${count}: ${step} melewati batas ${due}.`;
    return { at: d.at, kind: 'notice' as const, text };
  });
}

/** Two timelines as one, in time order (a stable merge: equal times keep the case's own entries first). */
export function mergeTimeline(a: TimelineEntry[], b: TimelineEntry[]): TimelineEntry[] {
  return [...a.map((e, i) => ({ e, i, o: 0 })), ...b.map((e, i) => ({ e, i, o: 1 }))]
    .sort((x, y) => (x.e.at < y.e.at ? -1 : x.e.at > y.e.at ? 1 : x.o - y.o || x.i - y.i))
    .map((x) => x.e);
}
