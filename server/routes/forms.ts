/** Builds the props of a step's form: which fields apply now, values to show, labels of earlier fields. */
import { isMasked } from '../../engine/access.ts';
import { builtInFacts } from '../../engine/compute.ts';
import { defaultValues, previewForm } from '../../engine/form.ts';
import { editRows } from '../../engine/groups.ts';
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
  /** The moment the form is shown: `today` for computed ages and conditions. */
  now?: Date;
  /** Attachments the form names (file fields' values), to show their names. */
  files?: StepFormProps['files'];
}): Promise<Omit<StepFormProps, 'viewer' | 'submitLabel' | 'before'>> {
  const fields = input.step.fields ?? [];
  const { visible, computed } = await previewForm(fields, input.values, input.caseData, { now: input.now, timeZone: timeZoneOf(input.wf) });
  return {
    action: input.action,
    refresh: `${input.action}/isian`,
    fields,
    values: { ...input.values, ...computed },
    errors: input.errors,
    message: input.message,
    visible: new Set(visible.map((f) => f.name)),
    known: input.wf.steps.flatMap((s) => s.fields ?? []),
    timeZone: timeZoneOf(input.wf),
    today: input.now ? builtInFacts(input.now, timeZoneOf(input.wf)).today : undefined,
    rev: input.rev,
    nonce: input.nonce,
    files: input.files,
    uploadBase: `/berkas?layanan=${encodeURIComponent(input.wf.id)}`,
    multipart: fields.some((f) => f.type === 'file'),
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

/**
 * A form post that adds or removes a row of a repeating group (the "Tambah baris" / "Hapus" buttons, which work
 * without JavaScript): the values with the row added or removed, or undefined when the post is a real submission.
 */
export function editedRows(step: Step, values: Record<string, unknown>, meta: Record<string, string>): Record<string, unknown> | undefined {
  const target = meta._tambah ?? meta._hapus;
  if (target === undefined) return undefined;
  const [group, row] = target.split('.');
  const field = (step.fields ?? []).find((f) => f.type === 'group' && f.name === group);
  if (!field) return values;
  return editRows(field, values, meta._tambah !== undefined ? { add: true } : { remove: Number(row) });
}
