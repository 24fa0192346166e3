/** What changes between two versions of a service, in an administrator's terms, beside the raw line diff. */
import { diffLines } from 'diff';
import { describeDuration } from './time.ts';
import type { Branch, DeadlineRule, Field, Step, Workflow } from './types.ts';

export interface Change {
  kind: 'added' | 'removed' | 'changed';
  /** What the change is about: "Langkah 3", "Persyaratan", "Waktu penyelesaian"… */
  subject: string;
  /** The change in one Indonesian sentence. */
  text: string;
}

const roles = (wf: Workflow, step: Step) => (Array.isArray(step.role) ? step.role : [step.role]).map((r) => wf.roles[r] ?? r).join(' atau ');
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const routeText = (wf: Workflow, step: Step): string => {
  if (step.end) return `selesai (${wf.outcomes.find((o) => o.id === step.end)?.label ?? step.end})`;
  const branches: Branch[] = typeof step.next === 'string' ? [{ to: step.next }] : step.next ?? [];
  return branches
    .map((b) => (b.end ? `selesai (${b.end})` : `langkah ${wf.steps.find((s) => s.id === b.to)?.number ?? b.to}`) + (b.when ? ' bila syarat terpenuhi' : ''))
    .join(', lalu ');
};
const deadlineText = (d: DeadlineRule) => `${describeDuration(d.duration)}${d.calendar === 'working' ? ' kerja' : ''}${d.blocking ? ', kasus menunggu' : ''}`;

/** The differences that matter to the office, from the old version to the new one. */
export function summarizeChanges(before: Workflow, after: Workflow): Change[] {
  const out: Change[] = [];
  const push = (kind: Change['kind'], subject: string, text: string) => out.push({ kind, subject, text });

  if (before.decree.number !== after.decree.number) push('changed', 'Dasar hukum', `Nomor SK berubah dari ${before.decree.number} menjadi ${after.decree.number}.`);
  if (before.title !== after.title) push('changed', 'Nama layanan', `Nama layanan berubah dari "${before.title}" menjadi "${after.title}".`);
  if (before.completion.duration !== after.completion.duration || before.completion.text !== after.completion.text || before.completion.calendar !== after.completion.calendar) {
    push('changed', 'Waktu penyelesaian', `Waktu penyelesaian berubah dari ${before.completion.text} (${before.completion.duration}) menjadi ${after.completion.text} (${after.completion.duration}${after.completion.calendar === 'working' ? ', hari kerja' : ''}).`);
  }
  if (before.fee !== after.fee) push('changed', 'Biaya', `Biaya berubah dari "${before.fee}" menjadi "${after.fee}".`);
  if (!same(before.products, after.products)) push('changed', 'Produk layanan', `Produk layanan menjadi: ${after.products.join(', ')}.`);
  if (!same(before.complaints, after.complaints)) push('changed', 'Pengaduan', 'Saluran pengaduan berubah.');
  if (!same(before.service, after.service)) push('changed', 'Kop instansi', 'Identitas kantor (nama, alamat, telepon atau situs) berubah.');
  if (!same(before.calendar, after.calendar)) push('changed', 'Kalender kantor', 'Hari kerja, jam kerja atau hari libur berubah.');
  if (!same(before.access, after.access)) push('changed', 'Hak akses', 'Peran yang boleh membaca kasus atau melihat data identitas berubah.');

  for (const r of after.requirements) {
    const old = before.requirements.find((x) => x.id === r.id);
    if (!old) push('added', 'Persyaratan', `Persyaratan baru: "${r.text}".`);
    else if (old.text !== r.text) push('changed', 'Persyaratan', `Persyaratan "${old.text}" menjadi "${r.text}".`);
  }
  for (const r of before.requirements) if (!after.requirements.some((x) => x.id === r.id)) push('removed', 'Persyaratan', `Persyaratan dihapus: "${r.text}".`);

  for (const [id, title] of Object.entries(after.roles)) {
    if (!(id in before.roles)) push('added', 'Peran', `Peran baru: ${title}.`);
    else if (before.roles[id] !== title) push('changed', 'Peran', `Peran ${before.roles[id]} kini bernama ${title}.`);
  }
  for (const [id, title] of Object.entries(before.roles)) if (!(id in after.roles)) push('removed', 'Peran', `Peran dihapus: ${title}.`);

  for (const s of after.steps) {
    const old = before.steps.find((x) => x.id === s.id);
    const subject = `Langkah ${s.number}`;
    if (!old) {
      push('added', subject, `Langkah baru ${s.number}: ${s.title}, oleh ${roles(after, s)}.`);
      continue;
    }
    if (old.number !== s.number) push('changed', subject, `"${s.title}" dipindah dari langkah ${old.number} ke langkah ${s.number}.`);
    if (old.title !== s.title) push('changed', subject, `Judul "${old.title}" menjadi "${s.title}".`);
    if (!same(old.role, s.role)) push('changed', subject, `${s.title}: dikerjakan oleh ${roles(after, s)}, sebelumnya ${roles(before, old)}.`);
    if (old.description !== s.description) push('changed', subject, `${s.title}: uraian langkah berubah.`);
    if (!same(old.next, s.next) || old.end !== s.end) push('changed', subject, `${s.title}: sesudahnya ${routeText(after, s)}; sebelumnya ${routeText(before, old)}.`);
    fieldChanges(old.fields ?? [], s.fields ?? [], (kind, text) => push(kind, subject, `${s.title}: ${text}`));
    for (const d of s.deadlines ?? []) {
      const o = old.deadlines?.find((x) => x.id === d.id);
      if (!o) push('added', subject, `${s.title}: tenggat baru "${d.label}" (${deadlineText(d)}).`);
      else if (!same(o, d)) push('changed', subject, `${s.title}: tenggat "${d.label}" menjadi ${deadlineText(d)}, sebelumnya ${deadlineText(o)}.`);
    }
    for (const o of old.deadlines ?? []) if (!s.deadlines?.some((d) => d.id === o.id)) push('removed', subject, `${s.title}: tenggat "${o.label}" dihapus.`);
  }
  for (const s of before.steps) if (!after.steps.some((x) => x.id === s.id)) push('removed', `Langkah ${s.number}`, `Langkah ${s.number} dihapus: ${s.title}.`);
  return out;
}

function fieldChanges(before: Field[], after: Field[], push: (kind: Change['kind'], text: string) => void): void {
  for (const f of after) {
    const o = before.find((x) => x.name === f.name);
    if (!o) push('added', `isian baru "${f.label}"${f.required ? ' (wajib)' : ''}.`);
    else if (!same(o, f)) {
      const what: string[] = [];
      if (o.label !== f.label) what.push(`label menjadi "${f.label}"`);
      if (o.type !== f.type) what.push(`jenis ${o.type} menjadi ${f.type}`);
      if (Boolean(o.required) !== Boolean(f.required)) what.push(f.required ? 'kini wajib' : 'kini tidak wajib');
      if (Boolean(o.sensitive) !== Boolean(f.sensitive)) what.push(f.sensitive ? 'kini data identitas (disamarkan)' : 'tidak lagi disamarkan');
      if (!same(o.options, f.options)) what.push('pilihan berubah');
      if (!what.length) what.push('ketentuan isian berubah');
      push('changed', `isian "${f.label}": ${what.join(', ')}.`);
    }
  }
  for (const o of before) if (!after.some((f) => f.name === o.name)) push('removed', `isian "${o.label}" dihapus.`);
}

export interface DiffLine {
  kind: 'same' | 'added' | 'removed';
  text: string;
  /** Line number in the old text (same/removed) or the new text (added). */
  line: number;
}

/** A line diff of two YAML sources (unchanged runs longer than `context` lines are cut to their edges). */
export function lineDiff(before: string, after: string, context = 3): Array<DiffLine | { kind: 'skip'; count: number }> {
  const rows: DiffLine[] = [];
  let oldLine = 1;
  let newLine = 1;
  for (const part of diffLines(before, after)) {
    const lines = part.value.replace(/\n$/, '').split('\n');
    for (const text of lines) {
      if (part.added) rows.push({ kind: 'added', text, line: newLine++ });
      else if (part.removed) rows.push({ kind: 'removed', text, line: oldLine++ });
      else {
        rows.push({ kind: 'same', text, line: oldLine++ });
        newLine++;
      }
    }
  }
  const out: Array<DiffLine | { kind: 'skip'; count: number }> = [];
  const near = (i: number) => rows.slice(Math.max(0, i - context), i + context + 1).some((r) => r.kind !== 'same');
  let skipped = 0;
  rows.forEach((r, i) => {
    if (r.kind === 'same' && !near(i)) skipped++;
    else {
      if (skipped) out.push({ kind: 'skip', count: skipped });
      skipped = 0;
      out.push(r);
    }
  });
  if (skipped) out.push({ kind: 'skip', count: skipped });
  return out;
}
