/** How urgent a case is: the YAML's `priority` rules, the first that holds over the case's data at a step. */
import { compiledFor, runGuards, type CompiledGuards } from './guards.ts';
import type { Condition, PriorityRule, Workflow } from './types.ts';

const compiledRules = new WeakMap<PriorityRule[], CompiledGuards>();

/** The priority the rules give over `facts` (data with today), or undefined when none holds. */
export async function priorityOf(wf: Workflow, facts: Record<string, unknown>): Promise<{ value: number; label: string } | undefined> {
  const rules = wf.priority ?? [];
  if (rules.length === 0) return undefined;
  const guards = compiledFor(compiledRules, rules, () => rules.map((r, i): [string, Condition] => [String(i), r.when]));
  const results = await runGuards(guards, facts);
  const hit = rules.find((_, i) => results.get(String(i))?.result);
  return hit ? { value: hit.value, label: hit.label } : undefined;
}
