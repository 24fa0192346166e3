/**
 * Notifications on a phone (390x844, touch): a clerk's work list puts the Darurat case first with its badge,
 * the menu counts the unread notices, /notifikasi lists them, opening one leads to the case's task and the counter
 * drops, and the administrator is told on Kelola SOP that a channel keeps failing and sees each channel's state on
 * /admin/pesan (the gateway's last error, what to set). Every page: nothing wider than the screen, tap targets of at least 44 px, no console error; a
 * screenshot of each in test-results/notify/ (file names carry no identity, only what the page is).
 */
import { mkdir } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../server/auth/users.ts';
import { gatewayChannel, mailChannel } from '../../server/notify/channels.ts';
import { Scheduler } from '../../server/notify/scheduler.ts';
import type { NotifyDeps } from '../../server/usecases/deps.ts';
import { directIntake } from '../server/helpers.ts';
import { gateway, smtpBox, type Gateway, type SmtpBox } from '../server/notify-parts.ts';
import { officeClock, startHarness, type Harness } from './harness.ts';

const SEED = new URL('../../workflows/respon-kasus-anak.yaml', import.meta.url).pathname;
const SHOTS = new URL('../../test-results/notify/', import.meta.url).pathname;
const PASSWORD = 'kata-sandi-pemberitahuan-1';
const PHONE = { width: 390, height: 844 };

let h: Harness;
let page: Page;
let smtp: SmtpBox;
let gw: Gateway;
let scheduler: Scheduler;
const now = officeClock('2026-11-30T02:30:00Z');
const cases: Record<'biasa' | 'tinggi' | 'darurat', string> = { biasa: '', tinggi: '', darurat: '' };
const problems: string[] = [];

async function startCase(token: string, data: Record<string, unknown>): Promise<string> {
  const res = await fetch(`${h.server.url}/api/v1/cases`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ workflow: 'respon-kasus-anak', data: directIntake(data) }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true });
  smtp = await smtpBox();
  gw = await gateway();
  // The office's WhatsApp gateway is down: the administrator must see it.
  gw.status = 503;
  gw.answer = '{"status":false,"reason":"perangkat terputus"}';
  const notify: NotifyDeps = {
    channels: new Map([
      ['email', mailChannel({ url: smtp.url, from: 'alur <alur@dinsos.contoh.go.id>' }, { timeoutMs: 5000 })],
      ['gateway', gatewayChannel({ url: gw.url, success: '"status":\\s*true' })],
    ]),
  };
  h = await startHarness({
    workflowFiles: [SEED],
    staff: { 'fo.sari': { roles: ['front_office'], name: 'Sari Wulandari' }, 'uptd.rahmat': { roles: ['kepala_uptd'], name: 'Rahmat Hidayat' } },
    password: PASSWORD,
    now,
    viewport: PHONE,
    hasTouch: true,
    notify,
  });
  await h.store.users.update('fo.sari', (u) => ({ ...u, email: 'sari@dinsos.contoh.go.id', phone: '0812 3456 7890' }));
  await createUser(h.store.users, { username: 'admin.nur', roles: ['admin'], password: PASSWORD, displayName: 'Nur Aini', now: now() });
  scheduler = new Scheduler({ store: h.store, workflows: h.workflows, now, notify }, { worker: 'uji-browser' });
  page = h.page;
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`${page.url()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`${page.url()}: ${e.message}`));
  page.on('response', (r) => {
    if (r.status() === 404 || r.status() >= 500) problems.push(`${r.status()} ${r.url()}`);
  });

  // An ordinary case first, a high-risk one, and the Darurat one last (the newest).
  const login = await fetch(`${h.server.url}/api/v1/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'fo.sari', password: PASSWORD }) });
  const { token } = (await login.json()) as { token: string };
  cases.biasa = await startCase(token, { tingkat_risiko: 'sedang' });
  cases.tinggi = await startCase(token, { tingkat_risiko: 'tinggi', jenis_kasus: ['penelantaran'] });
  cases.darurat = await startCase(token, { tingkat_risiko: 'darurat', jenis_kasus: ['kekerasan_seksual'] });
  await scheduler.tick();
}, 90_000);

afterAll(async () => {
  await scheduler?.stop();
  await h?.close();
  await smtp?.close();
  await gw?.close();
});

async function signIn(username: string): Promise<void> {
  await page.context().clearCookies();
  await page.goto(`${h.server.url}/login`);
  await page.fill('#username', username);
  await page.fill('#password', PASSWORD);
  await page.tap('button[type=submit]');
  await page.waitForURL(/\/(tugas|admin)$/);
}

/** Elements a finger must hit (links, buttons, fields) that are smaller than 44 px high, as "tag text: height". */
async function smallTargets(selector = 'header.site a, header.site button, main a, main button, main select, main input:not([type=hidden])'): Promise<string[]> {
  return page.locator(selector).evaluateAll((els) =>
    els
      .filter((e) => {
        // A radio button or a check box is hit through its label (the whole row).
        const choice = e instanceof HTMLInputElement && (e.type === 'radio' || e.type === 'checkbox') ? e.closest('label') ?? (e.id ? document.querySelector(`label[for="${e.id}"]`) : null) : null;
        const r = (choice ?? e).getBoundingClientRect();
        // Words inside a sentence are exempt (they are read, not aimed at); so are hidden elements.
        const inline = getComputedStyle(e).display === 'inline' && e.closest('p, li.timeline-item, td') !== null && e.tagName === 'A';
        return r.width > 0 && r.height > 0 && r.height < 44 && !inline;
      })
      .map((e) => `${e.tagName.toLowerCase()}.${e.getAttribute('class') ?? ''} "${(e.textContent ?? '').trim().slice(0, 30)}": ${Math.round(e.getBoundingClientRect().height)}px`),
  );
}

/** A screenshot (full page and the first screen), then: nothing wider than the phone, every tap target big enough. */
async function look(name: string): Promise<void> {
  await page.evaluate('window.scrollTo(0, 0)');
  await page.screenshot({ path: `${SHOTS}${name}.png`, fullPage: true });
  await page.screenshot({ path: `${SHOTS}${name}-layar1.png` });
  expect(await page.evaluate(() => document.documentElement.scrollWidth), `${name} is wider than the phone`).toBeLessThanOrEqual(PHONE.width);
  expect(await smallTargets(), `${name}: tap targets under 44 px`).toEqual([]);
}

/** WCAG contrast of the first element's text against the background behind it (its own or the nearest ancestor's). */
async function contrast(selector: string): Promise<number> {
  return page.locator(selector).first().evaluate((el) => {
    const rgb = (c: string) => (c.match(/[\d.]+/g) ?? []).map(Number);
    const lum = (c: number[]) => {
      const [r, g, b] = c.slice(0, 3).map((v) => {
        const x = v / 255;
        return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
    };
    let bg: number[] = [255, 255, 255];
    for (let e: Element | null = el; e; e = e.parentElement) {
      const c = rgb(getComputedStyle(e).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3]! > 0.5)) {
        bg = c;
        break;
      }
    }
    const [a, b] = [lum(rgb(getComputedStyle(el).color)), lum(bg)].sort((x, y) => y - x);
    return (a! + 0.05) / (b! + 0.05);
  });
}

const counter = async () => ((await page.locator('header.site .counter').count()) ? (await page.locator('header.site .counter').innerText()).trim() : '');

describe('notifications on a phone', () => {
  it('lists the Darurat case first with its badge, and counts three unread notices in the menu', async () => {
    await signIn('fo.sari');
    await page.goto(`${h.server.url}/tugas`);
    const cards = page.locator('a.task-link');
    expect(await cards.count()).toBe(3);
    const first = (await cards.first().innerText()).replace(/\s+/g, ' ');
    expect(first).toContain(cases.darurat);
    expect((await cards.first().locator('.badge-prio-top').innerText()).trim()).toBe('⚠ Darurat');
    expect(await page.locator('a.task-link .badge-prio-top').count()).toBe(1);
    expect((await cards.nth(1).locator('.badge-prio').innerText()).trim()).toBe('Risiko tinggi');
    expect((await cards.nth(1).innerText()).replace(/\s+/g, ' ')).toContain(cases.tinggi);
    expect((await cards.nth(2).innerText()).replace(/\s+/g, ' ')).toContain(cases.biasa);
    expect(await counter()).toBe('3');
    expect(await page.locator('header.site .counter').getAttribute('aria-label')).toBe('3 belum dibaca');
    // Words readable at a glance: the Darurat badge and the counter at least 4.5:1.
    expect(await contrast('a.task-link .badge-prio-top')).toBeGreaterThanOrEqual(4.5);
    expect(await contrast('header.site .counter')).toBeGreaterThanOrEqual(4.5);
    await look('01-tugas-darurat-pertama');
    await page.locator('header.site').screenshot({ path: `${SHOTS}02-menu-penghitung.png` });
  });

  it('lists the notices, opens one to its task, and the counter drops', async () => {
    await page.tap('header.site a[href="/notifikasi"]');
    await page.waitForURL(/\/notifikasi$/);
    const items = page.locator('ol.notices li');
    expect(await items.count()).toBe(3);
    expect(await page.locator('ol.notices li.unread').count()).toBe(3);
    // Newest first: the Darurat case's notice on top, naming its case, the service and the step, never the child.
    const top = (await items.first().innerText()).replace(/\s+/g, ' ');
    expect(top).toContain(`Tugas baru: ${cases.darurat}`);
    expect(top).toContain('Langkah 2');
    await look('03-notifikasi');

    await page.tap(`ol.notices li:first-child a.notice-link`);
    await page.waitForURL(new RegExp(`/tugas/${cases.darurat}/periksa-dokumen$`));
    expect(await counter()).toBe('2');
    await look('04-notifikasi-dibuka-tugas');

    await page.goto(`${h.server.url}/notifikasi`);
    expect(await page.locator('ol.notices li.unread').count()).toBe(2);
    expect(await page.locator('p.lead').innerText()).toContain('2 belum dibaca');
    // The read notice is greyed, still readable; the Baru badge too.
    expect(await contrast('ol.notices li:not(.unread) .notice-rest')).toBeGreaterThanOrEqual(4.5);
    expect(await contrast('ol.notices li.unread .badge')).toBeGreaterThanOrEqual(4.5);
    await look('05-notifikasi-satu-dibaca');

    await page.tap('form[action="/notifikasi/baca"]:not(.notice-read) button');
    await page.waitForURL(/\/notifikasi\?dibaca=1$/);
    expect(await counter()).toBe('');
    expect(await page.locator('ol.notices li.unread').count()).toBe(0);
    await look('06-notifikasi-semua-dibaca');
  });

  it("shows the administrator each channel's state, with the gateway's last error", async () => {
    await signIn('admin.nur');
    // Kelola SOP tells that a channel keeps failing and leads to the channels' page.
    await page.goto(`${h.server.url}/admin`);
    expect((await page.locator('main p.flash-error').innerText()).replace(/\s+/g, ' ')).toContain('Pemberitahuan WhatsApp / SMS gagal terus terkirim.');
    await look('07-admin-kelola-sop-peringatan');
    await page.tap('#tautan-pesan');
    await page.waitForURL(/\/admin\/pesan$/);
    expect((await page.locator('main p.flash-error').innerText()).replace(/\s+/g, ' ')).toContain('ALUR_GATEWAY_URL atau ALUR_GATEWAY_CONFIG');
    const body = (await page.locator('main').innerText()).replace(/\s+/g, ' ');
    expect(body).toContain('Surel (e-mail)');
    expect(body).toContain('WhatsApp / SMS');
    expect(body).toContain('perangkat terputus');
    expect(smtp.mails.map((m) => m.to[0])).toEqual(['sari@dinsos.contoh.go.id', 'sari@dinsos.contoh.go.id', 'sari@dinsos.contoh.go.id']);
    await look('08-admin-pesan');
  });

  it('no page logged a console error or failed to load something', () => {
    expect(problems).toEqual([]);
  });
});
