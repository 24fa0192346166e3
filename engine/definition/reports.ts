/**
 * Checks of the `reports` and `publicIntake` sections: dimensions name existing, non-identifying fields (choices, or
 * a number or date banded), bands and cross-tables make sense, report roles exist; a public form asks only intake
 * fields, never a file, and sets only intake fields.
 */
import { fieldIndex } from '../explain.ts';
import { stepOf } from '../tasks.ts';
import type { Field, Workflow } from '../types.ts';
import type { PathSegment, Problem } from './errors.ts';
import { didYouMean, listNames } from './suggest.ts';

const CHOICE = new Set(['select', 'radio', 'multiselect', 'checkbox']);
const BANDED = new Set(['number', 'date', 'datetime']);

function unknownField(path: PathSegment[], name: string, known: string[]): Problem {
  return { path, message: `Isian \`${name}\` tidak ada pada formulir layanan ini.`, hint: `${didYouMean(name, known)}Nama isian yang ada: ${listNames(known)}.` };
}

function checkDimensionField(f: Field, path: PathSegment[], banded: boolean): Problem[] {
  if (CHOICE.has(f.type)) return [];
  if (BANDED.has(f.type)) {
    return banded ? [] : [{ path, message: `Isian \`${f.name}\` (type: ${f.type}) hanya dapat dihitung per kelompok.`, hint: 'Tambahkan `bands`, misalnya [ { label: 0-5 tahun, max: 5 }, { label: 6-12 tahun, min: 6, max: 12 } ].' }];
  }
  return [{
    path,
    message: `Isian \`${f.name}\` (type: ${f.type}) tidak dapat menjadi dimensi laporan: teks bebas dapat memuat nama atau alamat.`,
    hint: 'Pakai isian pilihan (select, radio, multiselect, checkbox), atau angka / tanggal dengan `bands`. Untuk tempat kejadian, tambahkan isian pilihan kategori tempat.',
  }];
}

export function checkReports(wf: Workflow): Problem[] {
  const out: Problem[] = [];
  const fields = fieldIndex(wf);
  const names = [...fields.keys()];
  const r = wf.reports;
  if (r) {
    (r.roles ?? []).forEach((role, i) => {
      if (!(role in wf.roles)) out.push({ path: ['reports', 'roles', i], message: `Peran \`${role}\` tidak ada di \`roles\`.`, hint: `${didYouMean(role, Object.keys(wf.roles))}Peran yang ada: ${listNames(Object.keys(wf.roles))}.` });
    });
    const ids = new Set<string>();
    (r.dimensions ?? []).forEach((d, i) => {
      const at: PathSegment[] = ['reports', 'dimensions', i];
      if (ids.has(d.id)) out.push({ path: [...at, 'id'], message: `Kode dimensi \`${d.id}\` sudah dipakai.`, hint: 'Setiap dimensi memerlukan kode sendiri.' });
      ids.add(d.id);
      const list = Array.isArray(d.field) ? d.field : [d.field];
      list.forEach((name, k) => {
        const path: PathSegment[] = Array.isArray(d.field) ? [...at, 'field', k] : [...at, 'field'];
        const f = fields.get(name);
        if (!f) out.push(unknownField(path, name, names));
        else out.push(...checkDimensionField(f, path, !!d.bands));
      });
      if (d.ageAt !== undefined) {
        const f = fields.get(d.ageAt);
        if (!f) out.push(unknownField([...at, 'ageAt'], d.ageAt, names));
        else if (f.type !== 'date' && f.type !== 'datetime') out.push({ path: [...at, 'ageAt'], message: `\`ageAt\` harus isian tanggal (date atau datetime); \`${d.ageAt}\` bertipe ${f.type}.`, hint: 'Sebutkan isian waktu laporan diterima, misalnya diterima_pada.' });
      }
      (d.bands ?? []).forEach((b, k) => {
        if (b.min !== undefined && b.max !== undefined && b.min > b.max) out.push({ path: [...at, 'bands', k, 'max'], message: `\`max\` (${b.max}) lebih kecil dari \`min\` (${b.min}).`, hint: 'Tukar kedua nilai.' });
        const earlier = d.bands!.slice(0, k).findIndex((o) => (o.min ?? -Infinity) <= (b.max ?? Infinity) && (b.min ?? -Infinity) <= (o.max ?? Infinity));
        if (earlier >= 0) out.push({ path: [...at, 'bands', k], message: `Kelompok "${b.label}" tumpang tindih dengan kelompok "${d.bands![earlier].label}".`, hint: 'Setiap nilai hanya boleh masuk satu kelompok: periksa `min` dan `max`.' });
      });
    });
    (r.tables ?? []).forEach((t, i) => {
      for (const key of ['rows', 'columns'] as const) {
        if (!ids.has(t[key])) out.push({ path: ['reports', 'tables', i, key], message: `Dimensi \`${t[key]}\` tidak ada di \`reports.dimensions\`.`, hint: `${didYouMean(t[key], [...ids])}Dimensi yang ada: ${listNames([...ids])}.` });
      }
      if (t.rows === t.columns) out.push({ path: ['reports', 'tables', i, 'columns'], message: 'Baris dan kolom tabel silang memakai dimensi yang sama.', hint: 'Pilih dua dimensi berbeda, misalnya usia dan jenis_kelamin.' });
    });
  }
  out.push(...checkPublicIntake(wf));
  return out;
}

function checkPublicIntake(wf: Workflow): Problem[] {
  const p = wf.publicIntake;
  if (!p) return [];
  const out: Problem[] = [];
  const intake = stepOf(wf, wf.start)?.fields ?? [];
  const byName = new Map(intake.map((f) => [f.name, f]));
  const names = intake.map((f) => f.name);
  p.fields.forEach((name, i) => {
    const f = byName.get(name);
    if (!f) out.push(unknownField(['publicIntake', 'fields', i], name, names));
    else if (f.type === 'file') out.push({ path: ['publicIntake', 'fields', i], message: `Isian berkas \`${name}\` tidak dapat diisi dari formulir publik.`, hint: 'Hapus isian ini dari `publicIntake.fields`; petugas dapat meminta berkasnya kemudian.' });
  });
  for (const name of Object.keys(p.wording ?? {})) {
    if (!p.fields.includes(name)) out.push({ path: ['publicIntake', 'wording', name], at: 'key', message: `Isian \`${name}\` tidak ditanyakan di formulir publik.`, hint: `Kata-kata formulir publik hanya untuk isian di \`fields\`: ${p.fields.join(', ')}.` });
  }
  for (const name of Object.keys(p.values ?? {})) {
    if (!byName.has(name)) out.push(unknownField(['publicIntake', 'values', name], name, names));
    else if (p.fields.includes(name)) out.push({ path: ['publicIntake', 'values', name], at: 'key', message: `Isian \`${name}\` ditanyakan di formulir publik dan juga diisi tetap di \`values\`.`, hint: 'Pilih salah satu.' });
  }
  if (p.about !== undefined) {
    const f = byName.get(p.about);
    if (!f) out.push(unknownField(['publicIntake', 'about'], p.about, names));
    else if (f.type !== 'select' && f.type !== 'radio') out.push({ path: ['publicIntake', 'about'], message: `\`about\` harus isian pilihan (select atau radio) berisi kode layanan; \`${p.about}\` bertipe ${f.type}.`, hint: 'Pilihannya bernilai kode layanan, misalnya respon-kasus-anak.' });
  }
  // Every required intake field must be asked or set, or the public form could never start a case.
  for (const f of intake) {
    if (f.required && !f.when && !p.fields.includes(f.name) && !(f.name in (p.values ?? {})) && f.name !== p.about && f.default === undefined) {
      out.push({ path: ['publicIntake', 'fields'], message: `Isian wajib \`${f.name}\` (${f.label}) tidak ditanyakan dan tidak diisi di formulir publik.`, hint: `Tambahkan \`${f.name}\` ke \`fields\`, atau beri nilainya di \`values\`.` });
    }
  }
  return out;
}
