/**
 * Acting officials (Plt. / Plh.) through the real app: the Kepala UPTD (head of Bidang Teknis in the seed)
 * records that the Back Office account acts for the Bidang Teknis account; during the period the acting official
 * finds the official's task in their work list, does it, and the case records it as done on the official's
 * behalf; revoked, the task is no longer theirs. Recording and revoking are audited; a clerk may not record one;
 * a bad input is answered beside its field.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { csrfOf, directIntake, FORM, makeBench, type Bench } from './helpers.ts';

let b: Bench;

beforeEach(async () => {
  b = await makeBench();
});
afterEach(() => b.close());

const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/\s+/g, ' ');

async function post(path: string, cookie: string, body: Array<[string, string]>) {
  const res = await b.app.request(path, { method: 'POST', headers: { cookie, ...FORM }, body: new URLSearchParams([['_csrf', csrfOf(cookie)], ...body]) });
  return { status: res.status, html: await res.text(), location: res.headers.get('location') };
}

async function api(path: string, user: string, body?: unknown) {
  const token = await b.token(user);
  const res = await b.app.request(`/api/v1${path}`, { method: body ? 'POST' : 'GET', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body ? JSON.stringify(body) : undefined });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

/** A case waiting for Bidang Teknis (step 3). */
async function caseAtStep3(): Promise<string> {
  const started = await api('/cases', 'front_office', { workflow: 'respon-kasus-anak', data: directIntake() });
  const id = started.json.id as string;
  expect((await api(`/cases/${id}/steps/periksa-dokumen`, 'front_office', { data: { dokumen_lengkap: 'ya' } })).status).toBe(200);
  return id;
}

const PERIOD: Array<[string, string]> = [
  ['mulai', '2026-11-30'],
  ['sampai', '2026-12-04'],
];

describe('acting officials', () => {
  it('the head records a Plh., the acting official does the official’s step on their behalf, and a revoke ends it', async () => {
    const id = await caseAtStep3();
    const head = await b.login('kepala_uptd');
    const page = await b.app.request('/delegasi', { headers: { cookie: head } });
    expect(page.status).toBe(200);
    expect(text(await page.text())).toContain('Catat pelimpahan baru');

    const done = await post('/delegasi', head, [['pejabat', 'bidang_teknis'], ['pelaksana', 'back_office'], ['jenis', 'plh'], ['peran', 'bidang_teknis'], ...PERIOD, ['dasar', 'Surat Perintah Kepala UPTD No. 12/2026']]);
    expect(done.status).toBe(303);
    const listed = text(await (await b.app.request('/delegasi?dicatat=1', { headers: { cookie: head } })).text());
    expect(listed).toContain('Pelimpahan tercatat.');
    expect(listed).toMatch(/Uji bidang_teknis Plh\. Uji back_office Bidang Teknis .*Berlaku/);
    expect(listed).toContain('Dasar: Surat Perintah Kepala UPTD No. 12/2026');
    const created = await b.store.audit.list({ action: 'delegation.create' });
    expect(created.map((e) => [e.actor, e.details?.official, e.details?.acting])).toEqual([['kepala_uptd', 'bidang_teknis', 'back_office']]);

    // The acting official's work list holds the official's task; they do it, on the official's behalf.
    const tasks = await api('/tasks', 'back_office');
    expect(JSON.stringify(tasks.json)).toContain(id);
    const step = await api(`/cases/${id}/steps/proses-laporan`, 'back_office', { data: { hasil_asesmen: 'Luka memar di lengan.', kebutuhan_layanan: ['layanan_kesehatan'] } });
    expect(step.status).toBe(200);
    const c = (await b.store.cases.get(id))!;
    expect(c.history.find((h) => h.type === 'completed' && h.step === 'proses-laporan')).toMatchObject({ actor: 'back_office', onBehalfOf: 'bidang_teknis', acting: 'plh' });
    const casePage = text(await (await b.app.request(`/kasus/${id}`, { headers: { cookie: await b.login('kepala_uptd') } })).text());
    expect(casePage).toContain('diselesaikan oleh Uji back_office, Plh. Bidang Teknis atas nama Uji bidang_teknis');

    // Revoked: the next case's step is no longer theirs.
    const other = await caseAtStep3();
    const delegationId = /action="\/delegasi\/([^/"]+)\/cabut"/.exec(await (await b.app.request('/delegasi', { headers: { cookie: head } })).text())![1]!;
    expect((await post(`/delegasi/${delegationId}/cabut`, head, [])).status).toBe(303);
    expect((await b.store.audit.list({ action: 'delegation.revoke' })).length).toBe(1);
    const refused = await api(`/cases/${other}/steps/proses-laporan`, 'back_office', { data: { hasil_asesmen: 'x', kebutuhan_layanan: ['layanan_kesehatan'] } });
    expect([403, 404]).toContain(refused.status);
    expect(text(await (await b.app.request('/delegasi', { headers: { cookie: head } })).text())).toContain('Dicabut');
  });

  it('refuses a clerk, a head handing over a role they do not head, and a bad period, beside the fields', async () => {
    const clerk = await b.login('front_office');
    expect((await b.app.request('/delegasi', { headers: { cookie: clerk } })).status).toBe(403);
    expect((await post('/delegasi', clerk, [['pejabat', 'bidang_teknis'], ['pelaksana', 'back_office'], ['jenis', 'plh'], ['peran', 'bidang_teknis'], ...PERIOD])).status).toBe(403);

    const head = await b.login('kepala_uptd');
    const foreign = await post('/delegasi', head, [['pejabat', 'sekretaris'], ['pelaksana', 'back_office'], ['jenis', 'plh'], ['peran', 'sekretaris'], ...PERIOD]);
    expect(foreign.status).toBe(422);
    expect(text(foreign.html)).toContain('Anda tidak dapat melimpahkan peran sekretaris');
    const self = await post('/delegasi', head, [['pejabat', 'bidang_teknis'], ['pelaksana', 'bidang_teknis'], ['jenis', 'plt'], ['peran', 'bidang_teknis'], ['mulai', '2026-12-04'], ['sampai', '2026-11-30']]);
    expect(self.status).toBe(422);
    expect(text(self.html)).toContain('Pelaksana tidak boleh pejabat itu sendiri.');
    expect(text(self.html)).toContain('Tanggal selesai harus sesudah tanggal mulai.');
    expect(await b.store.audit.list({ action: 'delegation.create' })).toEqual([]);
  });
});
