/**
 * The administrator's pages through the real app: who may open them, the live check (htmx fragment and plain
 * page), trial runs, upload, publishing (and its refusals), open cases pinned to their version while new cases
 * take the new one, rollback, and reading the folder again with a broken file.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { csrfOf, directIntake, FORM, type Bench } from '../helpers.ts';
import { adminBench, BASE, ID, pageText } from './bench.ts';

/** How many scenarios the seed's scenario file holds (it grows with the language). */
const SCENARIOS = (parse(readFileSync(new URL('../../../workflows/respon-kasus-anak.scenarios.yaml', import.meta.url), 'utf8')) as { scenarios: unknown[] }).scenarios.length;

let b: Bench;
let admin: string;

beforeEach(async () => {
  ({ b, admin } = await adminBench());
});
afterEach(() => b.close());

const source = () => b.workflows.storedVersion(ID, b.workflows.get(ID)!.version)!.source;
/** The seed with the Kepala Dinas's direction given to the Sekretaris and 2 days to complete. */
const edited = (s: string) =>
  s.replace(/(- id: arahan-kepala-dinas[\s\S]*?role: )kepala_dinas/, '$1sekretaris').replace('duration: P1D', 'duration: P2D').replace('text: 1 Hari', 'text: 2 Hari');
const text = pageText;

async function get(path: string, cookie = admin) {
  const res = await b.app.request(path, { headers: { cookie } });
  return { status: res.status, html: await res.text(), res };
}

/**
 * Publishes a draft, confirming the failing scenarios when the editor asks (the seed's scenarios expect the
 * Kepala Dinas at step 7, so the decree change fails some of them).
 */
async function publish(path: string, body: Record<string, string>) {
  const first = await post(path, body);
  const token = /name="konfirmasi_skenario" value="([0-9a-f]+)"/.exec(first.html)?.[1];
  return first.status === 422 && token ? post(path, { ...body, konfirmasi_skenario: token }) : first;
}

async function post(path: string, body: Record<string, string>, options: { htmx?: boolean; cookie?: string } = {}) {
  const cookie = options.cookie ?? admin;
  const res = await b.app.request(path, {
    method: 'POST',
    headers: { cookie, ...FORM, ...(options.htmx ? { 'hx-request': 'true' } : {}) },
    body: new URLSearchParams({ _csrf: csrfOf(cookie), ...body }),
  });
  return { status: res.status, html: await res.text(), res };
}

describe('who may open the SOP pages', () => {
  it('sends a visitor to sign in and refuses staff without the admin role', async () => {
    const anon = await b.app.request('/admin');
    expect(anon.status).toBe(303);
    expect(anon.headers.get('location')).toBe('/login?next=%2Fadmin');
    const clerk = await b.login('front_office');
    const page = await get('/admin', clerk);
    expect(page.status).toBe(403);
    expect(text(page.html)).toContain('khusus administrator');
    expect((await post(`${BASE}/terbitkan`, { sumber: source(), sk_nomor: 'X/1', sk_berlaku: '2027-01-04' }, { cookie: clerk })).status).toBe(403);
    expect((await get('/admin/layanan/tidak-ada')).status).toBe(404);
    expect((await get(`${BASE}/versi/9`)).status).toBe(404);
  });
});

describe('the services and the editor', () => {
  it('lists each service with its version, decree and open cases, and opens the active text with line numbers', async () => {
    const home = await get('/admin');
    expect(home.status).toBe(200);
    expect(text(home.html)).toMatch(/Respon Kasus Anak .* versi 1 .*KPTS\.800\/DISSOSP3A-Set\/04/);
    expect(home.html).toContain(`href="${BASE}"`);
    const page = await get(BASE);
    expect(page.status).toBe(200);
    const lines = source().split('\n').length;
    expect(page.html).toContain(`<span>${lines}\n</span>`);
    expect(page.html).toContain('hx-trigger="input changed delay:500ms"');
    expect(page.html).toContain('id: respon-kasus-anak');
    expect(text(page.html)).toContain(`Jalankan ${SCENARIOS} skenario`);
    expect(page.html).toContain('<svg'); // the diagram of the version in force
    expect(page.html).not.toMatch(/<script>(?!<\/script>)/); // no inline script (CSP)
  });

  it('checks a draft as it is typed: the error at its line in Indonesian, then what a valid draft changes', async () => {
    const typo = await post(`${BASE}/periksa`, { sumber: source().replace('role: kepala_dinas', 'role: kepala_dinsa') }, { htmx: true });
    expect(typo.status).toBe(200);
    expect(typo.html).not.toContain('<html');
    const line = source().split('\n').findIndex((l) => l.includes('role: kepala_dinas')) + 1;
    expect(typo.html).toContain(`data-baris-salah="${line}"`);
    expect(text(typo.html)).toContain(`Baris ${line}, kolom 11`);
    expect(text(typo.html)).toMatch(/tidak dikenal.*Maksud Anda\s*kepala_dinas\s*\?/);
    expect(typo.html).toContain('<code>kepala_dinsa</code>');
    expect(typo.html).toContain('hx-swap-oob="true"');

    const good = await post(`${BASE}/periksa`, { sumber: edited(source()).replace(/\n/g, '\r\n') }, { htmx: true });
    const t = text(good.html);
    expect(t).toContain('Sah');
    expect(t).toContain('Waktu penyelesaian berubah dari 1 Hari (P1D) menjadi 2 Hari (P2D)');
    expect(t).toMatch(/Memberikan arahan layanan: dikerjakan oleh Sekretaris, sebelumnya Kepala Dinas/);
    expect(t).toMatch(/− text: 1 Hari .*\+ text: 2 Hari/);

    const plain = await post(`${BASE}/periksa`, { sumber: 'id: respon-kasus-anak\n' });
    expect(plain.status).toBe(200);
    expect(plain.html).toContain('<!doctype html>');
    expect(text(plain.html)).toContain('Belum sah');
  });

  it('refuses a draft that renames the service at the id line', async () => {
    const r = await post(`${BASE}/periksa`, { sumber: source().replace('id: respon-kasus-anak', 'id: layanan-baru') }, { htmx: true });
    expect(text(r.html)).toMatch(/Baris \d+, kolom 1 .*id harus tetap "respon-kasus-anak"/);
  });

  it('runs the simulation and the scenario files against the draft', async () => {
    const bad = await post(`${BASE}/simulasi`, { sumber: source(), nilai: '{tingkat_risiko:' }, { htmx: true });
    expect(text(bad.html)).toContain('bukan JSON yang sah');
    const page = await get(BASE);
    const facts = /<textarea id="nilai"[^>]*>\n?([\s\S]*?)<\/textarea>/.exec(page.html)![1]!.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
    const sim = await post(`${BASE}/simulasi`, { sumber: edited(source()), nilai: facts }, { htmx: true });
    const s = text(sim.html);
    expect(s).toContain('Kasus contoh selesai');
    expect(s).toMatch(/7\. Memberikan arahan layanan Sekretaris/);
    const runs = await post(`${BASE}/skenario`, { sumber: edited(source()) }, { htmx: true });
    // the shipped scenarios expect the 1-day deadline: the draft's 2 days shows up as failures
    expect(text(runs.html)).toMatch(new RegExp(`\\d+ dari ${SCENARIOS} skenario di respon-kasus-anak\\.scenarios\\.yaml lulus`));
    expect(text(runs.html)).toContain('Gagal');
    const same = await post(`${BASE}/skenario`, { sumber: source() }, { htmx: true });
    expect(text(same.html)).toContain(`${SCENARIOS} dari ${SCENARIOS} skenario`);
    const broken = await post(`${BASE}/skenario`, { sumber: 'id: x' }, { htmx: true });
    expect(text(broken.html)).toContain('perbaiki dulu');
  });

  it('loads an uploaded file into the editor without publishing it', async () => {
    const form = new FormData();
    form.set('_csrf', csrfOf(admin));
    form.set('berkas', new File([edited(source())], 'sop-baru.yaml', { type: 'text/yaml' }));
    const res = await b.app.request(`${BASE}/unggah`, { method: 'POST', headers: { cookie: admin }, body: form });
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(text(html)).toContain('berkas unggahan sop-baru.yaml');
    expect(html).toContain('duration: P2D');
    expect(b.workflows.get(ID)!.version).toBe(1);
    const empty = new FormData();
    empty.set('_csrf', csrfOf(admin));
    expect((await b.app.request(`${BASE}/unggah`, { method: 'POST', headers: { cookie: admin }, body: empty })).status).toBe(422);
  });

  it('shows the diagram of a valid draft and says why not for a broken one', async () => {
    expect((await post(`${BASE}/diagram`, { sumber: edited(source()) }, { htmx: true })).html).toContain('<svg');
    expect(text((await post(`${BASE}/diagram`, { sumber: 'a: [' }, { htmx: true })).html)).toContain('diagram rancangan dibuat setelah teks sah');
  });
});

describe('publishing', () => {
  it('publishes version 2: open cases stay on version 1, new cases take version 2', async () => {
    const token = await b.token('front_office');
    const api = (path: string, body?: unknown) =>
      b.app.request(path, { method: body ? 'POST' : 'GET', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body ? JSON.stringify(body) : undefined });
    const open = (await (await api('/api/v1/cases', { workflow: ID, data: directIntake() })).json()) as { id: string; version: number };
    expect(open.version).toBe(1);

    const missing = await post(`${BASE}/terbitkan`, { sumber: edited(source()), sk_nomor: '', sk_berlaku: '', _dasar: '1' });
    expect(missing.status).toBe(422);
    expect(text(missing.html)).toContain('Tulis nomor SK');
    expect(missing.html).toContain('duration: P2D'); // the draft is kept

    const form = { sumber: edited(source()), sk_nomor: 'KPTS.800/DISSOSP3A-Set/05', sk_berlaku: '2027-01-04', catatan: 'SK perubahan 2027', _dasar: '1' };
    // Scenarios fail against the draft: publishing waits for a confirmation that names them.
    const asked = await post(`${BASE}/terbitkan`, form);
    expect(asked.status).toBe(422);
    const confirm = asked.html.slice(asked.html.indexOf('id="konfirmasi-skenario"'), asked.html.indexOf('name="konfirmasi_skenario"'));
    const failing = [...confirm.matchAll(/<li>([^<]+)<\/li>/g)].map((m) => m[1]!);
    expect(text(asked.html)).toMatch(/\d skenario gagal terhadap rancangan ini/);
    expect(b.workflows.get(ID)!.version).toBe(1);
    const wrong = await post(`${BASE}/terbitkan`, { ...form, konfirmasi_skenario: '0000' });
    expect(wrong.status).toBe(422);
    expect(text(wrong.html)).toContain('sudah berubah sejak konfirmasi dicentang');
    const done = await publish(`${BASE}/terbitkan`, form);
    expect(done.status).toBe(303);
    const entry = (await b.store.audit.list({ action: 'workflow.publish' }))[0]!;
    expect(failing.length).toBeGreaterThan(0);
    expect((entry.details as { failingScenarios: string[] }).failingScenarios).toEqual(failing);
    expect(done.res.headers.get('location')).toBe(`${BASE}/riwayat?terbit=2`);
    const history = text((await get(`${BASE}/riwayat?terbit=2`)).html);
    expect(history).toContain('Versi 2 diterbitkan');
    expect(history).toMatch(/Versi 2 Berlaku .*SK KPTS\.800\/DISSOSP3A-Set\/05 , berlaku sejak 4 Januari 2027 .* oleh Uji admin/);
    expect(history).toContain('Catatan: SK perubahan 2027');
    expect(history).toMatch(/Diterbitkan walaupun \d skenario gagal \(dikonfirmasi\): /);
    expect(history).toMatch(/Versi 1 .* 1 kasus \(1 berjalan\)/);

    const stale = await post(`${BASE}/terbitkan`, { sumber: source(), sk_nomor: 'X/9', sk_berlaku: '2027-02-01', _dasar: '1' });
    expect(stale.status).toBe(409);
    expect(text(stale.html)).toContain('sudah berganti menjadi versi 2');

    const fresh = (await (await api('/api/v1/cases', { workflow: ID, data: directIntake() })).json()) as { id: string; version: number };
    expect(fresh.version).toBe(2);
    expect(text((await get(`/kasus/${open.id}`, await b.login('kepala_uptd'))).html)).toContain('versi 1 (SK KPTS.800/DISSOSP3A-Set/04)');
    expect(text((await get(`/kasus/${fresh.id}`, await b.login('kepala_uptd'))).html)).toContain('versi 2 (SK KPTS.800/DISSOSP3A-Set/05)');
    expect(text((await get(`/layanan/${ID}`, admin)).html)).toContain('versi 2');
    expect(await b.store.audit.list({ action: 'workflow.publish' })).toHaveLength(1);
  });

  it('rolls back by publishing version 1 again as version 3', async () => {
    await publish(`${BASE}/terbitkan`, { sumber: edited(source()), sk_nomor: 'B/2', sk_berlaku: '2027-01-04', _dasar: '1' });
    const page = await get(`${BASE}/versi/1`);
    expect(text(page.html)).toContain('Terbitkan ulang sebagai versi 3');
    const back = await post(`${BASE}/versi/1/terbitkan`, { sk_nomor: 'C/3', sk_berlaku: '2027-03-01', _dasar: '2' });
    expect(back.status).toBe(303);
    expect(b.workflows.get(ID)!.version).toBe(3);
    expect(b.workflows.get(ID)!.completion.duration).toBe('P1D');
    expect(text((await get(`${BASE}/riwayat`)).html)).toMatch(/Versi 3 Berlaku .*Dikembalikan ke isi versi 1\./);
  });
});

describe('reading the folder again', () => {
  it('refuses a broken file with its lines, keeps the last good version, and takes a fixed one as a new version', async () => {
    const file = join(b.dir, 'workflows', 'respon-kasus-anak.yaml');
    const good = await readFile(file, 'utf8');
    await writeFile(file, good.replace('role: kepala_dinas', 'role: kepala_dinsa'));
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const r = await post('/admin/muat-ulang', {});
    expect(r.status).toBe(303);
    expect(log.mock.calls.flat().join('\n')).toMatch(/DITOLAK: .*respon-kasus-anak\.yaml:\d+:\d+ .*kepala_dinsa/);
    log.mockRestore();
    const home = text((await get(r.res.headers.get('location')!)).html);
    expect(home).toMatch(/1 berkas ditolak/);
    expect(home).toMatch(/respon-kasus-anak\.yaml : 1 kesalahan\. Versi 1 dari Respon Kasus Anak tetap berjalan\./);
    expect(home).toMatch(/Baris \d+, kolom 11 .*kepala_dinsa/);
    expect(b.workflows.get(ID)!.version).toBe(1);

    await writeFile(file, edited(good));
    const again = await post('/admin/muat-ulang', {});
    expect(decodeURIComponent(again.res.headers.get('location')!)).toContain('respon-kasus-anak menjadi versi 2');
    expect(b.workflows.get(ID)!.completion.duration).toBe('P2D');
    expect(await b.store.audit.list({ action: 'workflow.reload' })).toHaveLength(2);
  });
});
