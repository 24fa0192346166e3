/** Simulation: the path a case with given data would take, step by step, with guard reasons and deadlines. */
import { completeStep, startCase } from './case.ts';
import { roleTitles, stepOf, tasksOf } from './tasks.ts';
import type { Actor, Case, CaseDeadline, StepNumber, Workflow } from './types.ts';

export interface SimulatedStep {
  step: string;
  number: StepNumber;
  title: string;
  roles: string;
  at: string;
  /** Why the case went where it went after this step, when the step has guarded branches. */
  reason?: string;
  /** Deadlines this step started ("Penyerahan dokumen … jatuh tempo …"). */
  deadlines: CaseDeadline[];
}

export interface Simulation {
  steps: SimulatedStep[];
  /** Every guard reason, in order. */
  reasons: string[];
  deadlines: CaseDeadline[];
  status: Case['status'];
  outcome?: { id: string; label: string };
  /** Why the simulation stopped before the case closed, if it did. */
  stopped?: string;
}

const HOUR = 3_600_000;
const MAX_STEPS = 100;

/**
 * Runs a case with one flat set of values (field name → value) through the workflow: each step takes the values of
 * its own fields. Steps follow each other an hour apart from `now`. It stops when the case closes, when a step's
 * data is incomplete (the message says which field), or when a step comes round again with nothing changed.
 */
export async function simulate(wf: Workflow, facts: Record<string, unknown>, now: Date): Promise<Simulation> {
  const pick = (stepId: string) => {
    const names = new Set((stepOf(wf, stepId)?.fields ?? []).map((f) => f.name));
    return Object.fromEntries(Object.entries(facts).filter(([k]) => names.has(k)));
  };
  const actorFor = (stepId: string): Actor => {
    const s = stepOf(wf, stepId);
    return { username: 'simulasi', roles: s ? (Array.isArray(s.role) ? s.role : [s.role]) : [] };
  };

  const started = await startCase(wf, { id: 'SIMULASI', data: pick(wf.start), actor: actorFor(wf.start), now });
  if (!started.ok) {
    return { steps: [], reasons: [], deadlines: [], status: 'open', stopped: explain(wf, wf.start, started.refusal.message, started.refusal.fields) };
  }
  let c = started.value.case;
  let at = now;
  const seen = new Set<string>();
  let stopped: string | undefined;
  // Open tasks are done one at a time, the earliest first (parallel branches in the order they were opened).
  for (let i = 0; c.status === 'open' && tasksOf(c).length && i < MAX_STEPS; i++) {
    const current = tasksOf(c)[0].step;
    const key = `${tasksOf(c).map((t) => t.step).join(',')}:${JSON.stringify(c.data)}`;
    if (seen.has(key)) {
      stopped = `Langkah ${stepOf(wf, current)?.number} kembali lagi dengan data yang sama; simulasi berhenti agar tidak berputar terus.`;
      break;
    }
    seen.add(key);
    at = new Date(at.getTime() + HOUR);
    const r = await completeStep(wf, c, { step: current, data: pick(current), actor: actorFor(current), now: at });
    if (!r.ok) {
      stopped = explain(wf, current, r.refusal.message, r.refusal.fields);
      break;
    }
    c = r.value.case;
  }

  const steps: SimulatedStep[] = [];
  for (const h of c.history) {
    if (h.type === 'completed') {
      const s = stepOf(wf, h.step)!;
      steps.push({ step: s.id, number: s.number, title: s.title, roles: roleTitles(wf, s), at: h.at, deadlines: [] });
    } else if (h.type === 'guard' && steps.length) steps[steps.length - 1].reason = h.chosen.reason;
    else if (h.type === 'deadline' && steps.length) {
      const d = c.deadlines.find((x) => x.id === h.deadline && x.startedAt === h.at);
      if (d) steps[steps.length - 1].deadlines.push(d);
    }
  }
  const outcome = c.outcome ? { id: c.outcome, label: wf.outcomes.find((o) => o.id === c.outcome)?.label ?? c.outcome } : undefined;
  return {
    steps,
    reasons: c.history.flatMap((h) => (h.type === 'guard' ? [h.chosen.reason] : [])),
    deadlines: c.deadlines,
    status: c.status,
    outcome,
    stopped,
  };
}

function explain(wf: Workflow, stepId: string, message: string, fields?: Record<string, string>): string {
  const s = stepOf(wf, stepId);
  const detail = fields ? ` ${Object.entries(fields).map(([k, v]) => `${k}: ${v}`).join('; ')}` : '';
  return `Berhenti di langkah ${s?.number} (${s?.title}): ${message}${detail}`;
}
