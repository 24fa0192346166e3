/** How urgent a case is: the YAML's `priority` rules, the first that holds over the case's data at a step. */
import { compiledFor, runGuards, type CompiledGuards } from './guards.ts';
import type { Condition, PriorityRule, Workflow } from './types.ts';

const compiledRules = new WeakMap<PriorityRule[], CompiledGuards>();

/** The first rule that holds over `facts` (data with today), or undefined when none holds. */
export async function priorityRuleOf(wf: Workflow, facts: Record<string, unknown>): Promise<PriorityRule | undefined> {
  const rules = wf.priority ?? [];
  if (rules.length === 0) return undefined;
  const guards = compiledFor(compiledRules, rules, () => rules.map((r, i): [string, Condition] => [String(i), r.when]));
  const results = await runGuards(guards, facts);
  return rules.find((_, i) => results.get(String(i))?.result);
}

/** The priority the rules give over `facts` (data with today), or undefined when none holds. */
export async function priorityOf(wf: Workflow, facts: Record<string, unknown>): Promise<{ value: number; label: string } | undefined> {
  const hit = await priorityRuleOf(wf, facts);
  return hit ? { value: hit.value, label: hit.label } : undefined;
}

/** Whether `value` is the highest priority the service declares (its badge is drawn as the most urgent). */
export function isTopPriority(wf: Workflow, value: number | undefined): boolean {
  const rules = wf.priority ?? [];
  return value !== undefined && value > 0 && rules.length > 0 && value >= Math.max(...rules.map((r) => r.value));
}
