/**
 * The report, the survey and the kiosk in a real browser: the Kepala Dinas opens /laporan on an office screen and on
 * a phone (charts as SVG beside their tables, "<3" for small counts, nothing wider than the screen), makes a one-time
 * QR link, a person answers the survey on a phone without JavaScript, and the kiosk takes the next visitor.
 * Screenshots go to test-results/report/.
 */
import { mkdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IKM_ELEMENTS } from '../../engine/report/ikm.ts';
import { OFFICE_STAFF, officeClock, startHarness, type Harness } from './harness.ts';

const WORKFLOWS = new URL('../../workflows/', import.meta.url).pathname;
const SHOTS = new URL('../../test-results/report/', import.meta.url).pathname;
const PASSWORD = 'kata-sandi-uji-123';
const STEPS: Array<[string, string, Record<string, unknown>]> = [
  ['periksa-dokumen', 'fo.sari', { dokumen_lengkap: 'ya' }],
  ['proses-laporan', 'bt.yusuf', { hasil_asesmen: 'a', kebutuhan_layanan: ['rujukan'] }],
  ['rencana-respon', 'bo.dewi', { rencana_respon: 'b' }],
  ['respon-kepala-uptd', 'uptd.rahmat', { respon_kasus: 'c' }],
  ['verifikasi-sekretaris', 'sek.lina', { hasil_verifikasi: 'sesuai' }],
  ['arahan-kepala-dinas', 'kadis.hadi', { arahan: 'd' }],
];

let h: Harness;

async function token(username: string): Promise<string> {
  const res = await fetch(`${h.server.url}/api/v1/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: PASSWORD }) });
  return ((await res.json()) as { token: string }).token;
}

beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true });
  h = await startHarness({
    workflowFiles: ['respon-kasus-anak.yaml', 'pengaduan-layanan.yaml'].map((f) => WORKFLOWS + f),
    staff: OFFICE_STAFF,
    password: PASSWORD,
    now: officeClock('2026-11-30T02:30:00Z'),
    viewport: { width: 1366, height: 768 },
  });
  const tokens = Object.fromEntries(await Promise.all(Object.keys(OFFICE_STAFF).map(async (u) => [u, await token(u)])));
  const call = (path: string, who: string, body: unknown) => fetch(`${h.server.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${tokens[who]}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const kinds = ['kekerasan_fisik', 'kekerasan_psikis', 'penelantaran', 'kekerasan_seksual'];
  for (let i = 0; i < 9; i++) {
    const data = { sumber_laporan: 'masyarakat', saluran: 'langsung', diterima_pada: '2026-11-30T09:30', pelapor_nama: 'Pelapor', pelapor_hubungan: 'tetangga', anak_nama: 'A.B.', anak_jenis_kelamin: i % 3 ? 'perempuan' : 'laki_laki', anak_perkiraan_usia: 3 + i, jenis_kasus: [kinds[i % 4]], kronologi: 'Kronologi.', tingkat_risiko: 'sedang', kejadian_lokasi: i % 2 ? 'rumah_tangga' : 'sekolah' };
    const id = ((await (await call('/api/v1/cases', 'fo.sari', { workflow: 'respon-kasus-anak', data })).json()) as { id: string }).id;
    for (const [step, who, values] of STEPS.slice(0, i < 7 ? 6 : 1)) expect((await call(`/api/v1/cases/${id}/steps/${step}`, who, { data: values })).status).toBe(200);
  }
}, 180_000);
afterAll(() => h?.close());

async function signIn(username: string) {
  const page = h.page;
  await page.goto(`${h.server.url}/login`);
  await page.fill('#username', username);
  await page.fill('#password', PASSWORD);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/login')), page.click('button[type=submit]')]);
}

describe('report in a browser', () => {
  it('the Kepala Dinas reads this month\'s report on an office screen and on a phone', async () => {
    const page = h.page;
    await signIn('kadis.hadi');
    await page.click('nav >> text=Laporan layanan');
    expect(new URL(page.url()).pathname).toBe('/laporan');
    await page.selectOption('select[name=layanan]', 'respon-kasus-anak');
    await page.click('form.filters button[type=submit]');
    expect(await page.locator('.hl-main .hl-value').first().textContent()).toBe('100,0%');
    expect(await page.locator('figure.chart svg[role=img]').count()).toBeGreaterThan(5);
    expect(await page.locator('abbr.small-count').count()).toBeGreaterThan(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1366);
    await page.screenshot({ path: `${SHOTS}laporan-kantor.png`, fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    // Nothing sticks out of the screen; a chart per day is wider and scrolls sideways inside its own frame.
    const outside = await page.evaluate(() => [...document.querySelectorAll('body *')].filter((e) => !e.closest('.chart-frame') && e.getBoundingClientRect().right > 391).map((e) => e.tagName));
    expect(outside).toEqual([]);
    await page.screenshot({ path: `${SHOTS}laporan-ponsel.png`, fullPage: true });
  });

  it('a one-time QR link is answered on a phone; the kiosk takes the next visitor', async () => {
    const page = h.page;
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.goto(`${h.server.url}/laporan/respon-kasus-anak/survei`);
    await page.click('button[value=tautan]');
    const link = (await page.locator('p.code-link').first().textContent())!.trim();
    expect(await page.locator('svg.qr').count()).toBe(1);
    await page.screenshot({ path: `${SHOTS}survei-qr.png`, fullPage: true });
    const kiosk = (await page.locator('section.card a').first().getAttribute('href'))!;

    const p = await h.context.newPage();
    await p.setViewportSize({ width: 390, height: 844 });
    await p.goto(link);
    await p.screenshot({ path: `${SHOTS}survei-ponsel.png`, fullPage: true });
    for (const e of IKM_ELEMENTS) await p.click(`input[name=${e.id}][value="3"] + span`);
    await p.fill('#saran', 'Petugas ramah.');
    await p.screenshot({ path: `${SHOTS}survei-diisi.png`, fullPage: true });
    await p.click('form.survey button[type=submit]');
    expect(await p.locator('main h1').textContent()).toBe('Terima kasih');
    await p.screenshot({ path: `${SHOTS}survei-terima-kasih.png`, fullPage: true });

    await p.setViewportSize({ width: 1024, height: 768 });
    await p.goto(kiosk);
    await p.screenshot({ path: `${SHOTS}kios.png`, fullPage: true });
    for (const e of IKM_ELEMENTS) await p.click(`input[name=${e.id}][value="4"] + span`);
    await p.click('form.survey button[type=submit]');
    expect(await p.locator('a.button.primary').textContent()).toContain('pengunjung berikutnya');
    await p.screenshot({ path: `${SHOTS}kios-terima-kasih.png` });
    await p.close();
  });
});
