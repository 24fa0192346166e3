/**
 * A shared office PC in a real browser: after a clerk signs out, pressing Back (once or twice) must not bring a
 * child's case back on screen for the next person; the browser asks the server again and gets the sign-in page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { officeClock, startHarness, type Harness } from './harness.ts';

const SEED = new URL('../../workflows/respon-kasus-anak.yaml', import.meta.url).pathname;
const PASSWORD = 'kata-sandi-privasi-123';
const CHILD = 'Qorvexia Anakmarka';

let h: Harness;
let caseId: string;

beforeAll(async () => {
  h = await startHarness({
    workflowFiles: [SEED],
    staff: { 'fo.sari': { roles: ['front_office'], name: 'Sari Wulandari' } },
    password: PASSWORD,
    now: officeClock('2026-11-30T02:30:00Z'),
    viewport: { width: 1280, height: 800 },
  });
  const login = await fetch(`${h.server.url}/api/v1/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'fo.sari', password: PASSWORD }) });
  const { token } = (await login.json()) as { token: string };
  const made = await fetch(`${h.server.url}/api/v1/cases`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({
      workflow: 'respon-kasus-anak',
      data: {
        sumber_laporan: 'masyarakat', saluran: 'langsung', diterima_pada: '2026-11-30T09:00', pelapor_nama: 'Ibu S.W.', pelapor_hubungan: 'tetangga',
        anak_nama: CHILD, anak_jenis_kelamin: 'perempuan', jenis_kasus: ['kekerasan_fisik'], kronologi: 'Tetangga mendengar anak dipukul.', tingkat_risiko: 'tinggi',
      },
    }),
  });
  caseId = ((await made.json()) as { id: string }).id;
}, 60_000);
afterAll(() => h?.close());

describe('after signing out on a shared PC', () => {
  it('Back does not show the case again', async () => {
    const page = h.page;
    await page.goto(`${h.server.url}/login`);
    await page.fill('#username', 'fo.sari');
    await page.fill('#password', PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForURL(/\/tugas$/);
    await page.goto(`${h.server.url}/kasus/${caseId}`);
    expect(await page.content()).toContain(CHILD);
    await page.click('form.who button');
    await page.waitForURL(/\/login$/);

    await page.goBack();
    await page.waitForLoadState('load');
    expect(page.url()).toMatch(/\/login\?next=/);
    expect(await page.content()).not.toContain(CHILD);
    await page.goBack();
    await page.waitForLoadState('load');
    expect(await page.content()).not.toContain(CHILD);
  });
});
