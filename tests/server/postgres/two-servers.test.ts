/**
 * Two app servers on one PostgreSQL database behave as one system (issue 8, "Done when"): a direct and an indirect
 * Respon Kasus Anak case run with their steps alternating between the servers; the same step sent to both at once
 * gives exactly one 200 and one 409; an account disabled through server A is refused at once by server B (page and
 * token); a procedure published on A is served by B. Each server has its own store (its own connections) and its
 * own workflow registry, over real HTTP on loopback.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen, type Listening } from '../../../server/http.ts';
import { publishVersion } from '../../../server/versions.ts';
import { csrfOf, directIntake, FORM, formBody, makeBench, type Bench } from '../helpers.ts';

let a: Bench;
let b: Bench;
let servers: Listening[];
const tokens: Record<string, string> = {};

beforeAll(async () => {
  a = await makeBench({ store: 'postgres' });
  b = await makeBench({ database: a.location });
  servers = [await listen(a.app, { port: 0, host: '127.0.0.1' }), await listen(b.app, { port: 0, host: '127.0.0.1' })];
  // Tokens from either server work on both: sessions live in the database.
  for (const [i, u] of ['front_office', 'fo2', 'bidang_teknis', 'back_office', 'kepala_uptd', 'sekretaris', 'kepala_dinas'].entries()) tokens[u] = await (i % 2 ? b : a).token(u);
});
afterAll(async () => {
  for (const s of servers ?? []) await s.close();
  await b?.close();
  await a?.close();
});

async function call(server: number, user: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
  const res = await fetch(`${servers[server]!.url}/api/v1${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${tokens[user]}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, json: await res.json() };
}

async function walk(start: Record<string, unknown>, steps: Array<[string, string, Record<string, unknown>]>): Promise<any> {
  const started = await call(0, 'front_office', '/cases', { workflow: 'respon-kasus-anak', data: start });
  expect(started.status, JSON.stringify(started.json)).toBe(201);
  let rev = started.json.rev as number;
  let last: any = started.json;
  for (const [i, [user, step, data]] of steps.entries()) {
    const server = (i + 1) % 2;
    // The server about to act lists the task the other server's step opened.
    const inbox = await call(server, user, '/tasks');
    expect(inbox.json.map((t: any) => `${t.caseId}/${t.step}`)).toContain(`${started.json.id}/${step}`);
    const r = await call(server, user, `/cases/${started.json.id}/steps/${step}`, { data, rev });
    expect(r.status, `${step} on server ${server}: ${JSON.stringify(r.json)}`).toBe(200);
    rev = r.json.rev;
    last = r.json;
  }
  return last;
}

describe('two app servers on one PostgreSQL database', () => {
  it('runs a direct report with its steps alternating between the servers', async () => {
    const last = await walk(directIntake(), [
      ['front_office', 'periksa-dokumen', { dokumen_lengkap: 'ya' }],
      ['bidang_teknis', 'proses-laporan', { hasil_asesmen: 'Luka memar di lengan.', kebutuhan_layanan: ['layanan_kesehatan'] }],
      ['back_office', 'rencana-respon', { rencana_respon: 'Visum dan pendampingan.' }],
      ['kepala_uptd', 'respon-kepala-uptd', { respon_kasus: 'Setuju, segera.' }],
      ['sekretaris', 'verifikasi-sekretaris', { hasil_verifikasi: 'sesuai' }],
      ['kepala_dinas', 'arahan-kepala-dinas', { arahan: 'Bidang Teknis dampingi ke RSUD.' }],
    ]);
    expect(last).toMatchObject({ status: 'closed', outcome: 'ditindaklanjuti', tasks: [] });
    const stored = (await b.store.cases.get(last.id))!;
    // The intake and the six steps, each once.
    expect(stored.history.filter((e) => e.type === 'completed').map((e) => (e.type === 'completed' ? e.step : ''))).toEqual([
      'terima-laporan',
      'periksa-dokumen',
      'proses-laporan',
      'rencana-respon',
      'respon-kepala-uptd',
      'verifikasi-sekretaris',
      'arahan-kepala-dinas',
    ]);
  });

  it('runs an indirect report (validated by the Kepala UPTD PPA) the same way', async () => {
    const last = await walk(directIntake({ saluran: 'tidak_langsung', media_pelaporan: 'telepon' }), [
      ['front_office', 'periksa-dokumen', { dokumen_lengkap: 'ya' }],
      ['kepala_uptd', 'validasi-laporan', { laporan_sah: 'ya', catatan_validasi: 'Dikonfirmasi ke sekolah.' }],
      ['kepala_uptd', 'laporan-tindak-lanjut', { rencana_tindak_lanjut: 'Rujuk ke Bidang Teknis.' }],
      ['sekretaris', 'rekomendasi-sekretaris', { rekomendasi: 'Tindak lanjuti.' }],
      ['kepala_dinas', 'perintah-tindak-lanjut', { perintah: 'Laksanakan.' }],
    ]);
    expect(last).toMatchObject({ status: 'closed', outcome: 'ditindaklanjuti' });
    // One audit chain for both servers, every change in it.
    expect(await a.store.audit.verify()).toMatchObject({ ok: true });
    expect((await b.store.audit.list({ caseId: last.id, action: 'step.complete' })).length).toBe(5);
  });

  it('gives exactly one 200 and one 409 when the same step is sent to both servers at once', async () => {
    for (let round = 0; round < 6; round++) {
      const c = await call(round % 2, 'front_office', '/cases', { workflow: 'respon-kasus-anak', data: directIntake() });
      const body = (who: string) => ({ rev: c.json.rev, data: { dokumen_lengkap: 'ya', catatan_pemeriksaan: `oleh ${who}` } });
      const [x, y] = await Promise.all([
        call(0, 'front_office', `/cases/${c.json.id}/steps/periksa-dokumen`, body('front_office')),
        call(1, 'fo2', `/cases/${c.json.id}/steps/periksa-dokumen`, body('fo2')),
      ]);
      expect([x.status, y.status].sort(), `round ${round}: ${JSON.stringify([x.json, y.json])}`).toEqual([200, 409]);
      const stored = (await a.store.cases.get(c.json.id))!;
      expect(stored.history.filter((e) => e.type === 'completed' && e.step === 'periksa-dokumen')).toHaveLength(1);
    }
    expect(await b.store.audit.verify()).toMatchObject({ ok: true });
  });

  it('refuses at once on server B an account disabled through server A, by page and by token', async () => {
    const cookieOnB = await b.login('back_office');
    const token = tokens.back_office!;
    expect((await fetch(`${servers[1]!.url}/tugas`, { headers: { cookie: cookieOnB }, redirect: 'manual' })).status).toBe(200);
    expect((await call(1, 'back_office', '/tasks')).status).toBe(200);
    const admin = await a.login('admin');
    const res = await fetch(`${servers[0]!.url}/pengguna/back_office/nonaktifkan`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: admin, ...FORM, origin: servers[0]!.url },
      body: formBody({ _csrf: csrfOf(admin) }),
    });
    expect(res.status, await res.text()).toBe(200);
    const page = await fetch(`${servers[1]!.url}/tugas`, { headers: { cookie: cookieOnB }, redirect: 'manual' });
    expect(page.status).not.toBe(200);
    expect([302, 303, 401]).toContain(page.status);
    expect((await call(1, 'back_office', '/tasks')).status).toBe(401);
    expect(token).toBeTruthy();
  });

  it('serves on server B a procedure published on server A, and starts new cases on it', async () => {
    const source = (await readFile(join(a.dir, 'workflows', 'respon-kasus-anak.yaml'), 'utf8')).replace('duration: P1D', 'duration: P2D').replace('text: 1 Hari', 'text: 2 Hari');
    const done = await publishVersion(a.store, a.workflows, { workflow: 'respon-kasus-anak', source, decree: 'KPTS.800/2027/01', effective: '2026-11-30', by: 'admin', now: a.clock.now, basedOn: 1 });
    expect(done.ok, JSON.stringify(done)).toBe(true);
    const listed = await call(1, 'front_office', '/workflows');
    expect(listed.json.find((w: any) => w.id === 'respon-kasus-anak').version).toBe(2);
    const started = await call(1, 'front_office', '/cases', { workflow: 'respon-kasus-anak', data: directIntake() });
    expect(started.status).toBe(201);
    expect((await b.store.cases.get(started.json.id))!.workflow.version).toBe(2);
  });
});
