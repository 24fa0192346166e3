/**
 * What a draft leaves inconsistent, for the administrator to check before publishing: open cases waiting at a
 * step that is removed or changed, texts that still name the official or step number a step had before,
 * requirements missing from the intake's checklist, a completion text that says another time than it counts.
 */
import { describeDuration, parseDuration } from '../time.ts';
import type { Step, StepNumber, Workflow } from '../types.ts';
import { checklistOf } from './checklist.ts';
import { pairSteps } from './match.ts';

export interface ChangeWarning {
  kind: 'open-cases' | 'stale-text' | 'checklist' | 'completion-text';
  subject: string;
  /** One Indonesian sentence. */
  text: string;
  /** The quoted words that are out of step, when a text is. */
  quote?: string;
  /** A one-click mend the editor offers: an action value (`ganti:…`, `ceklis:…`) and its button's words. */
  fix?: { action: string; label: string };
}

/** Open tasks of a service at one step of one version. */
export interface OpenAt {
  version: number;
  step: string;
  count: number;
}

const roleIds = (s: Step) => (Array.isArray(s.role) ? s.role : [s.role]);
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const mentions = (text: string, name: string) => new RegExp(`(^|[^\\p{L}])${escape(name)}(?=$|[^\\p{L}])`, 'iu').test(text);

/** The words around `name` in `text`, for the warning to quote. */
function excerpt(text: string, name: string): string {
  const at = text.toLowerCase().indexOf(name.toLowerCase());
  // Whole words only: from the first word starting 50 characters before, to the last ending 30 after.
  let from = Math.max(0, at - 50);
  if (from > 0) from = text.indexOf(' ', from) + 1 || from;
  let to = Math.min(text.length, at + name.length + 30);
  if (to < text.length) to = Math.max(at + name.length, text.lastIndexOf(' ', to));
  return `${from > 0 ? '…' : ''}${text.slice(from, to).trim()}${to < text.length ? '…' : ''}`;
}

/** A text of the service that may name another step's official: where it is, in words and as an editor address. */
interface PlacedText {
  text: string;
  where: string;
  address: string;
  /** Number of the step the text belongs to. */
  step: StepNumber;
}

/** The texts that speak of step `target`: its own, and those of the steps that lead to it (descriptions, branch labels, choices). */
function textsAbout(wf: Workflow, target: Step): PlacedText[] {
  const out: PlacedText[] = [];
  const own = (s: Step, about: string) => {
    out.push({ text: s.title, where: `judul langkah ${s.number}${about}`, address: `steps/${s.id}/title`, step: s.number });
    if (s.description) out.push({ text: s.description, where: `uraian langkah ${s.number}${about}`, address: `steps/${s.id}/description`, step: s.number });
  };
  own(target, '');
  for (const s of wf.steps) {
    if (s === target) continue;
    const next = typeof s.next === 'string' ? [{ to: s.next }] : (s.next ?? []);
    if (!next.some((b) => b.to === target.id)) continue;
    own(s, '');
    next.forEach((b, i) => {
      if (b.to === target.id && b.label) out.push({ text: b.label, where: `keterangan cabang langkah ${s.number} ke langkah ${target.number}`, address: `steps/${s.id}/next/${i}/label`, step: s.number });
    });
    for (const f of s.fields ?? []) {
      out.push({ text: f.label, where: `isian "${f.label}" langkah ${s.number}`, address: `steps/${s.id}/fields/${f.name}/label`, step: s.number });
      (f.options ?? []).forEach((o, k) => out.push({ text: o.label, where: `pilihan "${o.label}" langkah ${s.number}`, address: `steps/${s.id}/fields/${f.name}/options/${k}/label`, step: s.number }));
    }
  }
  return out;
}

/** Texts naming the official a step no longer has: "diteruskan ke Kepala Dinas" after step 7 moved to the Sekretaris. */
function staleRoleTexts(before: Workflow, after: Workflow): ChangeWarning[] {
  const out: ChangeWarning[] = [];
  const seen = new Set<string>();
  for (const { before: o, after: s } of pairSteps(before, after).pairs) {
    const now = roleIds(s);
    const gone = roleIds(o).filter((r) => !now.includes(r));
    if (!gone.length) continue;
    const nowTitles = now.map((r) => after.roles[r] ?? r).join(' atau ');
    for (const role of gone) {
      const title = before.roles[role] ?? role;
      for (const t of textsAbout(after, s)) {
        if (!mentions(t.text, title) || seen.has(`${t.address}|${title}`)) continue;
        seen.add(`${t.address}|${title}`);
        out.push({
          kind: 'stale-text',
          subject: `Langkah ${t.step}`,
          text: `${t.where[0]!.toUpperCase()}${t.where.slice(1)} masih menyebut ${title}, padahal langkah ${s.number} "${s.title}" kini dikerjakan ${nowTitles}.`,
          quote: excerpt(t.text, title),
          fix: now.length === 1 ? { action: `ganti:${t.address}:${role}:${now[0]}`, label: `Ganti "${title}" dengan "${nowTitles}"` } : undefined,
        });
      }
    }
  }
  return out;
}

/** Texts naming "langkah N" when step N is now another step (or none). */
function staleNumberTexts(before: Workflow, after: Workflow): ChangeWarning[] {
  const out: ChangeWarning[] = [];
  const beforeBy = new Map(before.steps.map((s) => [String(s.number), s.id]));
  const afterBy = new Map(after.steps.map((s) => [String(s.number), s]));
  const idOf = new Map(pairSteps(before, after).pairs.map((p) => [p.before.id, p.after.id]));
  const texts: PlacedText[] = after.steps.flatMap((s) => [
    ...(s.description ? [{ text: s.description, where: `uraian langkah ${s.number}`, address: `steps/${s.id}/description`, step: s.number }] : []),
    ...(Array.isArray(s.next) ? s.next : []).flatMap((b, i) => (b.label ? [{ text: b.label, where: `keterangan cabang langkah ${s.number}`, address: `steps/${s.id}/next/${i}/label`, step: s.number }] : [])),
  ]);
  for (const t of texts) {
    for (const m of t.text.matchAll(/\blangkah\s+(\d+)/gi)) {
      const was = beforeBy.get(m[1]!);
      if (!was) continue;
      const now = afterBy.get(m[1]!);
      if (now && now.id === (idOf.get(was) ?? was)) continue;
      const moved = after.steps.find((x) => x.id === (idOf.get(was) ?? was));
      out.push({
        kind: 'stale-text',
        subject: `Langkah ${t.step}`,
        text: `${t.where[0]!.toUpperCase()}${t.where.slice(1)} menyebut langkah ${m[1]}, yang ${moved ? `kini bernomor ${moved.number}` : 'dihapus dalam rancangan ini'}.`,
        quote: excerpt(t.text, m[0]),
      });
    }
  }
  return out;
}

function checklistWarnings(after: Workflow): ChangeWarning[] {
  const c = checklistOf(after);
  if (!c) return [];
  const out: ChangeWarning[] = [];
  for (const r of after.requirements) {
    const option = c.field.options!.find((o) => o.value === r.id);
    if (c.missing.includes(r)) {
      out.push({
        kind: 'checklist',
        subject: 'Persyaratan',
        text: `Persyaratan "${r.text}" belum ada di daftar "${c.field.label}" pada langkah ${c.step.number}, jadi petugas tidak dapat mencatat dokumen itu diterima.`,
        fix: { action: `ceklis:${r.id}`, label: 'Tambahkan ke daftar' },
      });
    } else if (option && option.label !== r.text) {
      out.push({ kind: 'checklist', subject: 'Persyaratan', text: `Daftar "${c.field.label}" pada langkah ${c.step.number} menamai persyaratan "${r.text}" sebagai "${option.label}".` });
    }
  }
  return out;
}

const UNIT_HOURS: Record<string, number> = { menit: 1 / 60, jam: 1, hari: 24, minggu: 168 };

/** The completion text names a time ("1 Hari") other than the one counted (P2D). */
function completionWarning(after: Workflow): ChangeWarning[] {
  const m = /(\d+)\s*(menit|jam|hari|minggu)/i.exec(after.completion.text);
  const d = parseDuration(after.completion.duration);
  if (!m || !d || d.years || d.months) return [];
  const said = Number(m[1]) * UNIT_HOURS[m[2]!.toLowerCase()]!;
  const counted = d.weeks * 168 + d.days * 24 + d.hours + d.minutes / 60 + d.seconds / 3600;
  if (Math.abs(said - counted) < 1e-9) return [];
  return [
    {
      kind: 'completion-text',
      subject: 'Waktu penyelesaian',
      text: `Waktu penyelesaian tertulis "${after.completion.text}" di standar pelayanan, tetapi tenggatnya dihitung ${describeDuration(after.completion.duration)}.`,
    },
  ];
}

/** Open cases waiting where the draft removes or changes a step (they keep running on their own version). */
function openCaseWarnings(after: Workflow, open: OpenAt[], versionOf: (v: number) => Workflow | undefined): ChangeWarning[] {
  const groups = new Map<string, { step: Step; removed: boolean; byVersion: Map<number, number> }>();
  for (const o of open) {
    if (!o.count) continue;
    const wf = versionOf(o.version);
    const step = wf?.steps.find((s) => s.id === o.step);
    if (!wf || !step) continue;
    const pair = pairSteps(wf, after).pairs.find((p) => p.before === step);
    const now = pair?.after;
    const changed = !now || JSON.stringify({ ...step, number: 0, title: '', description: '' }) !== JSON.stringify({ ...now, number: 0, title: '', description: '' });
    if (!changed) continue;
    const key = `${step.id}|${now ? 'ubah' : 'hapus'}`;
    const g = groups.get(key) ?? { step: now ?? step, removed: !now, byVersion: new Map() };
    g.byVersion.set(o.version, (g.byVersion.get(o.version) ?? 0) + o.count);
    groups.set(key, g);
  }
  return [...groups.values()].map((g) => {
    const total = [...g.byVersion.values()].reduce((a, b) => a + b, 0);
    const versions = [...g.byVersion].sort(([a], [b]) => a - b).map(([v, n]) => `versi ${v}: ${n}`).join(', ');
    return {
      kind: 'open-cases' as const,
      subject: `Langkah ${g.step.number}`,
      text: `${total} kasus terbuka menunggu di langkah ${g.step.number} "${g.step.title}", yang ${g.removed ? 'dihapus' : 'diubah'} rancangan ini (${versions}). Kasus itu tetap diselesaikan menurut versinya sendiri.`,
    };
  });
}

/** Everything the administrator should look at before publishing `after` in place of `before`. */
export function changeWarnings(before: Workflow, after: Workflow, open: OpenAt[] = [], versionOf: (v: number) => Workflow | undefined = (v) => (v === before.version ? before : undefined)): ChangeWarning[] {
  return [...openCaseWarnings(after, open, versionOf), ...staleRoleTexts(before, after), ...staleNumberTexts(before, after), ...checklistWarnings(after), ...completionWarning(after)];
}
