/** The JSON API /api/v1 on a real store: every route, every error status, masking, and JSON errors only. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeBench, directIntake, type Bench } from './helpers.ts';

let b: Bench;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  b = await makeBench();
  for (const u of ['front_office', 'bidang_teknis', 'back_office', 'kepala_uptd', 'sekretaris', 'kepala_dinas', 'admin']) tokens[u] = await b.token(u);
});
afterAll(() => b.close());

async function api(path: string, options: { user?: string; method?: string; body?: unknown; raw?: string } = {}) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.user) headers.authorization = `Bearer ${tokens[options.user]}`;
  const res = await b.app.request(`/api/v1${path}`, {
    method: options.method ?? (options.body !== undefined || options.raw !== undefined ? 'POST' : 'GET'),
    headers,
    body: options.raw ?? (options.body !== undefined ? JSON.stringify(options.body) : undefined),
  });
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`not JSON (${res.status}): ${text.slice(0, 200)}`);
  }
  return { status: res.status, json, headers: res.headers };
}

async function newCase(data = directIntake()) {
  const r = await api('/cases', { user: 'front_office', body: { workflow: 'respon-kasus-anak', data } });
  expect(r.status).toBe(201);
  return r.json;
}

describe('login', () => {
  it('gives a token and the user for the right password', async () => {
    const r = await api('/login', { body: { username: 'sekretaris', password: 'kata-sandi-uji-123' } });
    expect(r.status).toBe(200);
    expect(r.json.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(r.json.user).toEqual({ username: 'sekretaris', roles: ['sekretaris'] });
  });

  it('answers 401 with a readable error for a wrong password or an unknown user', async () => {
    for (const body of [{ username: 'sekretaris', password: 'salah-sekali-123' }, { username: 'tidak-ada', password: 'apa-saja-123' }]) {
      const r = await api('/login', { body });
      expect(r.status).toBe(401);
      expect(r.json.error).toMatch(/salah/);
      expect(r.json.token).toBeUndefined();
    }
  });

  it('answers 400 for malformed JSON, a non-object body and missing fields', async () => {
    expect((await api('/login', { raw: '{"username": ' })).status).toBe(400);
    expect((await api('/login', { raw: '[1,2]' })).status).toBe(400);
    const r = await api('/login', { body: { username: 'x' } });
    expect(r.status).toBe(400);
    expect(r.json.error).toMatch(/password/);
  });

  it('records failed and successful logins in the audit log', async () => {
    const entries = await b.store.audit.list({ action: 'login.failed' });
    expect(entries.length).toBeGreaterThan(0);
    expect((await b.store.audit.list({ action: 'login.ok' })).length).toBeGreaterThan(0);
  });
});

describe('authentication', () => {
  it('refuses every route without a token (401 JSON with WWW-Authenticate)', async () => {
    for (const [method, path] of [
      ['GET', '/workflows'],
      ['GET', '/workflows/respon-kasus-anak'],
      ['GET', '/tasks'],
      ['GET', '/cases/RKA-1'],
      ['POST', '/cases'],
      ['POST', '/cases/RKA-1/steps/periksa-dokumen'],
    ]) {
      const r = await api(path, { method, raw: method === 'POST' ? '{}' : undefined });
      expect(r.status, `${method} ${path}`).toBe(401);
      expect(r.json.error).toMatch(/Bearer/);
      expect(r.headers.get('www-authenticate')).toMatch(/Bearer/);
    }
  });

  it('refuses a made-up token and a browser session cookie used as a token', async () => {
    const res = await b.app.request('/api/v1/tasks', { headers: { authorization: 'Bearer ' + 'A'.repeat(43) } });
    expect(res.status).toBe(401);
    const cookie = await b.login('front_office');
    const viaCookie = await b.app.request('/api/v1/tasks', { headers: { cookie } });
    expect(viaCookie.status).toBe(401);
    const secret = cookie.split('=')[1];
    const cookieAsBearer = await b.app.request('/api/v1/tasks', { headers: { authorization: `Bearer ${secret}` } });
    expect(cookieAsBearer.status).toBe(401);
  });

  it('revokes a token on logout', async () => {
    const token = await b.token('back_office');
    const out = await b.app.request('/api/v1/logout', { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    expect(out.status).toBe(200);
    const after = await b.app.request('/api/v1/tasks', { headers: { authorization: `Bearer ${token}` } });
    expect(after.status).toBe(401);
  });

  it('stores only a hash of the token', async () => {
    const token = await b.token('kepala_dinas');
    const raw = JSON.stringify((await b.store.sessions.list('kepala_dinas')));
    expect(raw).not.toContain(token);
  });
});

describe('workflows', () => {
  it('lists id, version and title', async () => {
    const r = await api('/workflows', { user: 'sekretaris' });
    expect(r.status).toBe(200);
    expect(r.json).toEqual([{ id: 'respon-kasus-anak', version: 1, title: 'Respon Kasus Anak' }]);
  });

  it('returns the definition with the start form and each step with roles and fields', async () => {
    const r = await api('/workflows/respon-kasus-anak', { user: 'front_office' });
    expect(r.status).toBe(200);
    expect(r.json.start.step).toBe('terima-laporan');
    const saluran = r.json.start.fields.find((f: any) => f.name === 'saluran');
    expect(saluran).toMatchObject({ type: 'radio', label: 'Saluran laporan', required: true });
    expect(saluran.options[0]).toEqual({ value: 'langsung', label: 'Langsung (pelapor datang ke ruang pelayanan)' });
    expect(r.json.steps).toHaveLength(11);
    const s7 = r.json.steps.find((s: any) => s.id === 'arahan-kepala-dinas');
    expect(s7).toMatchObject({ number: 7, title: 'Memberikan arahan layanan', roles: ['kepala_dinas'] });
    expect(s7.fields[0]).toMatchObject({ name: 'arahan', type: 'textarea', required: true });
  });

  it('answers 404 for an unknown workflow', async () => {
    const r = await api('/workflows/tidak-ada', { user: 'front_office' });
    expect(r.status).toBe(404);
    expect(r.json.error).toMatch(/tidak-ada/);
  });
});

describe('cases', () => {
  it('starts a case (201) and returns it in the documented shape', async () => {
    const r = await api('/cases', { user: 'front_office', body: { workflow: 'respon-kasus-anak', data: directIntake() } });
    expect(r.status).toBe(201);
    expect(r.headers.get('location')).toBe(`/api/v1/cases/${r.json.id}`);
    expect(r.json).toMatchObject({ workflow: 'respon-kasus-anak', version: 1, status: 'open', outcome: null, rev: 1, current: 'periksa-dokumen' });
    expect(r.json.id).toMatch(/^RKA-20261130-[0-9A-Z]{5}$/);
    expect(r.json.data.anak_nama).toBe('Rina Anggraini');
    expect(r.json.tasks).toEqual([expect.objectContaining({ step: 'periksa-dokumen', roles: ['front_office'] })]);
    expect(r.json.deadlines[0]).toMatchObject({ id: 'penyelesaian', due: '2026-12-01T02:00:00.000Z', overdue: false });
    expect(r.json.history.map((h: any) => h.type)).toEqual(['started', 'deadline', 'completed', 'moved']);
    const got = await api(`/cases/${r.json.id}`, { user: 'front_office' });
    expect(got.status).toBe(200);
    expect(got.json).toEqual(r.json);
  });

  it('answers 422 with a message per field for invalid intake data', async () => {
    const r = await api('/cases', {
      user: 'front_office',
      body: { workflow: 'respon-kasus-anak', data: directIntake({ saluran: 'merpati', anak_nama: '', pelapor_nik: '123' }) },
    });
    expect(r.status).toBe(422);
    expect(r.json.error).toMatch(/isian/);
    expect(r.json.fields).toMatchObject({ saluran: expect.any(String), anak_nama: 'Wajib diisi.', pelapor_nik: 'NIK terdiri dari 16 angka.' });
  });

  it('answers 422 for a missing workflow or data that is not an object, 400 for broken JSON', async () => {
    expect((await api('/cases', { user: 'front_office', body: { data: {} } })).status).toBe(422);
    expect((await api('/cases', { user: 'front_office', body: { workflow: 'respon-kasus-anak', data: [1] } })).status).toBe(422);
    const broken = await api('/cases', { user: 'front_office', raw: '{"workflow": "respon-kasus-anak", data: }' });
    expect(broken.status).toBe(400);
    expect(broken.json.error).toMatch(/JSON/);
  });

  it('answers 404 for an unknown workflow and 403 for a role that does not take reports', async () => {
    expect((await api('/cases', { user: 'front_office', body: { workflow: 'tidak-ada', data: {} } })).status).toBe(404);
    const r = await api('/cases', { user: 'sekretaris', body: { workflow: 'respon-kasus-anak', data: directIntake() } });
    expect(r.status).toBe(403);
    expect(r.json.error).toMatch(/Petugas Front Office/);
  });

  it('masks sensitive values for the Sekretaris and shows them to the Kepala UPTD PPA', async () => {
    const c = await newCase();
    const sek = await api(`/cases/${c.id}`, { user: 'sekretaris' });
    expect(sek.status).toBe(200);
    expect(sek.json.data.anak_nama).toBe('disembunyikan');
    expect(sek.json.data.kronologi).toBe('disembunyikan');
    expect(sek.json.data.tingkat_risiko).toBe('tinggi');
    const completed = sek.json.history.find((h: any) => h.type === 'completed');
    expect(completed.data.pelapor_nama).toBe('disembunyikan');
    expect(JSON.stringify(sek.json)).not.toContain('Rina');
    const kepala = await api(`/cases/${c.id}`, { user: 'kepala_uptd' });
    expect(kepala.json.data.anak_nama).toBe('Rina Anggraini');
  });

  it('answers a role with no business with the case exactly like an unknown id (404: no telling which exists)', async () => {
    const c = await newCase();
    const admin = await api(`/cases/${c.id}`, { user: 'admin' });
    expect(admin.status).toBe(404);
    expect(JSON.stringify(admin.json)).not.toContain('Rina');
    expect((await api('/cases/RKA-20261130-XXXXX', { user: 'front_office' })).status).toBe(404);
    expect((await api('/cases/..%2F..%2Fetc', { user: 'front_office' })).status).toBe(404);
  });
});

describe('tasks and steps', () => {
  it('lists the caller\'s open tasks, each naming its step\'s form (the fields themselves on request)', async () => {
    const c = await newCase();
    const r = await api('/tasks', { user: 'front_office' });
    expect(r.status).toBe(200);
    const t = r.json.find((x: any) => x.caseId === c.id);
    expect(t).toMatchObject({ step: 'periksa-dokumen', title: 'Memeriksa dokumen persyaratan', role: 'front_office', due: '2026-12-01T02:00:00.000Z', version: 1 });
    expect(t.fields).toBeUndefined();
    const form = await api(t.form.replace('/api/v1', ''), { user: 'front_office' });
    expect(form.status).toBe(200);
    expect(form.json.fields.map((f: any) => f.name)).toEqual(['dokumen_lengkap', 'dokumen_kurang', 'catatan_pemeriksaan']);
    const old = await api('/tasks?fields=1', { user: 'front_office' });
    expect(old.json.find((x: any) => x.caseId === c.id).fields.map((f: any) => f.name)).toEqual(['dokumen_lengkap', 'dokumen_kurang', 'catatan_pemeriksaan']);
    const other = await api('/tasks', { user: 'kepala_dinas' });
    expect(other.json.find((x: any) => x.caseId === c.id)).toBeUndefined();
  });

  it('walks a direct report to the Kepala Dinas and closes it', async () => {
    const c = await newCase();
    const steps: Array<[string, string, Record<string, unknown>]> = [
      ['front_office', 'periksa-dokumen', { dokumen_lengkap: 'ya' }],
      ['bidang_teknis', 'proses-laporan', { hasil_asesmen: 'Luka memar di lengan.', kebutuhan_layanan: ['layanan_kesehatan'] }],
      ['back_office', 'rencana-respon', { rencana_respon: 'Visum dan pendampingan.' }],
      ['kepala_uptd', 'respon-kepala-uptd', { respon_kasus: 'Setuju, segera.' }],
      ['sekretaris', 'verifikasi-sekretaris', { hasil_verifikasi: 'sesuai' }],
      ['kepala_dinas', 'arahan-kepala-dinas', { arahan: 'Bidang Teknis dampingi ke RSUD.' }],
    ];
    let rev = c.rev;
    let last: any;
    for (const [user, step, data] of steps) {
      const r = await api(`/cases/${c.id}/steps/${step}`, { user, body: { data, rev } });
      expect(r.status, `${step}: ${JSON.stringify(r.json)}`).toBe(200);
      rev = r.json.rev;
      last = r.json;
    }
    expect(last).toMatchObject({ status: 'closed', outcome: 'ditindaklanjuti', current: null, tasks: [] });
  });

  it('answers 403 for the wrong role, 404 for an unknown case or step, 409 for a step that is not open', async () => {
    const c = await newCase();
    const wrong = await api(`/cases/${c.id}/steps/periksa-dokumen`, { user: 'bidang_teknis', body: { data: { dokumen_lengkap: 'ya' } } });
    expect(wrong.status).toBe(403);
    expect(wrong.json.error).toMatch(/Petugas Front Office/);
    expect((await api(`/cases/RKA-20261130-ZZZZZ/steps/periksa-dokumen`, { user: 'front_office', body: { data: {} } })).status).toBe(404);
    expect((await api(`/cases/${c.id}/steps/langkah-khayalan`, { user: 'front_office', body: { data: {} } })).status).toBe(404);
    const notOpen = await api(`/cases/${c.id}/steps/proses-laporan`, { user: 'bidang_teknis', body: { data: { hasil_asesmen: 'x', kebutuhan_layanan: ['rujukan'] } } });
    expect(notOpen.status).toBe(409);
    expect(notOpen.json.error).toMatch(/langkah 2/);
  });

  it('answers 409 for a stale rev and keeps the first write', async () => {
    const c = await newCase();
    const first = await api(`/cases/${c.id}/steps/periksa-dokumen`, { user: 'front_office', body: { data: { dokumen_lengkap: 'ya' }, rev: 1 } });
    expect(first.status).toBe(200);
    const stale = await api(`/cases/${c.id}/steps/proses-laporan`, {
      user: 'bidang_teknis',
      body: { data: { hasil_asesmen: 'x', kebutuhan_layanan: ['rujukan'] }, rev: 1 },
    });
    expect(stale.status).toBe(409);
    expect(stale.json.error).toMatch(/diubah/);
    expect((await b.store.cases.get(c.id))!.rev).toBe(2);
  });

  it('answers 422 with field messages for invalid step data, and for a body without data or with a bad rev', async () => {
    const c = await newCase();
    const r = await api(`/cases/${c.id}/steps/periksa-dokumen`, { user: 'front_office', body: { data: { dokumen_lengkap: 'tidak' } } });
    expect(r.status).toBe(422);
    expect(r.json.fields).toEqual({ dokumen_kurang: 'Wajib diisi.' });
    expect((await api(`/cases/${c.id}/steps/periksa-dokumen`, { user: 'front_office', body: { nodata: 1 } })).status).toBe(422);
    expect((await api(`/cases/${c.id}/steps/periksa-dokumen`, { user: 'front_office', body: { data: {}, rev: 'x' } })).status).toBe(422);
    expect((await api(`/cases/${c.id}/steps/periksa-dokumen`, { user: 'front_office', raw: 'bukan json' })).status).toBe(400);
    expect((await b.store.cases.get(c.id))!.rev).toBe(1);
  });

  it('answers 404 JSON for an unknown API address', async () => {
    const r = await api('/tidak-ada', { user: 'front_office' });
    expect(r.status).toBe(404);
    expect(r.json.error).toMatch(/tidak ada/);
  });
});

describe('server errors', () => {
  it('answers 500 with a readable JSON error and no stack trace when the store fails', async () => {
    const logged: unknown[] = [];
    const { makeBench: make } = await import('./helpers.ts');
    const other = await make({ logError: (e) => logged.push(e) });
    const token = await other.token('front_office');
    await other.store.close();
    const res = await other.app.request('/api/v1/cases', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ workflow: 'respon-kasus-anak', data: directIntake() }),
    });
    expect(res.status).toBe(500);
    const body = (await res.json()) as { error: string };
    expect(body.error).toMatch(/kesalahan di server/);
    expect(JSON.stringify(body)).not.toMatch(/at .*\.ts:\d+/);
    expect(logged).toHaveLength(1);
    await other.close();
  });
});
