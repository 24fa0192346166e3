/**
 * A repeating group in a real browser (Rekomendasi Bantuan Sosial, step 3.1: the family members of a home visit), at
 * a phone's size (390x844, touch). Without JavaScript: rows added and removed by the form's own buttons (the page
 * comes back with one row more or fewer, nothing saved, every value kept); a row with a bad NIK and one missing its
 * relation are refused with the message beside that row's field; once saved, the case page lists the rows, a role
 * that may not see identities reads their names and NIKs as "disembunyikan" while the Kepala Bidang reads them.
 * With JavaScript: rows added in place without a reload, up to the YAML's `max` (15), and the server refuses a 16th.
 * Screenshots in test-results/sop2/.
 */
import { mkdirSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, officeClock, startHarness, type Harness } from './harness.ts';

const WORKFLOW = new URL('../../workflows/rekomendasi-bantuan-sosial.yaml', import.meta.url).pathname;
const PASSWORD = 'kata-sandi-keluarga-123';
const SHOTS = new URL('../../test-results/sop2/', import.meta.url).pathname;
const PHONE = { width: 390, height: 844 };
const STAFF = {
  'fo.sari': { roles: ['front_office'], name: 'Sari Wulandari' },
  'lj.eko': { roles: ['bidang_linjamsos'], name: 'Eko Prasetyo' },
  'ps.maya': { roles: ['pekerja_sosial'], name: 'Maya Puspita' },
  'kabid.agus': { roles: ['kepala_bidang'], name: 'Agus Salim' },
};
/** The shipped service lets every staff role see identities; here the Bidang's data checker does not. */
const SENSITIVE = 'sensitive: [front_office, bidang_linjamsos, pekerja_sosial, kepala_bidang, kepala_dinas]';

let h: Harness;
let noJs: BrowserContext;
let variantDir = '';
const cases: string[] = [];

async function apiPost(path: string, username: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const login = await fetch(`${h.server.url}/api/v1/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: PASSWORD }) });
  const { token } = (await login.json()) as { token: string };
  const res = await fetch(`${h.server.url}/api/v1${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

async function api(path: string, username: string, body: unknown) {
  const { status, json } = await apiPost(path, username, body);
  expect(status, JSON.stringify(json)).toBeLessThan(300);
  return json;
}

/** A request recorded, checked and found not yet in the welfare data: waiting for the home visit (step 3.1). */
async function caseAtHomeVisit(): Promise<string> {
  const started = await api('/cases', 'fo.sari', {
    workflow: 'rekomendasi-bantuan-sosial',
    data: { pemohon_nama: 'Pemohon Rekaan', pemohon_nik: '1406010101800001', pemohon_alamat: 'Jalan Rekaan 1', desa_kecamatan: 'Desa Rambah Tengah Utara, Kecamatan Rambah', penerima: 'diri_sendiri', keperluan: 'pbi_jk' },
  });
  const id = started.id as string;
  await api(`/cases/${id}/steps/periksa-berkas`, 'fo.sari', { data: { berkas_lengkap: 'ya' } });
  await api(`/cases/${id}/steps/verifikasi-data`, 'lj.eko', { data: { status_data: 'belum_terdata' } });
  return id;
}

async function signIn(p: Page, username: string) {
  await p.context().clearCookies();
  await p.goto(`${h.server.url}/login`);
  await p.fill('#username', username);
  await p.fill('#password', PASSWORD);
  await p.click('button[type=submit]');
  await p.waitForURL(/\/tugas$/);
}

/** Nothing wider than the phone; a full-page screenshot and one of the screen with `focus` in view. */
async function shoot(p: Page, name: string, focus: string) {
  await p.screenshot({ path: `${SHOTS}kelompok-${name}-390.png`, fullPage: true });
  await p.locator(focus).first().scrollIntoViewIfNeeded();
  await p.screenshot({ path: `${SHOTS}kelompok-${name}-390-layar.png` });
  const { scroll, width } = await p.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: window.innerWidth }));
  expect(scroll, `${name} is wider than the phone`).toBeLessThanOrEqual(width);
}

/** Without JavaScript a button posts the form and a new page loads. */
async function press(p: Page, button: Locator) {
  const loaded = p.waitForEvent('load');
  await button.tap();
  await loaded;
}

const row = (p: Page, i: number) => p.locator('ol.group-rows > li.group-row').nth(i);
const cell = (i: number, name: string) => `#f-anggota_keluarga-${i}-${name}`;
const clean = (s: string | null) => (s ?? '').replace(/\s+/g, ' ').trim();

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  const original = await readFile(WORKFLOW, 'utf8');
  expect(original).toContain(SENSITIVE);
  variantDir = await mkdtemp(join(tmpdir(), 'alur-kelompok-'));
  const variant = join(variantDir, 'rekomendasi-bantuan-sosial.yaml');
  await writeFile(variant, original.replace(SENSITIVE, 'sensitive: [front_office, pekerja_sosial, kepala_bidang, kepala_dinas]'));
  h = await startHarness({ workflowFiles: [variant], staff: STAFF, password: PASSWORD, now: officeClock('2026-11-30T02:30:00Z'), viewport: PHONE, hasTouch: true });
  noJs = await launchBrowser(join(h.dir, 'profile-tanpa-js'), PHONE, { javaScriptEnabled: false, hasTouch: true });
  cases.push(await caseAtHomeVisit(), await caseAtHomeVisit());
}, 60_000);
afterAll(async () => {
  await noJs?.close();
  await h?.close();
  if (variantDir) await rm(variantDir, { recursive: true, force: true });
});

describe('family members without JavaScript', () => {
  it('the social worker adds and removes rows with the form\'s buttons; every value is kept', async () => {
    const [id] = cases;
    const p = noJs.pages()[0] ?? (await noJs.newPage());
    await signIn(p, 'ps.maya');
    await p.locator('a.task-link', { hasText: id! }).tap();
    await p.waitForURL(new RegExp(`/tugas/${id}/verifikasi-lapangan$`));
    // A required group opens with one empty row.
    expect(await p.locator('li.group-row').count()).toBe(1);
    expect(clean(await p.locator('#f-anggota_keluarga-box > legend').textContent())).toBe('Anggota keluarga *');
    await p.fill('#f-tanggal_kunjungan', '2026-11-30');
    await p.fill(cell(0, 'nama'), 'Budi Rekaan');
    await p.fill(cell(0, 'nik'), '1406010101800001');
    await p.selectOption(cell(0, 'hubungan'), 'kepala_keluarga');
    await p.fill(cell(0, 'pekerjaan'), 'Buruh tani');
    await p.fill(cell(0, 'penghasilan'), '1500000');
    await p.fill('#f-kondisi_keluarga', 'Rumah papan satu kamar, atap bocor.');
    await p.check('input[name=kesimpulan_lapangan][value=layak]');
    await shoot(p, '01-satu-baris', '#f-anggota_keluarga-box');

    await press(p, p.locator('button.row-add'));
    expect(await p.locator('li.group-row').count()).toBe(2);
    expect(clean(await row(p, 1).locator('legend').first().textContent())).toBe('Anggota keluarga 2');
    // Nothing saved, nothing lost.
    expect(await p.inputValue(cell(0, 'nama'))).toBe('Budi Rekaan');
    expect(await p.inputValue(cell(0, 'hubungan'))).toBe('kepala_keluarga');
    expect(await p.inputValue('#f-kondisi_keluarga')).toBe('Rumah papan satu kamar, atap bocor.');
    expect(await p.isChecked('input[name=kesimpulan_lapangan][value=layak]')).toBe(true);
    expect(await p.locator('#kesalahan').count()).toBe(0);
    expect((await h.store.cases.get(id!))!.current).toBe('verifikasi-lapangan');

    // Row 2 with a NIK one digit short; row 3 without its relation; row 4 written by mistake.
    await p.fill(cell(1, 'nama'), 'Siti Rekaan');
    await p.fill(cell(1, 'nik'), '140601410185000');
    await p.selectOption(cell(1, 'hubungan'), 'istri_suami');
    await p.fill(cell(1, 'penghasilan'), '500000');
    await press(p, p.locator('button.row-add'));
    await p.fill(cell(2, 'nama'), 'Andi Rekaan');
    await press(p, p.locator('button.row-add'));
    await p.fill(cell(3, 'nama'), 'Salah Tulis');
    await p.selectOption(cell(3, 'hubungan'), 'lainnya');
    expect(await p.locator('li.group-row').count()).toBe(4);
    await shoot(p, '02-empat-baris', 'button.row-add');

    await press(p, row(p, 3).locator('button.row-remove'));
    expect(await p.locator('li.group-row').count()).toBe(3);
    expect(await p.locator(cell(3, 'nama')).count()).toBe(0);
    expect([await p.inputValue(cell(0, 'nama')), await p.inputValue(cell(1, 'nama')), await p.inputValue(cell(2, 'nama'))]).toEqual(['Budi Rekaan', 'Siti Rekaan', 'Andi Rekaan']);
    expect(await p.inputValue(cell(1, 'nik'))).toBe('140601410185000');
    expect(clean(await p.textContent('main'))).not.toContain('Salah Tulis');
  });

  it('a bad row is refused with the message beside its field, the other values kept; fixed, it is saved', async () => {
    const [id] = cases;
    const p = noJs.pages()[0]!;
    const refused = p.waitForResponse((r) => r.request().method() === 'POST');
    await press(p, p.locator('#formulir button[type=submit].primary'));
    expect((await refused).status()).toBe(422);
    expect(clean(await p.textContent('#kesalahan'))).toContain('Anggota keluarga 2: NIK');
    expect(clean(await p.textContent('#kesalahan'))).toContain('Anggota keluarga 3: Hubungan dalam keluarga');
    // Each message sits in its own row, beside its field.
    expect(clean(await row(p, 1).locator(`${cell(1, 'nik')}-error`).textContent())).toBe('NIK terdiri dari 16 angka.');
    expect(clean(await row(p, 2).locator(`${cell(2, 'hubungan')}-error`).textContent())).toBe('Wajib diisi.');
    expect(await row(p, 0).locator('p.error').count()).toBe(0);
    expect(await p.getAttribute(cell(1, 'nik'), 'aria-invalid')).toBe('true');
    expect(await p.inputValue(cell(1, 'nik'))).toBe('140601410185000');
    expect(await p.inputValue(cell(0, 'penghasilan'))).toBe('1500000');
    expect(await p.inputValue(cell(2, 'nama'))).toBe('Andi Rekaan');
    expect(await p.inputValue('#f-kondisi_keluarga')).toBe('Rumah papan satu kamar, atap bocor.');
    await shoot(p, '03-baris-salah', `${cell(1, 'nik')}-error`);

    await p.fill(cell(1, 'nik'), '1406014101850002');
    await p.selectOption(cell(2, 'hubungan'), 'anak');
    await p.locator('#formulir button[type=submit].primary').tap();
    await p.waitForURL(new RegExp(`/kasus/${id}\\?selesai=verifikasi-lapangan`));
    const rows = (await p.locator('ol.data-rows > li').allInnerTexts()).map(clean);
    expect(rows).toHaveLength(3);
    expect(rows[0]).toContain('Nama: Budi Rekaan');
    expect(rows[0]).toContain('NIK: 1406010101800001');
    expect(rows[0]).toContain('Hubungan dalam keluarga: Kepala keluarga');
    expect(rows[1]).toContain('NIK: 1406014101850002');
    expect(rows[2]).toContain('Nama: Andi Rekaan');
    expect(rows[2]).toContain('Hubungan dalam keluarga: Anak');
    // The counts computed from the rows.
    const stored = (await h.store.cases.get(id!))!.data;
    expect(stored.jumlah_tanggungan).toBe(3);
    expect(stored.penghasilan_bulanan).toBe(2_000_000);
    await shoot(p, '04-kasus-tersimpan', 'ol.data-rows');
  });

  it('the Bidang\'s data checker reads names and NIKs as "disembunyikan"; the Kepala Bidang reads them', async () => {
    const [id] = cases;
    const p = noJs.pages()[0]!;
    await signIn(p, 'lj.eko');
    await p.goto(`${h.server.url}/kasus/${id}`);
    const rows = (await p.locator('ol.data-rows > li').allInnerTexts()).map(clean);
    expect(rows).toHaveLength(3);
    expect(rows[0]).toContain('Nama: disembunyikan');
    expect(rows[0]).toContain('NIK: disembunyikan');
    // What is no identity stays readable: the relation, the work, the income.
    expect(rows[0]).toContain('Hubungan dalam keluarga: Kepala keluarga');
    expect(rows[0]).toContain('Pekerjaan: Buruh tani');
    // Two rows with a NIK, three with a name (the child's NIK was left empty).
    expect(await p.locator('ol.data-rows span.masked').count()).toBe(5);
    const main = clean(await p.textContent('main'));
    for (const secret of ['Pemohon Rekaan', 'Budi Rekaan', 'Siti Rekaan', 'Andi Rekaan', '1406010101800001', '1406014101850002']) expect(main).not.toContain(secret);
    expect(clean(await p.textContent('.case-data p.note'))).toContain('disembunyikan untuk peran Anda');
    await shoot(p, '05-kasus-disembunyikan', 'ol.data-rows');

    await signIn(p, 'kabid.agus');
    await p.goto(`${h.server.url}/kasus/${id}`);
    const seen = (await p.locator('ol.data-rows > li').allInnerTexts()).map(clean);
    expect(seen[0]).toContain('Nama: Budi Rekaan');
    expect(seen[1]).toContain('NIK: 1406014101850002');
    expect(await p.locator('ol.data-rows span.masked').count()).toBe(0);
    await shoot(p, '06-kasus-kepala-bidang', 'ol.data-rows');
  });
});

describe('family members with JavaScript', () => {
  it('rows are added in place without a reload, up to 15; a 16th is refused by the server', async () => {
    const [, id] = cases;
    const p = h.page;
    await signIn(p, 'ps.maya');
    await p.goto(`${h.server.url}/tugas/${id}/verifikasi-lapangan`);
    await p.fill(cell(0, 'nama'), 'Budi Rekaan');
    await p.selectOption(cell(0, 'hubungan'), 'kepala_keluarga');
    // A mark on this document: a reload would lose it.
    await p.evaluate(() => ((window as unknown as { samePage: boolean }).samePage = true));
    // And no page loads.
    let loads = 0;
    p.on('load', () => (loads += 1));
    await p.locator('button.row-add').tap();
    await row(p, 1).waitFor();
    expect(await p.evaluate(() => (window as unknown as { samePage?: boolean }).samePage)).toBe(true);
    expect(loads).toBe(0);
    expect(await p.inputValue(cell(0, 'nama'))).toBe('Budi Rekaan');
    await shoot(p, '07-js-baris-kedua', 'li.group-row:nth-child(2)');

    for (let n = 3; n <= 15; n++) {
      await p.locator('button.row-add').tap();
      await row(p, n - 1).waitFor();
    }
    expect(await p.locator('li.group-row').count()).toBe(15);
    expect(await p.locator('button.row-add').isDisabled()).toBe(true);
    expect(clean(await p.textContent('#f-anggota_keluarga-box'))).toContain('Jumlah baris sudah paling banyak.');
    expect(loads).toBe(0);
    await shoot(p, '08-js-lima-belas-baris', 'button.row-add');

    // Removing one gives the button back.
    await p.locator('button.row-remove').last().tap();
    await p.waitForFunction(() => document.querySelectorAll('li.group-row').length === 14);
    expect(await p.locator('button.row-add').isDisabled()).toBe(false);
    expect(await p.evaluate(() => (window as unknown as { samePage?: boolean }).samePage)).toBe(true);

    // The screens offer no 16th row; the server refuses one sent anyway.
    const members = Array.from({ length: 16 }, (_, i) => ({ nama: `Anggota Rekaan ${i + 1}`, hubungan: i ? 'anak' : 'kepala_keluarga' }));
    const over = await apiPost(`/cases/${id}/steps/verifikasi-lapangan`, 'ps.maya', {
      data: { tanggal_kunjungan: '2026-11-30', anggota_keluarga: members, kondisi_keluarga: 'Rumah papan.', kesimpulan_lapangan: 'layak' },
    });
    expect(over.status).toBe(422);
    expect((over.json.fields as Record<string, string>).anggota_keluarga).toBe('Paling banyak 15 baris (sekarang 16).');
    expect((await h.store.cases.get(id!))!.current).toBe('verifikasi-lapangan');
  });
});
