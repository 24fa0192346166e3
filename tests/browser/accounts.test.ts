/**
 * The administrator changes a clerk's roles on a phone, in a real browser: opens the folded form under the
 * account, every tap target at least 44px high and nothing wider than the screen; a list left empty is refused
 * with the reason beside the boxes; the front-office clerk becomes back office, confirmed at the top of the page,
 * and her API token has the back office's inbox at once. Screenshots (phone, and an office screen) go to test-results/accounts/.
 */
import { mkdir } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { officeClock, startHarness, type Harness } from './harness.ts';

const WORKFLOWS = new URL('../../workflows/', import.meta.url).pathname;
const SHOTS = new URL('../../test-results/accounts/', import.meta.url).pathname;
const PASSWORD = 'kata-sandi-admin-123';
const PHONE = { width: 390, height: 844 };

let h: Harness;
let page: Page;

beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true });
  h = await startHarness({
    workflowFiles: ['respon-kasus-anak.yaml', 'pengaduan-layanan.yaml', 'rekomendasi-bantuan-sosial.yaml'].map((f) => WORKFLOWS + f),
    staff: {
      'admin.nur': { roles: ['admin'], name: 'Nur Aisyah' },
      'fo.sari': { roles: ['front_office'], name: 'Sari Wulandari' },
    },
    password: PASSWORD,
    now: officeClock('2026-11-30T02:30:00Z'),
    viewport: PHONE,
  });
  page = h.page;
}, 60_000);
afterAll(() => h?.close());

/** Heights of the elements matching `selector` that are shown, in CSS pixels. */
function heights(selector: string): Promise<number[]> {
  return page.locator(selector).evaluateAll((els) => els.filter((e) => (e as HTMLElement).offsetParent !== null).map((e) => e.getBoundingClientRect().height));
}

describe('changing a clerk’s roles on a phone', () => {
  it('opens the form under the account, refuses an empty list, saves the new post and confirms it', async () => {
    await page.goto(`${h.server.url}/login`);
    await page.fill('#username', 'admin.nur');
    await page.fill('#password', PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForURL(/\/(tugas|admin|pengguna)/);
    const token = ((await (await fetch(`${h.server.url}/api/v1/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'fo.sari', password: PASSWORD }) })).json()) as { token: string }).token;

    await page.goto(`${h.server.url}/pengguna`);
    const row = page.locator('tr', { has: page.locator('code', { hasText: 'fo.sari' }) });
    const summary = row.locator('summary', { hasText: 'Ubah peran' });
    expect((await summary.boundingBox())!.height).toBeGreaterThanOrEqual(44);
    await summary.click();
    const form = row.locator('form[action="/pengguna/fo.sari/peran"]');
    await expect.poll(() => form.isVisible()).toBe(true);
    const rows = await heights('tr:has(code:text-is("fo.sari")) details[open] label.choice');
    expect(rows.length).toBe(13); // the staff roles of the three services, Pemohon not among them (Pengaduan Layanan has its Kasubag Umum)
    expect(Math.min(...rows)).toBeGreaterThanOrEqual(44);
    expect((await form.locator('button[type=submit]').boundingBox())!.height).toBeGreaterThanOrEqual(44);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    expect(await form.locator('input[value="front_office"]').isChecked()).toBe(true);
    await form.screenshot({ path: `${SHOTS}01-form-peran.png` });

    // Nothing ticked: refused, the form shown open again with the reason.
    await form.locator('input[value="front_office"]').uncheck();
    await form.locator('button[type=submit]').click();
    await page.waitForLoadState('load');
    expect(await page.locator('.flash').innerText()).toContain('Peran akun fo.sari belum diubah');
    const again = page.locator('form[action="/pengguna/fo.sari/peran"]');
    expect(await again.isVisible()).toBe(true);
    expect(await again.locator('.error').innerText()).toContain('nonaktifkan akunnya');
    await page.screenshot({ path: `${SHOTS}02-ditolak.png`, fullPage: true });

    // Moved to the back office.
    await again.locator('input[value="back_office"]').check();
    await again.locator('button[type=submit]').click();
    await page.waitForLoadState('load');
    expect(await page.locator('.flash').innerText()).toContain('Peran akun fo.sari diubah: Petugas Front Office → Petugas Back Office.');
    expect(await page.locator('tr', { has: page.locator('code', { hasText: 'fo.sari' }) }).locator('small').first().innerText()).toBe('Petugas Back Office');
    await page.screenshot({ path: `${SHOTS}03-tersimpan.png`, fullPage: true });
    expect((await h.store.users.get('fo.sari'))!.roles).toEqual(['back_office']);
    const me = await fetch(`${h.server.url}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(((await me.json()) as { roles: string[] }).roles).toEqual(['back_office']);

    // On an office screen the form opens inside the table without pushing it off the page.
    await page.setViewportSize({ width: 1366, height: 900 });
    await page.locator('tr', { has: page.locator('code', { hasText: 'fo.sari' }) }).locator('summary', { hasText: 'Ubah peran' }).click();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1366);
    await page.locator('table.list').screenshot({ path: `${SHOTS}04-meja-kantor.png` });
  });
});
