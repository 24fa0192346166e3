/**
 * Cases started by the public from a service's public page (a complaint), without an account: only the fields the
 * YAML's `publicIntake` lists are taken from the person, the fixed values are set (`now`/`today` at sending), and the
 * case is recorded as started by "publik". The rest of the procedure runs as for any case.
 */
import { startCase, type Transition } from './case.ts';
import { localDate, timeZoneOf, toLocal } from './time.ts';
import { rolesOf, stepOf } from './tasks.ts';
import type { Actor, Field, Refusal, Result, Workflow } from './types.ts';

/** The username a publicly started case records as its creator. */
export const PUBLIC_USERNAME = 'publik';

/** The service whose public form takes complaints about `serviceId`, if one does. */
export function complaintServiceFor(workflows: Iterable<Workflow>, serviceId: string): Workflow | undefined {
  for (const wf of workflows) {
    const p = wf.publicIntake;
    if (!p) continue;
    if (!p.about) {
      if (wf.id === serviceId) return wf;
      continue;
    }
    const about = stepOf(wf, wf.start)?.fields?.find((f) => f.name === p.about);
    if (about?.options?.some((o) => o.value === serviceId || o.value === 'lainnya')) return wf;
  }
  return undefined;
}

/** The fields the public form asks, in the intake's order, in the words `publicIntake.wording` gives the public. */
export function publicFields(wf: Workflow): Field[] {
  const asked = new Set(wf.publicIntake?.fields ?? []);
  const wording = wf.publicIntake?.wording ?? {};
  return (stepOf(wf, wf.start)?.fields ?? []).filter((f) => asked.has(f.name)).map((f) => (wording[f.name] ? { ...f, ...wording[f.name] } : f));
}

/** The value a service id takes in the `about` field: the id itself, or `lainnya` when it is not listed. */
function aboutValue(wf: Workflow, serviceId: string | undefined): string | undefined {
  const name = wf.publicIntake?.about;
  if (!name || !serviceId) return undefined;
  const options = stepOf(wf, wf.start)?.fields?.find((f) => f.name === name)?.options ?? [];
  if (options.some((o) => o.value === serviceId)) return serviceId;
  return options.some((o) => o.value === 'lainnya') ? 'lainnya' : undefined;
}

/** The intake data and the actor a public form's input starts a case with, or why the form cannot. */
export function publicIntakeInput(
  wf: Workflow,
  input: { data: Record<string, unknown>; about?: string; now: Date },
): Result<{ data: Record<string, unknown>; actor: Actor }> {
  const p = wf.publicIntake;
  const start = stepOf(wf, wf.start);
  if (!p || !start) return { ok: false, refusal: { code: 'forbidden', message: `Layanan ${wf.title} tidak menerima formulir dari masyarakat.` } };
  const asked = new Set(p.fields);
  const unknown = Object.keys(input.data).filter((k) => !asked.has(k));
  if (unknown.length) {
    return { ok: false, refusal: { code: 'invalid', message: 'Ada isian yang tidak dikenal pada formulir ini.', fields: Object.fromEntries(unknown.map((k) => [k, 'Isian ini tidak dikenal pada formulir ini.'])) } };
  }
  const local = toLocal(input.now.getTime(), timeZoneOf(wf));
  const data: Record<string, unknown> = { ...input.data };
  for (const [name, value] of Object.entries(p.values ?? {})) {
    data[name] = value === 'now' ? new Date(local).toISOString().slice(0, 16) : value === 'today' ? localDate(local) : value;
  }
  const about = aboutValue(wf, input.about);
  if (p.about && about) data[p.about] = about;
  return { ok: true, value: { data, actor: { username: PUBLIC_USERNAME, name: 'Masyarakat (formulir publik)', roles: rolesOf(start) } } };
}

/**
 * A refusal of a publicly started case as the person can act on it: only their own fields' messages; anything
 * else is the definition's fault and said so.
 */
export function publicRefusal(wf: Workflow, refusal: Refusal): Refusal {
  if (refusal.code !== 'invalid') return refusal;
  const asked = new Set(wf.publicIntake?.fields ?? []);
  const own = Object.fromEntries(Object.entries(refusal.fields ?? {}).filter(([k]) => asked.has(k)));
  if (Object.keys(own).length) return { ...refusal, message: `Ada ${Object.keys(own).length} isian yang perlu diperbaiki.`, fields: own };
  return { code: 'invalid', message: 'Formulir ini belum dapat diterima karena pengaturan layanan; sampaikan pengaduan melalui saluran lain di bawah.' };
}

export async function startPublicCase(
  wf: Workflow,
  input: { id: string; data: Record<string, unknown>; about?: string; now: Date },
): Promise<Result<Transition>> {
  const prepared = publicIntakeInput(wf, input);
  if (!prepared.ok) return prepared;
  const r = await startCase(wf, { id: input.id, now: input.now, ...prepared.value });
  return r.ok ? r : { ok: false, refusal: publicRefusal(wf, r.refusal) };
}
