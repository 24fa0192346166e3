/**
 * Checks of the letters outcomes issue: the fields a letter carries exist and are no identity (unless the letter
 * is for the family itself), every placeholder of its texts is known, the number format has a yearly sequence,
 * signing and revoking roles exist, and two outcomes sharing a letter id describe the same letter.
 */
import { fieldIndex } from '../explain.ts';
import { LETTER_WORDS, NUMBER_WORDS, placeholders } from '../letter.ts';
import type { LetterRule, Workflow } from '../types.ts';
import type { PathSegment, Problem } from './errors.ts';
import { didYouMean, listNames } from './suggest.ts';

function texts(value: string | string[] | undefined, at: PathSegment[]): Array<{ text: string; path: PathSegment[] }> {
  if (value === undefined) return [];
  return Array.isArray(value) ? value.map((text, i) => ({ text, path: [...at, i] })) : [{ text: value, path: at }];
}

function sameLetter(a: LetterRule, b: LetterRule): boolean {
  return a.number === b.number && a.title === b.title;
}

export function checkLetters(wf: Workflow): Problem[] {
  const out: Problem[] = [];
  const fields = fieldIndex(wf);
  const names = [...fields.keys()].filter((n) => !fields.get(n)?.hidden);
  const roles = Object.keys(wf.roles);
  const seen = new Map<string, { rule: LetterRule; index: number }>();
  wf.outcomes.forEach((o, i) => {
    const rule = o.letter;
    if (!rule) return;
    const at: PathSegment[] = ['outcomes', i, 'letter'];
    const id = rule.id ?? o.id;
    const earlier = seen.get(id);
    if (earlier && !sameLetter(earlier.rule, rule)) {
      out.push({
        path: [...at, rule.id ? 'id' : 'title'],
        message: `Surat \`${id}\` sudah dinyatakan pada outcomes[${earlier.index}] dengan judul atau format nomor lain.`,
        hint: 'Dua hasil yang menerbitkan surat yang sama memakai judul dan format nomor yang sama; untuk surat lain, beri `id` sendiri agar nomornya berurutan sendiri.',
      });
    } else if (!earlier) seen.set(id, { rule, index: i });

    for (const w of placeholders(rule.number)) {
      if (!NUMBER_WORDS.includes(w)) {
        out.push({ path: [...at, 'number'], message: `Format nomor surat memuat {${w}} yang tidak dikenal.`, hint: 'Yang dapat dipakai: {seq} (nomor urut tahunan), {year} (tahun), {month} (bulan dalam angka Romawi).' });
      }
    }

    const carried = new Set<string>();
    (rule.fields ?? []).forEach((name, k) => {
      const f = fields.get(name);
      if (!f) {
        out.push({ path: [...at, 'fields', k], message: `Isian \`${name}\` tidak ada pada formulir layanan ini.`, hint: `${didYouMean(name, names)}Nama isian yang ada: ${listNames(names)}.` });
        return;
      }
      if (f.sensitive && !rule.family) {
        out.push({
          path: [...at, 'fields', k],
          message: `Isian \`${name}\` (${f.label}) menunjukkan identitas (sensitive) dan tidak boleh dimuat surat yang keluar dari kantor.`,
          hint: 'Hapus isian ini dari `fields`; hanya surat yang diserahkan kepada keluarga/pemohon sendiri (`family: true`) yang boleh memuat identitas.',
        });
        return;
      }
      if (f.type === 'group' || f.type === 'file') {
        out.push({ path: [...at, 'fields', k], message: `Isian \`${name}\` (type: ${f.type}) tidak dapat dimuat dalam surat.`, hint: 'Pilih isian teks, pilihan, angka atau tanggal.' });
        return;
      }
      carried.add(name);
    });

    const known = [...carried, ...Object.keys(LETTER_WORDS)];
    const placed = [...texts(rule.body, [...at, 'body']), ...texts(rule.addressee, [...at, 'addressee']), ...texts(rule.subject, [...at, 'subject'])];
    for (const { text, path } of placed) {
      for (const w of placeholders(text)) {
        if (carried.has(w) || w in LETTER_WORDS) continue;
        const inForm = fields.has(w);
        out.push({
          path,
          message: inForm ? `{${w}} dipakai di teks surat, tetapi isian \`${w}\` tidak ada di \`fields\` surat ini.` : `{${w}} pada teks surat tidak dikenal.`,
          hint: inForm
            ? 'Tambahkan isian itu ke `fields` (bila bukan identitas), atau hapus dari teks.'
            : `${didYouMean(w, known)}Yang dapat dipakai: ${listNames(known.map((k) => `{${k}}`))}.`,
        });
      }
    }

    if (!(rule.signer in wf.roles)) {
      out.push({ path: [...at, 'signer'], message: `Peran penandatangan \`${rule.signer}\` tidak ada di \`roles\`.`, hint: `${didYouMean(rule.signer, roles)}Peran yang ada: ${listNames(roles)}.` });
    }
    (rule.revoke ?? []).forEach((role, k) => {
      if (!(role in wf.roles)) out.push({ path: [...at, 'revoke', k], message: `Peran \`${role}\` tidak ada di \`roles\`.`, hint: `${didYouMean(role, roles)}Peran yang ada: ${listNames(roles)}.` });
    });
  });
  return out;
}
