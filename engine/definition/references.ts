/** Names that must exist and be unique: step, field, requirement, outcome and deadline ids, roles, step numbers, targets. */
import { ADMINISTRATOR_ROLE } from '../access.ts';
import { COMPLETION } from '../deadlines.ts';
import { parentNumber } from '../order.ts';
import type { Branch, Workflow } from '../types.ts';
import { formatPath, type PathSegment, type Problem } from './errors.ts';
import { didYouMean, listNames } from './suggest.ts';

interface Named {
  name: string;
  path: PathSegment[];
}

/** Every later use of a name already used is a problem, pointing back at the first use. */
function duplicates(items: Named[], what: string, hint: string): Problem[] {
  const first = new Map<string, PathSegment[]>();
  const out: Problem[] = [];
  for (const { name, path } of items) {
    const earlier = first.get(name);
    if (earlier) out.push({ path, message: `${what} \`${name}\` sudah dipakai di ${formatPath(earlier)}.`, hint });
    else first.set(name, path);
  }
  return out;
}

/** "<what> `name` <context> tidak dikenal." with the names that do exist. */
function unknownName(path: PathSegment[], name: string, what: string, all: string[], where: string, context = ''): Problem {
  const known = [...new Set(all)];
  return {
    path,
    message: `${what} \`${name}\`${context} tidak dikenal.`,
    hint: `${didYouMean(name, known)}${known.length ? `Yang tersedia di ${where}: ${listNames(known)}.` : `Belum ada satu pun di ${where}.`}`,
  };
}

export function checkReferences(wf: Workflow): Problem[] {
  const out: Problem[] = [];
  const stepIds = wf.steps.map((s) => s.id);
  const roleIds = Object.keys(wf.roles);
  const outcomeIds = wf.outcomes.map((o) => o.id);

  out.push(
    ...duplicates(
      wf.steps.map((s, i) => ({ name: s.id, path: ['steps', i, 'id'] })),
      'Kode langkah',
      'Setiap langkah memerlukan kode (id) sendiri; ganti salah satunya.',
    ),
    ...duplicates(
      wf.steps.map((s, i) => ({ name: String(s.number), path: ['steps', i, 'number'] })),
      'Nomor langkah',
      'Nomor langkah mengikuti standar pelayanan dan tidak boleh kembar.',
    ),
    ...duplicates(
      wf.steps.flatMap((s, i) => (s.fields ?? []).map((f, k) => ({ name: f.name, path: ['steps', i, 'fields', k, 'name'] }))),
      'Nama isian',
      'Nama isian adalah nama data kasus (dan nama `fact` pada syarat), jadi harus unik di seluruh layanan, juga antar langkah. Ganti salah satunya.',
    ),
    ...duplicates(
      wf.requirements.map((r, i) => ({ name: r.id, path: ['requirements', i, 'id'] })),
      'Kode persyaratan',
      'Ganti kode salah satu persyaratan.',
    ),
    ...duplicates(
      wf.outcomes.map((o, i) => ({ name: o.id, path: ['outcomes', i, 'id'] })),
      'Kode hasil akhir',
      'Ganti kode salah satu hasil akhir.',
    ),
    ...duplicates(
      wf.steps.flatMap((s, i) => (s.deadlines ?? []).map((d, k) => ({ name: d.id, path: ['steps', i, 'deadlines', k, 'id'] }))),
      'Kode tenggat',
      'Kode tenggat harus unik di seluruh layanan; ganti salah satunya.',
    ),
  );

  wf.steps.forEach((s, i) =>
    (s.deadlines ?? []).forEach((d, k) => {
      if (d.id === COMPLETION) {
        out.push({
          path: ['steps', i, 'deadlines', k, 'id'],
          message: `Kode tenggat \`${COMPLETION}\` sudah dipakai untuk waktu penyelesaian layanan (bagian \`completion\`).`,
          hint: 'Pakai kode lain, misalnya dokumen-susulan.',
        });
      }
    }),
  );

  const numbers = new Set(wf.steps.map((s) => String(s.number)));
  wf.steps.forEach((s, i) => {
    const parent = parentNumber(s.number);
    if (parent === undefined || numbers.has(parent)) return;
    out.push({
      path: ['steps', i, 'number'],
      message: `Langkah ${s.number} adalah bagian dari langkah ${parent}, tetapi tidak ada langkah bernomor ${parent}.`,
      hint: `Beri langkah induknya nomor ${parent}, atau tulis nomor langkah ini tanpa titik (misalnya "${parent.split('.')[0]}a" untuk langkah sisipan).`,
    });
  });

  if (!stepIds.includes(wf.start)) out.push(unknownName(['start'], wf.start, 'Langkah awal', stepIds, '`steps`'));

  if (roleIds.includes(ADMINISTRATOR_ROLE)) {
    out.push({
      path: ['roles', ADMINISTRATOR_ROLE],
      at: 'key',
      message: `Peran \`${ADMINISTRATOR_ROLE}\` adalah administrator aplikasi alur (akun dan versi SOP), yang tidak membuka data kasus; peran itu tidak boleh menjadi peran layanan.`,
      hint: 'Pakai kode lain untuk petugas layanan, misalnya `operator_layanan`, lalu berikan peran itu kepada akun yang memang mengerjakan kasus.',
    });
  }

  for (const [role, heads] of Object.entries(wf.assignment?.heads ?? {})) {
    if (!roleIds.includes(role)) out.push({ ...unknownName(['assignment', 'heads', role], role, 'Peran', roleIds, '`roles`'), at: 'key' });
    heads.forEach((h, i) => {
      if (!roleIds.includes(h)) out.push(unknownName(['assignment', 'heads', role, i], h, 'Peran kepala', roleIds, '`roles`'));
      else if (h === role) out.push({ path: ['assignment', 'heads', role, i], message: `Peran \`${role}\` menjadi kepala dirinya sendiri.`, hint: 'Sebut peran atasannya, misalnya kepala_uptd untuk bidang_teknis.' });
    });
  }

  for (const list of ['read', 'sensitive', 'audit'] as const) {
    (wf.access?.[list] ?? []).forEach((role, i) => {
      if (!roleIds.includes(role)) out.push(unknownName(['access', list, i], role, 'Peran', roleIds, '`roles`'));
    });
  }

  const intake = wf.steps.find((s) => s.id === wf.start)?.fields ?? [];
  (wf.access?.subject ?? []).forEach((name, i) => {
    const field = intake.find((f) => f.name === name);
    if (!field) out.push(unknownName(['access', 'subject', i], name, 'Isian', intake.map((f) => f.name), 'formulir langkah awal'));
    else if (!field.sensitive || (field.type !== 'text' && field.type !== 'textarea')) {
      out.push({
        path: ['access', 'subject', i],
        message: `Isian \`${name}\` tidak dapat menamai kasus di daftar: hanya isian teks bertanda \`sensitive: true\` yang ditampilkan sebagai inisial.`,
        hint: 'Pilih isian nama (misalnya nama atau inisial anak) dan tandai `sensitive: true`.',
      });
    }
  });

  wf.steps.forEach((step, i) => {
    const roles = typeof step.role === 'string' ? [step.role] : step.role;
    roles.forEach((role, r) => {
      if (!roleIds.includes(role)) {
        const path: PathSegment[] = typeof step.role === 'string' ? ['steps', i, 'role'] : ['steps', i, 'role', r];
        out.push(unknownName(path, role, 'Peran', roleIds, '`roles`', ` pada langkah \`${step.id}\``));
      }
    });

    const hasNext = step.next !== undefined;
    const hasEnd = step.end !== undefined;
    if (hasNext && hasEnd) {
      out.push({
        path: ['steps', i, 'end'],
        at: 'key',
        message: `Langkah \`${step.id}\` memakai \`next\` dan \`end\` sekaligus.`,
        hint: 'Tulis `next` bila kasus berlanjut, atau `end` bila langkah ini menutup kasus; untuk keduanya pakai cabang: next: [ { end: …, when: … }, { to: … } ].',
      });
    } else if (!hasNext && !hasEnd) {
      out.push({
        path: ['steps', i, 'id'],
        message: `Langkah \`${step.id}\` tidak punya \`next\` maupun \`end\`: kasus akan berhenti di sini tanpa selesai.`,
        hint: 'Tambahkan `next: KODE_LANGKAH` ke langkah berikutnya, atau `end: KODE_HASIL` (dari `outcomes`) bila kasus selesai di sini.',
      });
    }
    if (hasEnd && !outcomeIds.includes(step.end!)) out.push(unknownName(['steps', i, 'end'], step.end!, 'Hasil akhir', outcomeIds, '`outcomes`'));

    if (typeof step.next === 'string') {
      if (!stepIds.includes(step.next)) out.push(unknownName(['steps', i, 'next'], step.next, 'Langkah berikutnya', stepIds, '`steps`'));
    } else if (Array.isArray(step.next)) {
      out.push(...checkBranches(step.next, ['steps', i, 'next'], step.id, stepIds, outcomeIds));
    }
  });
  return out;
}

/** A fork: its steps exist and are not its join; `join` and `wait` belong to a fork only. */
function checkParallel(b: Branch, path: PathSegment[], stepId: string, stepIds: string[]): Problem[] {
  const out: Problem[] = [];
  if (b.parallel === undefined) {
    for (const key of ['join', 'wait'] as const) {
      if (b[key] !== undefined) out.push({ path: [...path, key], at: 'key', message: `\`${key}\` hanya berlaku untuk cabang \`parallel\`.`, hint: `Hapus \`${key}\`, atau tulis \`parallel: [LANGKAH, LANGKAH]\` pada cabang ini.` });
    }
    return out;
  }
  b.parallel.forEach((s, k) => {
    if (!stepIds.includes(s)) out.push(unknownName([...path, 'parallel', k], s, 'Langkah bersamaan', stepIds, '`steps`'));
    else if (s === stepId) out.push({ path: [...path, 'parallel', k], message: `Langkah \`${stepId}\` membuka dirinya sendiri sebagai cabang bersamaan.`, hint: 'Sebut langkah-langkah sesudahnya.' });
  });
  if (b.join === undefined) {
    out.push({ path: [...path, 'parallel'], at: 'key', message: 'Cabang `parallel` belum menyebut langkah tempat cabang-cabangnya bertemu (`join`).', hint: 'Tambahkan `join: KODE_LANGKAH`, misalnya langkah telaah sesudah kedua kajian.' });
  } else if (!stepIds.includes(b.join)) {
    out.push(unknownName([...path, 'join'], b.join, 'Langkah gabungan', stepIds, '`steps`'));
  } else if (b.parallel.includes(b.join)) {
    out.push({ path: [...path, 'join'], message: `Langkah gabungan \`${b.join}\` juga salah satu cabang \`parallel\`.`, hint: 'Langkah gabungan adalah langkah sesudah semua cabang, bukan salah satunya.' });
  }
  return out;
}

function checkBranches(branches: Branch[], at: PathSegment[], stepId: string, stepIds: string[], outcomeIds: string[]): Problem[] {
  const out: Problem[] = [];
  branches.forEach((b, j) => {
    const path = [...at, j];
    const targets = (['to', 'end', 'parallel'] as const).filter((k) => b[k] !== undefined);
    if (targets.length > 1) {
      out.push({
        path: [...path, targets[1]],
        at: 'key',
        message: `Satu cabang memakai \`${targets[0]}\` dan \`${targets[1]}\` sekaligus.`,
        hint: 'Cabang menuju satu langkah (`to`), menutup kasus (`end`), atau membuka beberapa langkah bersamaan (`parallel` dengan `join`); buat cabang terpisah bila perlu.',
      });
    } else if (targets.length === 0) {
      out.push({
        path,
        message: 'Cabang ini tidak punya tujuan: tulis `to` (kode langkah), `end` (kode hasil akhir) atau `parallel` (langkah bersamaan).',
        hint: 'Misalnya `- to: proses-laporan` atau `- end: tidak-sah`.',
      });
    }
    out.push(...checkParallel(b, path, stepId, stepIds));
    if (b.to !== undefined && !stepIds.includes(b.to)) out.push(unknownName([...path, 'to'], b.to, 'Langkah tujuan', stepIds, '`steps`'));
    if (b.end !== undefined && !outcomeIds.includes(b.end)) out.push(unknownName([...path, 'end'], b.end, 'Hasil akhir', outcomeIds, '`outcomes`'));
    const last = j === branches.length - 1;
    if (!b.when && !last) {
      out.push({
        path: [...at, j + 1],
        message: `Cabang ini tidak pernah dipakai: cabang sebelumnya (ke-${j + 1}) tidak punya \`when\`, jadi selalu terpilih.`,
        hint: 'Cabang dicoba berurutan. Pindahkan cabang tanpa `when` ke urutan terakhir.',
      });
    }
    if (b.when && last) {
      out.push({
        path: [...path, 'when'],
        at: 'key',
        message: `Cabang terakhir langkah \`${stepId}\` bersyarat: bila tidak ada syarat yang terpenuhi, kasus tertahan di langkah ini.`,
        hint: 'Tambahkan cabang terakhir tanpa `when` untuk keadaan lainnya, misalnya `- to: LANGKAH` atau `- end: HASIL`.',
      });
    }
  });
  return out;
}
