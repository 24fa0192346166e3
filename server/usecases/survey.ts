/**
 * The IKM survey: one-time links (a QR code shown at the counter or printed with the product) and a kiosk link per
 * service; answers stored as records with no identity (not the case, not the address, the day only, not the time),
 * one answer per link, rate-limited. The index is computed from the records of a service and period.
 */
import { createHash, randomBytes } from 'node:crypto';
import { computeIkm, IKM_ELEMENTS, isCompleteAnswer, publishIkm, type PublishedIkm } from '../../engine/report/ikm.ts';
import { dayOf, type Period } from '../../engine/report/period.ts';
import { thresholdOf } from '../../engine/report/suppress.ts';
import { timeZoneOf } from '../../engine/time.ts';
import type { Workflow } from '../../engine/types.ts';
import type { Done, FiguresDeps } from './figures-deps.ts';
import { LIMITS, spend } from './throttle.ts';

/** How long a one-time link stays open. */
export const LINK_DAYS = 90;
/** A kiosk takes one answer per this many milliseconds (a tablet in the service room, one person at a time). */
export const KIOSK_GAP_MS = 15_000;

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');
/** 144 random bits; the leading letter keeps it a plain path segment (server/security/params.ts). */
const token = () => `s${randomBytes(18).toString('base64url')}`;

/** A new one-time link's token for a service (no case is named anywhere). */
export async function issueSurveyLink(deps: FiguresDeps, workflow: string): Promise<string> {
  const t = token();
  const now = deps.now();
  await deps.store.kv.put('survey-link', hashOf(t), { workflow }, { expiresAt: new Date(now.getTime() + LINK_DAYS * 86_400_000).toISOString(), now: now.toISOString() });
  return t;
}

/** The kiosk key of a service, made on first use; `renew` replaces it (the old kiosk address stops working). */
export async function kioskKey(deps: FiguresDeps, workflow: string, renew = false): Promise<string> {
  const existing = await deps.store.kv.get<{ key: string }>('survey-kiosk', workflow);
  if (existing && !renew) return existing.value.key;
  const key = token();
  await deps.store.kv.put('survey-kiosk', workflow, { key });
  return key;
}

export type SurveyDoor = { link: string } | { kiosk: string; workflow: string };

const ANSWERED = 'Survei dengan tautan ini sudah dijawab. Terima kasih.';
const CLOSED = 'Tautan survei ini tidak berlaku (sudah dipakai, kedaluwarsa, atau salah ketik). Minta kode QR baru kepada petugas.';

/** Which service a door opens the survey of, or why it does not. */
export async function openSurvey(deps: FiguresDeps, door: SurveyDoor): Promise<Done<Workflow>> {
  const now = deps.now().toISOString();
  let id: string | undefined;
  if ('link' in door) {
    const e = await deps.store.kv.get<{ workflow: string }>('survey-link', hashOf(door.link), now);
    const used = e && (await deps.store.kv.get('survey-used', hashOf(door.link), now));
    if (used) return { ok: false, status: 409, error: ANSWERED };
    if (e) id = e.value.workflow;
  } else {
    const e = await deps.store.kv.get<{ key: string }>('survey-kiosk', door.workflow);
    if (e && e.value.key === door.kiosk) id = door.workflow;
  }
  const wf = id ? deps.workflows.get(id) : undefined;
  return wf ? { ok: true, value: wf } : { ok: false, status: 404, error: CLOSED };
}

/** Reads the nine answers of a posted form; field id → message for those missing. */
export function readAnswers(form: Record<string, unknown>): { values?: number[]; errors: Record<string, string>; comment?: string } {
  const errors: Record<string, string> = {};
  const values = IKM_ELEMENTS.map((e) => {
    const v = Number(form[e.id]);
    if (!Number.isInteger(v) || v < 1 || v > 4) errors[e.id] = 'Pilih satu jawaban.';
    return v;
  });
  const raw = typeof form.saran === 'string' ? form.saran.trim().slice(0, 1000) : '';
  return { ...(Object.keys(errors).length ? {} : { values }), errors, ...(raw ? { comment: raw } : {}) };
}

/** Stores one answer through a door: once per link, one per KIOSK_GAP_MS per kiosk, rate-limited per address. */
export async function answerSurvey(deps: FiguresDeps, door: SurveyDoor, form: Record<string, unknown>, address: string): Promise<Done<Workflow>> {
  const opened = await openSurvey(deps, door);
  if (!opened.ok) return opened;
  const wf = opened.value;
  const { values, errors, comment } = readAnswers(form);
  if (!values || !isCompleteAnswer(values)) return { ok: false, status: 422, error: `${Object.keys(errors).length} pertanyaan belum dijawab.`, fields: errors };
  const limited = await spend(deps, LIMITS.survey, address);
  if (limited) return limited;
  const now = deps.now();
  const day = dayOf(now, timeZoneOf(wf));
  return deps.store.transaction(async (tx): Promise<Done<Workflow>> => {
    const gate = 'link' in door ? { ns: 'survey-used', key: hashOf(door.link), until: now.getTime() + LINK_DAYS * 86_400_000 } : { ns: 'survey-kiosk-slot', key: `${wf.id}:${Math.floor(now.getTime() / KIOSK_GAP_MS)}`, until: now.getTime() + KIOSK_GAP_MS * 2 };
    const { claimed } = await tx.kv.claim(gate.ns, gate.key, true, { expiresAt: new Date(gate.until).toISOString(), now: now.toISOString() });
    if (!claimed) {
      return 'link' in door
        ? { ok: false, status: 409, error: ANSWERED }
        : { ok: false, status: 429, error: 'Jawaban sebelumnya baru saja diterima; tunggu sebentar lalu kirim lagi.', retryAfter: Math.ceil(KIOSK_GAP_MS / 1000) };
    }
    // The day at office midnight: an answer cannot be matched to a case by its time.
    await tx.records.add({ kind: 'ikm', id: token(), at: `${day}T00:00:00.000Z`, workflow: wf.id, data: { values, ...(comment ? { comment } : {}), via: 'link' in door ? 'tautan' : 'kios' } });
    return { ok: true, value: wf };
  });
}

/** The IKM of a service over a period, suppressed as every figure is. */
export async function ikmFor(deps: FiguresDeps, wf: Workflow, period: Pick<Period, 'from' | 'to'>): Promise<PublishedIkm & { comments: string[] }> {
  const docs = await deps.store.records.query('ikm', { workflow: wf.id, from: `${period.from}T00:00:00.000Z`, to: `${period.to}T23:59:59.999Z` });
  const result = computeIkm(docs.map((d) => ({ values: d.data.values as number[] })));
  const published = publishIkm(result, thresholdOf(wf));
  // Comments are shown to the report's readers only, and only once there are enough answers to hide whose they are.
  const comments = published.result ? docs.flatMap((d) => (typeof d.data.comment === 'string' ? [d.data.comment] : [])) : [];
  return { ...published, comments };
}
