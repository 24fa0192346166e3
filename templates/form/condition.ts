/** A field's `when` condition in words a clerk reads: "Saluran laporan adalah Tidak langsung". */
import type { Condition, Field } from '../../engine/types.ts';

const OPERATORS: Record<string, string> = {
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

function valueText(field: Field | undefined, value: unknown): string {
  const one = (v: unknown) => {
    const option = field?.options?.find((o) => o.value === String(v));
    if (option) return option.label;
    if (v === true) return 'dicentang';
    if (v === false) return 'tidak dicentang';
    return String(v);
  };
  return Array.isArray(value) ? value.map(one).join(', ') : one(value);
}

/** Describes `condition` using the labels of `fields` (the fields known at that point of the case). */
export function describeCondition(condition: Condition, fields: Field[]): string {
  if ('all' in condition) {
    const parts = condition.all.map((c) => describeCondition(c, fields));
    return parts.join(' dan ');
  }
  if ('any' in condition) {
    const parts = condition.any.map((c) => describeCondition(c, fields));
    return parts.length > 1 ? `(${parts.join(' atau ')})` : parts.join('');
  }
  if ('not' in condition) return `tidak benar bahwa ${describeCondition(condition.not, fields)}`;
  const field = fields.find((f) => f.name === condition.fact);
  const label = field?.label ?? condition.fact;
  const op = OPERATORS[condition.operator] ?? condition.operator;
  return `${label} ${op} ${valueText(field, condition.value)}`;
}

/** Names of the facts a condition reads: the fields whose change may show or hide another field. */
export function conditionFacts(condition: Condition): string[] {
  if ('all' in condition) return condition.all.flatMap(conditionFacts);
  if ('any' in condition) return condition.any.flatMap(conditionFacts);
  if ('not' in condition) return conditionFacts(condition.not);
  return [condition.fact];
}
