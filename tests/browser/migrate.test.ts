/**
 * Moving open cases to the version in force, in a real browser: two reports recorded on version 1 of Respon Kasus
 * Anak, version 2 published (the intake asks for a register number, step 7 goes to the Sekretaris), the
 * administrator's dry run, one case moved with the decree's article as its basis, and the move in the case's
 * history. Screenshots (office PC and phone) go to test-results/migrate/.
 */
import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { publishVersion } from '../../server/versions.ts';
import { directIntake } from '../server/helpers.ts';
import { OFFICE_STAFF, officeClock, startHarness, type Harness } from './harness.ts';

const WORKFLOWS = new URL('../../workflows/', import.meta.url).pathname;
const SHOTS = new URL('../../test-results/migrate/', import.meta.url).pathname;
const PASSWORD = 'kata-sandi-admin-123';
const ID = 'respon-kasus-anak';
const STAFF = { 'admin.nur': { roles: ['admin'], name: 'Nur Aisyah' }, ...OFFICE_STAFF };

let files: string[];
let harness: Harness | undefined;

beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true });
  files = (await readdir(WORKFLOWS)).filter((n) => n.endsWith('.yaml')).map((n) => join(WORKFLOWS, n));
});

afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('moving open cases to the version in force', () => {
  it('dry run, move of the case ticked, and the move in its history', async () => {
    const clock = officeClock('2026-11-30T02:30:00Z');
    const h = (harness = await startHarness({ workflowFiles: files, staff: STAFF, password: PASSWORD, now: clock, viewport: { width: 1366, height: 768 } }));
    const url = h.server.url;
    const login = await fetch(`${url}/api/v1/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'fo.sari', password: PASSWORD }) });
    const { token } = (await login.json()) as { token: string };
    const ids: string[] = [];
    for (let i = 0; i < 2; i++) {
      const res = await fetch(`${url}/api/v1/cases`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ workflow: ID, data: directIntake() }) });
      expect(res.status).toBe(201);
      ids.push(((await res.json()) as { id: string }).id);
    }
    const v1 = h.workflows.storedVersion(ID, 1)!.source;
    const v2 = v1
      .replace(/(- id: terima-laporan[\s\S]*?\n {4}fields:\n)/, '$1      - name: nomor_register\n        label: Nomor register\n        type: text\n        required: true\n')
      .replace(/(- id: arahan-kepala-dinas[\s\S]*?role: )kepala_dinas/, '$1sekretaris');
    const published = await publishVersion(h.store, h.workflows, { workflow: ID, source: v2, decree: 'KPTS.800/DISSOSP3A-Set/05', effective: '2027-01-04', by: 'admin.nur', now: clock() });
    expect(published.ok).toBe(true);

    const page = h.page;
    await page.goto(`${url}/login`);
    await page.fill('#username', 'admin.nur');
    await page.fill('#password', PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForURL(/\/(tugas|admin)/);
    await page.goto(`${url}/admin`);
    await page.click(`a[href="/admin/layanan/${ID}/pindah"]`);
    await page.locator('#form-pindah').waitFor();
    expect(await page.locator('.pindah-kasus tbody tr').count()).toBe(2);
    await page.screenshot({ path: `${SHOTS}pc-01-uji-coba.png`, fullPage: true });

    // Only the first case: the other is unticked, the basis written.
    await page.uncheck(`input[name=kasus][value="${ids[1]}"]`);
    await page.fill('#alasan', 'Pasal 5 SK KPTS.800/DISSOSP3A-Set/05');
    await page.click('#tombol-pindah');
    await page.locator('#hasil-pindah').waitFor();
    expect((await page.innerText('#hasil-pindah')).replace(/\s+/g, ' ')).toContain(`1 kasus dipindahkan ke versi 2: ${ids[0]}.`);
    expect(await page.locator('.pindah-kasus tbody tr').count()).toBe(1);
    await page.screenshot({ path: `${SHOTS}pc-02-dipindahkan.png`, fullPage: true });

    // The front office reads the move in the case's history.
    await page.context().clearCookies();
    await page.goto(`${url}/login`);
    await page.fill('#username', 'fo.sari');
    await page.fill('#password', PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForURL(/\/tugas/);
    await page.goto(`${url}/kasus/${ids[0]}`);
    const history = page.locator('li', { hasText: 'Dipindahkan oleh Nur Aisyah' }).last();
    await history.waitFor({ state: 'attached' });
    await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
    expect((await history.innerText()).replace(/\s+/g, ' ')).toContain('dari versi 1 ke versi 2 (SK KPTS.800/DISSOSP3A-Set/05)');
    await history.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}pc-03-riwayat-kasus.png` });

    await page.context().clearCookies();
    await page.goto(`${url}/login`);
    await page.fill('#username', 'admin.nur');
    await page.fill('#password', PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForURL(/\/(tugas|admin)/);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${url}/admin/layanan/${ID}/pindah`);
    await page.locator('#form-pindah').waitFor();
    await page.screenshot({ path: `${SHOTS}hp-01-uji-coba.png`, fullPage: true });
  });
});
