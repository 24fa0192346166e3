/** A field's `when` condition in words a clerk reads ("Saluran laporan adalah Tidak langsung"), from the engine's vocabulary. */
import { conditionFacts, describeCondition as describe } from '../../engine/explain.ts';
import type { Condition, Field } from '../../engine/types.ts';

export { conditionFacts };

/** Describes `condition` using the labels of `fields` (the fields known at that point of the case). */
export function describeCondition(condition: Condition, fields: Field[]): string {
  return describe(condition, new Map(fields.map((f) => [f.name, f])));
}
