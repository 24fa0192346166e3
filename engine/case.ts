/** Case transitions: (workflow, case, action, actor, now) → new case and the events it recorded. Pure; no I/O. */
import { blockingOpen, completionDeadline, COMPLETION, deadlineEntry, startedBy } from './deadlines.ts';
import { validateForm } from './form.ts';
import { chooseBranch } from './guards.ts';
import { workflowHash } from './hash.ts';
import { canAct, roleTitles, rolesOf, stepOf } from './tasks.ts';
import type { Actor, Case, HistoryEntry, Refusal, Result, Step, Workflow } from './types.ts';

export interface Transition {
  case: Case;
  /** What this action added to the history, in order. */
  events: HistoryEntry[];
}

type Data = Record<string, unknown>;

const refuse = (refusal: Refusal): Result<never> => ({ ok: false, refusal });

function forbidden(wf: Workflow, step: Step): Result<never> {
  return refuse({
    code: 'forbidden',
    message: `Langkah ${step.number} (${step.title}) dikerjakan oleh ${roleTitles(wf, step)}; akun Anda tidak memiliki peran itu.`,
  });
}

function invalid(errors: Record<string, string>): Result<never> {
  const n = Object.keys(errors).length;
  return refuse({ code: 'invalid', message: `Ada ${n} isian yang perlu diperbaiki.`, fields: errors });
}

/** Starts a case: the intake form (fields of the `start` step) is checked, recorded, and the case routed on. */
export async function startCase(
  wf: Workflow,
  input: { id: string; data: Data; actor: Actor; now: Date },
): Promise<Result<Transition>> {
  const step = stepOf(wf, wf.start);
  if (!step) return refuse({ code: 'wrong_workflow', message: `Langkah awal "${wf.start}" tidak ada pada alur ${wf.id}.` });
  if (!canAct(step, input.actor)) return forbidden(wf, step);
  const form = await validateForm(step.fields ?? [], input.data);
  if (!form.ok) return invalid(form.errors);

  const at = input.now.toISOString();
  const deadline = completionDeadline(wf, step.id, input.now);
  const c: Case = {
    id: input.id,
    workflow: { id: wf.id, version: wf.version, hash: workflowHash(wf) },
    status: 'open',
    data: {},
    current: step.id,
    createdAt: at,
    updatedAt: at,
    createdBy: input.actor.username,
    deadlines: [deadline],
    history: [],
    rev: 0,
  };
  const events: HistoryEntry[] = [
    { type: 'started', at, actor: input.actor.username, step: step.id },
    deadlineEntry(deadline),
  ];
  return { ok: true, value: await advance(wf, c, step, form.values, input.actor, input.now, events) };
}

/** Completes the step a case waits on, with the form data entered for it. */
export async function completeStep(
  wf: Workflow,
  c: Case,
  input: { step: string; data: Data; actor: Actor; now: Date; rev?: number },
): Promise<Result<Transition>> {
  const pinned = checkPinned(wf, c);
  if (pinned) return pinned;
  if (input.rev !== undefined && input.rev !== c.rev) {
    return refuse({ code: 'stale', message: 'Kasus ini sudah diubah orang lain sejak Anda membukanya. Muat ulang halaman lalu periksa lagi.' });
  }
  if (c.status === 'closed') return refuse({ code: 'closed', message: 'Kasus ini sudah selesai; tidak ada langkah yang menunggu.' });
  const step = stepOf(wf, input.step);
  if (!step) return refuse({ code: 'not_open', message: `Langkah "${input.step}" tidak ada pada alur ini.` });
  if (c.current !== step.id) {
    const current = c.current ? stepOf(wf, c.current) : undefined;
    return refuse({
      code: 'not_open',
      message: `Langkah ${step.number} (${step.title}) tidak sedang menunggu dikerjakan; kasus ini sekarang di langkah ${current?.number}: ${current?.title}.`,
    });
  }
  if (!canAct(step, input.actor)) return forbidden(wf, step);
  const blocking = blockingOpen(c);
  if (blocking.length) {
    return refuse({ code: 'not_open', message: `Kasus menunggu: ${blocking.map((d) => d.label).join(', ')}.` });
  }
  const form = await validateForm(step.fields ?? [], input.data, c.data);
  if (!form.ok) return invalid(form.errors);
  return { ok: true, value: await advance(wf, copyCase(c), step, form.values, input.actor, input.now, []) };
}

/** Records that a running deadline was met (e.g. the missing documents arrived), by the role of the step that started it. */
export function meetDeadline(
  wf: Workflow,
  c: Case,
  input: { deadline: string; actor: Actor; now: Date; rev?: number },
): Result<Transition> {
  const pinned = checkPinned(wf, c);
  if (pinned) return pinned;
  if (input.rev !== undefined && input.rev !== c.rev) {
    return refuse({ code: 'stale', message: 'Kasus ini sudah diubah orang lain sejak Anda membukanya. Muat ulang halaman lalu periksa lagi.' });
  }
  const d = c.deadlines.find((x) => x.id === input.deadline && !x.metAt);
  if (!d || d.id === COMPLETION) return refuse({ code: 'not_open', message: 'Tenggat ini tidak sedang berjalan.' });
  const step = stepOf(wf, d.step);
  if (step && !canAct(step, input.actor)) return forbidden(wf, step);
  const next = copyCase(c);
  const at = input.now.toISOString();
  next.deadlines.find((x) => x.id === d.id && !x.metAt)!.metAt = at;
  const event: HistoryEntry = { type: 'deadline-met', at, actor: input.actor.username, deadline: d.id, label: d.label, step: d.step };
  next.history.push(event);
  next.updatedAt = at;
  next.rev += 1;
  return { ok: true, value: { case: next, events: [event] } };
}

/**
 * A deep copy of a case, so a transition never touches the case it was given. A case is plain JSON data (it is
 * stored as JSON), which a walk over objects and arrays copies several times faster than structuredClone;
 * anything else (a Date a caller left in) still goes through structuredClone.
 */
export function copyCase<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    const out = new Array(value.length);
    for (let i = 0; i < value.length; i++) out[i] = copyCase(value[i]);
    return out as T;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return structuredClone(value);
  const out: Record<string, unknown> = {};
  for (const k in value) out[k] = copyCase((value as Record<string, unknown>)[k]);
  return out as T;
}

/** A case runs only on the exact definition it started on. */
function checkPinned(wf: Workflow, c: Case): Result<never> | undefined {
  if (c.workflow.id === wf.id && c.workflow.version === wf.version && c.workflow.hash === workflowHash(wf)) return undefined;
  return refuse({
    code: 'wrong_workflow',
    message: `Kasus ini berjalan pada ${c.workflow.id} versi ${c.workflow.version}, bukan pada definisi yang diberikan (${wf.id} versi ${wf.version}).`,
  });
}

/**
 * Records a completed step on `c` (mutated: callers pass a copy), starts its deadlines, and routes the case:
 * to the next step, or closed with an outcome. Every guard evaluation is kept in the history with its reason.
 */
async function advance(
  wf: Workflow,
  c: Case,
  step: Step,
  values: Data,
  actor: Actor,
  now: Date,
  events: HistoryEntry[],
): Promise<Transition> {
  const at = now.toISOString();
  const before: Data = {};
  for (const [k, v] of Object.entries(values)) if (k in c.data && JSON.stringify(c.data[k]) !== JSON.stringify(v)) before[k] = c.data[k];
  c.data = { ...c.data, ...values };
  const role = rolesOf(step).find((r) => actor.roles.includes(r)) ?? rolesOf(step)[0];
  events.push({ type: 'completed', at, actor: actor.username, role, step: step.id, data: values, ...(Object.keys(before).length ? { before } : {}) });

  for (const d of await startedBy(wf, step, c.data, now)) {
    // A step done again (a loop) restarts its clock: the earlier one is closed as superseded.
    for (const old of c.deadlines) if (old.id === d.id && !old.metAt) old.metAt = at;
    c.deadlines.push(d);
    events.push(deadlineEntry(d));
  }

  const choice = await chooseBranch(wf, step, c.data);
  if (!choice) {
    // Only reachable with a definition whose every branch is guarded: the case waits here, visibly.
    events.push({ type: 'guard', at, step: step.id, evaluations: [], chosen: { result: false, reason: 'Tidak ada cabang yang syaratnya terpenuhi; hubungi administrator alur.' } });
  } else {
    if (typeof step.next !== 'string' && !step.end && (step.next?.length ?? 0) > 0) {
      events.push({ type: 'guard', at, step: step.id, evaluations: choice.evaluations, chosen: choice.chosen });
    }
    if (choice.branch.end) {
      const outcome = wf.outcomes.find((o) => o.id === choice.branch.end);
      c.status = 'closed';
      c.outcome = choice.branch.end;
      c.current = null;
      c.closedAt = at;
      const completion = c.deadlines.find((d) => d.id === COMPLETION && !d.metAt);
      if (completion) completion.metAt = at;
      events.push({ type: 'closed', at, outcome: choice.branch.end, label: outcome?.label ?? choice.branch.end });
    } else if (choice.branch.to) {
      c.current = choice.branch.to;
      events.push({ type: 'moved', at, from: step.id, to: choice.branch.to });
    }
  }

  c.history.push(...events);
  c.updatedAt = at;
  c.rev += 1;
  return { case: c, events };
}
