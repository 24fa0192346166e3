/** Staff and public pages through app.request(): rendering, forms, errors beside fields, masking, every error status. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csrfOf, directIntake, FORM, formBody, makeBench, preSession, type Bench } from './helpers.ts';

let b: Bench;
/** Session cookie per user, with the clock time it was made: tests move the clock past the idle limit. */
const cookies = new Map<string, { cookie: string; at: number }>();

beforeAll(async () => {
  b = await makeBench({ demo: true });
});
afterAll(() => b.close());

async function cookieFor(user: string): Promise<string> {
  const known = cookies.get(user);
  if (known && b.clock.now.getTime() - known.at < 30 * 60_000) return known.cookie;
  const cookie = await b.login(user);
  cookies.set(user, { cookie, at: b.clock.now.getTime() });
  return cookie;
}

async function page(path: string, options: { user?: string; form?: Record<string, unknown>; htmx?: boolean } = {}) {
  const headers: Record<string, string> = {};
  let form = options.form;
  if (options.user) headers.cookie = await cookieFor(options.user);
  if (form && options.user) form = { _csrf: csrfOf(headers.cookie!), ...form };
  else if (form) {
    // Not signed in: the sign-in page's pre-session cookie and token, as a browser has them.
    const pre = await preSession(b.app);
    headers.cookie = pre.cookie;
    form = { _csrf: pre.csrf, ...form };
  }
  if (options.form) Object.assign(headers, FORM);
  if (options.htmx) headers['hx-request'] = 'true';
  const res = await b.app.request(path, { method: form ? 'POST' : 'GET', headers, body: form ? formBody(form) : undefined });
  return { status: res.status, html: await res.text(), headers: res.headers };
}

/** Starts a case through the intake form as the front office; returns its id. */
async function report(data = directIntake()): Promise<string> {
  const r = await page('/lapor/respon-kasus-anak', { user: 'front_office', form: data });
  expect(r.status, r.html.slice(0, 300)).toBe(303);
  const id = /\/kasus\/([A-Z0-9-]+)\?baru=1/.exec(r.headers.get('location')!)![1]!;
  return id;
}

async function complete(user: string, id: string, step: string, data: Record<string, unknown>) {
  const rev = (await b.store.cases.get(id))!.rev;
  const r = await page(`/tugas/${id}/${step}`, { user, form: { ...data, _rev: rev } });
  expect(r.status, r.html.slice(0, 500)).toBe(303);
}

describe('public pages', () => {
  it('lists the services and renders the standard from the YAML without login', async () => {
    const list = await page('/layanan');
    expect(list.status).toBe(200);
    expect(list.html).toMatch(/^<!doctype html>/);
    expect(list.html).toContain('href="/layanan/respon-kasus-anak"');
    const std = await page('/layanan/respon-kasus-anak');
    expect(std.status).toBe(200);
    for (const text of [
      'Dinas Sosial, Pemberdayaan Perempuan dan Perlindungan Anak',
      'KPTS.800/DISSOSP3A-Set/04',
      'Fotocopy KTP / KK',
      'Kepala UPTD PPA memvalidasi keabsahan laporan',
      'Pelaksana: <strong>Kepala Dinas</strong>',
      '1 Hari',
      'Tidak dipungut biaya',
      'Respon Kasus',
      'dissospppa@gmail.com',
      '0813 7471 5282',
      'id="diagram"',
    ]) expect(std.html).toContain(text);
    expect(std.html).toContain('Bila Saluran laporan adalah Tidak langsung (telepon atau media), maka laporan divalidasi Kepala UPTD PPA');
    // The procedure diagram generated from the same YAML sits in its slot, with its text version.
    expect(std.html).toMatch(/<div class="diagram-slot" id="diagram"><figure class="diagram"[\s\S]*<svg/);
    expect(std.html).toContain('Alur dalam bentuk teks');
    const css = await (await b.app.request('/static/app.css')).text();
    expect(css).toContain('.diagram-bingkai');
  });

  it('answers 404 with a page for an unknown service or address', async () => {
    const r = await page('/layanan/tidak-ada');
    expect(r.status).toBe(404);
    expect(r.html).toContain('Tidak ditemukan');
    expect((await page('/tidak/ada/sama/sekali')).status).toBe(404);
  });

  it('shows the demo banner on every page in demo mode and serves its assets locally', async () => {
    for (const p of ['/layanan', '/login']) expect((await page(p)).html).toContain('MODE DEMO');
    expect((await page('/tugas', { user: 'front_office' })).html).toContain('MODE DEMO');
    const css = await b.app.request('/static/app.css');
    expect(css.headers.get('content-type')).toMatch(/text\/css/);
    const htmx = await b.app.request('/static/htmx.min.js');
    expect(htmx.status).toBe(200);
    expect((await htmx.text()).length).toBeGreaterThan(10_000);
    expect((await b.app.request('/static/../package.json')).status).toBe(404);
  });

  it('opens the intake with the time the report is received already filled in, in office time (default: now)', async () => {
    // The bench clock reads 2026-11-30T02:00Z: 09.00 WIB.
    const html = (await page('/lapor/respon-kasus-anak', { user: 'front_office' })).html;
    expect(html).toMatch(/name="diterima_pada"[^>]*value="2026-11-30T09:00"|value="2026-11-30T09:00"[^>]*name="diterima_pada"/);
  });

  it('has no inline script on any page', async () => {
    const id = await report();
    for (const [p, user] of [['/layanan', undefined], ['/login', undefined], ['/tugas', 'front_office'], [`/kasus/${id}`, 'front_office'], ['/lapor/respon-kasus-anak', 'front_office']] as const) {
      const html = (await page(p, { user })).html;
      const scripts = html.match(/<script[^>]*>/g) ?? [];
      for (const s of scripts) expect(s, p).toMatch(/src="\/static\//);
      expect(html).not.toMatch(/<script[^>]*>[^<]+<\/script>/);
      expect(html).not.toMatch(/\son[a-z]+="/);
    }
  });
});

describe('login and logout', () => {
  it('shows the form and the demo accounts', async () => {
    const r = await page('/login');
    expect(r.status).toBe(200);
    expect(r.html).toContain('name="username"');
    expect(r.html).toContain('name="password"');
    expect(r.html).toContain('Akun demo');
  });

  it('answers 401 with a plain message for a wrong password', async () => {
    const r = await page('/login', { form: { username: 'front_office', password: 'salah-salah-salah' } });
    expect(r.status).toBe(401);
    expect(r.html).toContain('Nama pengguna atau kata sandi salah');
    expect(r.headers.get('set-cookie')).toBeNull();
  });

  it('sets an HttpOnly SameSite=Lax session cookie and sends the user back where they were going', async () => {
    const r = await page('/login', { form: { username: 'kepala_dinas', password: 'kata-sandi-uji-123', next: '/kasus?status=open' } });
    expect(r.status).toBe(303);
    expect(r.headers.get('location')).toBe('/kasus?status=open');
    const cookie = r.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^alur_sesi=[A-Za-z0-9_-]{43};/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
    expect(cookie).not.toContain('Secure');
  });

  it('never redirects to another site after login', async () => {
    for (const next of ['https://jahat.example/', '//jahat.example', '/\\jahat.example']) {
      const r = await page('/login', { form: { username: 'kepala_dinas', password: 'kata-sandi-uji-123', next } });
      expect(r.headers.get('location')).toBe('/tugas');
    }
  });

  it('sends anonymous visitors of staff pages to the login page', async () => {
    for (const p of ['/tugas', '/kasus', '/kasus/RKA-1', '/lapor', '/lapor/respon-kasus-anak']) {
      const r = await page(p);
      expect(r.status, p).toBe(303);
      expect(r.headers.get('location')).toBe(`/login?next=${encodeURIComponent(p)}`);
    }
    const post = await page('/tugas/RKA-1/periksa-dokumen', { form: { dokumen_lengkap: 'ya' } });
    expect(post.status).toBe(303);
  });

  it('ends the session at logout: the old cookie no longer opens pages', async () => {
    const cookie = await b.login('back_office');
    const out = await b.app.request('/logout', { method: 'POST', headers: { cookie, ...FORM }, body: new URLSearchParams({ _csrf: csrfOf(cookie) }) });
    expect(out.status).toBe(303);
    expect(out.headers.get('set-cookie')).toMatch(/alur_sesi=;/);
    const after = await b.app.request('/tugas', { headers: { cookie } });
    expect(after.status).toBe(303);
  });

  it('ends an idle session and a session past its absolute lifetime', async () => {
    const cookie = await b.login('bidang_teknis');
    b.tick(59 * 60_000);
    expect((await b.app.request('/tugas', { headers: { cookie } })).status).toBe(200);
    b.tick(61 * 60_000);
    expect((await b.app.request('/tugas', { headers: { cookie } })).status).toBe(303);
    // Active every 55 minutes: still ends 10 hours after sign-in.
    const long = await b.login('bidang_teknis');
    for (let i = 1; i <= 11; i++) {
      b.tick(55 * 60_000);
      expect((await b.app.request('/tugas', { headers: { cookie: long } })).status, `after ${i * 55} min`).toBe(i * 55 < 600 ? 200 : 303);
    }
  });
});

describe('secure cookies', () => {
  it('marks the session cookie Secure when configured', async () => {
    const other = await makeBench({ secureCookies: true });
    const pre = await preSession(other.app);
    const res = await other.app.request('/login', { method: 'POST', headers: { ...FORM, cookie: pre.cookie }, body: new URLSearchParams({ username: 'admin', password: 'kata-sandi-uji-123', _csrf: pre.csrf }) });
    expect(res.headers.get('set-cookie')).toContain('Secure');
    await other.close();
  });
});

describe('new report', () => {
  it('lists the services the role may start, and refuses the intake form to other roles (403)', async () => {
    const fo = await page('/lapor', { user: 'front_office' });
    expect(fo.html).toContain('href="/lapor/respon-kasus-anak"');
    const sek = await page('/lapor', { user: 'sekretaris' });
    expect(sek.html).not.toContain('href="/lapor/respon-kasus-anak"');
    const form = await page('/lapor/respon-kasus-anak', { user: 'sekretaris' });
    expect(form.status).toBe(403);
    expect(form.html).toContain('Petugas Front Office');
    expect((await page('/lapor/tidak-ada', { user: 'front_office' })).status).toBe(404);
  });

  it('renders every field of the intake form with labels, help, required marks and the requirements checklist', async () => {
    const r = await page('/lapor/respon-kasus-anak', { user: 'front_office' });
    expect(r.status).toBe(200);
    const html = r.html;
    expect(html).toContain('Persyaratan menurut standar pelayanan');
    // Each requirement the YAML lets attach has its upload (the KTP opens the phone's back camera).
    expect(html).toMatch(/<label for="f-persyaratan-laporan-kepolisian">Laporan dari Kepolisian/);
    expect(html).toMatch(/<input type="file" id="f-persyaratan-ktp-kk" name="persyaratan\.ktp-kk" accept="[^"]*image\/jpeg[^"]*" capture="environment" multiple=""/);
    expect(html).toContain('enctype="multipart/form-data"');
    for (const name of ['sumber_laporan', 'saluran', 'media_pelaporan', 'diterima_pada', 'pelapor_nama', 'anak_nama', 'anak_tanggal_lahir', 'anak_perkiraan_usia', 'anak_alamat', 'pelapor_dirahasiakan', 'jenis_kasus', 'tingkat_risiko']) {
      expect(html, name).toContain(`name="${name}"`);
    }
    expect(html).toMatch(/<select id="f-sumber_laporan" name="sumber_laporan"/);
    expect(html).toMatch(/type="radio" name="saluran"/);
    expect(html).toMatch(/type="datetime-local"/);
    expect(html).toMatch(/type="date"/);
    expect(html).toMatch(/type="number"/);
    expect(html).toMatch(/<textarea[^>]*name="kronologi"/);
    expect(html).toMatch(/type="checkbox" name="jenis_kasus" id="f-jenis_kasus" value="kekerasan_fisik"/);
    expect(html).toContain('Centang bila pelapor meminta namanya tidak disebutkan');
    expect(html).toContain('<span class="req" title="wajib diisi"> *</span>');
    // A conditional field: shown without JavaScript with its condition, hidden by CSS once JS runs.
    expect(html).toMatch(/class="field field-select cond-off" id="f-media_pelaporan-box"/);
    expect(html).toContain('Diisi bila Saluran laporan adalah Tidak langsung (telepon atau media).');
    // The field the condition reads re-renders the fields with htmx.
    expect(html).toMatch(/name="saluran"[^>]*hx-post="\/lapor\/respon-kasus-anak\/isian"/);
  });

  it('re-renders the fields for htmx when a field others depend on changes', async () => {
    const r = await page('/lapor/respon-kasus-anak/isian', { user: 'front_office', form: { saluran: 'tidak_langsung' }, htmx: true });
    expect(r.status).toBe(200);
    expect(r.html).toMatch(/^<div id="isian"/);
    expect(r.html).toMatch(/class="field field-select" id="f-media_pelaporan-box"/);
    expect(r.html).not.toContain('<html');
  });

  it('shows the form again with a message beside each wrong field (422), keeping what was typed', async () => {
    const r = await page('/lapor/respon-kasus-anak', { user: 'front_office', form: directIntake({ anak_nama: '', pelapor_nik: '12ab', saluran: 'tidak_langsung' }) });
    expect(r.status).toBe(422);
    expect(r.html).toContain('Ada 3 isian yang perlu diperbaiki.');
    expect(r.html).toMatch(/id="f-anak_nama-error">Wajib diisi\.<\/p>/);
    expect(r.html).toMatch(/id="f-pelapor_nik-error">NIK terdiri dari 16 angka\.<\/p>/);
    expect(r.html).toMatch(/id="f-media_pelaporan-error">Wajib diisi\.<\/p>/);
    expect(r.html).toContain('value="Ibu S.W."');
    expect(r.html).toMatch(/value="tidak_langsung" checked=""/);
    expect(r.html).toContain('Persyaratan menurut standar pelayanan');
  });

  it('answers htmx with the form alone (422) so it is swapped in place', async () => {
    const r = await page('/lapor/respon-kasus-anak', { user: 'front_office', form: directIntake({ anak_nama: '' }), htmx: true });
    expect(r.status).toBe(422);
    expect(r.html).toMatch(/^<form id="formulir"/);
    expect(r.html).toContain('Persyaratan menurut standar pelayanan');
    expect(r.html).not.toContain('<html');
  });

  it('saves a valid report and goes to the case page with its number', async () => {
    const id = await report();
    const r = await page(`/kasus/${id}?baru=1`, { user: 'front_office' });
    expect(r.status).toBe(200);
    expect(r.html).toContain(`Laporan tersimpan dengan nomor kasus ${id}.`);
    expect(r.html).toContain('Langkah 2: Memeriksa dokumen persyaratan');
    const htmx = await page('/lapor/respon-kasus-anak', { user: 'front_office', form: directIntake(), htmx: true });
    expect(htmx.status).toBe(200);
    expect(htmx.headers.get('hx-redirect')).toMatch(/^\/kasus\/RKA-[0-9]{8}-[0-9A-Z]{5}\?baru=1$/);
  });
});

describe('inbox', () => {
  it('lists my roles\' open tasks, most urgent first, with due time and the overdue badge', async () => {
    const older = await report();
    b.tick(30 * 60 * 60_000); // 30 hours later: the first case is past its 1-day completion time
    const newer = await report();
    const r = await page('/tugas', { user: 'front_office' });
    expect(r.status).toBe(200);
    const iOld = r.html.indexOf(older);
    const iNew = r.html.indexOf(newer);
    expect(iOld).toBeGreaterThan(-1);
    expect(iNew).toBeGreaterThan(iOld);
    expect(r.html).toContain('Terlambat');
    expect(r.html).toMatch(/sudah terlambat/);
    expect(r.html).toContain(`href="/tugas/${newer}/periksa-dokumen"`);
    // Lists show initials, never the full name.
    expect(r.html).toContain('Nama atau inisial anak: <strong>R.A.</strong>');
    expect(r.html).not.toContain('Rina Anggraini');
    const other = await page('/tugas', { user: 'kepala_dinas' });
    expect(other.html).not.toContain(newer);
    expect(other.html).toContain('Tidak ada tugas');
  });
});

describe('task pages', () => {
  it('shows the step with the SOP text, the case so far and the form; completes it; 409 afterwards', async () => {
    const id = await report();
    const r = await page(`/tugas/${id}/periksa-dokumen`, { user: 'front_office' });
    expect(r.status).toBe(200);
    expect(r.html).toContain('Langkah 2: Memeriksa dokumen persyaratan');
    expect(r.html).toContain('Petugas Front office memeriksa dokumen persyaratan');
    expect(r.html).toContain('Rina Anggraini');
    expect(r.html).toContain('name="_rev" value="1"');
    await complete('front_office', id, 'periksa-dokumen', { dokumen_lengkap: 'ya' });
    const again = await page(`/tugas/${id}/periksa-dokumen`, { user: 'front_office' });
    expect(again.status).toBe(409);
    expect(again.html).toContain('sekarang di langkah 3');
    const post = await page(`/tugas/${id}/periksa-dokumen`, { user: 'front_office', form: { dokumen_lengkap: 'ya' } });
    expect(post.status).toBe(409);
  });

  it('answers 403 to a role of the case that does not do the step, 404 to others and for an unknown case or step', async () => {
    const id = await report();
    expect((await page(`/tugas/${id}/periksa-dokumen`, { user: 'bidang_teknis' })).status).toBe(403);
    expect((await page(`/tugas/${id}/periksa-dokumen`, { user: 'bidang_teknis', form: { dokumen_lengkap: 'ya' } })).status).toBe(403);
    expect((await page(`/tugas/${id}/periksa-dokumen`, { user: 'admin' })).status).toBe(404);
    expect((await page(`/tugas/RKA-20261130-ZZZZZ/periksa-dokumen`, { user: 'front_office' })).status).toBe(404);
    expect((await page(`/tugas/${id}/tidak-ada`, { user: 'front_office' })).status).toBe(404);
  });

  it('shows errors beside the fields (422) and, for htmx, swaps only the form', async () => {
    const id = await report();
    const r = await page(`/tugas/${id}/periksa-dokumen`, { user: 'front_office', form: { dokumen_lengkap: 'tidak', _rev: 1 } });
    expect(r.status).toBe(422);
    expect(r.html).toMatch(/id="f-dokumen_kurang-error">Wajib diisi\.<\/p>/);
    expect(r.html).toContain('<html');
    const h = await page(`/tugas/${id}/periksa-dokumen`, { user: 'front_office', form: { dokumen_lengkap: 'tidak', _rev: 1 }, htmx: true });
    expect(h.status).toBe(422);
    expect(h.html).toMatch(/^<form id="formulir"/);
    expect(h.html).toMatch(/id="f-dokumen_kurang-error">Wajib diisi\.<\/p>/);
  });

  it('refuses a form opened on an older revision (409) and says so', async () => {
    const id = await report();
    await complete('front_office', id, 'periksa-dokumen', { dokumen_lengkap: 'ya' });
    const stale = await page(`/tugas/${id}/proses-laporan`, { user: 'bidang_teknis', form: { hasil_asesmen: 'x', kebutuhan_layanan: 'rujukan', _rev: 1 }, htmx: true });
    expect(stale.status).toBe(409);
    expect(stale.html).toContain('sudah diubah orang lain');
    expect(stale.html).toContain(`href="/kasus/${id}"`);
  });

  it('re-renders the task fields for htmx with the case data', async () => {
    const id = await report();
    const r = await page(`/tugas/${id}/periksa-dokumen/isian`, { user: 'front_office', form: { dokumen_lengkap: 'tidak' }, htmx: true });
    expect(r.status).toBe(200);
    expect(r.html).toMatch(/class="field field-textarea" id="f-dokumen_kurang-box"/);
  });
});

describe('case pages', () => {
  it('lists cases with filters by service, status, step and overdue', async () => {
    const open = await report();
    const all = await page('/kasus', { user: 'kepala_uptd' });
    expect(all.status).toBe(200);
    expect(all.html).toContain(open);
    expect(all.html).toContain('Hanya yang terlambat');
    const atStep3 = await page('/kasus?langkah=proses-laporan', { user: 'kepala_uptd' });
    expect(atStep3.html).not.toContain(open);
    const atStep2 = await page('/kasus?langkah=periksa-dokumen&status=open&layanan=respon-kasus-anak', { user: 'kepala_uptd' });
    expect(atStep2.html).toContain(open);
    const closed = await page('/kasus?status=closed', { user: 'kepala_uptd' });
    expect(closed.html).not.toContain(open);
    b.tick(25 * 60 * 60_000);
    const late = await page('/kasus?terlambat=1', { user: 'kepala_uptd' });
    expect(late.html).toContain(open);
    expect(late.html).toContain('Terlambat');
    const admin = await page('/kasus', { user: 'admin' });
    expect(admin.html).not.toContain(open);
  });

  it('finds a case by its number, whole (opens it) or in part, only among the cases the role may read', async () => {
    const id = await report();
    const part = id.slice(-5).toLowerCase();
    const some = await page(`/kasus?nomor=${part}`, { user: 'kepala_uptd' });
    expect(some.status).toBe(200);
    expect(some.html).toContain(id);
    expect(some.html).toContain(`value="${part.toUpperCase()}"`);
    const whole = await page(`/kasus?nomor=${id.toLowerCase()}`, { user: 'kepala_uptd' });
    expect(whole.status).toBe(303);
    expect(whole.headers.get('location')).toBe(`/kasus/${id}`);
    const none = await page('/kasus?nomor=TIDAK-ADA', { user: 'kepala_uptd' });
    expect(none.html).not.toContain(id);
    // A role that does not read the service finds nothing, and is not sent to the case either.
    const admin = await page(`/kasus?nomor=${id}`, { user: 'admin' });
    expect(admin.status).toBe(200);
    expect(admin.html).not.toContain(`href="/kasus/${id}"`);
    // Odd input is ignored, not an error.
    expect((await page('/kasus?nomor=%3Cscript%3E', { user: 'kepala_uptd' })).status).toBe(200);
  });

  it('shows a case by step, with guard reasons in the timeline and deadlines with time left', async () => {
    const id = await report(directIntake({ saluran: 'tidak_langsung', media_pelaporan: 'telepon' }));
    await complete('front_office', id, 'periksa-dokumen', { dokumen_lengkap: 'tidak', dokumen_kurang: 'Fotokopi KK' });
    const r = await page(`/kasus/${id}?selesai=periksa-dokumen`, { user: 'kepala_uptd' });
    expect(r.status).toBe(200);
    const html = r.html;
    expect(html).toContain('Langkah 2 (Memeriksa dokumen persyaratan) selesai dan tercatat.');
    expect(html).toContain('Langkah 8: Memvalidasi keabsahan laporan');
    expect(html).toContain('Kerjakan langkah 8');
    expect(html).toContain('Langkah 1: Menerima laporan');
    expect(html).toContain('<dt>Saluran laporan</dt><dd>Tidak langsung (telepon atau media)</dd>');
    expect(html).toContain('<dt>Waktu laporan diterima</dt><dd>30 November 2026 09.00 WIB</dd>');
    expect(html).toContain('Rina Anggraini');
    expect(html).toMatch(/Langkah berikutnya ditentukan: [^<]*Saluran laporan: Tidak langsung/);
    expect(html).toContain('Penyerahan dokumen persyaratan yang kurang');
    expect(html).toMatch(/sisa \d+ (hari|jam)/);
    // Only the front office (the role of step 2) may record the late documents.
    expect(html).not.toContain('Dokumen susulan sudah diterima');
    const fo = await page(`/kasus/${id}`, { user: 'front_office' });
    expect(fo.html).toContain('Dokumen susulan sudah diterima');
  });

  it('masks sensitive values for roles that do not need them', async () => {
    const id = await report();
    const r = await page(`/kasus/${id}`, { user: 'sekretaris' });
    expect(r.status).toBe(200);
    expect(r.html).not.toContain('Rina Anggraini');
    expect(r.html).not.toContain('Tetangga mendengar');
    expect(r.html).toContain('<dt>Nama atau inisial anak</dt><dd class="masked">disembunyikan</dd>');
    expect(r.html).toContain('<dt>Tingkat risiko</dt><dd>Tinggi</dd>');
    expect(r.html).toContain('disembunyikan</strong> untuk peran Anda');
  });

  it('answers a role with no access exactly like an unknown case (404)', async () => {
    const id = await report();
    const r = await page(`/kasus/${id}`, { user: 'admin' });
    expect(r.status).toBe(404);
    expect(r.html).not.toContain('Rina');
    expect((await page('/kasus/RKA-20261130-ZZZZZ', { user: 'front_office' })).status).toBe(404);
  });

  it('records late documents as received without holding the case up', async () => {
    const id = await report();
    await complete('front_office', id, 'periksa-dokumen', { dokumen_lengkap: 'tidak', dokumen_kurang: 'Fotokopi KK' });
    expect((await page(`/kasus/${id}/tenggat/dokumen-susulan`, { user: 'bidang_teknis', form: { _rev: 2 } })).status).toBe(403);
    const r = await page(`/kasus/${id}/tenggat/dokumen-susulan`, { user: 'front_office', form: { _rev: 2 } });
    expect(r.status).toBe(303);
    expect(r.headers.get('location')).toBe(`/kasus/${id}?tenggat=dokumen-susulan`);
    const shown = await page(r.headers.get('location')!, { user: 'front_office' });
    expect(shown.html).toContain('Tercatat: Penyerahan dokumen persyaratan yang kurang terpenuhi.');
    expect(shown.html).toContain('Terpenuhi');
    const again = await page(`/kasus/${id}/tenggat/dokumen-susulan`, { user: 'front_office', form: {} });
    expect(again.status).toBe(409);
  });

  it('offers the Respon Kasus letter only once the case closed with the product', async () => {
    const id = await report();
    expect((await page(`/kasus/${id}/dokumen`, { user: 'kepala_uptd' })).status).toBe(409);
    await complete('front_office', id, 'periksa-dokumen', { dokumen_lengkap: 'ya' });
    await complete('bidang_teknis', id, 'proses-laporan', { hasil_asesmen: 'Memar.', kebutuhan_layanan: ['layanan_kesehatan', 'pendampingan_psikologis'] });
    await complete('back_office', id, 'rencana-respon', { rencana_respon: 'Visum, lalu konseling.' });
    await complete('kepala_uptd', id, 'respon-kepala-uptd', { respon_kasus: 'Disetujui.' });
    await complete('sekretaris', id, 'verifikasi-sekretaris', { hasil_verifikasi: 'sesuai' });
    await complete('kepala_dinas', id, 'arahan-kepala-dinas', { arahan: 'Dampingi ke RSUD hari ini.' });
    const c = await page(`/kasus/${id}`, { user: 'kepala_uptd' });
    expect(c.html).toContain('Kasus selesai');
    expect(c.html).toContain(`href="/kasus/${id}/dokumen"`);
    const doc = await page(`/kasus/${id}/dokumen`, { user: 'kepala_uptd' });
    expect(doc.status).toBe(200);
    expect(doc.html).toContain('RESPON KASUS');
    expect(doc.html).toContain('Dampingi ke RSUD hari ini.');
    expect(doc.html).toContain('Layanan kesehatan / visum, Pendampingan psikologis');
    expect(doc.html).toContain('Kepala Dinas,');
    expect(doc.html).toContain('Uji kepala_dinas');
    expect(doc.html).toMatch(/Nomor: 1\/RKA\/DISSOSP3A\/2026/);
    // The printed document never carries the child's or reporter's identity, whoever prints it.
    expect(doc.html).not.toContain('Rina Anggraini');
    expect(doc.html).not.toContain('Ibu S.W.');
    expect(doc.html).not.toContain('disembunyikan');
    expect((await page('/kasus/RKA-20261130-ZZZZZ/dokumen', { user: 'kepala_uptd' })).status).toBe(404);
  });
});

describe('errors', () => {
  it('answers a page error without a stack trace', async () => {
    const logged: unknown[] = [];
    const other = await makeBench({ logError: (e) => logged.push(e) });
    const cookie = await other.login('front_office');
    await other.store.close();
    const res = await other.app.request('/tugas', { headers: { cookie } });
    expect(res.status).toBe(500);
    const html = await res.text();
    expect(html).toContain('Terjadi kesalahan di server');
    expect(html).not.toMatch(/\.ts:\d+/);
    expect(logged).toHaveLength(1);
    await other.close();
  });
});
