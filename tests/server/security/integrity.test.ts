/**
 * Integrity at start, as an operator meets it: the real `alur serve` on 127.0.0.1 over a data folder made through
 * the app, then altered on disk while the server was stopped. A deleted, cut or edited audit line, a deleted audit
 * log, and an edited case file are each reported at start in the server's log, on every administrator page (the
 * banner) with details on Kelola SOP, and in the audit log itself; a damaged case file answers 503 with a readable
 * reason on its page and in the API, never a 500, and is listed.
 */
import { spawn } from 'node:child_process';
import { cp, mkdir, readFile, readdir, rm, unlink, writeFile } from 'node:fs/promises';
import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseFile, parseCaseFile } from '../../../server/store/file/case-files.ts';
import { openFileStore } from '../../../server/store/file/store.ts';
import { PLAIN_CODEC } from '../../../engine/ports/store.ts';
import { FORM, formBody, makeBench, PASSWORD, SEED } from '../helpers.ts';
import { api, seedMarkedCases } from './fixtures.ts';
import { cookieOf } from './live.ts';

const BIN = fileURLToPath(new URL('../../../bin/alur.js', import.meta.url));
let root: string;
let wfDir: string;
let seeded: string;
let ids: { open: string; middle: string; closed: string };

interface Running {
  url: string;
  out: string;
  err: string;
  stop(): Promise<number | null>;
}

function serve(data: string): Promise<Running> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--host', '127.0.0.1', '--data', data, '--workflows', wfDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  const state = { out: '', err: '' };
  child.stderr.on('data', (d) => (state.err += d));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL: ${state.out} ${state.err}`)), 60_000);
    void exited.then((code) => reject(new Error(`exited ${code}: ${state.err}`)));
    child.stdout.on('data', (d) => {
      state.out += d;
      const m = /alur melayani \d+ layanan di (http:\/\/127\.0\.0\.1:\d+)/.exec(state.out);
      if (m) {
        clearTimeout(timer);
        resolve({
          url: m[1]!,
          get out() {
            return state.out;
          },
          get err() {
            return state.err;
          },
          stop: () => {
            child.kill('SIGTERM');
            return exited;
          },
        });
      }
    });
  });
}

async function signIn(url: string, username: string): Promise<string> {
  const pre = await fetch(`${url}/login`);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await pre.text())![1]!;
  const res = await fetch(`${url}/login`, { method: 'POST', redirect: 'manual', headers: { ...FORM, cookie: cookieOf(pre, 'alur_pra')! }, body: formBody({ username, password: PASSWORD, _csrf: csrf }) });
  expect(res.status).toBe(303);
  return cookieOf(res, 'alur_sesi')!;
}

async function page(url: string, path: string, cookie: string) {
  const res = await fetch(`${url}${path}`, { headers: { cookie } });
  return { status: res.status, html: await res.text() };
}

/** A copy of the seeded folder (its anchor recorded by a clean start) to alter. */
async function copyOfSeed(name: string): Promise<string> {
  const dir = join(root, name);
  await cp(seeded, dir, { recursive: true });
  return dir;
}

async function auditLines(data: string): Promise<string[]> {
  return (await readFile(join(data, 'audit.jsonl'), 'utf8')).split('\n').filter(Boolean);
}

/** Starts on `data`, then checks the log, the admin pages and the audit log for the break; returns the server. */
async function expectReported(data: string, inLog: RegExp, onAdmin: RegExp): Promise<void> {
  const s = await serve(data);
  try {
    expect(s.err).toMatch(inLog);
    expect(s.err).toContain('PERINGATAN: pemeriksaan integritas menemukan masalah');
    const admin = await signIn(s.url, 'admin');
    for (const path of ['/admin', '/pengguna', '/akun', '/audit']) {
      const p = await page(s.url, path, admin);
      expect(p.status, path).toBe(200);
      expect(p.html, path).toContain('Pemeriksaan integritas menemukan masalah');
    }
    const home = await page(s.url, '/admin', admin);
    expect(home.html).toContain('Integritas data: ditemukan masalah');
    expect(home.html.replace(/&quot;/g, '"')).toMatch(onAdmin);
    // Staff other than the administrator do not get the banner (they cannot act on it).
    const fo = await signIn(s.url, 'front_office');
    expect((await page(s.url, '/tugas', fo)).html).not.toContain('Pemeriksaan integritas menemukan masalah');
  } finally {
    expect(await s.stop()).toBe(0);
  }
  const recorded = (await auditLines(data)).map((l) => JSON.parse(l) as { action: string; details?: Record<string, unknown> }).filter((e) => e.action === 'integrity.broken');
  expect(recorded.length).toBe(1);
}

beforeAll(async () => {
  const b = await makeBench();
  const tokens: Record<string, string> = {};
  for (const u of ['front_office', 'bidang_teknis', 'back_office', 'kepala_uptd', 'sekretaris', 'kepala_dinas']) tokens[u] = await b.token(u);
  ids = await seedMarkedCases(b, tokens);
  expect((await api(b, tokens.kepala_uptd, `/api/v1/cases/${ids.closed}`)).status).toBe(200);
  await b.store.close();
  root = join(b.dir, 'skenario');
  await mkdir(root);
  wfDir = join(root, 'workflows');
  await mkdir(wfDir);
  await copyFile(SEED, join(wfDir, 'respon-kasus-anak.yaml'));
  seeded = join(b.dir, 'data');
  // A clean start checks everything and records the anchor; a second start finds it whole again.
  for (let i = 0; i < 2; i++) {
    const s = await serve(seeded);
    expect(s.out).toMatch(/Integritas data: log audit utuh \(\d+ catatan\)/);
    expect(s.err).toBe('');
    const admin = await signIn(s.url, 'admin');
    const home = await page(s.url, '/admin', admin);
    expect(home.html).toContain('rantai log audit utuh');
    expect(home.html).not.toContain('Pemeriksaan integritas menemukan masalah');
    expect(await s.stop()).toBe(0);
  }
}, 180_000);

afterAll(async () => {
  if (seeded) await rm(join(seeded, '..'), { recursive: true, force: true });
});

describe('integrity at start', () => {
  it('reports an audit line deleted from the middle of the log', async () => {
    const data = await copyOfSeed('hapus-baris');
    const lines = await auditLines(data);
    lines.splice(Math.floor(lines.length / 2), 1);
    await writeFile(join(data, 'audit.jsonl'), lines.join('\n') + '\n');
    await expectReported(data, /INTEGRITAS: log audit rusak, baris \d+/, /Log audit rusak/);
  }, 120_000);

  it('reports entries cut off the end of the log (caught by the anchor, not by the chain)', async () => {
    const data = await copyOfSeed('potong');
    const lines = await auditLines(data);
    // Cut to before the anchor the last start recorded (entries after it, a sign-in or a notice, are not yet anchored).
    const kv = await openFileStore(data);
    const anchor = (await kv.kv.get<{ seq: number }>('integrity', 'anchor'))!.value;
    await kv.close();
    expect(anchor.seq).toBeGreaterThan(3);
    expect(lines.length).toBeGreaterThanOrEqual(anchor.seq);
    await writeFile(join(data, 'audit.jsonl'), lines.slice(0, anchor.seq - 3).join('\n') + '\n');
    await expectReported(data, /INTEGRITAS: log audit rusak, .*dipotong/, /dipotong/);
  }, 120_000);

  it('reports an edited audit line', async () => {
    const data = await copyOfSeed('sunting-baris');
    const lines = await auditLines(data);
    const i = lines.findIndex((l) => l.includes('"login.ok"'));
    lines[i] = lines[i]!.replace('"login.ok"', '"login.failed"');
    await writeFile(join(data, 'audit.jsonl'), lines.join('\n') + '\n');
    await expectReported(data, /INTEGRITAS: log audit rusak, baris \d+/, /Log audit rusak/);
  }, 120_000);

  it('reports a deleted audit log', async () => {
    const data = await copyOfSeed('hapus-log');
    await unlink(join(data, 'audit.jsonl'));
    await expectReported(data, /INTEGRITAS: log audit rusak/, /Log audit rusak/);
  }, 120_000);

  it('reports a case file edited by hand (a child\'s name changed)', async () => {
    const data = await copyOfSeed('sunting-kasus');
    const file = caseFile(join(data, 'cases'), ids.closed);
    const text = await readFile(file, 'utf8');
    let edited: string;
    try {
      const c = parseCaseFile(file, text, PLAIN_CODEC).case;
      c.data.anak_nama = 'Nama Lain';
      for (const e of c.history) if (e.type === 'completed' && 'anak_nama' in e.data) e.data.anak_nama = 'Nama Lain';
      edited = JSON.stringify(c);
    } catch {
      // A sealed case file (encryption at rest): any edit breaks its seal, which is reported as damage.
      edited = text.replace(/[A-Za-z0-9]{8}(?=[^A-Za-z0-9]*$)/, 'AAAAAAAA');
    }
    await writeFile(file, edited);
    await expectReported(data, new RegExp(`INTEGRITAS: kasus ${ids.closed}`), new RegExp(`Kasus ${ids.closed}`));
  }, 120_000);
});

describe('a damaged case file', () => {
  it('answers 503 with a readable reason on its page and in the API, never a 500, and is listed for the administrator', async () => {
    const data = await copyOfSeed('rusak');
    const file = caseFile(join(data, 'cases'), ids.middle);
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.slice(0, Math.floor(text.length / 2)));
    const s = await serve(data);
    try {
      expect(s.err).toContain(ids.middle);
      const kepala = await signIn(s.url, 'kepala_uptd');
      const p = await page(s.url, `/kasus/${ids.middle}`, kepala);
      expect(p.status).toBe(503);
      expect(p.html).toContain(`Data kasus ${ids.middle} rusak`);
      expect(p.html).not.toMatch(/at \w+ \(|Error:/);
      // The API: JSON {error} with 503.
      const login = await fetch(`${s.url}/api/v1/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'kepala_uptd', password: PASSWORD }) });
      const { token } = (await login.json()) as { token: string };
      const r = await fetch(`${s.url}/api/v1/cases/${ids.middle}`, { headers: { authorization: `Bearer ${token}` } });
      expect(r.status).toBe(503);
      expect(((await r.json()) as { error: string }).error).toContain(`Data kasus ${ids.middle} rusak`);
      // Other cases are served as before.
      expect((await page(s.url, `/kasus/${ids.open}`, kepala)).status).toBe(200);
      // Listed on the administrator's page, with the banner on every administrator page.
      const admin = await signIn(s.url, 'admin');
      const home = await page(s.url, '/admin', admin);
      expect(home.html).toContain(`Kasus ${ids.middle} rusak`);
      expect(home.html).toContain('Pemeriksaan integritas menemukan masalah');
      expect(home.html).toContain(`kasus rusak tidak dapat dibuka (${ids.middle})`);
    } finally {
      expect(await s.stop()).toBe(0);
    }
    const recorded = (await auditLines(data)).map((l) => JSON.parse(l) as { action: string; details?: { damaged?: string[] } }).filter((e) => e.action === 'integrity.broken');
    expect(recorded).toHaveLength(1);
    expect(recorded[0]!.details?.damaged).toEqual([ids.middle]);
    expect(await readdir(join(data, 'cases'))).not.toHaveLength(0);
  }, 120_000);
});
