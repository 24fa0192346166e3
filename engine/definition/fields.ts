/** Form fields: choices have options, each setting suits the field's type, bounds and patterns make sense. */
import type { Field, Workflow } from '../types.ts';
import type { PathSegment, Problem } from './errors.ts';

const CHOICES = new Set(['select', 'radio', 'multiselect']);
const TEXTUAL = new Set(['text', 'textarea', 'file']);

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

  if (f.type !== 'number') {
    if (f.min !== undefined) misplaced('min', 'isian number');
    if (f.max !== undefined) misplaced('max', 'isian number');
  } else if (f.min !== undefined && f.max !== undefined && f.min > f.max) {
    out.push({ path: [...at, 'max'], message: `\`max\` (${f.max}) lebih kecil dari \`min\` (${f.min}).`, hint: 'Tukar kedua nilai.' });
  }

  if (!TEXTUAL.has(f.type)) {
    for (const key of ['minLength', 'maxLength', 'pattern', 'patternMessage'] as const) if (f[key] !== undefined) misplaced(key, 'isian text, textarea dan file');
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
  if (f.default !== undefined) {
    const problem = defaultProblem(f);
    if (problem) out.push({ path: [...at, 'default'], message: `Nilai awal isian \`${f.name}\` (type: ${f.type}) tidak cocok: ${problem}`, hint: 'Perbaiki `default`, atau hapus baris itu.' });
  }
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
  return wf.steps.flatMap((s, i) => (s.fields ?? []).flatMap((f, k) => checkField(f, ['steps', i, 'fields', k])));
}
