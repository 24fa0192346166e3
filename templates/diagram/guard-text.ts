/** Short Indonesian wording of a branch condition for an arrow: "Saluran laporan = Tidak langsung". */
import type { Condition, Field, Workflow } from '../../engine/types.ts';

/** Every field of the workflow by name (the facts guards read). */
export function fieldsByName(workflow: Workflow): Map<string, Field> {
  const map = new Map<string, Field>();
  for (const step of workflow.steps) for (const f of step.fields ?? []) if (!map.has(f.name)) map.set(f.name, f);
  return map;
}

/** An option label without its trailing explanation in brackets: "Tidak langsung (telepon atau media)" -> "Tidak langsung". */
function shortLabel(label: string): string {
  const cut = label.replace(/\s*\([^)]*\)\s*$/, '').trim();
  return cut || label;
}

function valueText(field: Field | undefined, value: unknown): string {
  if (Array.isArray(value)) return value.map((v) => valueText(field, v)).join(', ');
  if (typeof value === 'boolean') return value ? 'Ya' : 'Tidak';
  const option = field?.options?.find((o) => o.value === String(value));
  if (option) return shortLabel(option.label);
  if (value === null || value === undefined || value === '') return '(kosong)';
  return String(value);
}

const OPERATORS: Record<string, (subject: string, value: string) => string> = {
  equal: (s, v) => `${s} = ${v}`,
  notEqual: (s, v) => `${s} ≠ ${v}`,
  in: (s, v) => `${s}: ${v}`,
  notIn: (s, v) => `${s} bukan ${v}`,
  contains: (s, v) => `${s} memuat ${v}`,
  doesNotContain: (s, v) => `${s} tanpa ${v}`,
  lessThan: (s, v) => `${s} < ${v}`,
  lessThanInclusive: (s, v) => `${s} ≤ ${v}`,
  greaterThan: (s, v) => `${s} > ${v}`,
  greaterThanInclusive: (s, v) => `${s} ≥ ${v}`,
};

/** The condition in words, using the fields' labels and the options' labels. */
export function guardText(condition: Condition, fields: Map<string, Field>): string {
  if ('all' in condition) return joinParts(condition.all, ' dan ', fields);
  if ('any' in condition) return joinParts(condition.any, ' atau ', fields);
  if ('not' in condition) return `bukan (${guardText(condition.not, fields)})`;
  const field = fields.get(condition.fact);
  const subject = field?.label ?? condition.fact;
  const value = valueText(field, condition.value);
  if (field?.type === 'checkbox' && condition.operator === 'equal' && typeof condition.value === 'boolean') {
    return condition.value ? subject : `bukan: ${subject}`;
  }
  const phrase = OPERATORS[condition.operator];
  return phrase ? phrase(subject, value) : `${subject} ${condition.operator} ${value}`;
}

function joinParts(parts: Condition[], glue: string, fields: Map<string, Field>): string {
  return parts.map((p) => (isCompound(p) && parts.length > 1 ? `(${guardText(p, fields)})` : guardText(p, fields))).join(glue);
}

function isCompound(c: Condition): boolean {
  return ('all' in c && c.all.length > 1) || ('any' in c && c.any.length > 1);
}

/** The words on the arrow of the branch taken when no earlier branch holds. */
export const OTHERWISE = 'selain itu';
