/** Conditions and values in a case worker's words: one vocabulary for branch reasons, forms, the standard and the diagram. */
import type { Condition, Field, Workflow } from './types.ts';

type Leaf = Extract<Condition, { fact: string }>;

/** Each json-rules-engine operator as Indonesian words ("Saluran laporan adalah Tidak langsung"). */
export const OPERATOR_WORDS: Record<string, string> = {
  equal: 'adalah',
  notEqual: 'bukan',
  in: 'salah satu dari',
  notIn: 'bukan salah satu dari',
  contains: 'memuat',
  doesNotContain: 'tidak memuat',
  lessThan: 'kurang dari',
  lessThanInclusive: 'paling banyak',
  greaterThan: 'lebih dari',
  greaterThanInclusive: 'paling sedikit',
  dateBefore: 'sebelum',
  dateOnOrBefore: 'paling lambat',
  dateAfter: 'sesudah',
  dateOnOrAfter: 'paling cepat',
};

/** The same operators as short signs, for the little space on a diagram's arrow ("Saluran laporan = Tidak langsung"). */
const OPERATOR_SIGNS: Record<string, string> = {
  equal: '=',
  notEqual: '≠',
  in: ':',
  notIn: 'bukan',
  contains: 'memuat',
  doesNotContain: 'tanpa',
  lessThan: '<',
  lessThanInclusive: '≤',
  greaterThan: '>',
  greaterThanInclusive: '≥',
  dateBefore: '<',
  dateOnOrBefore: '≤',
  dateAfter: '>',
  dateOnOrAfter: '≥',
};

/** Every field of the workflow by name (field names are the facts guards read); the first definition wins. */
export function fieldIndex(wf: Workflow): Map<string, Field> {
  const index = new Map<string, Field>();
  for (const step of wf.steps) for (const f of step.fields ?? []) if (!index.has(f.name)) index.set(f.name, f);
  return index;
}

/** An option label without its explanation in brackets: "Tidak langsung (telepon atau media)" → "Tidak langsung". */
export function shortLabel(label: string): string {
  return label.replace(/\s*\([^)]*\)\s*$/, '').trim() || label;
}

const MONTHS = ['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember'];

/** "2026-11-30" → "30 November 2026". */
export function dayText(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  return `${d} ${MONTHS[m - 1] ?? m} ${y}`;
}

/** A value as the form showed it: option labels, "Ya"/"Tidak", lists joined; `short` drops bracketed explanations. */
export function valueLabel(field: Field | undefined, value: unknown, short = false): string {
  if (value === undefined || value === null || value === '') return '(kosong)';
  if (field?.type === 'date' && typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return dayText(value);
  if (Array.isArray(value) && value.some((v) => v !== null && typeof v === 'object')) return `${value.length} baris`;
  if (Array.isArray(value)) return value.length ? value.map((v) => valueLabel(field, v, short)).join(', ') : '(kosong)';
  if (typeof value === 'boolean') return value ? 'Ya' : 'Tidak';
  const option = field?.options?.find((o) => o.value === String(value));
  if (!option) return String(value);
  return short ? shortLabel(option.label) : option.label;
}

/**
 * The value a leaf compares with, in words: a value of the field, or another fact (`{ fact: today }` is
 * "hari ini", another field its label).
 */
export function comparedLabel(field: Field | undefined, value: unknown, fields: Map<string, Field>, short = false): string {
  if (value && typeof value === 'object' && !Array.isArray(value) && typeof (value as { fact?: unknown }).fact === 'string') {
    const other = (value as { fact: string }).fact;
    if (other === 'today') return 'hari ini';
    if (other === 'now') return 'saat ini';
    return fields.get(other)?.label ?? other;
  }
  return valueLabel(field, value, short);
}

/** Names of the facts a condition reads. */
export function conditionFacts(condition: Condition): string[] {
  if ('all' in condition) return condition.all.flatMap(conditionFacts);
  if ('any' in condition) return condition.any.flatMap(conditionFacts);
  if ('not' in condition) return conditionFacts(condition.not);
  return [condition.fact];
}

const isCompound = (c: Condition) => ('all' in c && c.all.length > 1) || ('any' in c && c.any.length > 1);

/**
 * A condition as a sentence ("Saluran laporan adalah Tidak langsung (telepon atau media)"), or `compact` for a
 * diagram's arrow ("Saluran laporan = Tidak langsung"). Labels come from the workflow's fields.
 */
export function describeCondition(condition: Condition, fields: Map<string, Field>, compact = false): string {
  const part = (c: Condition, many: boolean) => {
    const text = describeCondition(c, fields, compact);
    return many && isCompound(c) ? `(${text})` : text;
  };
  if ('all' in condition) return condition.all.map((c) => part(c, condition.all.length > 1)).join(' dan ');
  if ('any' in condition) return condition.any.map((c) => part(c, condition.any.length > 1)).join(' atau ');
  if ('not' in condition) return `bukan (${describeCondition(condition.not, fields, compact)})`;
  return describeLeaf(condition, fields, compact);
}

function describeLeaf(leaf: Leaf, fields: Map<string, Field>, compact: boolean): string {
  const field = fields.get(leaf.fact);
  const subject = field?.label ?? (leaf.fact === 'today' ? 'Hari ini' : leaf.fact);
  if (field?.type === 'checkbox' && leaf.operator === 'equal' && typeof leaf.value === 'boolean') {
    return leaf.value ? subject : `bukan: ${subject}`;
  }
  const op = (compact ? OPERATOR_SIGNS : OPERATOR_WORDS)[leaf.operator] ?? leaf.operator;
  const value = comparedLabel(field, leaf.value, fields, compact);
  return op === ':' ? `${subject}: ${value}` : `${subject} ${op} ${value}`;
}
