/**
 * What changes between two versions of a service, in an administrator's words: renames read as renames, each
 * entry says what it was and what it becomes, and nothing is reported that reads the same before and after.
 */
import { describeCondition, fieldIndex } from '../explain.ts';
import { describeDuration } from '../time.ts';
import type { Branch, Condition, DeadlineRule, Field, Step, Workflow } from '../types.ts';
import { pairEntries, pairFields, pairRequirements, pairSteps } from './match.ts';

export interface Change {
  kind: 'added' | 'removed' | 'changed' | 'renamed';
  /** What the change is about: "Langkah 3", "Persyaratan", "Waktu penyelesaian"… */
  subject: string;
  /** The change in one Indonesian sentence. */
  text: string;
  /** The step it concerns (its id in the new version; in the old one when removed). */
  step?: string;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const roleIds = (s: Step) => (Array.isArray(s.role) ? s.role : [s.role]);
export const roleNames = (wf: Workflow, s: Step) => roleIds(s).map((r) => wf.roles[r] ?? r).join(' atau ');
const list = (items: string[]) => items.map((x) => `"${x}"`).join(', ');

function branchesOf(s: Step): Branch[] {
  if (typeof s.next === 'string') return [{ to: s.next }];
  if (Array.isArray(s.next)) return s.next;
  return s.end ? [{ end: s.end }] : [];
}

/** Where one branch leads, in words of its own version. */
function targetText(wf: Workflow, b: Branch): string {
  if (b.end) return `selesai (${wf.outcomes.find((o) => o.id === b.end)?.label ?? b.end})`;
  const s = wf.steps.find((x) => x.id === b.to);
  return s ? `langkah ${s.number}` : `langkah ${b.to}`;
}

function conditionText(wf: Workflow, c: Condition | undefined): string {
  return c ? describeCondition(c, fieldIndex(wf)) : 'tanpa syarat';
}

function routeText(wf: Workflow, s: Step): string {
  const bs = branchesOf(s);
  return bs.map((b) => `${targetText(wf, b)}${b.when ? ` bila ${conditionText(wf, b.when)}` : ''}`).join('; selain itu ') || '(tidak ada)';
}

const deadlineText = (d: DeadlineRule) => `${describeDuration(d.duration)}${d.calendar === 'working' ? ' kerja' : ''}${d.blocking ? ', kasus menunggu' : ''}`;

/** The route of a step, compared by where each branch leads (step ids through the pairing, not numbers). */
function routeChanges(before: Workflow, after: Workflow, old: Step, now: Step, idOf: (oldId: string) => string | undefined): string[] {
  const a = branchesOf(old);
  const b = branchesOf(now);
  const key = (x: Branch, mapped: boolean) => (x.end ? `end:${x.end}` : `to:${mapped ? idOf(x.to!) : x.to}`);
  if (a.length === b.length && a.every((x, i) => key(x, true) === key(b[i]!, false))) {
    const out: string[] = [];
    b.forEach((x, i) => {
      const y = a[i]!;
      const where = `cabang ke ${targetText(after, x)}`;
      if (!same(y.when, x.when)) out.push(`${where}: syarat menjadi "${conditionText(after, x.when)}", sebelumnya "${conditionText(before, y.when)}"`);
      if ((y.label ?? '') !== (x.label ?? '')) out.push(`${where}: keterangan menjadi "${x.label ?? ''}", sebelumnya "${y.label ?? ''}"`);
    });
    return out;
  }
  const was = routeText(before, old);
  const is = routeText(after, now);
  return was === is ? [] : [`sesudahnya ${is}; sebelumnya ${was}`];
}

function optionChanges(o: Field, f: Field): string[] {
  const out: string[] = [];
  const before = o.options ?? [];
  const after = f.options ?? [];
  const added = after.filter((x) => !before.some((y) => y.value === x.value)).map((x) => x.label);
  const removed = before.filter((x) => !after.some((y) => y.value === x.value)).map((x) => x.label);
  const relabelled = after.filter((x) => before.some((y) => y.value === x.value && y.label !== x.label));
  if (added.length) out.push(`pilihan baru ${list(added)}`);
  if (removed.length) out.push(`pilihan ${list(removed)} dihapus`);
  for (const x of relabelled) out.push(`pilihan "${before.find((y) => y.value === x.value)!.label}" menjadi "${x.label}"`);
  if (!out.length && !same(before, after)) out.push('urutan pilihan berubah');
  return out;
}

function fieldChange(before: Workflow, after: Workflow, o: Field, f: Field): string[] {
  const what: string[] = [];
  if (o.label !== f.label) what.push(`label menjadi "${f.label}"`);
  if (o.type !== f.type) what.push(`jenis ${o.type} menjadi ${f.type}`);
  if (Boolean(o.required) !== Boolean(f.required)) what.push(f.required ? 'kini wajib' : 'kini tidak wajib');
  if (Boolean(o.sensitive) !== Boolean(f.sensitive)) what.push(f.sensitive ? 'kini data identitas (disamarkan)' : 'tidak lagi disamarkan');
  what.push(...optionChanges(o, f));
  if (!same(o.when, f.when)) what.push(f.when ? `tampil bila ${conditionText(after, f.when)}` : 'kini selalu tampil');
  if ((o.help ?? '') !== (f.help ?? '')) what.push('teks bantuan berubah');
  if ((o.section ?? '') !== (f.section ?? '')) what.push(f.section ? `mulai bagian "${f.section}"` : 'tidak lagi memulai bagian');
  if (!same(o.default, f.default)) what.push('nilai awal berubah');
  const bounds = ['min', 'max', 'minLength', 'maxLength', 'pattern', 'patternMessage'] as const;
  if (bounds.some((k) => !same(o[k], f[k]))) what.push('batas atau pola isian berubah');
  const known = new Set(['name', 'label', 'type', 'required', 'sensitive', 'options', 'when', 'help', 'section', 'default', ...bounds]);
  const rest = (x: Field) => Object.fromEntries(Object.entries(x).filter(([k]) => !known.has(k)));
  if (!same(rest(o), rest(f))) what.push('ketentuan lain isian berubah');
  return what;
}

function deadlineChange(before: Workflow, after: Workflow, o: DeadlineRule, d: DeadlineRule): string[] {
  const what: string[] = [];
  if (o.duration !== d.duration || (o.calendar ?? 'calendar') !== (d.calendar ?? 'calendar')) what.push(`lamanya menjadi ${deadlineText({ ...d, blocking: false })}, sebelumnya ${deadlineText({ ...o, blocking: false })}`);
  if (Boolean(o.blocking) !== Boolean(d.blocking)) what.push(d.blocking ? 'kini kasus menunggu tenggat ini' : 'kasus tidak lagi menunggu tenggat ini');
  if (!same(o.when, d.when)) what.push(d.when ? `berlaku bila ${conditionText(after, d.when)}` : 'kini selalu berlaku');
  if (o.label !== d.label) what.push(`nama menjadi "${d.label}"`);
  if ((o.metLabel ?? '') !== (d.metLabel ?? '')) what.push('tombol tanda terpenuhi berganti tulisan');
  if ((o.starts ?? 'completed') !== (d.starts ?? 'completed')) what.push(d.starts === 'opened' ? 'kini mulai saat langkah dibuka' : 'kini mulai saat langkah selesai');
  if (Boolean(o.endsWithCase) !== Boolean(d.endsWithCase)) what.push(d.endsWithCase ? 'kini berakhir bersama kasus' : 'kini tetap berjalan setelah kasus selesai');
  if (!same(o.metBy, d.metBy)) what.push('peran yang mencatat tenggat terpenuhi berubah');
  const known = new Set(['id', 'label', 'duration', 'calendar', 'blocking', 'when', 'metLabel', 'starts', 'endsWithCase', 'metBy']);
  const rest = (x: DeadlineRule) => Object.fromEntries(Object.entries(x).filter(([k]) => !known.has(k)));
  if (!same(rest(o), rest(d))) what.push('ketentuan lain tenggat berubah');
  return what;
}

/** The differences that matter to the office, from the old version to the new one. */
export function summarizeChanges(before: Workflow, after: Workflow): Change[] {
  const out: Change[] = [];
  const push = (kind: Change['kind'], subject: string, text: string, step?: string) => out.push({ kind, subject, text, ...(step ? { step } : {}) });

  if (before.decree.number !== after.decree.number) push('changed', 'Dasar hukum', `Nomor SK berubah dari ${before.decree.number} menjadi ${after.decree.number}.`);
  if (before.title !== after.title) push('changed', 'Nama layanan', `Nama layanan berubah dari "${before.title}" menjadi "${after.title}".`);
  if ((before.description ?? '') !== (after.description ?? '')) push('changed', 'Uraian layanan', 'Uraian singkat layanan berubah.');
  const bc = before.completion;
  const ac = after.completion;
  if (bc.duration !== ac.duration || bc.text !== ac.text || (bc.calendar ?? 'calendar') !== (ac.calendar ?? 'calendar')) {
    const mode = (c: typeof ac) => (c.calendar === 'working' ? ', hari kerja' : '');
    push('changed', 'Waktu penyelesaian', `Waktu penyelesaian berubah dari ${bc.text} (${bc.duration}${mode(bc)}) menjadi ${ac.text} (${ac.duration}${mode(ac)}).`);
  }
  if (before.fee !== after.fee) push('changed', 'Biaya', `Biaya berubah dari "${before.fee}" menjadi "${after.fee}".`);
  if (!same(before.products, after.products)) push('changed', 'Produk layanan', `Produk layanan menjadi ${list(after.products)}, sebelumnya ${list(before.products)}.`);
  complaintChanges(before, after, push);
  const office = (['agency', 'government', 'address', 'phone', 'email', 'website'] as const).filter((k) => (before.service[k] ?? '') !== (after.service[k] ?? ''));
  const officeWords = { agency: 'nama instansi', government: 'pemerintah daerah', address: 'alamat', phone: 'telepon', email: 'surel', website: 'situs' };
  if (office.length) push('changed', 'Kop instansi', `Identitas kantor berubah: ${office.map((k) => `${officeWords[k]} menjadi "${after.service[k] ?? ''}"`).join(', ')}.`);
  if (!same(before.calendar, after.calendar)) push('changed', 'Kalender kantor', 'Hari kerja, jam kerja atau hari libur berubah.');
  const roles = pairEntries(before.roles, after.roles);
  // A role under a new id is the same official: compare what it does by the new ids.
  const roleMap = new Map(roles.pairs.map((p) => [p.before[0], p.after[0]]));
  const newId = (id: string) => roleMap.get(id) ?? id;
  accessChanges(before, after, newId, push);

  const reqs = pairRequirements(before.requirements, after.requirements);
  for (const r of reqs.added) push('added', 'Persyaratan', `Persyaratan baru: "${r.text}".`);
  for (const { before: o, after: r, renamed } of reqs.pairs) {
    if (o.text !== r.text) push(renamed ? 'renamed' : 'changed', 'Persyaratan', `Persyaratan "${o.text}" menjadi "${r.text}".`);
    else if (renamed) push('renamed', 'Persyaratan', `Persyaratan "${r.text}": kodenya berganti dari ${o.id} menjadi ${r.id}.`);
  }
  for (const r of reqs.removed) push('removed', 'Persyaratan', `Persyaratan dihapus: "${r.text}".`);

  for (const [, title] of roles.added) push('added', 'Peran', `Peran baru: ${title}.`);
  for (const { before: [oid, otitle], after: [id, title], renamed } of roles.pairs) {
    if (renamed) push('renamed', 'Peran', `Peran ${title}: kodenya berganti dari ${oid} menjadi ${id}; akun staf yang memegang ${oid} perlu diberi peran ${id} di halaman Pengguna.`);
    else if (otitle !== title) push('changed', 'Peran', `Peran ${otitle} kini bernama ${title}.`);
  }
  for (const [, title] of roles.removed) push('removed', 'Peran', `Peran dihapus: ${title}.`);

  for (const o of after.outcomes) {
    const was = before.outcomes.find((x) => x.id === o.id);
    if (!was) push('added', 'Hasil akhir', `Hasil akhir baru: "${o.label}".`);
    else if (was.label !== o.label || Boolean(was.product) !== Boolean(o.product)) push('changed', 'Hasil akhir', `Hasil akhir "${was.label}" menjadi "${o.label}"${o.product ? ', menghasilkan produk layanan' : ''}.`);
    if (was && JSON.stringify(was.letter ?? null) !== JSON.stringify(o.letter ?? null)) {
      if (!was.letter) push('added', 'Surat', `Hasil akhir "${o.label}" kini menerbitkan surat ${o.letter!.title} (nomor ${o.letter!.number}).`);
      else if (!o.letter) push('removed', 'Surat', `Hasil akhir "${o.label}" tidak lagi menerbitkan surat ${was.letter.title}.`);
      else push('changed', 'Surat', `Surat ${o.letter.title} pada hasil akhir "${o.label}" diubah; surat yang sudah terbit tetap seperti saat terbit.`);
    } else if (!was && o.letter) push('added', 'Surat', `Hasil akhir "${o.label}" menerbitkan surat ${o.letter.title} (nomor ${o.letter.number}).`);
  }
  for (const o of before.outcomes) if (!after.outcomes.some((x) => x.id === o.id)) push('removed', 'Hasil akhir', `Hasil akhir dihapus: "${o.label}".`);
  if (before.start !== after.start) {
    const s = after.steps.find((x) => x.id === after.start);
    push('changed', 'Langkah pertama', `Kasus kini dimulai di langkah ${s?.number ?? after.start}${s ? ` (${s.title})` : ''}.`);
  }

  stepChanges(before, after, newId, push);
  return out;
}

type Push = (kind: Change['kind'], subject: string, text: string, step?: string) => void;

function complaintChanges(before: Workflow, after: Workflow, push: Push): void {
  const b = before.complaints;
  const a = after.complaints;
  if ((b.text ?? '') !== (a.text ?? '')) push('changed', 'Pengaduan', `Kalimat pengantar pengaduan menjadi "${a.text ?? ''}".`);
  const key = (c: { channel: string; label: string }) => `${c.channel}:${c.label}`;
  for (const c of a.channels) {
    const o = b.channels.find((x) => key(x) === key(c));
    if (!o) push('added', 'Pengaduan', `Saluran pengaduan baru: ${c.label} ${c.value}.`);
    else if (o.value !== c.value) push('changed', 'Pengaduan', `Saluran pengaduan ${c.label}: ${c.value}, sebelumnya ${o.value}.`);
  }
  for (const c of b.channels) if (!a.channels.some((x) => key(x) === key(c))) push('removed', 'Pengaduan', `Saluran pengaduan dihapus: ${c.label} ${c.value}.`);
}

function accessChanges(before: Workflow, after: Workflow, newId: (id: string) => string, push: Push): void {
  const title = (id: string) => after.roles[id] ?? before.roles[id] ?? id;
  const lists = [
    ['read', 'boleh membaca kasus'],
    ['sensitive', 'melihat data identitas'],
  ] as const;
  for (const [k, words] of lists) {
    const b = (before.access?.[k] ?? []).map(newId);
    const a = after.access?.[k] ?? [];
    const gained = a.filter((r) => !b.includes(r)).map(title);
    const lost = b.filter((r) => !a.includes(r)).map(title);
    if (gained.length) push('changed', 'Hak akses', `Kini ${words}: ${gained.join(', ')}.`);
    if (lost.length) push('changed', 'Hak akses', `Tidak lagi ${words}: ${lost.join(', ')}.`);
  }
  if (!same(before.access?.subject ?? [], after.access?.subject ?? [])) push('changed', 'Hak akses', 'Isian yang menamai kasus di daftar (inisial) berubah.');
}

function stepChanges(before: Workflow, after: Workflow, newId: (id: string) => string, push: Push): void {
  const steps = pairSteps(before, after);
  const idOf = (oldId: string) => steps.pairs.find((p) => p.before.id === oldId)?.after.id ?? oldId;
  // A field that left one step for another is a move, not a removal and an addition.
  const movedFrom = new Map<string, Step>();
  const movedTo = new Map<string, Step>();
  for (const { before: o, after: s } of steps.pairs) {
    for (const f of o.fields ?? []) if (!(s.fields ?? []).some((x) => x.name === f.name)) movedFrom.set(f.name, o);
    for (const f of s.fields ?? []) if (!(o.fields ?? []).some((x) => x.name === f.name)) movedTo.set(f.name, s);
  }
  const moved = new Set([...movedFrom.keys()].filter((n) => movedTo.has(n)));

  for (const s of after.steps) {
    const pair = steps.pairs.find((p) => p.after === s);
    const subject = `Langkah ${s.number}`;
    if (!pair) {
      push('added', subject, `Langkah baru ${s.number}: ${s.title}, oleh ${roleNames(after, s)}.`, s.id);
      continue;
    }
    const o = pair.before;
    const say = (kind: Change['kind'], text: string) => push(kind, subject, `${s.title}: ${text}`, s.id);
    if (pair.renamed) say('renamed', `kode langkah berganti dari ${o.id} menjadi ${s.id}${o.title !== s.title ? ` (sebelumnya "${o.title}")` : ''}.`);
    if (o.number !== s.number) push('changed', subject, `"${s.title}" dipindah dari langkah ${o.number} ke langkah ${s.number}.`, s.id);
    if (o.title !== s.title && !pair.renamed) push('changed', subject, `Judul "${o.title}" menjadi "${s.title}".`, s.id);
    if (!same(roleIds(o).map(newId), roleIds(s))) say('changed', `dikerjakan oleh ${roleNames(after, s)}, sebelumnya ${roleNames(before, o)}.`);
    if ((o.description ?? '') !== (s.description ?? '')) say('changed', 'uraian langkah berubah.');
    for (const text of routeChanges(before, after, o, s, idOf)) say('changed', `${text}.`);

    const fields = pairFields(o.fields ?? [], (s.fields ?? []).filter((f) => !moved.has(f.name) || (o.fields ?? []).some((x) => x.name === f.name)));
    for (const f of s.fields ?? []) {
      if (moved.has(f.name) && !(o.fields ?? []).some((x) => x.name === f.name)) {
        const from = movedFrom.get(f.name)!;
        say('changed', `isian "${f.label}" dipindah ke sini dari langkah ${from.number}.`);
      }
    }
    for (const f of fields.added) say('added', `isian baru "${f.label}"${f.required ? ' (wajib)' : ''}.`);
    for (const { before: of, after: f, renamed } of fields.pairs) {
      if (renamed) say('renamed', `isian "${f.label}": nama datanya berganti dari ${of.name} menjadi ${f.name} (syarat dan laporan yang memakai ${of.name} perlu ikut diganti).`);
      const what = fieldChange(before, after, of, f);
      if (what.length) say('changed', `isian "${of.label}": ${what.join(', ')}.`);
    }
    for (const f of fields.removed) if (!moved.has(f.name)) say('removed', `isian "${f.label}" dihapus.`);

    for (const d of s.deadlines ?? []) {
      const od = o.deadlines?.find((x) => x.id === d.id);
      if (!od) say('added', `tenggat baru "${d.label}" (${deadlineText(d)}).`);
      else {
        const what = deadlineChange(before, after, od, d);
        if (what.length) say('changed', `tenggat "${od.label}": ${what.join(', ')}.`);
      }
    }
    for (const od of o.deadlines ?? []) if (!s.deadlines?.some((d) => d.id === od.id)) say('removed', `tenggat "${od.label}" dihapus.`);
  }
  for (const o of steps.removed) push('removed', `Langkah ${o.number}`, `Langkah ${o.number} dihapus: ${o.title}.`, o.id);
}
