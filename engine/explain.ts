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

/** A value as the form showed it: option labels, "Ya"/"Tidak", lists joined; `short` drops bracketed explanations. */
export function valueLabel(field: Field | undefined, value: unknown, short = false): string {
  if (value === undefined || value === null || value === '') return '(kosong)';
  if (Array.isArray(value)) return value.length ? value.map((v) => valueLabel(field, v, short)).join(', ') : '(kosong)';
  if (typeof value === 'boolean') return value ? 'Ya' : 'Tidak';
  const option = field?.options?.find((o) => o.value === String(value));
  if (!option) return String(value);
  return short ? shortLabel(option.label) : option.label;
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
  const subject = field?.label ?? leaf.fact;
  if (field?.type === 'checkbox' && leaf.operator === 'equal' && typeof leaf.value === 'boolean') {
    return leaf.value ? subject : `bukan: ${subject}`;
  }
  const op = (compact ? OPERATOR_SIGNS : OPERATOR_WORDS)[leaf.operator] ?? leaf.operator;
  const value = valueLabel(field, leaf.value, compact);
  return op === ':' ? `${subject}: ${value}` : `${subject} ${op} ${value}`;
}
