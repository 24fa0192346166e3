/**
 * Accounts and sessions: cookie attributes and a fresh session id at sign-in, throttling per account and per
 * address (429 with Retry-After and a readable message), disabling an account and resetting a password (with
 * the forced change), API tokens listed and revoked by their owner, and what all of it leaves in the audit log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configureThrottle } from '../../../server/auth/signin.ts';
import { csrfOf, directIntake, FORM, formBody, makeBench, PASSWORD, preSession, type Bench } from '../helpers.ts';
import { api, DIRECT_PATH } from './fixtures.ts';

let b: Bench;

beforeAll(async () => {
  b = await makeBench();
});
afterAll(() => b.close());

async function signIn(bench: Bench, username: string, password: string, headers: Record<string, string> = {}) {
  const pre = await preSession(bench.app);
  const res = await bench.app.request('/login', {
    method: 'POST',
    headers: { ...FORM, cookie: pre.cookie, ...headers },
    body: formBody({ username, password, _csrf: pre.csrf }),
  });
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('alur_sesi='));
  return { status: res.status, html: await res.text(), headers: res.headers, cookie: cookie?.split(';')[0], setCookie: cookie };
}

function postAs(cookie: string, path: string, values: Record<string, unknown> = {}) {
  return b.app.request(path, { method: 'POST', headers: { ...FORM, cookie }, body: formBody({ _csrf: csrfOf(cookie), ...values }) });
}

async function auditOf(action: string) {
  return b.store.audit.list({ action, limit: 1000 });
}

describe('sessions', () => {
  it('keeps the session in an HttpOnly, SameSite cookie that ends with the browser, and gives a new id at every sign-in', async () => {
    const first = await signIn(b, 'sekretaris', PASSWORD);
    expect(first.status).toBe(303);
    expect(first.setCookie).toMatch(/HttpOnly/);
    expect(first.setCookie).toMatch(/SameSite=Lax/);
    expect(first.setCookie).toMatch(/Path=\//);
    expect(first.setCookie).not.toMatch(/Max-Age|Expires/);
    expect(first.cookie).toMatch(/^alur_sesi=[A-Za-z0-9_-]{43}$/);
    // The secret is stored only as a hash.
    const raw = first.cookie!.slice('alur_sesi='.length);
    expect(JSON.stringify((await b.store.sessions.list('sekretaris')))).not.toContain(raw);
    const second = await signIn(b, 'sekretaris', PASSWORD);
    expect(second.cookie).not.toBe(first.cookie);
  });
});

describe('login throttling', () => {
  it('locks an account after 5 failures for 30 s, then twice as long, with 429, Retry-After and a readable message', async () => {
    for (let i = 1; i <= 5; i++) expect((await signIn(b, 'kepala_dinas', 'salah-salah-salah')).status, `attempt ${i}`).toBe(401);
    const sixth = await signIn(b, 'kepala_dinas', 'salah-salah-salah');
    expect(sixth.status).toBe(429);
    expect(sixth.headers.get('retry-after')).toBe('30');
    expect(sixth.html).toContain('Terlalu banyak percobaan masuk yang gagal untuk akun ini');
    expect(sixth.html).toContain('coba lagi dalam 30 detik');
    // Even the right password waits, and so does the API.
    expect((await signIn(b, 'kepala_dinas', PASSWORD)).status).toBe(429);
    const viaApi = await api(b, undefined, '/api/v1/login', { body: { username: 'kepala_dinas', password: PASSWORD } });
    expect(viaApi.status).toBe(429);
    expect(Number(viaApi.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(JSON.parse(viaApi.text).error).toContain('coba lagi dalam');
    b.tick(31_000);
    const again = await signIn(b, 'kepala_dinas', 'salah-salah-salah');
    expect(again.status).toBe(429);
    expect(again.headers.get('retry-after')).toBe('60');
    b.tick(61_000);
    expect((await signIn(b, 'kepala_dinas', PASSWORD)).status).toBe(303);
    // Success starts the count again.
    expect((await signIn(b, 'kepala_dinas', 'salah-salah-salah')).status).toBe(401);
    expect((await auditOf('login.locked')).filter((e) => e.details?.username === 'kepala_dinas')).toHaveLength(2);
  });

  it('treats an unknown account name exactly like a known one (no telling which exist)', async () => {
    const known = [];
    const unknown = [];
    for (let i = 0; i < 6; i++) {
      known.push(await signIn(b, 'back_office', 'salah-salah-salah'));
      unknown.push(await signIn(b, 'tidak-ada-orangnya', 'salah-salah-salah'));
    }
    expect(unknown.map((r) => r.status)).toEqual(known.map((r) => r.status));
    const strip = (html: string) => html.replace(/value="[^"]*"/g, '');
    expect(strip(unknown[0]!.html)).toBe(strip(known[0]!.html).replace(/back_office/g, 'tidak-ada-orangnya'));
    b.tick(31_000);
  });

  it('locks an address after its free failures, whatever the names, and not other addresses (trusted proxy)', async () => {
    const proxied = await makeBench({ trustProxy: true });
    configureThrottle(proxied.store, { address: { free: 3, baseMs: 30_000, maxMs: 900_000, forgetMs: 3_600_000 } });
    try {
      const from = (ip: string) => ({ 'x-forwarded-for': `203.0.113.7, ${ip}` });
      const statuses = [];
      for (const name of ['a1', 'a2', 'a3', 'a4']) statuses.push((await signIn(proxied, name, 'salah-salah-salah', from('10.1.2.3'))).status);
      expect(statuses).toEqual([401, 401, 401, 429]);
      const blocked = await signIn(proxied, 'sekretaris', PASSWORD, from('10.1.2.3'));
      expect(blocked.status).toBe(429);
      expect(blocked.html).toContain('dari alamat jaringan ini');
      expect((await signIn(proxied, 'sekretaris', PASSWORD, from('10.1.2.4'))).status).toBe(303);
      const failed = await proxied.store.audit.list({ action: 'login.failed' });
      expect(failed[0]!.address).toBe('10.1.2.3');
      expect((await proxied.store.audit.list({ action: 'login.ok' }))[0]!.address).toBe('10.1.2.4');
    } finally {
      await proxied.close();
    }
  });
});

describe('account administration', () => {
  it('disables an account at once (sessions and tokens end, sign-in refused like a wrong password) and enables it again', async () => {
    const admin = await b.login('admin');
    const fo = await b.login('fo2');
    const token = await b.token('fo2');
    expect((await b.app.request('/tugas', { headers: { cookie: fo } })).status).toBe(200);
    const r = await postAs(admin, '/pengguna/fo2/nonaktifkan');
    expect(r.status).toBe(200);
    expect(await r.text()).toContain('Akun fo2 dinonaktifkan');
    expect((await b.app.request('/tugas', { headers: { cookie: fo } })).status).toBe(303);
    expect((await api(b, token, '/api/v1/tasks')).status).toBe(401);
    const refused = await signIn(b, 'fo2', PASSWORD);
    expect(refused.status).toBe(401);
    expect(refused.html).toContain('Nama pengguna atau kata sandi salah');
    // Not the administrator's own account (no locking oneself out).
    expect((await postAs(admin, '/pengguna/admin/nonaktifkan')).status).toBe(409);
    expect((await postAs(admin, '/pengguna/fo2/aktifkan')).status).toBe(200);
    expect((await signIn(b, 'fo2', PASSWORD)).status).toBe(303);
    const actions = (await b.store.audit.list({ actor: 'admin' })).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['user.disable', 'user.enable']));
  });

  it('resets a password: a temporary one shown once, old sessions ended, a new password chosen before anything else', async () => {
    const admin = await b.login('admin');
    const old = await b.login('bidang_teknis');
    const res = await postAs(admin, '/pengguna/bidang_teknis/reset-sandi');
    const html = await res.text();
    const temp = /<code class="issued">([^<]+)<\/code>/.exec(html)![1]!;
    expect(temp).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
    expect(await (await b.app.request('/pengguna', { headers: { cookie: admin } })).text()).not.toContain(temp);
    expect((await b.app.request('/tugas', { headers: { cookie: old } })).status).toBe(303);
    expect((await signIn(b, 'bidang_teknis', PASSWORD)).status).toBe(401);
    // The API gives no token until the password is changed.
    expect((await api(b, undefined, '/api/v1/login', { body: { username: 'bidang_teknis', password: temp } })).status).toBe(403);
    const s = await signIn(b, 'bidang_teknis', temp);
    expect(s.status).toBe(303);
    const cookie = s.cookie!;
    const tugas = await b.app.request('/tugas', { headers: { cookie } });
    expect(tugas.status).toBe(303);
    expect(tugas.headers.get('location')).toBe('/akun/sandi');
    const form = await (await b.app.request('/akun/sandi', { headers: { cookie } })).text();
    expect(form).toContain('Kata sandi Anda dibuat oleh administrator');
    // Refusals beside the fields.
    const wrong = await postAs(cookie, '/akun/sandi', { sandi_lama: 'bukan-ini-sandinya', sandi_baru: 'sandi-baru-yang-panjang', sandi_ulang: 'sandi-baru-yang-panjang' });
    expect(wrong.status).toBe(422);
    expect(await wrong.text()).toContain('Kata sandi sekarang tidak cocok');
    const short = await postAs(cookie, '/akun/sandi', { sandi_lama: temp, sandi_baru: 'pendek', sandi_ulang: 'pendek' });
    expect(await short.text()).toContain('paling sedikit 10 karakter');
    const differ = await postAs(cookie, '/akun/sandi', { sandi_lama: temp, sandi_baru: 'sandi-baru-yang-panjang', sandi_ulang: 'sandi-lain-yang-panjang' });
    expect(await differ.text()).toContain('Tidak sama dengan kata sandi baru');
    const done = await postAs(cookie, '/akun/sandi', { sandi_lama: temp, sandi_baru: 'sandi-baru-yang-panjang', sandi_ulang: 'sandi-baru-yang-panjang' });
    expect(done.status).toBe(303);
    const fresh = done.headers.getSetCookie().find((c) => c.startsWith('alur_sesi='))!.split(';')[0]!;
    expect((await b.app.request('/tugas', { headers: { cookie: fresh } })).status).toBe(200);
    expect((await b.app.request('/tugas', { headers: { cookie } })).status).toBe(303);
    expect((await signIn(b, 'bidang_teknis', 'sandi-baru-yang-panjang')).status).toBe(303);
    const actions = (await b.store.audit.list({ limit: 1000 })).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['user.reset', 'account.password', 'account.password.failed', 'login.refused']));
  });

  it('adds an account with a random password that must be changed at first sign-in', async () => {
    const admin = await b.login('admin');
    const bad = await postAs(admin, '/pengguna', { username: 'Bukan Nama!', name: '', roles: 'peran-khayalan' });
    expect(bad.status).toBe(422);
    const badHtml = await bad.text();
    expect(badHtml).toContain('Nama pengguna 2-32 karakter');
    expect(badHtml).toContain('Isi nama lengkap');
    const ok = await postAs(admin, '/pengguna', { username: 'sari.fo', name: 'Sari Wulandari', roles: ['front_office'] });
    const password = /<code class="issued">([^<]+)<\/code>/.exec(await ok.text())![1]!;
    expect((await b.store.users.get('sari.fo'))).toMatchObject({ roles: ['front_office'], mustChangePassword: true, disabled: false });
    const s = await signIn(b, 'sari.fo', password);
    expect((await b.app.request('/kasus', { headers: { cookie: s.cookie! } })).headers.get('location')).toBe('/akun/sandi');
    // Only the administrator.
    const fo = await b.login('front_office');
    expect((await postAs(fo, '/pengguna', { username: 'x.y', name: 'X', roles: ['admin'] })).status).toBe(403);
    expect((await b.store.users.get('x.y'))).toBeUndefined();
  });
});

describe('API tokens', () => {
  it('lists my live tokens with their names and revokes one, never another person’s', async () => {
    const login = async (label: string) => JSON.parse((await api(b, undefined, '/api/v1/login', { body: { username: 'back_office', password: PASSWORD, label } })).text).token as string;
    const t1 = await login('skrip laporan bulanan');
    const t2 = await login('dasbor kantor');
    const other = await b.token('kepala_uptd');
    const list = JSON.parse((await api(b, t1, '/api/v1/tokens')).text) as Array<{ id: string; label: string; current: boolean }>;
    expect(list.map((t) => t.label)).toEqual(expect.arrayContaining(['skrip laporan bulanan', 'dasbor kantor']));
    expect(list.find((t) => t.current)!.label).toBe('skrip laporan bulanan');
    const otherId = JSON.parse((await api(b, other, '/api/v1/tokens')).text)[0].id as string;
    expect((await api(b, t1, `/api/v1/tokens/${otherId}`, { method: 'DELETE' })).status).toBe(404);
    expect((await api(b, other, '/api/v1/tasks')).status).toBe(200);
    const id2 = list.find((t) => t.label === 'dasbor kantor')!.id;
    const del = await api(b, t1, `/api/v1/tokens/${id2}`, { method: 'DELETE' });
    expect(del.status).toBe(200);
    expect((await api(b, t2, '/api/v1/tasks')).status).toBe(401);
    expect((await api(b, t1, '/api/v1/tasks')).status).toBe(200);
    // The account page lists them too and revokes them.
    const cookie = await b.login('back_office');
    const page = await (await b.app.request('/akun', { headers: { cookie } })).text();
    expect(page).toContain('Token API: skrip laporan bulanan');
    expect(page).not.toContain('dasbor kantor');
    const id1 = list.find((t) => t.current)!.id;
    expect((await postAs(cookie, `/akun/sesi/${id1}/cabut`)).status).toBe(303);
    expect((await api(b, t1, '/api/v1/tasks')).status).toBe(401);
    expect((await auditOf('session.revoke')).length).toBeGreaterThanOrEqual(2);
  });
});

describe('audit trail', () => {
  it('records sign-ins, case views (with or without identity), each step with values before and after, and shows them filtered', async () => {
    const tokens: Record<string, string> = {};
    for (const u of ['front_office', 'back_office', 'kepala_uptd', 'sekretaris', 'kepala_dinas']) tokens[u] = await b.token(u);
    tokens.bidang_teknis = JSON.parse((await api(b, undefined, '/api/v1/login', { body: { username: 'bidang_teknis', password: 'sandi-baru-yang-panjang' } })).text).token;
    const c = JSON.parse((await api(b, tokens.front_office, '/api/v1/cases', { body: { workflow: 'respon-kasus-anak', data: directIntake() } })).text);
    let rev = c.rev;
    const run = async (user: string, step: string, data: Record<string, unknown>) => {
      const r = await api(b, tokens[user], `/api/v1/cases/${c.id}/steps/${step}`, { body: { data, rev } });
      expect(r.status, r.text).toBe(200);
      rev = JSON.parse(r.text).rev;
    };
    for (const [user, step, data] of DIRECT_PATH.slice(0, 4)) await run(user, step, data);
    await run('sekretaris', 'verifikasi-sekretaris', { hasil_verifikasi: 'perbaiki', catatan_verifikasi: 'Lengkapi jadwal.' });
    await run('kepala_uptd', 'respon-kepala-uptd', { respon_kasus: 'Responmarka kedua: jadwal visum Senin.' });

    const steps = await b.store.audit.list({ caseId: c.id, action: 'step.complete' });
    const second = steps.find((e) => (e.details as { step: string }).step === 'respon-kepala-uptd')!;
    expect(second.details).toMatchObject({ before: { respon_kasus: 'Responmarka: setuju.' }, after: { respon_kasus: 'Responmarka kedua: jadwal visum Senin.' } });
    const start = (await b.store.audit.list({ caseId: c.id, action: 'case.start' }))[0]!;
    expect((start.details as { after: Record<string, unknown> }).after.anak_nama).toBe('Rina Anggraini');

    // Views: identity shown to the front office, hidden from the Sekretaris.
    const fo = await b.login('front_office');
    const sek = await b.login('sekretaris');
    await b.app.request(`/kasus/${c.id}`, { headers: { cookie: fo } });
    await b.app.request(`/kasus/${c.id}`, { headers: { cookie: sek } });
    await api(b, tokens.sekretaris, `/api/v1/cases/${c.id}`);
    const views = await b.store.audit.list({ caseId: c.id, action: 'case.view' });
    expect(views.map((v) => [v.actor, (v.details as { page: string }).page, (v.details as { sensitive: boolean }).sensitive])).toEqual([
      ['sekretaris', 'api', false],
      ['sekretaris', 'kasus', false],
      ['front_office', 'kasus', true],
    ]);

    // The page: Kepala UPTD PPA sees values; filters by case and by user; the chain checks out.
    const kuptd = await b.login('kepala_uptd');
    const page = await (await b.app.request(`/audit?kasus=${c.id}`, { headers: { cookie: kuptd } })).text();
    expect(page).toContain('Respon kasus: Responmarka: setuju. → Responmarka kedua: jadwal visum Senin.');
    expect(page).toContain('Identitas anak/pelapor terlihat');
    expect(page).not.toContain('Gagal masuk</td>');
    const byUser = await (await b.app.request('/audit?pengguna=sekretaris', { headers: { cookie: kuptd } })).text();
    expect(byUser).toContain('Menyelesaikan langkah');
    expect(byUser).not.toContain('Uji kepala_dinas</a>');
    const verified = await (await b.app.request('/audit?periksa=1', { headers: { cookie: kuptd } })).text();
    expect(verified).toMatch(/Rantai log audit utuh: \d+ catatan diperiksa/);
    // Not for the Sekretaris.
    expect((await b.app.request('/audit', { headers: { cookie: sek } })).status).toBe(403);
    expect((await b.store.audit.verify()).ok).toBe(true);
  });
});
