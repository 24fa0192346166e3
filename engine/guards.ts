/** Guards: json-rules-engine conditions from the YAML, evaluated over a case's data and explained in Indonesian. */
import { Engine } from 'json-rules-engine';
import type { RuleResult, TopLevelCondition } from 'json-rules-engine';
import { DATE_OPERATORS } from './compute.ts';
import { comparedLabel, fieldIndex, OPERATOR_WORDS, valueLabel } from './explain.ts';
import type { Branch, Condition, Field, GuardEvaluation, Step, Workflow } from './types.ts';

type Facts = Record<string, unknown>;

/** json-rules-engine wants all/any/not at the top of a rule; a lone fact condition is wrapped in `all`. */
function topLevel(cond: Condition): TopLevelCondition {
  const copy = structuredClone(cond) as Record<string, unknown>;
  return ('all' in copy || 'any' in copy || 'not' in copy ? copy : { all: [copy] }) as unknown as TopLevelCondition;
}

/** Every fact name a condition reads: its leaves' `fact`, and a `fact` a value is compared against. */
function factsRead(node: unknown, out: Set<string>): Set<string> {
  if (Array.isArray(node)) for (const n of node) factsRead(n, out);
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === 'fact' && typeof v === 'string') out.add(v);
      else factsRead(v, out);
    }
  }
  return out;
}

/**
 * Named conditions prepared once for many evaluations: the rules as json-rules-engine takes them, the facts they
 * read (only those are handed to the engine), and engines already built for them, reused one run at a time.
 * An engine is never shared by two runs in flight: json-rules-engine keeps a run's status on the engine.
 */
export interface CompiledGuards {
  readonly rules: ReadonlyArray<{ name: string; conditions: TopLevelCondition }>;
  readonly facts: readonly string[];
  readonly idle: Engine[];
  /** Results already computed, by the JSON of the facts read: the same answers for the same facts (a few kept). */
  readonly known: Map<string, Map<string, RuleResult>>;
}

/** Result sets kept per compiled set: the facts guards read are mostly choices, so a few cover nearly every run. */
const KNOWN_RESULTS = 64;

/** Engines kept per compiled set: enough for the requests in flight at once, never a growing heap. */
const IDLE_ENGINES = 8;

export function compileGuards(conditions: Iterable<[string, Condition]>): CompiledGuards {
  const rules: Array<{ name: string; conditions: TopLevelCondition }> = [];
  const facts = new Set<string>();
  for (const [name, cond] of conditions) {
    rules.push({ name, conditions: topLevel(cond) });
    factsRead(cond, facts);
  }
  // A nameless value (a form field posted with an empty name) is no fact: json-rules-engine would throw on it.
  facts.delete('');
  return { rules, facts: [...facts], idle: [], known: new Map() };
}

function engineFor(compiled: CompiledGuards): Engine {
  const engine = new Engine([], { allowUndefinedFacts: true });
  for (const [name, test] of Object.entries(DATE_OPERATORS)) engine.addOperator(name, test);
  for (const r of compiled.rules) engine.addRule({ name: r.name, conditions: r.conditions, event: { type: r.name } });
  return engine;
}

/** Evaluates compiled conditions over the facts in one json-rules-engine run; each name's RuleResult. */
export async function runGuards(compiled: CompiledGuards, facts: Facts): Promise<Map<string, RuleResult>> {
  const out = new Map<string, RuleResult>();
  if (compiled.rules.length === 0) return out;
  // Runtime facts: copied so the engine can never touch the case's own data; only those the conditions read.
  const runtime: Facts = {};
  for (const name of compiled.facts) if (Object.hasOwn(facts, name)) runtime[name] = facts[name];
  // The operators are pure and the results only read: a run over the same facts gives the same results.
  const key = JSON.stringify(runtime);
  const known = compiled.known.get(key);
  if (known) return new Map(known);
  const engine = compiled.idle.pop() ?? engineFor(compiled);
  try {
    const { results, failureResults } = await engine.run(runtime);
    for (const r of results) out.set(r.name, r);
    for (const r of failureResults) out.set(r.name, r);
  } finally {
    if (compiled.idle.length < IDLE_ENGINES) compiled.idle.push(engine);
  }
  if (compiled.known.size >= KNOWN_RESULTS) compiled.known.clear();
  compiled.known.set(key, new Map(out));
  return out;
}

/** `compileGuards` once per key object (a step, a field list, a deadline list of a definition, never mutated). */
export function compiledFor<K extends object>(cache: WeakMap<K, CompiledGuards>, key: K, conditions: () => Iterable<[string, Condition]>): CompiledGuards {
  let compiled = cache.get(key);
  if (!compiled) {
    compiled = compileGuards(conditions());
    cache.set(key, compiled);
  }
  return compiled;
}

/**
 * Evaluates several named conditions over the same facts in one json-rules-engine run.
 * Returns each name's RuleResult (result true/false with the facts it read). Prepared anew on every call: the
 * engine's own hot paths use `runGuards` with conditions compiled once per definition.
 */
export async function evaluate(conditions: Map<string, Condition>, facts: Facts): Promise<Map<string, RuleResult>> {
  return runGuards(compileGuards(conditions), facts);
}

/** Whether one condition holds over the facts. */
export async function holds(cond: Condition, facts: Facts): Promise<boolean> {
  const r = await evaluate(new Map([['c', cond]]), facts);
  return Boolean(r.get('c')?.result);
}

// ---------------------------------------------------------------------------
// Explaining a result to a case worker
// ---------------------------------------------------------------------------

interface LeafResult {
  fact: string;
  operator: string;
  value: unknown;
  factResult?: unknown;
  result?: boolean;
}

/**
 * The evaluated leaves that decided a condition result tree: for an `all` that held, every part; for one that
 * failed, the parts that failed; for an `any`, the parts that held (or all, when none did); `not` looks inside.
 */
function deciding(node: unknown, result?: boolean): LeafResult[] {
  if (!node || typeof node !== 'object') return [];
  const n = node as Record<string, unknown>;
  const r = typeof n.result === 'boolean' ? n.result : result;
  if (typeof n.fact === 'string') return 'result' in n ? [n as unknown as LeafResult] : [];
  if (n.not) return deciding(n.not, r === undefined ? undefined : !r);
  const parts = (Array.isArray(n.all) ? n.all : Array.isArray(n.any) ? n.any : []) as Array<Record<string, unknown>>;
  const wanted = Array.isArray(n.all) ? (r ? undefined : false) : r ? true : undefined;
  return parts.filter((p) => wanted === undefined || p.result === wanted).flatMap((p) => deciding(p));
}

/**
 * A case's value as a reason may quote it. Reasons are kept in the history and shown to every reader of the case,
 * so the value of a `sensitive` field (identity of a child or a reporter) is never written into one.
 */
function caseValue(field: Field | undefined, value: unknown): string {
  return field?.sensitive ? '(data identitas, tidak dikutip)' : valueLabel(field, value);
}

/** "Saluran laporan: Tidak langsung" for a leaf that held, "Saluran laporan: Langsung (bukan Tidak langsung)" otherwise. */
function describeLeaf(leaf: LeafResult, fields: Map<string, Field>): string {
  const field = fields.get(leaf.fact);
  const label = field?.label ?? leaf.fact;
  const actual = caseValue(field, leaf.factResult);
  if (leaf.result) {
    const words = OPERATOR_WORDS[leaf.operator];
    return leaf.operator === 'equal' || leaf.operator === 'in' || leaf.operator === 'contains' || !words
      ? `${label}: ${actual}`
      : `${label}: ${actual} (${words} ${comparedLabel(field, leaf.value, fields)})`;
  }
  const expected = `${OPERATOR_WORDS[leaf.operator] || 'bukan'} ${comparedLabel(field, leaf.value, fields)}`.trim();
  return leaf.operator === 'equal' ? `${label}: ${actual}, bukan ${comparedLabel(field, leaf.value, fields)}` : `${label}: ${actual}, syarat "${expected}" tidak terpenuhi`;
}

/** What a branch leads to, in words: its label, or the step / outcome it names. */
export function branchLabel(wf: Workflow, branch: Branch): string {
  if (branch.label) return branch.label;
  if (branch.parallel) {
    const names = branch.parallel.map((id) => wf.steps.find((s) => s.id === id)).map((s, i) => (s ? `langkah ${s.number} (${s.title})` : branch.parallel![i]));
    return `dikerjakan bersamaan: ${names.join(' dan ')}`;
  }
  if (branch.end) return `kasus ditutup: ${wf.outcomes.find((o) => o.id === branch.end)?.label ?? branch.end}`;
  const to = wf.steps.find((s) => s.id === branch.to);
  return to ? `lanjut ke langkah ${to.number}: ${to.title}` : `lanjut ke ${branch.to}`;
}

/** A step's `next` as a list of branches (a plain step id is one branch without a guard). */
export function branchesOf(step: Step): Branch[] {
  if (step.end) return [{ end: step.end }];
  if (typeof step.next === 'string') return [{ to: step.next }];
  return step.next ?? [];
}

/** Compiled branch guards per step object, and the field index per definition object (both never mutated). */
const branchGuards = new WeakMap<Step, CompiledGuards>();
const fieldIndexes = new WeakMap<Workflow, Map<string, Field>>();

function fieldsOf(wf: Workflow): Map<string, Field> {
  let index = fieldIndexes.get(wf);
  if (!index) fieldIndexes.set(wf, (index = fieldIndex(wf)));
  return index;
}

export interface BranchChoice {
  branch: Branch;
  chosen: GuardEvaluation;
  evaluations: GuardEvaluation[];
}

/**
 * Picks the first branch of a step whose `when` holds over the facts, and says why for every branch tried.
 * A branch without `when` always holds; its reason repeats the facts that made earlier branches fail.
 * Undefined when no branch holds (the definition checks make that impossible for a valid workflow's
 * last branch, but a workflow whose every branch is guarded may still end up here).
 */
export async function chooseBranch(wf: Workflow, step: Step, facts: Facts): Promise<BranchChoice | undefined> {
  const branches = branchesOf(step);
  const guards = compiledFor(branchGuards, step, () => branches.flatMap((b, i): Array<[string, Condition]> => (b.when ? [[String(i), b.when]] : [])));
  const results = await runGuards(guards, facts);
  const fields = fieldsOf(wf);
  const evaluations: GuardEvaluation[] = [];
  const earlierFacts: string[] = [];

  for (let i = 0; i < branches.length; i++) {
    const branch = branches[i];
    const then = branchLabel(wf, branch);
    let result = true;
    let because: string;
    if (branch.when) {
      const r = results.get(String(i));
      result = Boolean(r?.result);
      const decided = deciding(r?.conditions, result);
      const described = decided.map((l) => describeLeaf(l, fields));
      because = described.join(result ? ' dan ' : '; ') || 'syarat';
      if (!result) earlierFacts.push(...decided.map((l) => `${fields.get(l.fact)?.label ?? l.fact}: ${caseValue(fields.get(l.fact), l.factResult)}`));
    } else {
      because = [...new Set(earlierFacts)].join(' dan ');
    }
    const reason = result
      ? because ? `${because}, maka ${then}` : capitalize(then)
      : `Bukan ${then}, karena ${because}`;
    const evaluation: GuardEvaluation = { to: branch.to, end: branch.end, result, reason };
    evaluations.push(evaluation);
    if (result) return { branch, chosen: evaluation, evaluations };
  }
  return undefined;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
