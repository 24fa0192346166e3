/**
 * The public standard of Respon Kasus Anak in a real browser, on a phone and an office screen: the fourteen
 * components of Permenpan RB 15/2014 and the maklumat pelayanan, the complaint channels as links a thumb can hit
 * (mailto:, tel:, WhatsApp), nothing wider than the screen. Screenshots go to test-results/standard/.
 */
import { mkdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STANDARD_COMPONENTS } from '../../engine/definition/standard.ts';
import { officeClock, startHarness, type Harness } from './harness.ts';

const WORKFLOWS = new URL('../../workflows/', import.meta.url).pathname;
const SHOTS = new URL('../../test-results/standard/', import.meta.url).pathname;

let h: Harness;

beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true });
  h = await startHarness({
    workflowFiles: ['respon-kasus-anak.yaml', 'pengaduan-layanan.yaml'].map((f) => WORKFLOWS + f),
    staff: {},
    password: 'tidak-dipakai-123',
    now: officeClock('2026-11-30T02:30:00Z'),
    viewport: { width: 390, height: 844 },
  });
}, 60_000);
afterAll(() => h?.close());

describe('public standard', () => {
  it('shows every component and the pledge, with working contact links, on a phone and on an office screen', async () => {
    const page = h.page;
    for (const [name, viewport] of [['ponsel', { width: 390, height: 844 }], ['kantor', { width: 1366, height: 768 }]] as const) {
      await page.setViewportSize(viewport);
      await page.goto(`${h.server.url}/layanan/respon-kasus-anak`);
      const headings = await page.locator('article.standard h2, article.standard h3').allTextContents();
      for (const h2 of ['Persyaratan', 'Sistem, mekanisme dan prosedur', 'Waktu penyelesaian', 'Biaya / tarif', 'Produk pelayanan', 'Pengaduan layanan', 'Maklumat pelayanan']) expect(headings).toContain(h2);
      for (const c of STANDARD_COMPONENTS.filter((c) => c.key !== 'pledge')) expect(headings).toContain(c.label);
      const links = await page.locator('a.channel-link').evaluateAll((as) => as.map((a) => [(a as HTMLAnchorElement).getAttribute('href'), a.getBoundingClientRect().height]));
      const hrefs = links.map(([href]) => href);
      expect(hrefs).toEqual(expect.arrayContaining(['mailto:dissospppa@gmail.com', 'https://wa.me/6281374715282', 'tel:+6281365466531', 'https://dinsosp3a.rokanhulukab.go.id']));
      for (const [, height] of links) expect(height as number).toBeGreaterThanOrEqual(44);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
      await page.screenshot({ path: `${SHOTS}standar-${name}.png`, fullPage: true });
    }
  });
});
