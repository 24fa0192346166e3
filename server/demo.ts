/**
 * Demo mode: one account per role with a published password, and a few fictitious cases at various steps,
 * made through the engine like real ones. Identities are initials only; nothing here is real data.
 */
import { readerRoles } from '../engine/access.ts';
import { completeStep, startCase } from '../engine/case.ts';
import { visibleFields } from '../engine/form.ts';
import { canAct, openTasks, stepOf } from '../engine/tasks.ts';
import { summarize } from '../engine/summary.ts';
import type { AuditInput } from '../engine/ports/audit.ts';
import { timeZoneOf } from '../engine/time.ts';
import type { Actor, Case, Field, Workflow } from '../engine/types.ts';
import { changeOf } from './audit/record.ts';
import { verifyPassword } from './auth/password.ts';
import { ADMIN_ROLE, createUser } from './auth/users.ts';
import { issueLetterIn, signerFor } from './usecases/letters.ts';
import type { Store } from '../engine/ports/store.ts';
import { casePrefix, generateCaseId } from './store/case-ids.ts';
import type { WorkflowRegistry } from './workflows.ts';

/** The password of every demo account (printed on the sign-in page in demo mode, and in the README). */
export const DEMO_PASSWORD = 'demo-alur-123';

/**
 * Accounts of the data folder that have a password of their own (not the demo's): a folder with any is real, and
 * demo mode, which publishes its password, must not run on it.
 */
export async function realAccounts(store: Store): Promise<string[]> {
  const real: string[] = [];
  for (const u of await store.users.list()) if (!u.password || !(await verifyPassword(DEMO_PASSWORD, u.password))) real.push(u.username);
  return real;
}

/** Creates the demo accounts that do not exist yet: username = role id; returns their usernames. */
export async function seedDemoUsers(store: Store, workflows: WorkflowRegistry, now: Date): Promise<string[]> {
  const roles = new Set<string>();
  for (const wf of workflows.list()) for (const r of readerRoles(wf)) roles.add(r);
  roles.add(ADMIN_ROLE);
  const created: string[] = [];
  for (const role of roles) {
    const username = role.toLowerCase().replace(/[^a-z0-9._-]/g, '_');
    if (await store.users.get(username)) continue;
    await createUser(store.users, {
      username,
      roles: [role],
      password: DEMO_PASSWORD,
      displayName: `Demo ${workflows.roleTitle(role)}`,
      now,
    });
    created.push(username);
  }
  return created;
}

const INITIALS = ['R.A.', 'S.N.', 'M.F.', 'D.P.', 'A.K.', 'N.H.'];

function localDateTime(d: Date, timeZone: string): string {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(d)
      .map((x) => [x.type, x.value]),
  );
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

/** Fictitious values for a form: option `variant` of each choice, initials for names, short notes for texts. */
async function sampleValues(fields: Field[], known: Record<string, unknown>, variant: number, at: Date, timeZone: string) {
  const values: Record<string, unknown> = {};
  // Two passes: choices first, so conditional fields see them.
  for (const f of fields) {
    const options = f.options ?? [];
    if ((f.type === 'select' || f.type === 'radio') && options.length) values[f.name] = options[variant % options.length]!.value;
    if (f.type === 'multiselect' && options.length) values[f.name] = [options[variant % options.length]!.value];
  }
  const shown = new Set((await visibleFields(fields, { ...known, ...values })).map((f) => f.name));
  for (const [i, f] of fields.entries()) {
    if (!shown.has(f.name)) {
      delete values[f.name];
      continue;
    }
    if (f.name in values || !f.required) continue;
    if (f.type === 'text') values[f.name] = f.sensitive ? INITIALS[(variant + i) % INITIALS.length] : 'Contoh (data fiktif)';
    else if (f.type === 'textarea' || f.type === 'file') values[f.name] = 'Catatan contoh untuk demo; semua data di sini fiktif.';
    else if (f.type === 'datetime') values[f.name] = localDateTime(at, timeZone);
    else if (f.type === 'date') values[f.name] = localDateTime(at, timeZone).slice(0, 10);
    else if (f.type === 'number') values[f.name] = f.min ?? 1;
    else if (f.type === 'checkbox') values[f.name] = true;
  }
  return values;
}

/** Demo cases: [option variant, steps to complete after intake, hours ago the report came in]. */
const SAMPLES: Array<[number, number, number]> = [
  [0, 0, 1],
  [1, 1, 3],
  [0, 2, 5],
  [0, 1, 30],
  [0, 20, 26],
];

/** Adds the sample cases to an empty store (nothing when cases exist); returns their ids. */
export async function seedDemoCases(store: Store, workflows: WorkflowRegistry, now: Date): Promise<string[]> {
  if ((await store.cases.count()) > 0) return [];
  const ids: string[] = [];
  for (const wf of workflows.list()) {
    for (const [variant, steps, hoursAgo] of SAMPLES) {
      const c = await runSample(store, wf, variant, steps, new Date(now.getTime() - hoursAgo * 3600_000));
      if (c) ids.push(c.id);
    }
  }
  return ids;
}

function actorFor(wf: Workflow, stepId: string): Actor {
  const step = stepOf(wf, stepId)!;
  const role = Array.isArray(step.role) ? step.role[0]! : step.role;
  return { username: role.toLowerCase().replace(/[^a-z0-9._-]/g, '_'), roles: [role] };
}

async function runSample(store: Store, wf: Workflow, variant: number, steps: number, start: Date): Promise<Case | undefined> {
  const tz = timeZoneOf(wf);
  const startStep = stepOf(wf, wf.start)!;
  const data = await sampleValues(startStep.fields ?? [], {}, variant, start, tz);
  let id = generateCaseId({ prefix: casePrefix(wf.id), now: start, timeZone: tz });
  while (await store.cases.exists(id)) id = generateCaseId({ prefix: casePrefix(wf.id), now: start, timeZone: tz });
  const started = await startCase(wf, { id, data, actor: actorFor(wf, wf.start), now: start });
  if (!started.ok) return undefined;
  let c = started.value.case;
  let at = start;
  for (let i = 0; i < steps && c.status === 'open'; i++) {
    const open = openTasks(wf, c)[0];
    if (!open) break;
    at = new Date(at.getTime() + 40 * 60_000);
    const step = stepOf(wf, open.step)!;
    const actor = actorFor(wf, step.id);
    if (!canAct(step, actor)) break;
    const values = await sampleValues(step.fields ?? [], c.data, variant, at, tz);
    const next = await completeStep(wf, c, { step: step.id, data: values, actor, now: at });
    if (!next.ok) break;
    c = next.value.case;
  }
  // A sample closed with an outcome that issues a letter has its letter, numbered like any other.
  const signer = c.status === 'closed' ? await signerFor({ store }, wf, c) : undefined;
  await store.transaction(async (tx) => {
    await tx.cases.create(c, summarize(wf, c));
    for (const entry of auditOf(wf, c)) await tx.audit.append(entry);
    if (c.status === 'closed') await issueLetterIn(tx, wf, c, signer, 'sistem', new Date(c.closedAt ?? at), { demo: true });
  });
  return c;
}

/** The audit entries a case made by hand would have left (marked demo), so the audit page tells the same story. */
function auditOf(wf: Workflow, c: Case): AuditInput[] {
  const out: AuditInput[] = [];
  let data: Record<string, unknown> = {};
  let rev = 1;
  for (const e of c.history) {
    if (e.type !== 'completed') continue;
    const first = e.step === wf.start && rev === 1;
    out.push({
      at: e.at,
      actor: e.actor,
      action: first ? 'case.start' : 'step.complete',
      caseId: c.id,
      details: first
        ? { workflow: wf.id, version: wf.version, step: e.step, ...changeOf({}, e.data), demo: true }
        : { step: e.step, rev: ++rev, ...changeOf(data, e.data), demo: true },
    });
    data = { ...data, ...e.data };
  }
  return out;
}
