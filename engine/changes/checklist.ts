/** The intake form's list of documents received, found by its options naming the service's requirements. */

interface Option {
  value: string;
  label: string;
}
interface ChecklistField {
  name: string;
  label: string;
  type: string;
  options?: Option[];
}
interface ChecklistStep<F extends ChecklistField> {
  id: string;
  fields?: F[];
}
interface Requirement {
  id: string;
  text: string;
}

export interface Checklist<S, F> {
  step: S;
  field: F;
  /** Requirements with no option in the list (matched by id, or by the same words). */
  missing: Requirement[];
}

const CHOICES = new Set(['multiselect', 'select', 'radio']);
const matches = (o: Option, r: Requirement) => o.value === r.id || o.label.toLowerCase() === r.text.toLowerCase();

/**
 * The choice field of the first step whose options are mostly the requirements (at least half of them), the one
 * matching most; works on a checked definition and on the editor's outline alike.
 */
export function checklistOf<F extends ChecklistField, S extends ChecklistStep<F>>(def: { start: string; steps: S[]; requirements: Requirement[] }): Checklist<S, F> | undefined {
  const start = def.steps.find((s) => s.id === def.start) ?? def.steps[0];
  if (!start || !def.requirements.length) return undefined;
  let best: { field: F; score: number } | undefined;
  for (const f of start.fields ?? []) {
    if (!CHOICES.has(f.type) || !f.options?.length) continue;
    const score = f.options.filter((o) => def.requirements.some((r) => matches(o, r))).length;
    if (score && score * 2 >= f.options.length && (!best || score > best.score)) best = { field: f, score };
  }
  if (!best) return undefined;
  const field = best.field;
  return { step: start, field, missing: def.requirements.filter((r) => !field.options!.some((o) => matches(o, r))) };
}
