/**
 * Who holds a task, through the real app: an officer takes a task of their role, the Kepala UPTD (head of Bidang
 * Teknis in the seed) gives one to a named officer or moves it, the holder hands it back; each audited in the same
 * transaction as the case. The API refuses with {error} and a 4xx: not your role, not an account of that role, not
 * the head, a closed case, a stale revision. The pages' forms do the same without JavaScript, and a task held by
 * one officer is not offered to another.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createUser } from '../../server/auth/users.ts';
import { checkIntegrity } from '../../server/usecases/integrity.ts';
import { csrfOf, directIntake, FORM, makeBench, PASSWORD, type Bench } from './helpers.ts';

let b: Bench;

beforeEach(async () => {
  b = await makeBench();
  // A second officer of Bidang Teknis.
  await createUser(b.store.users, { username: 'bt2', roles: ['bidang_teknis'], password: PASSWORD, displayName: 'Dewi Lestari', now: b.clock.now });
});
afterEach(() => b.close());

const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/\s+/g, ' ');

async function api(path: string, user: string, body?: unknown) {
  const token = await b.token(user);
  const res = await b.app.request(`/api/v1${path}`, { method: body === undefined ? 'GET' : 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

async function post(path: string, cookie: string, body: Array<[string, string]>) {
  const res = await b.app.request(path, { method: 'POST', headers: { cookie, ...FORM }, body: new URLSearchParams([['_csrf', csrfOf(cookie)], ...body]) });
  return { status: res.status, html: await res.text(), location: res.headers.get('location') };
}

async function page(path: string, cookie: string) {
  const res = await b.app.request(path, { headers: { cookie } });
  return { status: res.status, text: text(await res.text()) };
}

/** A case waiting for Bidang Teknis (step 3, proses-laporan). */
async function caseAtStep3(): Promise<string> {
  const started = await api('/cases', 'front_office', { workflow: 'respon-kasus-anak', data: directIntake() });
  const id = started.json.id as string;
  expect((await api(`/cases/${id}/steps/periksa-dokumen`, 'front_office', { data: { dokumen_lengkap: 'ya' } })).status).toBe(200);
  return id;
}

const tasksOf = async (user: string) => JSON.stringify((await api('/tasks', user)).json);
const STEP3 = { hasil_asesmen: 'Luka memar di lengan.', kebutuhan_layanan: ['layanan_kesehatan'] };

describe('assignment API', () => {
  it('an officer claims a task of their role; it is theirs alone until they release it', async () => {
    const id = await caseAtStep3();
    const claimed = await api(`/cases/${id}/tasks/proses-laporan/claim`, 'bidang_teknis', {});
    expect(claimed.status).toBe(200);
    expect(claimed.json.task).toMatchObject({ step: 'proses-laporan', assignee: 'bidang_teknis' });
    expect(await b.store.audit.list({ action: 'task.claim' })).toMatchObject([{ actor: 'bidang_teknis', caseId: id, details: { step: 'proses-laporan' } }]);

    // The other officer of the role neither lists it nor may do it, nor take it.
    expect(await tasksOf('bt2')).not.toContain(id);
    expect(await tasksOf('bidang_teknis')).toContain(id);
    const other = await api(`/cases/${id}/steps/proses-laporan`, 'bt2', { data: STEP3 });
    expect(other.status).toBe(403);
    expect(other.json.error).toContain('ditugaskan kepada akun lain');
    const again = await api(`/cases/${id}/tasks/proses-laporan/claim`, 'bt2', {});
    expect(again.status).toBe(409);
    expect(again.json.error).toContain('sudah diambil');

    // Only the holder (or the head) hands it back.
    expect((await api(`/cases/${id}/tasks/proses-laporan/release`, 'bt2', {})).status).toBe(403);
    const released = await api(`/cases/${id}/tasks/proses-laporan/release`, 'bidang_teknis', {});
    expect(released.status).toBe(200);
    expect(released.json.task).toMatchObject({ assignee: null });
    expect(await tasksOf('bt2')).toContain(id);
    expect((await api(`/cases/${id}/tasks/proses-laporan/release`, 'bidang_teknis', {})).status).toBe(409);
    expect((await b.store.audit.list({ action: 'task.release' })).length).toBe(1);
  });

  it('refuses a claim outside one’s role, a closed case and a stale revision', async () => {
    const id = await caseAtStep3();
    const foreign = await api(`/cases/${id}/tasks/proses-laporan/claim`, 'back_office', {});
    expect([403, 404]).toContain(foreign.status);
    expect(foreign.json.error).toBeTypeOf('string');
    const fo = await api(`/cases/${id}/tasks/proses-laporan/claim`, 'front_office', {});
    expect([403, 404]).toContain(fo.status);

    const rev = ((await api(`/cases/${id}`, 'kepala_uptd')).json.rev as number) - 1;
    const stale = await api(`/cases/${id}/tasks/proses-laporan/claim`, 'bidang_teknis', { rev });
    expect(stale.status).toBe(409);
    expect(stale.json.error).toContain('sudah diubah orang lain');

    // A case closed at step 8 (indirect report found not genuine): nothing left to hold.
    const started = await api('/cases', 'front_office', { workflow: 'respon-kasus-anak', data: directIntake({ saluran: 'tidak_langsung', media_pelaporan: 'telepon' }) });
    const closed = started.json.id as string;
    expect((await api(`/cases/${closed}/steps/periksa-dokumen`, 'front_office', { data: { dokumen_lengkap: 'ya' } })).status).toBe(200);
    expect((await api(`/cases/${closed}/steps/validasi-laporan`, 'kepala_uptd', { data: { laporan_sah: 'tidak', catatan_validasi: 'Alamat tidak ditemukan.' } })).status).toBe(200);
    const late = await api(`/cases/${closed}/tasks/validasi-laporan/assign`, 'kepala_uptd', { to: 'kepala_uptd' });
    expect(late.status).toBe(409);
    expect(late.json.error).toContain('sudah selesai');

    expect((await api(`/cases/${id}/tasks/proses-laporan/claim`, 'bidang_teknis', { rev: 'x' })).status).toBe(400);
    expect((await api(`/cases/${id}/tasks/tidak-ada/claim`, 'bidang_teknis', {})).status).toBe(404);
    expect(await b.store.audit.list({ action: 'task.claim' })).toEqual([]);
  });

  it('the head assigns to a named officer of the role and moves it; others may not assign', async () => {
    const id = await caseAtStep3();
    const notHead = await api(`/cases/${id}/tasks/proses-laporan/assign`, 'bidang_teknis', { to: 'bt2' });
    expect(notHead.status).toBe(403);
    expect(notHead.json.error).toContain('ditugaskan oleh Kepala UPTD PPA');
    const wrongRole = await api(`/cases/${id}/tasks/proses-laporan/assign`, 'kepala_uptd', { to: 'front_office' });
    expect(wrongRole.status).toBe(422);
    expect(wrongRole.json.error).toContain('tidak memiliki peran Bidang Teknis');
    expect(wrongRole.json.fields).toHaveProperty('to');
    expect((await api(`/cases/${id}/tasks/proses-laporan/assign`, 'kepala_uptd', { to: 'tidak_ada' })).status).toBe(422);
    expect((await api(`/cases/${id}/tasks/proses-laporan/assign`, 'kepala_uptd', {})).status).toBe(422);

    const given = await api(`/cases/${id}/tasks/proses-laporan/assign`, 'kepala_uptd', { to: 'bt2' });
    expect(given.status).toBe(200);
    expect(given.json.task).toMatchObject({ assignee: 'bt2' });
    expect(await tasksOf('bt2')).toContain(id);
    expect(await tasksOf('bidang_teknis')).not.toContain(id);

    // Reassigned by the administrator (who sees no case data: the answer names holders only).
    const moved = await api(`/cases/${id}/tasks/proses-laporan/assign`, 'admin', { to: 'bidang_teknis' });
    expect(moved.status).toBe(200);
    expect(Object.keys(moved.json).sort()).toEqual(['id', 'rev', 'task', 'tasks']);
    const assigned = (await b.store.audit.list({ action: 'task.assign' })).sort((x, y) => x.seq - y.seq);
    expect(assigned).toMatchObject([
      { actor: 'kepala_uptd', details: { to: 'bt2' } },
      { actor: 'admin', details: { to: 'bidang_teknis', from: 'bt2' } },
    ]);
    expect((await api(`/cases/${id}/steps/proses-laporan`, 'bidang_teknis', { data: STEP3 })).status).toBe(200);

    // The case file and the audit log still agree, assignments included.
    const integrity = await checkIntegrity({ store: b.store, now: () => b.clock.now, pause: async () => undefined, log: () => undefined });
    expect(integrity.cases).toEqual([]);
  });
});

describe('assignment on the pages', () => {
  it('the head gives the task to a named officer from the case page; the officer sees it marked, the other officer does not get it', async () => {
    const id = await caseAtStep3();
    const head = await b.login('kepala_uptd');
    const before = await page(`/kasus/${id}`, head);
    expect(before.text).toContain('Belum dipegang siapa pun');
    expect(before.text).toContain('Serahkan ke…');
    expect(before.text).toContain('Dewi Lestari');

    const stale = await post(`/kasus/${id}/tugas/proses-laporan/serahkan`, head, [['_rev', '0'], ['akun', 'bt2']]);
    expect(stale.status).toBe(409);
    expect(text(stale.html)).toContain('sudah diubah orang lain');
    const rev = /name="_rev" value="(\d+)"/.exec(await (await b.app.request(`/kasus/${id}`, { headers: { cookie: head } })).text())![1]!;
    const done = await post(`/kasus/${id}/tugas/proses-laporan/serahkan`, head, [['_rev', rev], ['akun', 'bt2']]);
    expect(done.status).toBe(303);
    expect(done.location).toBe(`/kasus/${id}?diserahkan=proses-laporan`);
    const after = await page(done.location!, head);
    expect(after.text).toContain('Langkah 3 diserahkan kepada Dewi Lestari.');
    expect(after.text).toContain('Dipegang: Dewi Lestari');
    expect(after.text).toContain('ditugaskan kepada Dewi Lestari');

    const officer = await b.login('bt2');
    const list = await page('/tugas', officer);
    expect(list.text).toContain(id);
    expect(list.text).toContain('Dipegang: Dewi Lestari');
    const mine = await page(`/tugas/${id}/proses-laporan`, officer);
    expect(mine.status).toBe(200);
    expect(mine.text).toContain('Dipegang: Dewi Lestari (Anda)');
    expect(mine.text).toContain('Lepaskan');

    const otherOfficer = await b.login('bidang_teknis');
    expect((await page('/tugas', otherOfficer)).text).not.toContain(id);
    const refused = await page(`/tugas/${id}/proses-laporan`, otherOfficer);
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('sedang dipegang Dewi Lestari');
    expect(refused.text).toContain('Kepala UPTD PPA dapat menyerahkannya');

    // The holder hands it back; any officer of the role may then take it.
    const r2 = /name="_rev" value="(\d+)"/.exec(await (await b.app.request(`/tugas/${id}/proses-laporan`, { headers: { cookie: officer } })).text())![1]!;
    const released = await post(`/kasus/${id}/tugas/proses-laporan/lepaskan`, officer, [['_rev', r2]]);
    expect(released.status).toBe(303);
    const open = await page(`/kasus/${id}`, otherOfficer);
    expect(open.text).toContain('Ambil tugas ini');
    const r3 = /name="_rev" value="(\d+)"/.exec(await (await b.app.request(`/kasus/${id}`, { headers: { cookie: otherOfficer } })).text())![1]!;
    const claimed = await post(`/kasus/${id}/tugas/proses-laporan/ambil`, otherOfficer, [['_rev', r3]]);
    expect(claimed.location).toBe(`/tugas/${id}/proses-laporan?diambil=1`);
    expect((await page(claimed.location!, otherOfficer)).text).toContain('Tugas ini sekarang Anda pegang');
    expect((await page(`/kasus/${id}`, head)).text).toContain('Dipegang: Uji bidang_teknis');
  });

  it('an officer of another role is refused on the page with a message, never a 500', async () => {
    const id = await caseAtStep3();
    const fo = await b.login('front_office');
    const res = await post(`/kasus/${id}/tugas/proses-laporan/ambil`, fo, []);
    expect([403, 404]).toContain(res.status);
    const empty = await post(`/kasus/${id}/tugas/proses-laporan/serahkan`, await b.login('kepala_uptd'), []);
    expect(empty.status).toBe(422);
    expect(text(empty.html)).toContain('Pilih dulu akun');
  });
});
