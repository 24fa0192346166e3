/**
 * The operator's commands as real processes: `alur audit verify` (exit 0 when whole, 1 naming the line of an
 * edited or deleted entry), `alur backup` / `alur restore` of a data folder, and `alur user disable|enable|reset|roles`.
 */
import { spawn } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../../server/auth/users.ts';
import { startCase } from '../../../engine/case.ts';
import { generateCaseId, openStore } from '../../../server/store/index.ts';
import { loadWorkflows } from '../../../server/workflows.ts';
import { directIntake, PASSWORD, SEED } from '../helpers.ts';
import { putCase } from '../store/helpers.ts';

const BIN = fileURLToPath(new URL('../../../bin/alur.js', import.meta.url));
let dir: string;
let data: string;
let wfDir: string;
let caseIds: string[] = [];

function alur(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ALUR_WORKFLOWS: wfDir, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'alur-ops-'));
  data = join(dir, 'data');
  wfDir = join(dir, 'workflows');
  await mkdir(wfDir);
  await copyFile(SEED, join(wfDir, 'respon-kasus-anak.yaml'));
  // A small office: two accounts, three cases, a dozen audit entries.
  const store = await openStore(data);
  const workflows = await loadWorkflows(wfDir, { versions: store.versions, now: new Date() });
  const wf = workflows.get('respon-kasus-anak')!;
  for (const u of ['front_office', 'sekretaris']) await createUser(store.users, { username: u, roles: [u], password: PASSWORD, now: new Date() });
  for (let i = 0; i < 3; i++) {
    const now = new Date(Date.UTC(2026, 10, 30, 2, i));
    const id = generateCaseId({ prefix: 'RKA', now });
    const r = await startCase(wf, { id, data: directIntake(), actor: { username: 'front_office', roles: ['front_office'] }, now });
    if (!r.ok) throw new Error(r.refusal.message);
    await putCase(store, r.value.case);
    caseIds.push(id);
  }
  for (let i = 0; i < 12; i++) await store.audit.append({ at: new Date(Date.UTC(2026, 10, 30, 3, i)).toISOString(), actor: 'front_office', action: 'case.view', caseId: caseIds[i % 3] });
  await store.close();
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('alur audit verify', () => {
  it('exits 0 on a whole chain and 1 naming the line of an edited, deleted or reordered entry', async () => {
    const ok = await alur(['audit', 'verify', '--data', data]);
    expect(ok.err).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.out).toContain('Log audit utuh: 12 catatan');

    const file = join(data, 'audit.jsonl');
    const original = await readFile(file, 'utf8');
    const lines = original.trimEnd().split('\n');
    const tampered: Array<[string, string[], number, RegExp]> = [
      ['edited', lines.map((l, i) => (i === 4 ? l.replace('"actor":"front_office"', '"actor":"sekretaris"') : l)), 5, /isi catatan telah diubah/],
      ['deleted', lines.filter((_, i) => i !== 6), 7, /hilang/],
      ['reordered', [...lines.slice(0, 2), lines[3]!, lines[2]!, ...lines.slice(4)], 3, /hilang|urutannya|nomor/],
      ['inserted', [...lines.slice(0, 8), 'bukan json', ...lines.slice(8)], 9, /bukan catatan audit/],
    ];
    for (const [what, content, line, message] of tampered) {
      await writeFile(file, content.join('\n') + '\n');
      const r = await alur(['audit', 'verify'], { ALUR_DATA: data });
      expect(r.code, what).toBe(1);
      expect(r.err, what).toContain(`baris ${line}`);
      expect(r.err, what).toMatch(message);
      expect(r.err).not.toMatch(/at .*\.ts:\d+/);
    }
    await writeFile(file, original);
    expect((await alur(['audit', 'verify', '--data', data])).code).toBe(0);
    expect((await alur(['audit', 'periksa', '--data', data])).code).toBe(2);

    // The anchor printed today catches entries cut off the end tomorrow.
    const anchor = /Jangkar untuk pemeriksaan berikutnya: (\d+:[0-9a-f]{64})/.exec(ok.out)?.[1];
    expect(anchor).toMatch(/^12:/);
    expect((await alur(['audit', 'verify', '--data', data, '--anchor', anchor!])).code).toBe(0);
    await writeFile(file, lines.slice(0, 10).join('\n') + '\n');
    const cut = await alur(['audit', 'verify', '--data', data, '--anchor', anchor!]);
    expect(cut.code).toBe(1);
    expect(cut.err).toContain('2 catatan terakhir telah dipotong');
    expect((await alur(['audit', 'verify', '--data', data, '--anchor', 'kemarin'])).code).toBe(2);
    await writeFile(file, original);
  });
});

describe('alur backup / restore', () => {
  it('backs up the data folder to one file and restores it into a new folder, whole', async () => {
    const file = join(dir, 'cadangan.tar.gz');
    const b = await alur(['backup', file, '--data', data]);
    expect(b.err).toBe('');
    expect(b.code).toBe(0);
    expect(b.out).toContain(`Cadangan tersimpan: ${file}`);

    const target = join(dir, 'pulih');
    const r = await alur(['restore', file, '--data', target]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('3 kasus, 12 catatan audit (rantai utuh)');
    const store = await openStore(target);
    try {
      for (const id of caseIds) expect((await store.cases.get(id))?.data.anak_nama).toBe('Rina Anggraini');
      expect((await store.users.get('sekretaris'))).toBeDefined();
    } finally {
      await store.close();
    }
    // Never over a folder in use, never over data without --replace.
    const again = await alur(['restore', file, '--data', target]);
    expect(again.code).toBe(1);
    expect(again.err).toContain('tidak kosong');
    const replaced = await alur(['restore', file, '--data', target, '--replace']);
    expect(replaced.code).toBe(0);
    expect(replaced.out).toContain('Folder data sebelumnya disimpan di');
    // A damaged file is refused and nothing changes.
    const broken = join(dir, 'rusak.tar.gz');
    const bytes = await readFile(file);
    bytes[Math.floor(bytes.length / 2)]! ^= 0xff;
    await writeFile(broken, bytes);
    const bad = await alur(['restore', broken, '--data', join(dir, 'pulih-rusak')]);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/bukan cadangan alur yang utuh|rusak|tidak cocok/);
  });

  it('needs --live while a server has the folder open', async () => {
    const store = await openStore(data);
    try {
      const refused = await alur(['backup', join(dir, 'hidup.tar.gz'), '--data', data]);
      expect(refused.code).toBe(1);
      expect(refused.err).toContain('--live');
      const live = await alur(['backup', join(dir, 'hidup.tar.gz'), '--data', data, '--live']);
      expect(live.code).toBe(0);
      expect(live.out).toContain('diambil saat server berjalan');
    } finally {
      await store.close();
    }
  });
});

describe('alur user disable / enable / reset', () => {
  it('disables and enables an account and resets a password to a temporary one, all in the audit log', async () => {
    const off = await alur(['user', 'disable', 'sekretaris', '--data', data]);
    expect(off.code).toBe(0);
    expect(off.out).toContain('Akun sekretaris dinonaktifkan');
    const on = await alur(['user', 'enable', 'sekretaris', '--data', data]);
    expect(on.out).toContain('diaktifkan kembali');
    const reset = await alur(['user', 'reset', 'sekretaris', '--data', data]);
    expect(reset.code).toBe(0);
    const temp = /Kata sandi sementara: (\S+)/.exec(reset.out)![1]!;
    expect((await alur(['user', 'reset', 'tidak-ada', '--data', data])).code).toBe(1);
    const store = await openStore(data);
    try {
      expect((await store.users.get('sekretaris'))).toMatchObject({ disabled: false, mustChangePassword: true });
      const { verifyPassword } = await import('../../../server/auth/password.ts');
      expect(await verifyPassword(temp, (await store.users.get('sekretaris'))!.password!)).toBe(true);
      const actions = (await store.audit.list({ actor: 'cli' })).map((e) => e.action);
      expect(actions).toEqual(['user.reset', 'user.enable', 'user.disable']);
    } finally {
      await store.close();
    }
  });
});

describe('alur user roles', () => {
  it('changes an account\'s roles, refuses what may not be, and waits for the server to stop', async () => {
    const moved = await alur(['user', 'roles', 'front_office', '--role', 'back_office,kepala_uptd', '--data', data]);
    expect(moved.err).toBe('');
    expect(moved.code).toBe(0);
    expect(moved.out).toContain('Peran akun front_office diubah.');
    expect(moved.out).toContain('sebelum: front_office (Petugas Front Office)');
    expect(moved.out).toContain('sesudah: back_office (Petugas Back Office), kepala_uptd (Kepala UPTD PPA)');
    // ALUR_DATA names the folder as well as --data; the same roles again change nothing.
    const same = await alur(['user', 'roles', 'front_office', '--role', 'kepala_uptd,back_office'], { ALUR_DATA: data });
    expect(same.code).toBe(0);
    expect(same.out).toContain('tidak berubah');

    const unknown = await alur(['user', 'roles', 'sekretaris', '--role', 'sekretaris,kepala_kantor', '--data', data]);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('Peran tidak dikenal: kepala_kantor');
    expect(unknown.err).toMatch(/Peran yang ada:\n\s+admin\s+Administrator/);
    expect(unknown.err).toMatch(/\n\s+kepala_uptd\s+Kepala UPTD PPA/);
    const none = await alur(['user', 'roles', 'sekretaris', '--data', data]);
    expect(none.code).toBe(2);
    expect(none.err).toContain('nonaktifkan akunnya: alur user disable sekretaris');
    expect((await alur(['user', 'roles', 'sekretaris', '--role', ' , ', '--data', data])).code).toBe(2);
    const mixed = await alur(['user', 'roles', 'sekretaris', '--role', 'admin,sekretaris', '--data', data]);
    expect(mixed.code).toBe(2);
    expect(mixed.err).toContain('Peran administrator tidak digabung dengan peran layanan');
    const missing = await alur(['user', 'roles', 'tidak-ada', '--role', 'sekretaris', '--data', data]);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('akun tidak-ada tidak ada');

    // The only active administrator keeps the role.
    const added = await alur(['user', 'add', 'kepala.admin', '--role', 'admin', '--generate', '--data', data]);
    expect(added.code).toBe(0);
    const last = await alur(['user', 'roles', 'kepala.admin', '--role', 'sekretaris', '--data', data]);
    expect(last.code).toBe(1);
    expect(last.err).toContain('satu-satunya administrator yang aktif');
    for (const r of [moved, unknown, none, mixed, missing, last]) expect(r.err).not.toMatch(/at .*\.ts:\d+/);

    // While a server holds the folder, nothing is changed.
    const store = await openStore(data);
    try {
      const locked = await alur(['user', 'roles', 'sekretaris', '--role', 'kepala_dinas', '--data', data]);
      expect(locked.code).toBe(1);
      expect(locked.err).toContain('Hentikan server dulu');
    } finally {
      await store.close();
    }

    const after = await openStore(data);
    try {
      expect((await after.users.get('front_office'))!.roles).toEqual(['back_office', 'kepala_uptd']);
      expect((await after.users.get('sekretaris'))!.roles).toEqual(['sekretaris']);
      expect((await after.users.get('kepala.admin'))!.roles).toEqual(['admin']);
      const entries = await after.audit.list({ action: 'user.roles' });
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({ actor: 'cli', details: { username: 'front_office', before: ['front_office'], after: ['back_office', 'kepala_uptd'] } });
      expect((await after.audit.verify()).ok).toBe(true);
    } finally {
      await after.close();
    }
  });
});
