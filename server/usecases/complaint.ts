/**
 * A complaint sent from a service's public page, without an account: a robot that fills the hidden field is turned
 * away, each address may send a few an hour, and the complaint starts a case of the service that takes complaints
 * (pengaduan-layanan) like any intake, then gets a tracking code for the person.
 */
import { complaintServiceFor, publicIntakeInput, publicRefusal } from '../../engine/public-intake.ts';
import type { Actor, Refusal, Workflow } from '../../engine/types.ts';
import type { Done, FiguresDeps } from './figures-deps.ts';
import { LIMITS, spend } from './throttle.ts';
import { issueTrackingCode } from './tracking.ts';

/** How the app starts a case (the casework use case): with its audit entry, in one transaction. */
export type StartCase = (workflowId: string, data: Record<string, unknown>, actor: Actor) => Promise<{ ok: true; value: { id: string } } | { ok: false; status: number; error: string; fields?: Record<string, string> }>;

/** The service taking complaints about `aboutId`, and the service itself. */
export function complaintTarget(deps: FiguresDeps, aboutId: string): { complaints: Workflow; about: Workflow } | undefined {
  const about = deps.workflows.get(aboutId);
  const complaints = about && complaintServiceFor(deps.workflows.list(), about.id);
  return about && complaints ? { complaints, about } : undefined;
}

export async function submitComplaint(
  deps: FiguresDeps,
  start: StartCase,
  input: { about: string; form: Record<string, unknown>; honeypot: unknown; address: string },
): Promise<Done<{ code: string; about: Workflow }>> {
  const target = complaintTarget(deps, input.about);
  if (!target) return { ok: false, status: 404, error: `Layanan "${input.about.slice(0, 60)}" tidak menerima pengaduan lewat formulir ini.` };
  // A person never sees the honeypot; a filled one is refused without saying why in detail.
  if (typeof input.honeypot === 'string' && input.honeypot.trim() !== '') return { ok: false, status: 400, error: 'Pengaduan tidak dapat diterima. Bila Anda bukan program otomatis, muat ulang halaman lalu kirim lagi.' };
  const limited = await spend(deps, LIMITS.complaint, input.address);
  if (limited) return limited;
  const wf = target.complaints;
  const prepared = publicIntakeInput(wf, { data: input.form, about: target.about.id, now: deps.now() });
  if (!prepared.ok) return refused(prepared.refusal);
  const started = await start(wf.id, prepared.value.data, prepared.value.actor);
  if (!started.ok) {
    if (started.status === 422) return refused(publicRefusal(wf, { code: 'invalid', message: started.error, fields: started.fields }));
    return { ok: false, status: started.status === 404 ? 404 : 400, error: started.error };
  }
  const code = await issueTrackingCode(deps, started.value.id, prepared.value.actor.username);
  return { ok: true, value: { code, about: target.about } };
}

function refused(r: Refusal): Done<never> {
  return { ok: false, status: r.code === 'invalid' ? 422 : 403, error: r.message, ...(r.fields ? { fields: r.fields } : {}) };
}
