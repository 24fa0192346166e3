/** Guards (branch, field and deadline `when`): facts that a form sets, operators that suit the field, values that are options. */
import type { Condition, Field, Workflow } from '../types.ts';
import { BUILT_IN_FACTS, TODAY } from '../compute.ts';
import type { PathSegment, Problem } from './errors.ts';
import { didYouMean, listNames } from './suggest.ts';

/** json-rules-engine's default operators: the only ones a definition may use. */
export const OPERATORS = [
  'equal',
  'notEqual',
  'in',
  'notIn',
  'contains',
  'doesNotContain',
  'lessThan',
  'lessThanInclusive',
  'greaterThan',
  'greaterThanInclusive',
  'dateBefore',
  'dateOnOrBefore',
  'dateAfter',
  'dateOnOrAfter',
] as const;

const CHOICE = new Set(['select', 'radio']);
const DATE_OPS = new Set(['dateBefore', 'dateOnOrBefore', 'dateAfter', 'dateOnOrAfter']);
const NUMERIC = new Set(['lessThan', 'lessThanInclusive', 'greaterThan', 'greaterThanInclusive']);

interface Guard {
  condition: Condition;
  path: PathSegment[];
  /** The field whose `when` this is, to catch a field shown only when it is itself filled. */
  owner?: string;
}

/** Every `when` of the workflow with where it is written. */
function guardsOf(wf: Workflow): Guard[] {
  const out: Guard[] = [];
  wf.steps.forEach((s, i) => {
    (s.fields ?? []).forEach((f, k) => f.when && out.push({ condition: f.when, path: ['steps', i, 'fields', k, 'when'], owner: f.name }));
    if (Array.isArray(s.next)) s.next.forEach((b, j) => b.when && out.push({ condition: b.when, path: ['steps', i, 'next', j, 'when'] }));
    (s.deadlines ?? []).forEach((d, k) => d.when && out.push({ condition: d.when, path: ['steps', i, 'deadlines', k, 'when'] }));
    (s.checks ?? []).forEach((c, k) => out.push({ condition: c.rule, path: ['steps', i, 'checks', k, 'rule'] }));
  });
  (wf.priority ?? []).forEach((p, i) => out.push({ condition: p.when, path: ['priority', i, 'when'] }));
  return out;
}

/** The leaves (fact comparisons) of a condition tree with their paths. */
function leaves(cond: Condition, path: PathSegment[], out: Array<{ leaf: Extract<Condition, { fact: string }>; path: PathSegment[] }> = []) {
  if ('all' in cond) cond.all.forEach((c, i) => leaves(c, [...path, 'all', i], out));
  else if ('any' in cond) cond.any.forEach((c, i) => leaves(c, [...path, 'any', i], out));
  else if ('not' in cond) leaves(cond.not, [...path, 'not'], out);
  else out.push({ leaf: cond, path });
  return out;
}

function optionProblem(field: Field, value: unknown, path: PathSegment[]): Problem | undefined {
  const values = (field.options ?? []).map((o) => o.value);
  if (values.length === 0) return undefined; // reported on the field itself
  if (typeof value === 'string' && values.includes(value)) return undefined;
  return {
    path,
    message: `\`${typeof value === 'string' ? value : JSON.stringify(value)}\` bukan salah satu pilihan isian \`${field.name}\` (${field.label}), jadi syarat ini tidak akan pernah cocok.`,
    hint: `${typeof value === 'string' ? didYouMean(value, values) : ''}Pilihan yang ada (nilai \`value\`): ${listNames(values)}.`,
  };
}

/** Whether an operator suits the field it reads, and whether the compared value can ever match. */
function leafProblems(leaf: Extract<Condition, { fact: string }>, field: Field, path: PathSegment[]): Problem[] {
  const out: Problem[] = [];
  const { operator, value } = leaf;
  const valuePath = [...path, 'value'];
  const about = `isian \`${field.name}\` (type: ${field.type})`;
  if (leaf.path !== undefined) return out; // compares something inside the value: no simple check applies
  if (DATE_OPS.has(operator)) {
    if (field.type !== 'date' && field.type !== 'datetime') {
      out.push({ path: [...path, 'operator'], message: `Operator \`${operator}\` membandingkan tanggal; ${about} bukan tanggal.`, hint: 'Gunakan operator tanggal untuk isian date atau datetime.' });
    } else if (!(value && typeof value === 'object' && 'fact' in value) && !(typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value))) {
      out.push({ path: valuePath, message: `Operator \`${operator}\` membandingkan dengan sebuah tanggal.`, hint: 'Tulis value: "2026-01-01", value: { fact: today } (hari ini), atau value: { fact: ISIAN_TANGGAL_LAIN }.' });
    }
    return out;
  }
  if (field.compute && NUMERIC.has(operator) && typeof value === 'number') return out;
  if (field.type === 'group') {
    out.push({ path: [...path, 'fact'], message: `Isian \`${field.name}\` adalah kelompok berulang: syarat tidak membandingkannya langsung.`, hint: 'Hitung dulu dengan isian compute (count atau sum), lalu bandingkan hasilnya.' });
    return out;
  }

  if (value && typeof value === 'object' && !Array.isArray(value) && 'fact' in value) return out; // fact against fact

  if (operator === 'in' || operator === 'notIn') {
    if (!Array.isArray(value)) {
      out.push({ path: valuePath, message: `Operator \`${operator}\` membandingkan dengan sebuah daftar nilai.`, hint: 'Tulis value sebagai daftar, misalnya value: [tinggi, darurat].' });
      return out;
    }
    if (field.type === 'multiselect') {
      out.push({ path: [...path, 'operator'], message: `Operator \`${operator}\` tidak cocok untuk ${about} yang berisi daftar pilihan.`, hint: 'Untuk multiselect gunakan contains atau doesNotContain dengan satu nilai, digabung dengan any / all.' });
      return out;
    }
    if (CHOICE.has(field.type)) value.forEach((v, i) => { const p = optionProblem(field, v, [...valuePath, i]); if (p) out.push(p); });
    return out;
  }
  if (operator === 'contains' || operator === 'doesNotContain') {
    if (field.type !== 'multiselect') {
      out.push({
        path: [...path, 'operator'],
        message: `Operator \`${operator}\` hanya untuk isian multiselect; ${about} berisi satu nilai.`,
        hint: 'Gunakan equal / notEqual untuk satu nilai, atau in / notIn untuk beberapa nilai.',
      });
      return out;
    }
    const p = optionProblem(field, value, valuePath);
    if (p) out.push(p);
    return out;
  }
  if (NUMERIC.has(operator)) {
    if (field.type !== 'number') {
      out.push({ path: [...path, 'operator'], message: `Operator \`${operator}\` hanya untuk isian angka (type: number); ${about} bukan angka.`, hint: 'Gunakan equal, notEqual, in atau notIn.' });
    } else if (typeof value !== 'number') {
      out.push({ path: valuePath, message: `Operator \`${operator}\` membandingkan angka, tetapi value bukan angka.`, hint: 'Tulis angka tanpa tanda kutip, misalnya value: 12.' });
    }
    return out;
  }
  // equal / notEqual
  if (field.type === 'multiselect') {
    out.push({ path: [...path, 'operator'], message: `Operator \`${operator}\` tidak cocok untuk ${about} yang berisi daftar pilihan.`, hint: `Gunakan ${operator === 'equal' ? 'contains' : 'doesNotContain'} untuk memeriksa satu pilihan.` });
  } else if (field.type === 'checkbox' && typeof value !== 'boolean') {
    out.push({ path: valuePath, message: `Isian centang \`${field.name}\` bernilai true (dicentang) atau false, bukan ${JSON.stringify(value)}.`, hint: 'Tulis value: true atau value: false, tanpa tanda kutip.' });
  } else if (field.type === 'number' && typeof value !== 'number' && value !== null) {
    out.push({ path: valuePath, message: `Isian \`${field.name}\` berisi angka, tetapi value bukan angka.`, hint: 'Tulis angka tanpa tanda kutip, misalnya value: 12.' });
  } else if (CHOICE.has(field.type) && value !== null) {
    const p = optionProblem(field, value, valuePath);
    if (p) out.push(p);
  }
  return out;
}

export function checkConditions(wf: Workflow): Problem[] {
  const fields = new Map<string, Field>();
  for (const s of wf.steps) for (const f of s.fields ?? []) if (!fields.has(f.name)) fields.set(f.name, f);
  const names = [...fields.keys()];
  const out: Problem[] = [];
  for (const guard of guardsOf(wf)) {
    for (const { leaf, path } of leaves(guard.condition, guard.path)) {
      if (!(OPERATORS as readonly string[]).includes(leaf.operator)) {
        out.push({ path: [...path, 'operator'], message: `Operator \`${leaf.operator}\` tidak dikenal.`, hint: `${didYouMean(leaf.operator, OPERATORS)}Operator yang ada: ${listNames([...OPERATORS])}.` });
        continue;
      }
      const other = leaf.value && typeof leaf.value === 'object' && !Array.isArray(leaf.value) ? (leaf.value as { fact?: unknown }).fact : undefined;
      if (typeof other === 'string' && !fields.has(other) && !BUILT_IN_FACTS.includes(other)) {
        out.push({ path: [...path, 'value', 'fact'], message: `Syarat membandingkan dengan isian \`${other}\` yang tidak diisi di formulir mana pun.`, hint: `${didYouMean(other, names)}Nama yang dipakai adalah \`name\` sebuah isian.` });
      }
      const field = fields.get(leaf.fact);
      if (!field && leaf.fact === TODAY) {
        if (!DATE_OPS.has(leaf.operator)) {
          out.push({ path: [...path, 'operator'], message: `\`today\` adalah tanggal hari ini: bandingkan dengan operator tanggal.`, hint: 'Gunakan dateBefore, dateOnOrBefore, dateAfter atau dateOnOrAfter.' });
        }
        continue;
      }
      if (!field) {
        out.push({
          path: [...path, 'fact'],
          message: `Syarat memakai isian \`${leaf.fact}\` yang tidak diisi di formulir mana pun, jadi nilainya selalu kosong.`,
          hint: `${didYouMean(leaf.fact, names)}\`fact\` adalah \`name\` sebuah isian pada \`fields\` salah satu langkah.`,
        });
        continue;
      }
      if (guard.owner === leaf.fact) {
        out.push({
          path: [...path, 'fact'],
          message: `Isian \`${leaf.fact}\` hanya tampil bila isian itu sendiri sudah berisi: isian ini tidak akan pernah tampil.`,
          hint: 'Syarat `when` pada isian merujuk ke isian lain yang diisi lebih dulu.',
        });
        continue;
      }
      out.push(...leafProblems(leaf, field, path));
    }
  }
  return out;
}
