/** Form fields: choices have options, each setting suits the field's type, bounds and patterns make sense. */
import { BUILT_IN_FACTS } from '../compute.ts';
import type { Field, Workflow } from '../types.ts';
import type { PathSegment, Problem } from './errors.ts';

const CHOICES = new Set(['select', 'radio', 'multiselect']);
/** Fact names the engine provides itself (engine/compute.ts BUILT_IN_FACTS). */
const RESERVED = new Set(BUILT_IN_FACTS);
const TEXTUAL = new Set(['text', 'textarea']);
const UPLOAD_KEYS = ['accept', 'maxMB', 'multiple', 'capture'] as const;

function checkField(f: Field, at: PathSegment[]): Problem[] {
  const out: Problem[] = [];
  const misplaced = (key: keyof Field, where: string) =>
    out.push({ path: [...at, key], at: 'key', message: `\`${key}\` tidak berlaku untuk isian \`${f.name}\` (type: ${f.type}); hanya untuk ${where}.`, hint: `Hapus \`${key}\`, atau ubah \`type\` isian ini.` });

  if (CHOICES.has(f.type)) {
    if (!f.options || f.options.length === 0) {
      out.push({
        path: [...at, 'type'],
        message: `Isian pilihan \`${f.name}\` (type: ${f.type}) belum punya \`options\`.`,
        hint: 'Tambahkan options: [ { value: ya, label: Ya }, { value: tidak, label: Tidak } ].',
      });
    } else {
      const seen = new Map<string, number>();
      f.options.forEach((o, i) => {
        const first = seen.get(o.value);
        if (first !== undefined) {
          out.push({ path: [...at, 'options', i, 'value'], message: `Nilai pilihan \`${o.value}\` sudah dipakai oleh pilihan ke-${first + 1} isian \`${f.name}\`.`, hint: 'Setiap pilihan memerlukan `value` sendiri.' });
        } else seen.set(o.value, i);
      });
    }
  } else if (f.options) misplaced('options', 'select, radio dan multiselect');

  if (f.type === 'group') out.push(...checkGroupField(f, at));
  else {
    if (f.fields !== undefined) misplaced('fields', 'isian group');
    if (f.addLabel !== undefined) misplaced('addLabel', 'isian group');
  }

  if (f.type === 'group') {
    // Row bounds: checked with the group.
  } else if (f.type === 'number') {
    for (const key of ['min', 'max'] as const) {
      if (f[key] !== undefined && typeof f[key] !== 'number') {
        out.push({ path: [...at, key], message: `\`${key}\` isian angka \`${f.name}\` harus berupa angka.`, hint: 'Tulis angka tanpa tanda kutip, misalnya 17.' });
      }
    }
    if (typeof f.min === 'number' && typeof f.max === 'number' && f.min > f.max) {
      out.push({ path: [...at, 'max'], message: `\`max\` (${f.max}) lebih kecil dari \`min\` (${f.min}).`, hint: 'Tukar kedua nilai.' });
    }
  } else if (f.type === 'date' || f.type === 'datetime') {
    for (const key of ['min', 'max'] as const) {
      const v = f[key];
      if (v !== undefined && v !== 'today' && !(typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v))) {
        out.push({ path: [...at, key], message: `\`${key}\` isian tanggal \`${f.name}\` harus berupa tanggal "YYYY-MM-DD" atau \`today\`.`, hint: `Misalnya ${key}: today (hari ini) atau ${key}: "2026-01-01".` });
      }
    }
    if (typeof f.min === 'string' && typeof f.max === 'string' && f.min !== 'today' && f.max !== 'today' && f.min > f.max) {
      out.push({ path: [...at, 'max'], message: `\`max\` (${f.max}) lebih awal dari \`min\` (${f.min}).`, hint: 'Tukar kedua tanggal.' });
    }
  } else {
    if (f.min !== undefined) misplaced('min', 'isian number, date dan datetime');
    if (f.max !== undefined) misplaced('max', 'isian number, date dan datetime');
  }
  if (f.inputmode !== undefined && f.type !== 'text' && f.type !== 'number') misplaced('inputmode', 'isian text dan number');
  if (f.hidden !== undefined && !f.compute) misplaced('hidden', 'isian dengan `compute`');
  if (RESERVED.has(f.name)) {
    out.push({
      path: [...at, 'name'],
      message: `Nama isian \`${f.name}\` dipakai alur untuk ${f.name === 'today' ? 'tanggal hari ini' : 'waktu saat ini'} pada syarat dan perhitungan.`,
      hint: `Pakai nama lain, misalnya tanggal_${f.name === 'today' ? 'hari_ini' : 'sekarang'}.`,
    });
  }

  if (!TEXTUAL.has(f.type)) {
    for (const key of ['minLength', 'maxLength', 'pattern', 'patternMessage'] as const) if (f[key] !== undefined) misplaced(key, 'isian text dan textarea');
  } else {
    if (f.minLength !== undefined && f.maxLength !== undefined && f.minLength > f.maxLength) {
      out.push({ path: [...at, 'maxLength'], message: `\`maxLength\` (${f.maxLength}) lebih kecil dari \`minLength\` (${f.minLength}).`, hint: 'Tukar kedua nilai.' });
    }
    if (f.pattern !== undefined) {
      try {
        new RegExp(f.pattern, 'u');
      } catch (err) {
        out.push({
          path: [...at, 'pattern'],
          message: `Ekspresi reguler \`${f.pattern}\` tidak sah (${err instanceof Error ? err.message : String(err)}).`,
          hint: 'Periksa tanda kurung ( ) [ ] { } dan garis miring terbalik; tulis pola di antara tanda kutip, misalnya "^[0-9]{16}$".',
        });
      }
    } else if (f.patternMessage !== undefined) {
      out.push({ path: [...at, 'patternMessage'], at: 'key', message: '`patternMessage` tanpa `pattern` tidak pernah ditampilkan.', hint: 'Tambahkan `pattern`, atau hapus `patternMessage`.' });
    }
  }
  if (f.type !== 'file') for (const key of UPLOAD_KEYS) if (f[key] !== undefined) misplaced(key, 'isian file (unggah berkas)');
  if (f.type === 'file' && f.default !== undefined) {
    out.push({ path: [...at, 'default'], at: 'key', message: `Isian berkas \`${f.name}\` tidak punya nilai awal.`, hint: 'Hapus `default`; berkas diunggah petugas.' });
  } else if (f.default !== undefined && f.type !== 'group') {
    const problem = defaultProblem(f);
    if (problem) out.push({ path: [...at, 'default'], message: `Nilai awal isian \`${f.name}\` (type: ${f.type}) tidak cocok: ${problem}`, hint: 'Perbaiki `default`, atau hapus baris itu.' });
  }
  return out;
}

/** A repeating group: rows of plain fields with names unique in the group, and sensible row bounds. */
function checkGroupField(f: Field, at: PathSegment[]): Problem[] {
  const out: Problem[] = [];
  if (!f.fields?.length) {
    out.push({ path: [...at, 'type'], message: `Kelompok berulang \`${f.name}\` belum punya \`fields\` (isian satu baris).`, hint: 'Tambahkan fields: [ { name: nama, label: Nama, type: text } ].' });
    return out;
  }
  for (const key of ['min', 'max'] as const) {
    const v = f[key];
    if (v !== undefined && !(typeof v === 'number' && Number.isInteger(v) && v >= 0)) {
      out.push({ path: [...at, key], message: `\`${key}\` kelompok \`${f.name}\` adalah jumlah baris: bilangan bulat 0 atau lebih.`, hint: `Misalnya ${key}: ${key === 'min' ? 1 : 10}.` });
    }
  }
  if (typeof f.min === 'number' && typeof f.max === 'number' && f.min > f.max) {
    out.push({ path: [...at, 'max'], message: `\`max\` (${f.max}) lebih kecil dari \`min\` (${f.min}).`, hint: 'Tukar kedua nilai.' });
  }
  if (f.default !== undefined) out.push({ path: [...at, 'default'], at: 'key', message: `Kelompok berulang \`${f.name}\` tidak punya nilai awal.`, hint: 'Hapus `default`; tulis `default` pada isian di dalam `fields`.' });
  const seen = new Map<string, number>();
  f.fields.forEach((s, k) => {
    const p: PathSegment[] = [...at, 'fields', k];
    const first = seen.get(s.name);
    if (first !== undefined) out.push({ path: [...p, 'name'], message: `Nama isian \`${s.name}\` sudah dipakai pada baris kelompok \`${f.name}\` (isian ke-${first + 1}).`, hint: 'Setiap kolom kelompok memerlukan nama sendiri.' });
    else seen.set(s.name, k);
    if (s.type === 'group') out.push({ path: [...p, 'type'], message: `Kelompok \`${f.name}\` memuat kelompok lain (\`${s.name}\`).`, hint: 'Kelompok berulang tidak bertingkat: buat kelompok kedua sebagai isian tersendiri.' });
    if (s.type === 'file') out.push({ path: [...p, 'type'], message: `Kelompok \`${f.name}\` memuat isian berkas (\`${s.name}\`).`, hint: 'Berkas tidak diunggah per baris kelompok: buat isian file tersendiri di luar kelompok (boleh `multiple: true`).' });
    for (const key of ['when', 'compute', 'section'] as const) {
      if (s[key] !== undefined) out.push({ path: [...p, key], at: 'key', message: `\`${key}\` tidak berlaku untuk isian di dalam kelompok \`${f.name}\`.`, hint: `Hapus \`${key}\`.` });
    }
    out.push(...checkField(s, p));
  });
  return out;
}

/** Why a field's `default` cannot start its form, or undefined when it can. */
function defaultProblem(f: Field): string | undefined {
  const d = f.default;
  const isOption = (v: unknown) => f.options?.some((o) => o.value === v);
  switch (f.type) {
    case 'select':
    case 'radio':
      return isOption(d) ? undefined : `tulis salah satu \`value\` dari options (${(f.options ?? []).map((o) => o.value).join(', ')}).`;
    case 'multiselect':
      return Array.isArray(d) && d.every(isOption) ? undefined : 'tulis daftar `value` dari options, misalnya [a, b].';
    case 'checkbox':
      return typeof d === 'boolean' ? undefined : 'tulis true atau false.';
    case 'number':
      return typeof d === 'number' ? undefined : 'tulis sebuah angka.';
    case 'date':
      return d === 'today' || (typeof d === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(d)) ? undefined : 'tulis `today` atau tanggal TTTT-BB-HH.';
    case 'datetime':
      return d === 'now' || (typeof d === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(d)) ? undefined : 'tulis `now` atau waktu TTTT-BB-HHTjj:mm.';
    default:
      return typeof d === 'string' ? undefined : 'tulis teks.';
  }
}

export function checkFields(wf: Workflow): Problem[] {
  return [...wf.steps.flatMap((s, i) => (s.fields ?? []).flatMap((f, k) => checkField(f, ['steps', i, 'fields', k]))), ...checkRequirementUploads(wf)];
}

/** A requirement's upload settings (`accept`, `maxMB`, `multiple`, `capture`, `sensitive`) mean something only with `attach: true`. */
function checkRequirementUploads(wf: Workflow): Problem[] {
  const out: Problem[] = [];
  (wf.requirements ?? []).forEach((r, i) => {
    if (r.attach) return;
    for (const key of [...UPLOAD_KEYS, 'sensitive'] as const) {
      if (r[key] !== undefined) {
        out.push({ path: ['requirements', i, key], at: 'key', message: `\`${key}\` pada persyaratan \`${r.id}\` hanya berlaku bila salinannya dapat diunggah.`, hint: 'Tambahkan `attach: true` pada persyaratan ini, atau hapus baris itu.' });
      }
    }
  });
  return out;
}
