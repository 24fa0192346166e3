/** A step's cross-field checks (`checks`): each rule over the form's values, with its message at its field. */
import { BUILT_IN_FACTS } from './compute.ts';
import { conditionFacts } from './explain.ts';
import { compiledFor, runGuards, type CompiledGuards } from './guards.ts';
import type { Check, Condition, Field } from './types.ts';

type Data = Record<string, unknown>;

const compiledChecks = new WeakMap<Check[], CompiledGuards>();

const isEmpty = (v: unknown) => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);

/** Where a check's message is shown: its `field`, else the first field of the form its rule reads. */
export function checkField(check: Check, fields: Field[]): string | undefined {
  if (check.field) return check.field;
  const read = new Set(conditionFacts(check.rule));
  return fields.find((f) => read.has(f.name))?.name;
}

/**
 * Runs the checks over the facts (the case's data, the form's values, computed values, today); returns field name →
 * message for each check that does not hold. A check reading a field that is empty, or that already has an error of
 * its own (`errors`), does not apply: "age and birth date agree" says nothing until both are given and valid.
 */
export async function runChecks(checks: Check[], fields: Field[], facts: Data, errors: Record<string, string>): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  if (checks.length === 0) return out;
  const guards = compiledFor(compiledChecks, checks, () => checks.map((c, i): [string, Condition] => [String(i), c.rule]));
  const results = await runGuards(guards, facts);
  checks.forEach((c, i) => {
    const read = conditionFacts(c.rule).filter((n) => !BUILT_IN_FACTS.includes(n));
    if (read.some((n) => isEmpty(facts[n]) || errors[n])) return;
    const at = checkField(c, fields);
    if (!at || errors[at] || out[at]) return;
    if (!results.get(String(i))?.result) out[at] = c.message;
  });
  return out;
}
