/**
 * Letters on two app servers sharing one PostgreSQL database: two cases closed at the same moment, one on each
 * server, get two different consecutive numbers, and either server's check page knows both letters.
 */
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../engine/ports/store.ts';
import { createApp } from '../../server/app.ts';
import { setSignature } from '../../server/auth/accounts.ts';
import { createUser } from '../../server/auth/users.ts';
import { openStore } from '../../server/store/index.ts';
import { loadWorkflows, summarizer } from '../../server/workflows.ts';
import { freshDatabase } from '../pg/database.ts';
import { csrfOf, directIntake, FORM, formBody, PASSWORD, preSession, ROLES, SEED } from './helpers.ts';

type App = ReturnType<typeof createApp>;
interface Server {
  app: App;
  store: Store;
  cookies: Map<string, string>;
}

const NOW = new Date('2026-11-30T02:00:00.000Z');
let dir: string;
const servers: Server[] = [];

async function server(url: string, wfDir: string): Promise<Server> {
  const store = await openStore(url);
  const workflows = await loadWorkflows(wfDir, { versions: store.versions, now: NOW });
  await store.refreshSummaries(summarizer(workflows));
  const app = createApp({ store, workflows, now: () => NOW, logError: () => undefined });
  const s = { app, store, cookies: new Map<string, string>() };
  servers.push(s);
  return s;
}

async function login(s: Server, username: string): Promise<string> {
  if (!s.cookies.has(username)) {
    const pre = await preSession(s.app);
    const res = await s.app.request('/login', { method: 'POST', body: new URLSearchParams({ username, password: PASSWORD, _csrf: pre.csrf }), headers: { ...FORM, cookie: pre.cookie } });
    expect(res.status).toBe(303);
    s.cookies.set(username, res.headers.getSetCookie().find((c) => c.startsWith('alur_sesi='))!.split(';')[0]!);
  }
  return s.cookies.get(username)!;
}

async function post(s: Server, user: string, path: string, values: Record<string, unknown>): Promise<Response> {
  const cookie = await login(s, user);
  return s.app.request(path, { method: 'POST', body: formBody({ ...values, _csrf: csrfOf(cookie) }), headers: { ...FORM, cookie } });
}

async function complete(s: Server, user: string, id: string, step: string, data: Record<string, unknown>): Promise<void> {
  const rev = (await s.store.cases.get(id))!.rev;
  const r = await post(s, user, `/tugas/${id}/${step}`, { ...data, _rev: rev });
  expect(r.status, step).toBe(303);
}

const UNTIL_LAST: Array<[string, string, Record<string, unknown>]> = [
  ['front_office', 'periksa-dokumen', { dokumen_lengkap: 'ya' }],
  ['bidang_teknis', 'proses-laporan', { hasil_asesmen: 'Memar.', kebutuhan_layanan: ['layanan_kesehatan'] }],
  ['back_office', 'rencana-respon', { rencana_respon: 'Visum.' }],
  ['kepala_uptd', 'respon-kepala-uptd', { respon_kasus: 'Didampingi ke RSUD.' }],
  ['sekretaris', 'verifikasi-sekretaris', { hasil_verifikasi: 'sesuai' }],
];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'alur-surat-pg-'));
  const wfDir = join(dir, 'workflows');
  await mkdir(wfDir);
  await copyFile(SEED, join(wfDir, 'respon-kasus-anak.yaml'));
  const url = await freshDatabase('surat');
  const first = await openStore(url);
  for (const role of ROLES) await createUser(first.users, { username: role, roles: [role], password: PASSWORD, displayName: `Uji ${role}`, now: NOW });
  await setSignature(first, { by: 'uji', now: NOW, username: 'kepala_dinas', name: 'Drs. H. Budi Santoso, M.Si', nip: '197001011990031001', jabatan: 'Kepala Dinas' });
  await first.close();
  await server(url, wfDir);
  await server(url, wfDir);
});

afterAll(async () => {
  for (const s of servers) await s.store.close();
  await rm(dir, { recursive: true, force: true });
});

describe('letters on two app servers, one PostgreSQL database', () => {
  it('two cases closed at the same moment on two servers get two different consecutive numbers', async () => {
    const [a, b] = servers as [Server, Server];
    const ids: string[] = [];
    for (const s of [a, b]) {
      const r = await post(s, 'front_office', '/lapor/respon-kasus-anak', directIntake());
      expect(r.status).toBe(303);
      ids.push(/\/kasus\/([^?]+)/.exec(r.headers.get('location')!)![1]!);
    }
    for (const id of ids) for (const [user, step, data] of UNTIL_LAST) await complete(a, user, id, step, data);
    await Promise.all([
      complete(a, 'kepala_dinas', ids[0]!, 'arahan-kepala-dinas', { arahan: 'Laksanakan hari ini.' }),
      complete(b, 'kepala_dinas', ids[1]!, 'arahan-kepala-dinas', { arahan: 'Laksanakan hari ini.' }),
    ]);
    const letters = await Promise.all(ids.map(async (id) => (await a.store.records.query('surat', { caseId: id }))[0]!.data as { seq: number; number: string; code: string }));
    expect(letters.map((l) => l.seq).sort()).toEqual([1, 2]);
    expect(new Set(letters.map((l) => l.number))).toEqual(new Set(['1/RKA/DISSOSP3A/2026', '2/RKA/DISSOSP3A/2026']));
    expect(await b.store.sequences.current('surat:respon-kasus-anak:respon-kasus:2026')).toBe(2);
    // Each server's public check knows the letter the other one issued.
    for (const [s, l] of [[a, letters[1]!], [b, letters[0]!]] as const) {
      const page = await (await s.app.request(`/verifikasi/${l.code}`)).text();
      expect(page).toContain(l.number);
      expect(page).toContain('SAH: surat ini diterbitkan oleh Dinas dan masih berlaku.');
    }
  }, 90_000);
});
