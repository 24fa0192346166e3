/**
 * Hostile requests get a clear 4xx and change nothing: forged form posts (no token, another session's token,
 * another site's Origin), oversized bodies and fields, malformed or deep JSON, wrong types and unknown fields,
 * odd path parameters. And every response carries the security headers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../../server/security/headers.ts';
import { csrfOf, directIntake, FORM, formBody, makeBench, preSession, type Bench } from '../helpers.ts';
import { api } from './fixtures.ts';

let b: Bench;
let fo: string;
let foToken: string;
let caseId: string;

beforeAll(async () => {
  b = await makeBench();
  fo = await b.login('front_office');
  foToken = await b.token('front_office');
  const r = await api(b, foToken, '/api/v1/cases', { body: { workflow: 'respon-kasus-anak', data: directIntake() } });
  caseId = JSON.parse(r.text).id;
});
afterAll(() => b.close());

const post = (path: string, values: Record<string, unknown>, headers: Record<string, string> = {}) =>
  b.app.request(path, { method: 'POST', headers: { ...FORM, ...headers }, body: formBody(values) });

describe('CSRF', () => {
  it('refuses a signed-in form post without a token, with a wrong one, or with another session’s, and stores nothing', async () => {
    const other = await b.login('fo2');
    const before = await b.store.cases.count();
    for (const token of [undefined, 'x'.repeat(43), csrfOf(other)]) {
      const r = await post('/lapor/respon-kasus-anak', { ...directIntake(), ...(token ? { _csrf: token } : {}) }, { cookie: fo });
      expect(r.status).toBe(403);
      expect(await r.text()).toContain('Muat ulang halamannya');
    }
    expect(await b.store.cases.count()).toBe(before);
    const ok = await post('/lapor/respon-kasus-anak', { ...directIntake(), _csrf: csrfOf(fo) }, { cookie: fo, origin: 'http://localhost' });
    expect(ok.status).toBe(303);
    expect(await b.store.cases.count()).toBe(before + 1);
  });

  it('refuses a post from another site even with the right token (Origin, Sec-Fetch-Site)', async () => {
    const attempts: Array<Record<string, string>> = [{ origin: 'https://evil.example' }, { origin: 'null' }, { 'sec-fetch-site': 'cross-site' }, { 'sec-fetch-site': 'same-site' }];
    for (const headers of attempts) {
      const r = await post(`/tugas/${caseId}/periksa-dokumen`, { dokumen_lengkap: 'ya', _csrf: csrfOf(fo) }, { cookie: fo, ...headers });
      expect(r.status, JSON.stringify(headers)).toBe(403);
      expect(await r.text()).toContain('dari luar aplikasi alur');
    }
    expect((await b.store.cases.get(caseId))!.current).toBe('periksa-dokumen');
  });

  it('accepts the token in the X-CSRF-Token header (htmx, scripts) and exempts bearer-token requests', async () => {
    const fields = await b.app.request('/lapor/respon-kasus-anak/isian', { method: 'POST', headers: { ...FORM, cookie: fo, 'x-csrf-token': csrfOf(fo), 'hx-request': 'true' }, body: formBody({ saluran: 'tidak_langsung' }) });
    expect(fields.status).toBe(200);
    const bearer = await post(`/tugas/${caseId}/periksa-dokumen`, {}, { authorization: `Bearer ${foToken}` });
    expect(bearer.status).toBe(422);
  });

  it('protects the sign-in form with a pre-session cookie and token', async () => {
    const bare = await post('/login', { username: 'front_office', password: 'kata-sandi-uji-123' });
    expect(bare.status).toBe(403);
    const pre = await preSession(b.app);
    expect(pre.cookie).toMatch(/^alur_pra=/);
    const forged = await post('/login', { username: 'front_office', password: 'kata-sandi-uji-123', _csrf: pre.csrf }, { cookie: pre.cookie, origin: 'https://evil.example' });
    expect(forged.status).toBe(403);
    const ok = await post('/login', { username: 'front_office', password: 'kata-sandi-uji-123', _csrf: pre.csrf }, { cookie: pre.cookie });
    expect(ok.status).toBe(303);
    const setCookie = (await b.app.request('/login')).headers.get('set-cookie')!;
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
  });

  it('puts a token in every state-changing form of every page', async () => {
    const admin = await b.login('admin');
    const pages: Array<[string, string]> = [
      ['/tugas', fo],
      [`/kasus/${caseId}`, fo],
      [`/tugas/${caseId}/periksa-dokumen`, fo],
      ['/lapor/respon-kasus-anak', fo],
      ['/akun', fo],
      ['/pengguna', admin],
      ['/audit', admin],
    ];
    let forms = 0;
    for (const [path, cookie] of pages) {
      const html = await (await b.app.request(path, { headers: { cookie } })).text();
      for (const form of html.match(/<form\b[^>]*method="post"[\s\S]*?<\/form>/g) ?? []) {
        forms++;
        expect(form, `${path}: ${form.slice(0, 120)}`).toContain(`name="_csrf" value="${csrfOf(cookie)}"`);
      }
    }
    const login = await (await b.app.request('/login')).text();
    expect(login).toMatch(/name="_csrf" value="[A-Za-z0-9_-]{43}"/);
    expect(forms).toBeGreaterThanOrEqual(8);
  });
});

describe('security headers', () => {
  it('sends a CSP without inline script, no framing, nosniff, same-origin referrers, and no-store on case data', async () => {
    for (const [path, headers] of [
      [`/kasus/${caseId}`, { cookie: fo }],
      ['/layanan', {}],
      [`/api/v1/cases/${caseId}`, { authorization: `Bearer ${foToken}` }],
      ['/kasus/tidak%20ada', {}],
    ] as Array<[string, Record<string, string>]>) {
      const r = await b.app.request(path, { headers });
      const h = r.headers;
      expect(h.get('content-security-policy'), path).toBe(CONTENT_SECURITY_POLICY);
      expect(h.get('content-security-policy')).toContain("script-src 'self'");
      expect(h.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(h.get('content-security-policy')).not.toContain('unsafe-inline');
      expect(h.get('x-content-type-options')).toBe('nosniff');
      expect(h.get('referrer-policy')).toBe('same-origin');
      expect(h.get('x-frame-options')).toBe('DENY');
      expect(h.get('cache-control')).toBe('no-store');
      expect(h.get('strict-transport-security')).toBeNull();
    }
    expect((await b.app.request('/static/app.css')).headers.get('cache-control')).toContain('max-age');
    // No inline script or style attribute on the pages (the CSP would block them).
    const html = await (await b.app.request(`/tugas/${caseId}/periksa-dokumen`, { headers: { cookie: fo } })).text();
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
    expect(html).not.toMatch(/\sstyle="/);
    expect(html).not.toMatch(/\son[a-z]+="/);
  });

  it('marks cookies Secure and sends HSTS behind a trusted HTTPS proxy only', async () => {
    const proxied = await makeBench({ trustProxy: true });
    try {
      const https = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'alur.example.go.id' };
      const page = await proxied.app.request('/login', { headers: https });
      expect(page.headers.get('strict-transport-security')).toContain('max-age=');
      expect(page.headers.get('set-cookie')).toContain('Secure');
      const cookie = page.headers.get('set-cookie')!.split(';')[0]!;
      const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1]!;
      const login = await proxied.app.request('/login', {
        method: 'POST',
        headers: { ...FORM, ...https, cookie, origin: 'https://alur.example.go.id' },
        body: formBody({ username: 'sekretaris', password: 'kata-sandi-uji-123', _csrf: csrf }),
      });
      expect(login.status).toBe(303);
      expect(login.headers.get('set-cookie')).toMatch(/alur_sesi=.*HttpOnly.*Secure.*SameSite=Lax|alur_sesi=.*Secure.*HttpOnly/);
    } finally {
      await proxied.close();
    }
    // Without trust, the header is the client's word: ignored.
    const direct = await b.app.request('/login', { headers: { 'x-forwarded-proto': 'https' } });
    expect(direct.headers.get('strict-transport-security')).toBeNull();
    expect(direct.headers.get('set-cookie') ?? '').not.toContain('Secure');
  });
});

describe('sizes, shapes and types', () => {
  const json = (path: string, body: string, type = 'application/json') =>
    b.app.request(path, { method: 'POST', headers: { authorization: `Bearer ${foToken}`, 'content-type': type }, body });

  it('refuses an oversized body with 413 (JSON on the API, a page on forms)', async () => {
    const big = JSON.stringify({ workflow: 'respon-kasus-anak', data: { kronologi: 'x'.repeat(300 * 1024) } });
    const r = await json('/api/v1/cases', big);
    expect(r.status).toBe(413);
    expect((await r.json()).error).toContain('terlalu besar');
    const page = await post('/lapor/respon-kasus-anak', { kronologi: 'x'.repeat(300 * 1024), _csrf: csrfOf(fo) }, { cookie: fo });
    expect(page.status).toBe(413);
    expect(await page.text()).toContain('Data terlalu besar');
  });

  it('refuses an overlong field naming it, too many fields, deep JSON, long lists', async () => {
    const long = await post('/lapor/respon-kasus-anak', { ...directIntake(), kronologi: 'k'.repeat(60_000), _csrf: csrfOf(fo) }, { cookie: fo });
    expect(long.status).toBe(413);
    expect(await long.text()).toContain('Isian &quot;Kronologi singkat&quot; terlalu panjang');
    const many: Record<string, string> = { _csrf: csrfOf(fo) };
    for (let i = 0; i < 400; i++) many[`f${i}`] = 'x';
    expect((await post('/lapor/respon-kasus-anak', many, { cookie: fo })).status).toBe(413);
    let deep: unknown = 'x';
    for (let i = 0; i < 20; i++) deep = { a: deep };
    const d = await json('/api/v1/cases', JSON.stringify({ workflow: 'respon-kasus-anak', data: deep }));
    expect(d.status).toBe(400);
    expect((await d.json()).error).toContain('terlalu dalam');
    const list = await json('/api/v1/cases', JSON.stringify({ workflow: 'respon-kasus-anak', data: { jenis_kasus: Array(500).fill('x') } }));
    expect(list.status).toBe(413);
    // The administrator's SOP editor posts a whole YAML file: room for that under /admin/ only.
    const admin = await b.login('admin');
    const yaml = await post('/admin/layanan-uji/periksa', { _csrf: csrfOf(admin), yaml: 'y'.repeat(200_000) }, { cookie: admin });
    expect(yaml.status).not.toBe(413);
    const text = await json(`/api/v1/cases/${caseId}/steps/periksa-dokumen`, JSON.stringify({ data: { dokumen_kurang: 'y'.repeat(60_000) } }));
    expect(text.status).toBe(413);
    expect((await text.json()).fields).toEqual({ dokumen_kurang: expect.stringContaining('Terlalu panjang') });
  });

  it('answers malformed JSON, a wrong content type, wrong types and unknown fields with a readable 4xx', async () => {
    const cases: Array<[string, string, string | undefined, number, RegExp]> = [
      ['/api/v1/cases', '{"workflow": "respon-kasus-anak", "data": {', undefined, 400, /bukan JSON yang sah/],
      ['/api/v1/cases', 'workflow=respon-kasus-anak', 'application/x-www-form-urlencoded', 415, /Content-Type: application\/json/],
      ['/api/v1/cases', '[1,2,3]', undefined, 400, /objek JSON/],
      ['/api/v1/cases', '"teks"', undefined, 400, /objek JSON/],
      ['/api/v1/cases', '{"workflow": 12}', undefined, 422, /workflow/],
      ['/api/v1/cases', '{"workflow": "respon-kasus-anak", "data": "semua"}', undefined, 422, /objek/],
      ['/api/v1/cases', '{"workflow": "respon-kasus-anak", "data": {"anak_perkiraan_usia": "sembilan"}}', undefined, 422, /.+/],
      ['/api/v1/cases', '{"workflow": "respon-kasus-anak", "data": {"kolom_asing": "x"}}', undefined, 422, /.+/],
      ['/api/v1/cases', '{"workflow": "respon-kasus-anak", "data": {"jenis_kasus": {"a": 1}}}', undefined, 422, /.+/],
      ['/api/v1/cases', '{"workflow": "__proto__", "data": {}}', undefined, 404, /tidak ada/],
      [`/api/v1/cases/${caseId}/steps/periksa-dokumen`, '{"data": {"dokumen_lengkap": ["ya", "tidak"]}}', undefined, 422, /.+/],
      [`/api/v1/cases/${caseId}/steps/periksa-dokumen`, '{"data": {"dokumen_lengkap": "ya"}, "rev": "1"}', undefined, 422, /rev/],
      [`/api/v1/cases/${caseId}/steps/periksa-dokumen`, '{"data": {"dokumen_lengkap": "ya"}, "rev": -1}', undefined, 422, /rev/],
      [`/api/v1/cases/${caseId}/steps/periksa-dokumen`, '{"data": {"__proto__": {"x": 1}}}', undefined, 422, /.+/],
      ['/api/v1/login', '{"username": ["admin"], "password": {"$ne": ""}}', undefined, 400, /teks/],
    ];
    for (const [path, body, type, status, message] of cases) {
      const r = await json(path, body, type);
      const parsed = (await r.json()) as { error: string };
      expect(r.status, `${path} ${body}`).toBe(status);
      expect(parsed.error, body).toMatch(message);
    }
    expect((await b.store.cases.get(caseId))!.current).toBe('periksa-dokumen');
  });

  it('answers odd path parameters with 404, never 500', async () => {
    const paths = [
      '/kasus/%00',
      '/kasus/a%2Fb',
      '/kasus/..%2F..%2Fusers.json',
      `/kasus/${'A'.repeat(300)}`,
      '/kasus/%E0%A4%A',
      '/tugas/RKA-1/..',
      `/tugas/${caseId}/periksa%20dokumen`,
      '/kasus/RKA%0d%0aSet-Cookie:x=y',
      '/api/v1/cases/%ZZ',
      `/api/v1/cases/${caseId}/steps/%3Cscript%3E`,
      '/layanan/<script>',
      '/static/..%2Fapp.ts',
    ];
    for (const p of paths) {
      const r = await b.app.request(p, { headers: { cookie: fo, authorization: `Bearer ${foToken}` } });
      expect(r.status, p).toBe(404);
      const text = await r.text();
      expect(text).not.toMatch(/at .*\.ts:\d+/);
      if (p.startsWith('/api/')) expect(JSON.parse(text).error).toContain('tidak ada');
    }
  });
});
