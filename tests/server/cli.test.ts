/** `alur serve` and `alur user` as an operator runs them: real processes, a temp data folder, loopback only. */
import { spawn } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED } from './helpers.ts';

const BIN = fileURLToPath(new URL('../../bin/alur.js', import.meta.url));
let dir: string;
let data: string;
let wfDir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'alur-cli-'));
  data = join(dir, 'data');
  wfDir = join(dir, 'workflows');
  await mkdir(wfDir);
  await copyFile(SEED, join(wfDir, 'respon-kasus-anak.yaml'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

function alur(args: string[], input?: string, env: Record<string, string> = {}): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ALUR_WORKFLOWS: wfDir, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) => resolve({ code, out, err }));
    child.stdin.end(input ?? '');
  });
}

describe('alur user', () => {
  it('adds an account with the password from the first line of standard input', async () => {
    const r = await alur(['user', 'add', 'budi', '--role', 'front_office,bidang_teknis', '--name', 'Budi S.', '--data', data], 'rahasia-kopi-123\nbaris kedua diabaikan\n');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Akun budi dibuat dengan peran front_office, bidang_teknis.');
    expect(r.out).not.toContain('rahasia-kopi-123');
  });

  it('refuses an unknown role, a short password and an existing name with a clear message', async () => {
    const role = await alur(['user', 'add', 'ani', '--role', 'front_ofice', '--data', data], 'rahasia-kopi-12345\n');
    expect(role.code).toBe(2);
    expect(role.err).toContain('peran tidak dikenal: front_ofice');
    expect(role.err).toContain('front_office');
    const short = await alur(['user', 'add', 'ani', '--role', 'front_office', '--data', data], 'pendek\n');
    expect(short.code).toBe(2);
    expect(short.err).toContain('paling sedikit 10');
    const again = await alur(['user', 'add', 'budi', '--role', 'front_office', '--data', data], 'rahasia-teh-manis-456\n');
    expect(again.code).toBe(1);
    expect(again.err).toContain('sudah ada');
  });

  it('generates and prints a password once with --generate, honouring ALUR_DATA', async () => {
    const r = await alur(['user', 'add', 'sekre', '--role', 'sekretaris', '--generate'], undefined, { ALUR_DATA: data });
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Kata sandi: [a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}/);
    const list = await alur(['user', 'list', '--data', data]);
    expect(list.out).toMatch(/budi\s+front_office,bidang_teknis/);
    expect(list.out).toMatch(/sekre\s+sekretaris/);
  });

  it('keeps the name, NIP and jabatan a letter prints under the signature (add, profile, list)', async () => {
    const add = await alur(['user', 'add', 'kadis', '--role', 'kepala_dinas', '--name', 'Drs. H. Budi Santoso, M.Si', '--nip', '19700101 199003 1 001', '--jabatan', 'Kepala Dinas', '--generate', '--data', data]);
    expect(add.err).toBe('');
    expect(add.code).toBe(0);
    const wrong = await alur(['user', 'profile', 'kadis', '--nip', '12345', '--data', data]);
    expect(wrong.code).toBe(2);
    expect(wrong.err).toContain('NIP terdiri dari 18 angka');
    const nothing = await alur(['user', 'profile', 'kadis', '--data', data]);
    expect(nothing.code).toBe(2);
    const changed = await alur(['user', 'profile', 'kadis', '--jabatan', 'Kepala Dinas Sosial P3A Kabupaten Rokan Hulu', '--data', data]);
    expect(changed.code).toBe(0);
    expect(changed.out).toContain('jabatan: Kepala Dinas Sosial P3A Kabupaten Rokan Hulu');
    expect(changed.out).toContain('NIP: 197001011990031001');
    const missing = await alur(['user', 'profile', 'tidakada', '--nip', '197001011990031001', '--data', data]);
    expect(missing.code).toBe(1);
    const list = await alur(['user', 'list', '--data', data]);
    expect(list.out).toMatch(/kadis\s+kepala_dinas\s+Drs\. H\. Budi Santoso, M\.Si, Kepala Dinas Sosial P3A Kabupaten Rokan Hulu \(NIP 197001011990031001\)/);
  });

  it('explains its usage for a wrong command line', async () => {
    const r = await alur(['user', 'hapus', 'budi']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('alur user add NAMA --role');
  });
});

describe('alur serve', () => {
  it('creates the first admin, prints the URL, serves pages and the API, and stops cleanly', async () => {
    const fresh = join(dir, 'fresh');
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--host', '127.0.0.1', '--data', fresh, '--workflows', wfDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL printed: ${out} ${err}`)), 20_000);
      child.stdout.on('data', (d) => {
        out += d;
        const m = /alur melayani 1 layanan di (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      });
    });
    const password = /kata sandi:\s+(\S+)/.exec(out)?.[1];
    expect(password).toMatch(/^[a-z2-9-]{19}$/);
    const std = await fetch(`${url}/layanan/respon-kasus-anak`);
    expect(std.status).toBe(200);
    expect(await std.text()).toContain('KPTS.800/DISSOSP3A-Set/04');
    const login = await fetch(`${url}/api/v1/login`, { method: 'POST', body: JSON.stringify({ username: 'admin', password }), headers: { 'content-type': 'application/json' } });
    // The printed password opens the account only to choose a new one (the console's log keeps it).
    expect(login.status).toBe(403);
    expect(((await login.json()) as { error: string }).error).toMatch(/kata sandi baru/);
    const exit = new Promise<number | null>((resolve) => child.on('close', resolve));
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
    expect(err).toBe('');

    // A wrong port is refused with the reason, before anything starts.
    const again = await alur(['serve', '--port', 'x', '--data', fresh]);
    expect(again.code).toBe(2);
    expect(again.err).toContain('port "x" tidak sah');
  });
});
