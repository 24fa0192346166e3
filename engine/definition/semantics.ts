/** The checks beyond the schema, run on a definition whose shape is already valid. */
import type { Workflow } from '../types.ts';
import { checkComputed } from './computed.ts';
import { checkConditions } from './conditions.ts';
import { checkDeadlineRules } from './deadline-rules.ts';
import type { Problem } from './errors.ts';
import { checkFields } from './fields.ts';
import { checkGraph } from './graph.ts';
import { checkLetters } from './letters.ts';
import { checkNotifications } from './notifications.ts';
import { checkReferences } from './references.ts';
import { checkReports } from './reports.ts';
import { checkTiming } from './timing.ts';
import { checkPrivacy } from './privacy.ts';

const CHECKS: Array<(wf: Workflow) => Problem[]> = [checkReferences, checkGraph, checkFields, checkConditions, checkTiming, checkPrivacy, checkReports, checkDeadlineRules, checkComputed, checkLetters, checkNotifications];

/** Every problem the separate checks find (each check is independent of the others' results). */
export function checkSemantics(wf: Workflow): Problem[] {
  return CHECKS.flatMap((check) => check(wf));
}
