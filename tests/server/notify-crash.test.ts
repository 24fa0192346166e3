/**
 * A message due but not yet sent survives a crash: `alur serve` (a real process, accounts added with
 * `alur user add --email --phone`) records a report, starts mailing the task's notice to an SMTP server that
 * reads the message and never answers, and is killed with SIGKILL right then. After the restart the message is
 * sent, and the SMTP server accepts exactly one.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { directIntake, SEED } from './helpers.ts';
import { mailText, smtpBox, type SmtpBox } from './notify-parts.ts';

const BIN = fileURLToPath(new URL('../../bin/alur.js', import.meta.url));
let dir: string;
let smtp: SmtpBox;
const children: ChildProcess[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'alur-notify-crash-'));
  await mkdir(join(dir, 'workflows'));
  await copyFile(SEED, join(dir, 'workflows', 'respon-kasus-anak.yaml'));
  smtp = await smtpBox();
});
afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  await smtp.close();
  await rm(dir, { recursive: true, force: true });
});

const env = () => ({
  ...process.env,
  ALUR_DATA: join(dir, 'data'),
  ALUR_WORKFLOWS: join(dir, 'workflows'),
  ALUR_SMTP_URL: smtp.url,
  ALUR_MAIL_FROM: 'alur <alur@dinsos.contoh.go.id>',
  ALUR_PUBLIC_URL: 'https://alur.dinsos.contoh.go.id',
  ALUR_NOTIFY_INTERVAL_MS: '200',
  ALUR_NOTIFY_LEASE_MS: '4000',
});

function run(args: string[], input = ''): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: env(), stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) => resolve({ code, out, err }));
    child.stdin.end(input);
  });
}

/** Starts `alur serve` on a free port; resolves with its address once it listens. */
function serve(): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--host', '127.0.0.1'], { env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /di (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) resolve({ child, url: m[1]! });
    });
    child.stderr!.on('data', (d) => (out += d));
    child.on('exit', (code) => reject(new Error(`alur serve berhenti (${code}): ${out}`)));
  });
}

async function until(what: string, ok: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`tidak terjadi: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('a notice due when the server is killed', () => {
  it('is sent once after the restart', async () => {
    const added = await run(['user', 'add', 'sari', '--role', 'front_office', '--name', 'Sari W.', '--email', 'sari@dinsos.contoh.go.id', '--phone', '0812 3456 7890'], 'Kopi-Tubruk-Pagi-Hari-77\n');
    expect(added.err).toBe('');
    expect(added.code).toBe(0);
    const bad = await run(['user', 'add', 'budi', '--role', 'front_office', '--email', 'bukan-alamat'], 'Kopi-Tubruk-Pagi-Hari-77\n');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('Alamat surel "bukan-alamat" tidak sah');

    smtp.stall = true;
    const first = await serve();
    const login = await fetch(`${first.url}/api/v1/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'sari', password: 'Kopi-Tubruk-Pagi-Hari-77' }) });
    const { token } = (await login.json()) as { token: string };
    const res = await fetch(`${first.url}/api/v1/cases`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ workflow: 'respon-kasus-anak', data: directIntake() }),
    });
    expect(res.status).toBe(201);
    const id = ((await res.json()) as { id: string }).id;
    // The mail went out and hangs before the SMTP server's answer: killed now, between "due" and "sent".
    await until('surel pertama dikirim', () => smtp.stalled === 1);
    first.child.kill('SIGKILL');
    await new Promise((r) => first.child.once('exit', r));
    expect(smtp.mails).toHaveLength(0);

    smtp.stall = false;
    const second = await serve();
    await until('surel sampai sesudah mulai ulang', () => smtp.mails.length === 1);
    // Several more rounds of the scheduler: still one.
    await new Promise((r) => setTimeout(r, 2500));
    expect(smtp.mails).toHaveLength(1);
    expect(smtp.mails[0]!.to).toEqual(['sari@dinsos.contoh.go.id']);
    const text = mailText(smtp.mails[0]!.raw);
    expect(text).toContain(`Tugas baru: kasus ${id}`);
    expect(text).toContain(`https://alur.dinsos.contoh.go.id/tugas/${id}/periksa-dokumen`);
    expect(text).not.toContain('Rina');
    second.child.kill('SIGTERM');
    await new Promise((r) => second.child.once('exit', r));
  }, 60_000);
});
