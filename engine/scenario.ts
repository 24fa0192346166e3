/** Scenario files: an office's own regression tests for a procedure (given intake and step data, expect this path). */
import { completeStep, meetDeadline, startCase } from './case.ts';
import { meetRoles, type DeadlineOutcome } from './deadlines.ts';
import { expectationProblems } from './scenario-expect.ts';
import { stepOf, rolesOf, tasksOf } from './tasks.ts';
import { assignTask, claimTask, releaseTask } from './assignment.ts';
import type { Actor, Case, Delegation, Refusal, Result, Workflow } from './types.ts';

export interface ScenarioAction {
  /** Complete this step with `data`… */
  step?: string;
  data?: Record<string, unknown>;
  /** …or record that a running deadline was met. */
  meet?: string;
  /** ISO time; default: one hour after the previous action. */
  at?: string;
  /** Take the open task of this step (claim)… */
  claim?: string;
  /** …give it to a named account (`to`, holding `roles`, default the step's roles)… */
  assign?: { step: string; to: string; roles?: string[] };
  /** …or hand it back to its role. */
  release?: string;
  /** Act as a user holding these roles; default: the roles of the step. */
  by?: string[];
  /** The acting account's username; default "skenario(roles)". */
  user?: string;
  /** The action must be refused with this code (the case stays as it was). */
  expect?: RefusalExpectation;
}

/** A refusal a scenario expects: its code, and words the message of each named field must contain. */
export interface RefusalExpectation {
  refused: Refusal['code'];
  fields?: Record<string, string>;
}

export interface ScenarioExpectation {
  path?: string[];
  status?: Case['status'];
  outcome?: string;
  current?: string;
  /** Deadline id → expected due time (ISO, any offset). */
  deadlines?: Record<string, string>;
  /** Deadline id → what became of its last clock: running, met, superseded or ended. */
  deadlineOutcomes?: Record<string, DeadlineOutcome>;
  /** Steps of the tasks open at the end, in any order (several on parallel branches). */
  tasks?: string[];
  /** Words that must appear in the recorded guard reasons, in order of the guards. */
  reasons?: string[];
  /** Values the case must hold at the end (a computed age, a value entered). */
  data?: Record<string, unknown>;
  /** The priority label the case must have at the end; "" for none. */
  priority?: string;
  /** Step id → the username its open task is assigned to ("" for none). */
  assignees?: Record<string, string>;
  /** Step id → who did it last: "budi", or "sekdin atas nama kadis" for an acting official. */
  completedBy?: Record<string, string>;
}

export interface Scenario {
  name: string;
  /** The intake; with `expect`, the intake must be refused (and the scenario ends there). */
  start: { at?: string; data: Record<string, unknown>; by?: string[]; expect?: RefusalExpectation };
  steps?: ScenarioAction[];
  /** Acting officials (Plt. / Plh.) in force during the scenario. */
  delegations?: Array<Pick<Delegation, 'official' | 'acting' | 'kind' | 'roles' | 'from' | 'until'>>;
  expect?: ScenarioExpectation;
}

export interface ScenarioFile {
  workflow: string;
  scenarios: Scenario[];
}

export interface ScenarioResult {
  name: string;
  passed: boolean;
  /** The steps completed, in order. */
  path: string[];
  failures: string[];
}

const HOUR = 3_600_000;


const DEFAULT_START = '2026-01-05T09:00:00+07:00';

const actorFor = (roles: string[]): Actor => ({ username: `skenario(${roles.join(',')})`, roles });

const describeRefusal = (r: Refusal) =>
  r.fields ? `${r.message} ${Object.entries(r.fields).map(([k, v]) => `${k}: ${v}`).join('; ')}` : r.message;

/** Compares a result with the refusal a scenario expects; what differs goes to `failures`. */
function refusalProblems(where: string, result: { ok: true } | { ok: false; refusal: Refusal }, expected: RefusalExpectation, failures: string[]): void {
  if (result.ok) {
    failures.push(`${where}: seharusnya ditolak (${expected.refused}), tetapi diterima`);
    return;
  }
  if (result.refusal.code !== expected.refused) failures.push(`${where}: ditolak dengan kode ${result.refusal.code}, seharusnya ${expected.refused}`);
  for (const [name, words] of Object.entries(expected.fields ?? {})) {
    const message = result.refusal.fields?.[name];
    if (!message?.includes(words)) failures.push(`${where}: pesan isian ${name} "${message ?? '(tidak ada)'}" tidak memuat "${words}"`);
  }
}

/** Does one action of a scenario: a step, a deadline met, a task claimed, assigned or released. */
async function perform(wf: Workflow, c: Case, action: ScenarioAction, now: Date, delegations: Delegation[]): Promise<Result<{ case: Case }>> {
  const stepId = action.step ?? action.claim ?? action.assign?.step ?? action.release;
  const step = stepId ? stepOf(wf, stepId) : undefined;
  const deadline = action.meet ? c.deadlines.find((d) => d.id === action.meet) : undefined;
  const roles = action.by ?? (step ? rolesOf(step) : deadline ? meetRoles(wf, deadline) : []);
  const actor = { ...actorFor(roles), ...(action.user ? { username: action.user } : {}) };
  const task = step ? tasksOf(c).find((t) => t.step === step.id)?.id ?? '' : '';
  if (action.meet) return meetDeadline(wf, c, { deadline: action.meet, actor, now, delegations });
  if (action.claim) return claimTask(wf, c, { task, actor, now, delegations });
  if (action.release) return releaseTask(wf, c, { task, actor, now, delegations });
  if (action.assign) {
    const to = { username: action.assign.to, roles: action.assign.roles ?? (step ? rolesOf(step) : []) };
    return assignTask(wf, c, { task, to, actor, now, delegations });
  }
  return completeStep(wf, c, { step: action.step ?? '', data: action.data ?? {}, actor, now, delegations });
}

/** Runs one scenario against a workflow and compares what happened with what it expects. */
export async function runScenario(wf: Workflow, s: Scenario): Promise<ScenarioResult> {
  const failures: string[] = [];
  let now = new Date(s.start.at ?? DEFAULT_START);
  if (Number.isNaN(now.getTime())) return { name: s.name, passed: false, path: [], failures: [`start.at bukan waktu yang valid: ${s.start.at}`] };
  const startStep = stepOf(wf, wf.start);
  const started = await startCase(wf, {
    id: 'SKENARIO',
    data: s.start.data ?? {},
    actor: actorFor(s.start.by ?? (startStep ? rolesOf(startStep) : [])),
    now,
  });
  if (s.start.expect) {
    refusalProblems('formulir awal', started, s.start.expect, failures);
    return { name: s.name, passed: failures.length === 0, path: [], failures };
  }
  if (!started.ok) return { name: s.name, passed: false, path: [], failures: [`kasus tidak dapat dimulai: ${describeRefusal(started.refusal)}`] };
  let c = started.value.case;
  const delegations: Delegation[] = (s.delegations ?? []).map((d, i) => ({ ...d, id: `d${i + 1}`, createdBy: 'skenario', createdAt: d.from }));

  for (const [i, action] of (s.steps ?? []).entries()) {
    const where = `langkah skenario ke-${i + 1}${action.step ? ` (${action.step})` : ''}`;
    now = action.at ? new Date(action.at) : new Date(now.getTime() + HOUR);
    if (Number.isNaN(now.getTime())) {
      failures.push(`${where}: "at" bukan waktu yang valid`);
      break;
    }
    const result = await perform(wf, c, action, now, delegations);
    if (action.expect?.refused) {
      refusalProblems(where, result, action.expect, failures);
      continue;
    }
    if (!result.ok) {
      failures.push(`${where}: ditolak: ${describeRefusal(result.refusal)}`);
      break;
    }
    c = result.value.case;
  }

  const path = c.history.flatMap((h) => (h.type === 'completed' ? [h.step] : []));
  failures.push(...expectationProblems(c, path, s.expect ?? {}));
  return { name: s.name, passed: failures.length === 0, path, failures };
}

/** Checks the shape of a parsed scenario file; messages name the place ("scenarios[2].steps[0]"). */
export function checkScenarioFile(value: unknown): string[] {
  const problems: string[] = [];
  const v = value as Partial<ScenarioFile> | null;
  if (!v || typeof v !== 'object') return ['berkas skenario harus berupa pemetaan dengan kunci workflow dan scenarios'];
  if (typeof v.workflow !== 'string') problems.push('workflow: tulis id alur yang diuji, misalnya respon-kasus-anak');
  if (!Array.isArray(v.scenarios) || v.scenarios.length === 0) problems.push('scenarios: tulis paling sedikit satu skenario');
  (Array.isArray(v.scenarios) ? v.scenarios : []).forEach((s, i) => {
    const at = `scenarios[${i}]`;
    if (!s || typeof s !== 'object') return problems.push(`${at}: harus berupa pemetaan`);
    if (typeof s.name !== 'string') problems.push(`${at}.name: beri nama skenario`);
    if (!s.start || typeof s.start !== 'object' || typeof s.start.data !== 'object') problems.push(`${at}.start.data: tulis isian formulir awal`);
    if (s.steps !== undefined && !Array.isArray(s.steps)) problems.push(`${at}.steps: harus berupa daftar`);
    (Array.isArray(s.steps) ? s.steps : []).forEach((a: ScenarioAction, j: number) => {
      const kinds = a && typeof a === 'object' ? (['step', 'meet', 'claim', 'release'] as const).filter((k) => typeof a[k] === 'string').length + (a.assign && typeof a.assign === 'object' ? 1 : 0) : 0;
      if (kinds !== 1) problems.push(`${at}.steps[${j}]: tulis step (id langkah) atau meet (id tenggat)`);
    });
  });
  return problems;
}
