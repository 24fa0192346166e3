/**
 * A clerk on a bad connection, in a real browser: the report typed on a phone is never lost when the post does not
 * arrive (connection gone), when the session ended meanwhile, or when the form's anti-forgery code is from an older
 * sign-in. The form stays filled, a message beside the button says what to do, and the same button then saves it.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { officeClock, startHarness, type Harness } from './harness.ts';

const SEED = new URL('../../workflows/respon-kasus-anak.yaml', import.meta.url).pathname;
const PASSWORD = 'kata-sandi-lambat-123';

let h: Harness;
let page: Page;

beforeAll(async () => {
  h = await startHarness({
    workflowFiles: [SEED],
    staff: { 'fo.rina': { roles: ['front_office'], name: 'Rina Safitri' } },
    password: PASSWORD,
    now: officeClock('2026-11-30T02:30:00Z'),
    viewport: { width: 390, height: 844 },
  });
  page = h.page;
}, 60_000);
afterAll(() => h?.close());

async function signIn(p: Page): Promise<void> {
  await p.goto(`${h.server.url}/login`);
  await p.fill('#username', 'fo.rina');
  await p.fill('#password', PASSWORD);
  await Promise.all([p.waitForURL(/\/tugas$/), p.click('button[type=submit]')]);
}

/** A whole intake, as typed on the phone. */
async function typeReport(story: string): Promise<void> {
  await page.goto(`${h.server.url}/lapor/respon-kasus-anak`);
  await page.selectOption('#f-sumber_laporan', 'masyarakat');
  await page.check('#f-saluran');
  await page.fill('#f-diterima_pada', '2026-11-30T09:00');
  await page.fill('#f-pelapor_nama', 'Ibu W.');
  await page.selectOption('#f-pelapor_hubungan', 'tetangga');
  await page.fill('#f-anak_nama', 'T.R.');
  await page.check('#f-anak_jenis_kelamin');
  await page.check('#f-jenis_kasus');
  await page.fill('#f-kronologi', story);
  await page.check('#f-tingkat_risiko');
}

const save = () => page.click('#formulir button[type=submit]');

async function savedCase(): Promise<string> {
  await page.waitForURL(/\/kasus\/[^/?]+\?baru=1$/);
  return /\/kasus\/([^/?]+)/.exec(page.url())![1]!;
}

describe('a report on a slow line', () => {
  it('says the connection is gone, keeps what was typed, and saves it once the line is back', async () => {
    await signIn(page);
    const before = await h.store.cases.count();
    await typeReport('Laporan diketik saat sinyal hilang.');
    await h.context.setOffline(true);
    await save();
    const message = page.locator('#formulir .net-error');
    await message.waitFor();
    expect(await message.textContent()).toContain('Tidak tersambung ke server');
    expect(await page.inputValue('#f-kronologi')).toBe('Laporan diketik saat sinyal hilang.');
    expect(await h.store.cases.count()).toBe(before);
    await h.context.setOffline(false);
    await save();
    const id = await savedCase();
    expect((await h.store.cases.get(id))?.data.kronologi).toBe('Laporan diketik saat sinyal hilang.');
  });

  it('when the session ended: stays on the form, asks to sign in again in another tab, then the same button saves', async () => {
    await typeReport('Laporan panjang; sesi berakhir sebelum disimpan.');
    await h.context.clearCookies();
    await save();
    const message = page.locator('#formulir .net-error');
    await message.waitFor();
    expect(await message.textContent()).toContain('Sesi Anda sudah berakhir');
    expect(page.url()).toMatch(/\/lapor\/respon-kasus-anak$/);
    expect(await page.locator('#formulir .net-error a[target=_blank]').getAttribute('href')).toBe('/login');
    expect(await page.inputValue('#f-kronologi')).toBe('Laporan panjang; sesi berakhir sebelum disimpan.');
    const tab = await h.context.newPage();
    await signIn(tab);
    await tab.close();
    await save();
    const id = await savedCase();
    expect((await h.store.cases.get(id))?.data.kronologi).toBe('Laporan panjang; sesi berakhir sebelum disimpan.');
  });

  it('when the form’s code is from an older sign-in: says so instead of showing another page, and the button sends it again', async () => {
    await typeReport('Petugas masuk ulang di tab lain.');
    await h.context.clearCookies();
    const tab = await h.context.newPage();
    await signIn(tab);
    await tab.close();
    await save();
    const message = page.locator('#formulir .net-error');
    await message.waitFor();
    expect(await message.textContent()).toContain('kode pengamannya sudah tidak berlaku');
    // The form was not replaced by the error page (no second page header inside it).
    expect(await page.locator('header.site').count()).toBe(1);
    await save();
    const id = await savedCase();
    expect((await h.store.cases.get(id))?.data.kronologi).toBe('Petugas masuk ulang di tab lain.');
  });
});
