/** Builds the props of a step's form: which fields apply now, values to show, labels of earlier fields. */
import { isMasked } from '../../engine/access.ts';
import { defaultValues, visibleFields } from '../../engine/form.ts';
import type { Step, Workflow } from '../../engine/types.ts';
import type { StepFormProps } from '../../templates/form/form.tsx';
import { timeZoneOf } from './views.ts';

export async function stepFormProps(input: {
  wf: Workflow;
  step: Step;
  /** What the case holds already (conditions read it). */
  caseData: Record<string, unknown>;
  values: Record<string, unknown>;
  action: string;
  errors?: Record<string, string>;
  message?: string;
  rev?: number;
  nonce?: string;
}): Promise<Omit<StepFormProps, 'viewer' | 'submitLabel' | 'before'>> {
  const fields = input.step.fields ?? [];
  const visible = await visibleFields(fields, { ...input.caseData, ...input.values });
  return {
    action: input.action,
    refresh: `${input.action}/isian`,
    fields,
    values: input.values,
    errors: input.errors,
    message: input.message,
    visible: new Set(visible.map((f) => f.name)),
    known: input.wf.steps.flatMap((s) => s.fields ?? []),
    timeZone: timeZoneOf(input.wf),
    rev: input.rev,
    nonce: input.nonce,
  };
}

/**
 * Values a form opens with: each field's `default` (`now` and `today` read in the office's time zone), then what
 * the case already holds for the step's fields (a repeated step), except values hidden from the actor.
 * `wf` is the definition to mask with (its own copy of the step decides which fields are sensitive).
 */
export function initialValues(wf: Workflow, step: Step, data: Record<string, unknown>, roles: string[], now: Date): Record<string, unknown> {
  const own = wf.steps.find((s) => s.id === step.id) ?? step;
  const out = defaultValues(own.fields ?? [], now, timeZoneOf(wf));
  for (const f of own.fields ?? []) if (f.name in data && !isMasked(wf, f, roles)) out[f.name] = data[f.name];
  return out;
}
