/** Short Indonesian wording of a branch condition for an arrow: "Saluran laporan = Tidak langsung". */
import { describeCondition, fieldIndex } from '../../engine/explain.ts';
import type { Condition, Field } from '../../engine/types.ts';

/** Every field of the workflow by name (the facts guards read). */
export const fieldsByName = fieldIndex;

/** The condition in the diagram's compact words, using the fields' and the options' labels. */
export function guardText(condition: Condition, fields: Map<string, Field>): string {
  return describeCondition(condition, fields, true);
}

/** The words on the arrow of the branch taken when no earlier branch holds. */
export const OTHERWISE = 'selain itu';
