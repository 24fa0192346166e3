/**
 * The pages of notifications, as plain HTML (no script needed): the counter in the menu, /notifikasi with read
 * and unread, opening one, marking all read; the notification settings on Akun saya; the administrator's page.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Scheduler } from '../../server/notify/scheduler.ts';
import { csrfOf, directIntake, FORM, formBody, makeBench, type Bench } from './helpers.ts';

let b: Bench;
beforeEach(async () => {
  b = await makeBench();
});
afterEach(async () => {
  await b.close();
});

async function get(cookie: string, path: string) {
  const res = await b.app.request(path, { headers: { cookie } });
  return { status: res.status, location: res.headers.get('location'), html: await res.text() };
}

async function post(cookie: string, path: string, values: Record<string, unknown>) {
  const res = await b.app.request(path, { method: 'POST', headers: { ...FORM, cookie }, body: formBody({ ...values, _csrf: csrfOf(cookie) }) });
  return { status: res.status, location: res.headers.get('location'), html: await res.text() };
}

describe('in-app notifications', () => {
  it('counts unread in the menu, lists them, opens one (read) and marks all read', async () => {
    const scheduler = new Scheduler({ store: b.store, workflows: b.workflows, now: () => b.clock.now }, { worker: 'uji' });
    const fo = await b.login('front_office');
    const ids: string[] = [];
    for (const risk of ['darurat', 'rendah']) {
      const token = await b.token('front_office');
      const res = await b.app.request('/api/v1/cases', { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ workflow: 'respon-kasus-anak', data: directIntake({ tingkat_risiko: risk }) }) });
      ids.push(((await res.json()) as { id: string }).id);
      b.tick(60_000);
    }
    await scheduler.tick();
    const tugas = await get(fo, '/tugas');
    expect(tugas.html).toMatch(/<a href="\/notifikasi">(?:(?!<\/a>).)*Pemberitahuan(?:(?!<\/a>).)*<span class="counter" aria-label="2 belum dibaca">2<\/span><\/a>/);
    const list = await get(fo, '/notifikasi');
    expect(list.status).toBe(200);
    expect(list.html).toContain('2 belum dibaca.');
    expect(list.html).toContain(`<strong class="notice-head">Tugas baru: ${ids[0]}</strong><span class="notice-rest">Respon Kasus Anak, Langkah 2: Memeriksa dokumen persyaratan`);
    expect(list.html).not.toContain('Rina');
    // Newest first; each opens the task and is read from then on.
    const first = /href="\/notifikasi\/([0-9a-f]{32})"/.exec(list.html)![1]!;
    const open = await get(fo, `/notifikasi/${first}`);
    expect(open.status).toBe(303);
    expect(open.location).toBe(`/tugas/${ids[1]}/periksa-dokumen`);
    expect((await get(fo, '/tugas')).html).toContain('aria-label="1 belum dibaca"');
    const all = await post(fo, '/notifikasi/baca', {});
    expect(all.status).toBe(303);
    const after = await get(fo, '/notifikasi?dibaca=1');
    expect(after.html).toContain('Semua sudah dibaca.');
    expect(after.html).not.toContain('class="counter"');
    // Someone else's notification does not open.
    const ku = await b.login('kepala_uptd');
    expect((await get(ku, `/notifikasi/${first}`)).status).toBe(404);
    expect((await get(ku, '/notifikasi/../../etc')).status).toBe(404);
    await scheduler.stop();
  });
});

describe('notification settings', () => {
  it('saves my e-mail, phone and channels on Akun saya; refuses a bad address beside its field', async () => {
    const cookie = await b.login('bidang_teknis');
    const page = await get(cookie, '/akun');
    expect(page.html).toContain('Terima pemberitahuan lewat');
    const bad = await post(cookie, '/akun/pemberitahuan', { email: 'bukan alamat', phone: '0812', saluran: ['inapp'] });
    expect(bad.status).toBe(422);
    expect(bad.html).toMatch(/Alamat surel (&quot;|")bukan alamat(&quot;|") tidak sah/);
    expect(bad.html).toMatch(/Nomor telepon (&quot;|")0812(&quot;|") tidak sah/);
    const ok = await post(cookie, '/akun/pemberitahuan', { email: 'bt@dinsos.contoh.go.id', phone: '+62 812 3456 7890', saluran: ['inapp', 'email'] });
    expect(ok.status).toBe(303);
    const u = await b.store.users.get('bidang_teknis');
    expect(u).toMatchObject({ email: 'bt@dinsos.contoh.go.id', phone: '+62 812 3456 7890', optOut: ['gateway'] });
    const again = await get(cookie, '/akun?pemberitahuan=1');
    expect(again.html).toContain('Pengaturan pemberitahuan tersimpan.');
    expect(again.html).toMatch(/value="gateway"(?![^>]*checked)/);
  });

  it('shows the channels to the administrator only', async () => {
    const fo = await b.login('front_office');
    expect((await get(fo, '/admin/pesan')).status).toBe(403);
    expect((await post(fo, '/admin/pesan/uji', { username: 'kepala_uptd', channel: 'inapp' })).status).toBe(403);
    const admin = await b.login('admin');
    const page = await get(admin, '/admin/pesan');
    expect(page.status).toBe(200);
    expect(page.html).toContain('belum diatur: isi ALUR_SMTP_URL dan ALUR_MAIL_FROM');
    const sent = await post(admin, '/admin/pesan/uji', { username: 'kepala_uptd', channel: 'inapp' });
    expect(sent.html).toContain('Pesan uji ditambahkan ke pemberitahuan kepala_uptd.');
    expect(await b.store.inbox.unread('kepala_uptd')).toBe(1);
    const refused = await post(admin, '/admin/pesan/uji', { username: 'kepala_uptd', channel: 'email' });
    expect(refused.status).toBe(422);
    expect(refused.html).toContain('belum diatur di server ini');
  });
});
