/**
 * Passwords and sign-in on a real server (127.0.0.1, port 0, a real store in a temp folder): weak passwords are
 * refused with every reason at once on every door that sets one; a stranger's wrong guesses do not keep the owner
 * out of their own known browser; the counters are in the store, so a restart does not reset them.
 */
import { spawn } from 'node:child_process';
import { copyFile, mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../server/app.ts';
import { passwordProblems, officeWords } from '../../../server/auth/strength.ts';
import { generatePassword } from '../../../server/auth/password.ts';
import { openStore } from '../../../server/store/index.ts';
import { FORM, formBody, makeBench, PASSWORD, SEED, type Bench } from '../helpers.ts';
import { cookieOf, serveLive, type Live } from './live.ts';

const BIN = fileURLToPath(new URL('../../../bin/alur.js', import.meta.url));

let b: Bench;
let live: Live;

beforeAll(async () => {
  b = await makeBench();
  live = await serveLive(b.app);
});
afterAll(async () => {
  await live.close();
  await b.store.close();
  await rm(b.dir, { recursive: true, force: true });
});

/** Signs in through the login form of `server`, with this browser's cookies; returns the answer and new cookies. */
async function signIn(server: Live, username: string, password: string, browser: { device?: string } = {}) {
  const pre = await server.request('/login', { headers: browser.device ? { cookie: browser.device } : {} });
  const preCookie = cookieOf(pre, 'alur_pra')!;
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await pre.text())![1]!;
  const res = await server.request('/login', {
    method: 'POST',
    headers: { ...FORM, cookie: [preCookie, browser.device].filter(Boolean).join('; ') },
    body: formBody({ username, password, _csrf: csrf }),
  });
  return { status: res.status, retryAfter: res.headers.get('retry-after'), html: await res.text(), session: cookieOf(res, 'alur_sesi'), device: cookieOf(res, 'alur_perangkat') };
}

function csrfOfPage(html: string): string {
  return /name="_csrf" value="([^"]+)"/.exec(html)![1]!;
}

/** The reasons listed under the new password on /akun after posting `fresh`. */
async function refusedReasons(session: string, fresh: string): Promise<{ status: number; reasons: string[] }> {
  const page = await live.request('/akun', { headers: { cookie: session } });
  const res = await live.request('/akun/sandi', {
    method: 'POST',
    headers: { ...FORM, cookie: session },
    body: formBody({ _csrf: csrfOfPage(await page.text()), sandi_lama: PASSWORD, sandi_baru: fresh, sandi_ulang: fresh }),
  });
  const html = await res.text();
  const list = /<ul class="error" id="e-sandi_baru">([\s\S]*?)<\/ul>/.exec(html)?.[1] ?? /<p class="error" id="e-sandi_baru">([\s\S]*?)<\/p>/.exec(html)?.[1] ?? '';
  const unescape = (t: string) => t.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
  const reasons = [...list.matchAll(/<li>([\s\S]*?)<\/li>/g)].map((m) => unescape(m[1]!));
  return { status: res.status, reasons: reasons.length ? reasons : list ? [list] : [] };
}

describe('password strength', () => {
  it('refuses a list of weak passwords on the account page, each with all its reasons at once', async () => {
    const session = (await signIn(live, 'kepala_uptd', PASSWORD)).session!;
    const weak: Array<[string, RegExp[]]> = [
      ['aaaaaaaaaa', [/satu karakter yang diulang/, /Mudah ditebak/]],
      ['1234567890', [/Hanya angka/, /Mudah ditebak/]],
      ['password12', [/Mudah ditebak/, /umum digunakan/]],
      ['rokanhulu2026', [/nama kantor atau daerah \("rokanhulu"\)/]],
      ['Dinsos12345', [/nama kantor atau daerah \("dinsos"\)/, /Mudah ditebak/]],
      ['dissosp3a-kantor', [/nama kantor atau daerah \("dissosp3a"\)/]],
      ['kepala_uptd2026!', [/nama pengguna/]],
      ['rohul', [/paling sedikit 10 karakter \(yang ini 5\)/, /nama kantor atau daerah/, /Mudah ditebak/]],
      ['rahasiasekali', [/Mudah ditebak/]],
    ];
    for (const [password, expected] of weak) {
      const { status, reasons } = await refusedReasons(session, password);
      expect(status, password).toBe(422);
      for (const re of expected) expect(reasons.some((r) => re.test(r)), `${password}: ${re} in ${JSON.stringify(reasons)}`).toBe(true);
    }
    // One answer lists every reason: a short office name that is also easy to guess gets three or more lines.
    expect((await refusedReasons(session, 'rohul')).reasons.length).toBeGreaterThanOrEqual(3);
    // The mismatch of the second field is reported beside, not after, the strength reasons.
    const page = await live.request('/akun', { headers: { cookie: session } });
    const both = await live.request('/akun/sandi', {
      method: 'POST',
      headers: { ...FORM, cookie: session },
      body: formBody({ _csrf: csrfOfPage(await page.text()), sandi_lama: PASSWORD, sandi_baru: 'password12', sandi_ulang: 'lain' }),
    });
    const html = await both.text();
    expect(html).toContain('Mudah ditebak');
    expect(html).toContain('Tidak sama dengan kata sandi baru');
    // Nothing was changed: the old password still signs in.
    expect((await signIn(live, 'kepala_uptd', PASSWORD)).status).toBe(303);
  });

  it('accepts a strong passphrase, and every generated password passes the same check', async () => {
    const office = officeWords(b.workflows.list());
    expect(office.names).toEqual(expect.arrayContaining(['rokan', 'hulu', 'rokanhulu', 'dissosp3a']));
    expect(passwordProblems('kopi-sepeda-awan-jendela', { username: 'sekretaris', office })).toEqual([]);
    const session = (await signIn(live, 'sekretaris', PASSWORD)).session!;
    const page = await live.request('/akun', { headers: { cookie: session } });
    const done = await live.request('/akun/sandi', {
      method: 'POST',
      headers: { ...FORM, cookie: session },
      body: formBody({ _csrf: csrfOfPage(await page.text()), sandi_lama: PASSWORD, sandi_baru: 'kopi-sepeda-awan-jendela', sandi_ulang: 'kopi-sepeda-awan-jendela' }),
    });
    expect(done.status).toBe(303);
    expect((await signIn(live, 'sekretaris', 'kopi-sepeda-awan-jendela')).status).toBe(303);
    for (let i = 0; i < 5; i++) expect(passwordProblems(generatePassword(), { username: 'sekretaris', office })).toEqual([]);
  });

  it('refuses a weak password in `alur user add` and `alur user password` with all reasons', async () => {
    const wfDir = join(b.dir, 'wf-cli');
    await mkdir(wfDir, { recursive: true });
    await copyFile(SEED, join(wfDir, 'respon-kasus-anak.yaml'));
    const data = join(b.dir, 'data-cli');
    const alur = (args: string[], input: string) =>
      new Promise<{ code: number | null; err: string }>((resolve) => {
        const child = spawn(process.execPath, [BIN, ...args, '--data', data, '--workflows', wfDir], { stdio: ['pipe', 'ignore', 'pipe'] });
        let err = '';
        child.stderr.on('data', (d) => (err += d));
        child.on('close', (code) => resolve({ code, err }));
        child.stdin.end(input);
      });
    const add = await alur(['user', 'add', 'rina', '--role', 'front_office', '--name', 'Rina Wulandari'], 'wulandari-rohul\n');
    expect(add.code).toBe(2);
    expect(add.err).toContain('kata sandi ditolak');
    expect(add.err).toContain('Memuat nama Anda ("wulandari")');
    expect(add.err).toContain('nama kantor atau daerah ("rohul")');
    expect((await alur(['user', 'add', 'rina', '--role', 'front_office'], 'kopi-sepeda-awan-jendela\n')).code).toBe(0);
    const pw = await alur(['user', 'password', 'rina'], '1234567890\n');
    expect(pw.code).toBe(2);
    expect(pw.err).toContain('Hanya angka');
    expect(pw.err).toContain('Mudah ditebak');
  });
});

describe('sign-in throttling', () => {
  it("a stranger's 50 wrong guesses from the owner's own address do not stop the owner signing in from their known browser", async () => {
    // The owner signed in on this browser before: it holds the signed known-browser cookie.
    const first = await signIn(live, 'bidang_teknis', PASSWORD);
    expect(first.status).toBe(303);
    expect(decodeURIComponent(first.device!)).toMatch(/^alur_perangkat=bidang_teknis:[A-Za-z0-9_-]{22}:[A-Za-z0-9_-]{43}$/);
    const statuses: number[] = [];
    let lastRetry: string | null = null;
    for (let i = 0; i < 50; i++) {
      const r = await signIn(live, 'bidang_teknis', `tebakan-salah-${i}`);
      statuses.push(r.status);
      if (r.status === 429) lastRetry = r.retryAfter;
    }
    // The stranger is slowed: five free guesses, then 429 with Retry-After.
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5).every((s) => s === 429)).toBe(true);
    expect(Number(lastRetry)).toBeGreaterThan(0);
    // A browser without the cookie (the stranger's, or a new one) waits even with the right password...
    const unknown = await signIn(live, 'bidang_teknis', PASSWORD);
    expect(unknown.status).toBe(429);
    expect(Number(unknown.retryAfter)).toBeGreaterThan(0);
    // ...the owner's own browser gets in with the right password, at once.
    const owner = await signIn(live, 'bidang_teknis', PASSWORD, { device: first.device });
    expect(owner.status).toBe(303);
    expect(owner.session).toBeTruthy();
    // A forged or altered cookie is no key.
    const forged = first.device!.replace(/.$/, (ch) => (ch === 'A' ? 'B' : 'A'));
    expect((await signIn(live, 'bidang_teknis', PASSWORD, { device: forged })).status).toBe(429);
    // The known browser is still throttled on its own wrong guesses (a stolen cookie is no free pass).
    const own: number[] = [];
    for (let i = 0; i < 11; i++) own.push((await signIn(live, 'bidang_teknis', `salah-lagi-${i}`, { device: first.device })).status);
    expect(own.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(own[10]).toBe(429);
    const audit = await b.store.audit.list({ action: 'login.ok', limit: 100 });
    expect(audit.some((e) => e.actor === 'bidang_teknis' && e.details?.knownBrowser === true)).toBe(true);
    b.tick(16 * 60_000);
  });

  it('keeps the counters in the store: a restart does not reset them', async () => {
    for (let i = 0; i < 5; i++) expect((await signIn(live, 'back_office', `salah-${i}`)).status).toBe(401);
    const locked = await signIn(live, 'back_office', 'salah-6');
    expect(locked.status).toBe(429);
    expect(locked.retryAfter).toBe('30');
    // Stop the server and the store, open the same data folder again in a new app.
    await live.close();
    await b.store.close();
    const store = await openStore(join(b.dir, 'data'));
    const app = createApp({ store, workflows: b.workflows, now: () => b.clock.now, logError: () => undefined });
    const again = await serveLive(app);
    try {
      const after = await signIn(again, 'back_office', PASSWORD);
      expect(after.status).toBe(429);
      expect(Number(after.retryAfter)).toBeGreaterThan(0);
      expect(after.html).toContain('Terlalu banyak percobaan masuk yang gagal');
      b.tick(31_000);
      expect((await signIn(again, 'back_office', PASSWORD)).status).toBe(303);
    } finally {
      await again.close();
      b.store = store;
      live = await serveLive(createApp({ store, workflows: b.workflows, now: () => b.clock.now, logError: () => undefined }));
    }
  });
});
