/**
 * Two real `alur serve` processes on one PostgreSQL database send each due message exactly once (issue 11, item 4):
 * cases started on either server (one Darurat), with deadlines shortened to seconds in their copy of the service
 * so that arrivals, reminders, overdue notices and both escalation levels all fall due while the test runs; every
 * e-mail reaches one SMTP server on loopback (a slow one: 600 ms per message, so a batch of messages taken under
 * one lease outlives it) and every WhatsApp request one HTTP gateway, each once by its outbox id (Message-ID /
 * {{id}}). Then the server in the middle of sending a mail is killed with SIGKILL: the other one
 * takes its messages when their lease runs out and finishes the work, still with no message twice.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../../engine/ports/store.ts';
import { createUser } from '../../../server/auth/users.ts';
import { openStore } from '../../../server/store/index.ts';
import { NOTICE_RECORD } from '../../../server/usecases/notify.ts';
import { freshDatabase } from '../../pg/database.ts';
import { directIntake, PASSWORD, SEED } from '../helpers.ts';
import { gateway, mailText, messageIdOf, smtpBox, type Gateway, type SmtpBox } from '../notify-parts.ts';

const BIN = fileURLToPath(new URL('../../../bin/alur.js', import.meta.url));
/** Long enough that the hung mail is still held when the test looks (its server gives up after half), on a loaded machine too. */
const LEASE_MS = 6000;
/** Accounts told, with an address on both channels: two clerks (step 2), the Kepala UPTD PPA and the Sekretaris (escalation). */
const STAFF = [
  ['fo1', 'front_office', '081200000001'],
  ['fo2', 'front_office', '081200000002'],
  ['ku1', 'kepala_uptd', '081200000003'],
  ['sek1', 'sekretaris', '081200000004'],
] as const;
/** Per case and channel: arrival, reminder and overdue to both clerks, escalation to the Kepala UPTD then the Sekretaris. */
const PER_CASE = 2 + 2 + 2 + 1 + 1;

let dir: string;
let url: string;
let smtp: SmtpBox;
let gw: Gateway;
let db: Store;
const running: Array<{ proc: ChildProcess; url: string }> = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'alur-notify-two-'));
  // Seconds instead of hours and days (the due times then pass while the test runs): the Darurat first response in
  // 4 s, the completion time in 8 s, the reminder 3 s before, the second escalation 2 s after the first.
  const source = (await readFile(SEED, 'utf8'))
    .replace('duration: PT6H', 'duration: PT4S')
    .replace('duration: P1D', 'duration: PT8S')
    .replace('remind: [PT2H]', 'remind: [PT3S]')
    .replace('after: PT4H', 'after: PT2S');
  expect(source).toContain('duration: PT8S');
  for (const name of ['a', 'b']) {
    await mkdir(join(dir, name));
    await writeFile(join(dir, name, 'respon-kasus-anak.yaml'), source);
  }
  url = await freshDatabase('notify2');
  smtp = await smtpBox();
  gw = await gateway();
  // A mail server that takes its time over each message, as an office's often does.
  smtp.delayMs = 600;
  db = await openStore(url);
  for (const [username, role, phone] of STAFF) {
    await createUser(db.users, { username, roles: [role], password: PASSWORD, email: `${username}@dinsos.contoh.go.id`, phone, now: new Date() });
  }
});
afterAll(async () => {
  for (const s of running) if (s.proc.exitCode === null) s.proc.kill('SIGKILL');
  await db?.close();
  await smtp?.close();
  await gw?.close();
  await rm(dir, { recursive: true, force: true });
});

function serve(folder: string): Promise<{ proc: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const env = {
      ...process.env,
      ALUR_SMTP_URL: smtp.url,
      ALUR_MAIL_FROM: 'alur <alur@dinsos.contoh.go.id>',
      ALUR_GATEWAY_URL: gw.url,
      ALUR_GATEWAY_BODY: '{"ref":"{{id}}","phone":"{{to_intl}}","message":"{{text}}"}',
      ALUR_PUBLIC_URL: 'https://alur.dinsos.contoh.go.id',
      ALUR_NOTIFY_INTERVAL_MS: '200',
      ALUR_NOTIFY_LEASE_MS: String(LEASE_MS),
    };
    const proc = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--host', '127.0.0.1', '--database', url, '--workflows', join(dir, folder)], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    proc.stdout!.on('data', (d) => {
      out += d;
      const m = /alur melayani .* di (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) {
        const s = { proc, url: m[1]! };
        running.push(s);
        resolve(s);
      }
    });
    proc.stderr!.on('data', (d) => (out += d));
    proc.on('exit', (code) => reject(new Error(`alur serve ended (${code}) before listening:\n${out}`)));
  });
}

async function until(what: string, ok: () => boolean | Promise<boolean>, ms = 60_000, every = 100): Promise<void> {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`did not happen in time: ${what}`);
    await new Promise((r) => setTimeout(r, every));
  }
}

let token = '';
async function startCase(server: string, data: Record<string, unknown>): Promise<string> {
  if (!token) {
    const login = await fetch(`${server}/api/v1/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'fo1', password: PASSWORD }) });
    token = ((await login.json()) as { token: string }).token;
  }
  const res = await fetch(`${server}/api/v1/cases`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ workflow: 'respon-kasus-anak', data: directIntake(data) }),
  });
  const body = (await res.json()) as { id: string };
  expect(res.status, JSON.stringify(body)).toBe(201);
  return body.id;
}

const pending = async () => (await db.outbox.list({ status: 'pending', limit: 10_000 })).length;
const mailIds = () => smtp.mails.map((m) => messageIdOf(m.raw).split('@')[0]!);
const gatewayIds = () => gw.requests.map((r) => (JSON.parse(r.body) as { ref: string }).ref);
const twice = (ids: string[]) => ids.filter((id, i) => ids.indexOf(id) !== i);

/** Every message the outbox marked sent on `channel` arrived once at its receiver, and nothing else arrived. */
async function exactlyOnce(channel: 'email' | 'gateway', arrived: string[]): Promise<void> {
  const sent = (await db.outbox.list({ channel, status: 'sent', limit: 10_000 })).map((m) => m.id);
  expect(twice(arrived), `${channel} received twice`).toEqual([]);
  expect([...arrived].sort()).toEqual([...sent].sort());
  expect(await db.outbox.list({ channel, status: 'failed' })).toEqual([]);
}

describe('notifications from two app servers on one PostgreSQL database', () => {
  let servers: Array<{ proc: ChildProcess; url: string }>;
  const cases: string[] = [];

  it('sends every due message once, the Darurat case\'s reminders and escalation included', { timeout: 150_000 }, async () => {
    servers = await Promise.all([serve('a'), serve('b')]);
    cases.push(await startCase(servers[0]!.url, { tingkat_risiko: 'darurat' }));
    cases.push(await startCase(servers[1]!.url, {}));
    cases.push(await startCase(servers[0]!.url, { tingkat_risiko: 'tinggi' }));
    cases.push(await startCase(servers[1]!.url, {}));
    // Both escalation levels of every case done: the last due message is behind us and nothing is left to send.
    await until('every message sent', async () => smtp.mails.length >= cases.length * PER_CASE && (await pending()) === 0);
    // A few more leases' worth of rounds on both servers: nothing comes again.
    await new Promise((r) => setTimeout(r, 3 * LEASE_MS));
    expect(await pending()).toBe(0);
    expect(smtp.mails).toHaveLength(cases.length * PER_CASE);
    expect(gw.requests).toHaveLength(cases.length * PER_CASE);
    await exactlyOnce('email', mailIds());
    await exactlyOnce('gateway', gatewayIds());
    // The Darurat case was told on its own 4-second first response: its overdue notice names that deadline.
    const darurat = smtp.mails.map((m) => mailText(m.raw)).filter((t) => t.includes(`Batas waktu terlewat: kasus ${cases[0]}`));
    expect(darurat).toHaveLength(2);
    expect(darurat[0]).toContain('Respon pertama kasus darurat: batas');
    // Each planned notice was turned into messages once: five per case (arrival, reminder, overdue, two escalations).
    for (const id of cases) {
      const kinds = (await db.records.query(NOTICE_RECORD, { caseId: id, limit: 100 })).map((d) => String(d.data.kind)).sort();
      expect(kinds, id).toEqual(['arrival', 'escalation', 'escalation', 'overdue', 'reminder']);
    }
    // In the app: one notice per account and planned notice (a clerk: arrival, reminder, overdue of each case).
    expect(await db.inbox.unread('fo1')).toBe(cases.length * 3);
    expect(await db.inbox.unread('ku1')).toBe(cases.length);
  });

  it('finishes the work of a server killed while sending, still with no message twice', { timeout: 150_000 }, async () => {
    const before = smtp.mails.length;
    const more = [await startCase(servers[0]!.url, { tingkat_risiko: 'darurat' }), await startCase(servers[1]!.url, {}), await startCase(servers[0]!.url, {})];
    // One mail of the new work hangs before the SMTP server's answer; the server sending it is killed right then,
    // with other messages it had taken still leased to it.
    await until('a few mails of the new cases arrived', () => smtp.mails.length >= before + 4);
    smtp.stallNext = 1;
    await until('a mail hangs', () => smtp.stalled === 1, 60_000, 10);
    const hung = messageIdOf(smtp.stalledRaw[0]!).split('@')[0]!;
    const held = (await db.outbox.list({ channel: 'email', limit: 10_000 })).find((m) => m.id === hung)!;
    // Still leased to the server that waits for the answer (it gives up only after half the lease, 3 s).
    expect(held, 'the hung mail is still held by its server').toMatchObject({ status: 'pending', worker: expect.any(String) });
    const pid = Number(held.worker!.split(':').at(-2));
    const victim = servers.find((s) => s.proc.pid === pid)!;
    expect(victim, `worker ${held.worker}`).toBeDefined();
    victim.proc.kill('SIGKILL');
    await new Promise((r) => (victim.proc.exitCode !== null ? r(undefined) : victim.proc.once('exit', r)));
    const survivor = servers.find((s) => s !== victim)!;
    expect(survivor.proc.exitCode).toBeNull();

    await until('the survivor sent everything', async () => smtp.mails.length >= (cases.length + more.length) * PER_CASE && (await pending()) === 0);
    await new Promise((r) => setTimeout(r, 3 * LEASE_MS));
    expect(await pending()).toBe(0);
    // The mail that hung reached the SMTP server once, from the survivor.
    expect(mailIds().filter((id) => id === hung)).toHaveLength(1);
    expect(smtp.mails).toHaveLength((cases.length + more.length) * PER_CASE);
    expect(gw.requests).toHaveLength((cases.length + more.length) * PER_CASE);
    await exactlyOnce('email', mailIds());
    await exactlyOnce('gateway', gatewayIds());
    for (const id of more) expect((await db.records.query(NOTICE_RECORD, { caseId: id, limit: 100 })).length, id).toBe(5);
    expect(await db.audit.verify()).toMatchObject({ ok: true });
  });
});
