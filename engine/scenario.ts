/** Scenario files: an office's own regression tests for a procedure (given intake and step data, expect this path). */
import { completeStep, meetDeadline, startCase } from './case.ts';
import { meetRoles, outcomeOf, type DeadlineOutcome } from './deadlines.ts';
import { stepOf, rolesOf, tasksOf } from './tasks.ts';
import type { Actor, Case, Refusal, Workflow } from './types.ts';

export interface ScenarioAction {
  /** Complete this step with `data`… */
  step?: string;
  data?: Record<string, unknown>;
  /** …or record that a running deadline was met. */
  meet?: string;
  /** ISO time; default: one hour after the previous action. */
  at?: string;
  /** Act as a user holding these roles; default: the roles of the step. */
  by?: string[];
  /** The action must be refused with this code (the case stays as it was). */
  expect?: { refused: Refusal['code'] };
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
}

export interface Scenario {
  name: string;
  start: { at?: string; data: Record<string, unknown>; by?: string[] };
  steps?: ScenarioAction[];
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

const OUTCOME_WORDS: Record<DeadlineOutcome, string> = { running: 'masih berjalan', met: 'terpenuhi', superseded: 'digantikan', ended: 'berakhir tanpa dipenuhi' };
const DEFAULT_START = '2026-01-05T09:00:00+07:00';

const actorFor = (roles: string[]): Actor => ({ username: `skenario(${roles.join(',')})`, roles });

const describeRefusal = (r: Refusal) =>
  r.fields ? `${r.message} ${Object.entries(r.fields).map(([k, v]) => `${k}: ${v}`).join('; ')}` : r.message;

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
  if (!started.ok) return { name: s.name, passed: false, path: [], failures: [`kasus tidak dapat dimulai: ${describeRefusal(started.refusal)}`] };
  let c = started.value.case;

  for (const [i, action] of (s.steps ?? []).entries()) {
    const where = `langkah skenario ke-${i + 1}${action.step ? ` (${action.step})` : ''}`;
    now = action.at ? new Date(action.at) : new Date(now.getTime() + HOUR);
    if (Number.isNaN(now.getTime())) {
      failures.push(`${where}: "at" bukan waktu yang valid`);
      break;
    }
    const step = action.step ? stepOf(wf, action.step) : undefined;
    const deadline = action.meet ? c.deadlines.find((d) => d.id === action.meet) : undefined;
    const roles = action.by ?? (step ? rolesOf(step) : deadline ? meetRoles(wf, deadline) : []);
    const result = action.meet
      ? meetDeadline(wf, c, { deadline: action.meet, actor: actorFor(roles), now })
      : await completeStep(wf, c, { step: action.step ?? '', data: action.data ?? {}, actor: actorFor(roles), now });
    if (action.expect?.refused) {
      if (result.ok) failures.push(`${where}: seharusnya ditolak (${action.expect.refused}), tetapi diterima`);
      else if (result.refusal.code !== action.expect.refused) failures.push(`${where}: ditolak dengan kode ${result.refusal.code}, seharusnya ${action.expect.refused}`);
      continue;
    }
    if (!result.ok) {
      failures.push(`${where}: ditolak: ${describeRefusal(result.refusal)}`);
      break;
    }
    c = result.value.case;
  }

  const path = c.history.flatMap((h) => (h.type === 'completed' ? [h.step] : []));
  const e = s.expect ?? {};
  if (e.path && JSON.stringify(e.path) !== JSON.stringify(path)) failures.push(`jalur: ${path.join(' → ')}; seharusnya ${e.path.join(' → ')}`);
  if (e.status && e.status !== c.status) failures.push(`status: ${c.status}; seharusnya ${e.status}`);
  if (e.outcome && e.outcome !== c.outcome) failures.push(`hasil: ${c.outcome ?? '(belum ada)'}; seharusnya ${e.outcome}`);
  if (e.current && e.current !== c.current) failures.push(`langkah sekarang: ${c.current ?? '(selesai)'}; seharusnya ${e.current}`);
  for (const [id, due] of Object.entries(e.deadlines ?? {})) {
    const found = c.deadlines.filter((d) => d.id === id).at(-1);
    if (!found) failures.push(`tenggat ${id} tidak berjalan; seharusnya jatuh tempo ${due}`);
    else if (new Date(found.due).getTime() !== new Date(due).getTime()) failures.push(`tenggat ${id} jatuh tempo ${found.due}; seharusnya ${new Date(due).toISOString()}`);
  }
  for (const [id, outcome] of Object.entries(e.deadlineOutcomes ?? {})) {
    const found = c.deadlines.filter((d) => d.id === id).at(-1);
    const actual = found ? outcomeOf(c, found) : undefined;
    if (actual !== outcome) failures.push(`tenggat ${id}: ${actual ? OUTCOME_WORDS[actual] : 'tidak berjalan'}; seharusnya ${OUTCOME_WORDS[outcome] ?? outcome}`);
  }
  if (e.tasks) {
    const open = tasksOf(c).map((t) => t.step).sort();
    if (JSON.stringify(open) !== JSON.stringify([...e.tasks].sort())) {
      failures.push(`tugas terbuka: ${open.join(', ') || '(tidak ada)'}; seharusnya ${e.tasks.join(', ') || '(tidak ada)'}`);
    }
  }
  const reasons = c.history.flatMap((h) => (h.type === 'guard' ? [h.chosen.reason] : []));
  (e.reasons ?? []).forEach((words, i) => {
    if (!reasons[i]?.includes(words)) failures.push(`alasan cabang ke-${i + 1}: "${reasons[i] ?? '(tidak ada)'}" tidak memuat "${words}"`);
  });
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
      if (!a || typeof a !== 'object' || (typeof a.step !== 'string' && typeof a.meet !== 'string')) problems.push(`${at}.steps[${j}]: tulis step (id langkah) atau meet (id tenggat)`);
    });
  });
  return problems;
}
