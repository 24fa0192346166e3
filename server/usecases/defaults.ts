/**
 * The field defaults for the API: a JSON body that leaves a field out gets its `default` (`now`, `today` or a value),
 * as the page's form opens with it, so `default: now` is not "Wajib diisi" through the API. The rule is
 * engine/form.ts withDefaults; this finds the form (the intake of the version in force, or the step of the case's
 * own version).
 */
import { withDefaults } from '../../engine/form.ts';
import { stepOf } from '../../engine/tasks.ts';
import { timeZoneOf } from '../../engine/time.ts';
import type { AppDeps } from './deps.ts';

/** The intake data of a new case of `workflowId` with the defaults of the fields left out. */
export function intakeWithDefaults(deps: AppDeps, workflowId: string, data: Record<string, unknown>): Record<string, unknown> {
  const wf = deps.workflows.get(workflowId);
  const step = wf && stepOf(wf, wf.start);
  return wf && step?.fields ? withDefaults(step.fields, data, deps.now(), timeZoneOf(wf)) : data;
}

/** The data of step `step` of case `id` with the defaults of the fields left out (the case's own version's form). */
export async function stepWithDefaults(deps: AppDeps, id: string, step: string, data: Record<string, unknown>): Promise<Record<string, unknown>> {
  const c = await deps.store.cases.get(id).catch(() => undefined);
  const wf = c && deps.workflows.forCase(c.workflow);
  const s = wf && stepOf(wf, step);
  return wf && s?.fields ? withDefaults(s.fields, data, deps.now(), timeZoneOf(wf)) : data;
}
