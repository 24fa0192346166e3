/**
 * Assignment and acting officials in a real browser, at a phone's size (390x844, touch) and an office screen
 * (1366x768): the Kepala UPTD PPA gives a Bidang Teknis task to a named officer from the case page; that officer
 * finds it in Tugas saya marked as theirs; the other officer of Bidang Teknis does not get it as theirs to do (not
 * listed, refused with the holder's name); the Kepala UPTD records a Plh. for the officer, and the acting official
 * sees and opens the officer's task during the period. Screenshots in test-results/sop/.
 */
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { officeClock, OFFICE_STAFF, startHarness, type Harness } from './harness.ts';

const SEED = new URL('../../workflows/respon-kasus-anak.yaml', import.meta.url).pathname;
const PASSWORD = 'kata-sandi-penugasan-123';
const SHOTS = new URL('../../test-results/sop/', import.meta.url).pathname;
const PHONE = { width: 390, height: 844 };
const DESK = { width: 1366, height: 768 };
const STAFF = { ...OFFICE_STAFF, 'bt.andi': { roles: ['bidang_teknis'], name: 'Andi Pratama' } };

let h: Harness;
const cases: string[] = [];

async function api(path: string, username: string, body: unknown) {
  const login = await fetch(`${h.server.url}/api/v1/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: PASSWORD }) });
  const { token } = (await login.json()) as { token: string };
  const res = await fetch(`${h.server.url}/api/v1${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(res.status).toBeLessThan(300);
  return (await res.json()) as Record<string, unknown>;
}

/** A case waiting for Bidang Teknis (step 3), reported directly (fictitious initials). */
async function caseAtStep3(): Promise<string> {
  const started = await api('/cases', 'fo.sari', {
    workflow: 'respon-kasus-anak',
    data: { sumber_laporan: 'masyarakat', saluran: 'langsung', diterima_pada: '2026-11-30T09:00', pelapor_nama: 'Ibu S.W.', pelapor_hubungan: 'tetangga', anak_nama: 'R.A.', anak_jenis_kelamin: 'perempuan', anak_perkiraan_usia: 9, jenis_kasus: ['kekerasan_fisik'], kronologi: 'Tetangga mendengar anak dipukul.', tingkat_risiko: 'tinggi' },
  });
  const id = started.id as string;
  await api(`/cases/${id}/steps/periksa-dokumen`, 'fo.sari', { data: { dokumen_lengkap: 'ya' } });
  return id;
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  h = await startHarness({ workflowFiles: [SEED], staff: STAFF, password: PASSWORD, now: officeClock('2026-11-30T02:30:00Z'), viewport: PHONE, hasTouch: true });
  cases.push(await caseAtStep3(), await caseAtStep3());
}, 60_000);
afterAll(() => h?.close());

async function signIn(username: string) {
  const page = h.page;
  await page.goto(`${h.server.url}/login`);
  await page.fill('#username', username);
  await page.fill('#password', PASSWORD);
  await page.click('button[type=submit]');
  await page.waitForURL(/\/tugas$/);
}

async function signOut() {
  await h.page.click('form.who button');
  await h.page.waitForURL(/\/login$/);
}

/** Nothing on the page is wider than the screen. */
async function fits() {
  const { scroll, width } = await h.page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: window.innerWidth }));
  expect(scroll).toBeLessThanOrEqual(width);
}

/** A screenshot at both sizes of the page now open (the phone's first, then the office screen's). */
async function shoot(name: string) {
  await fits();
  await h.page.screenshot({ path: `${SHOTS}${name}-390.png` });
  await h.page.setViewportSize(DESK);
  await h.page.screenshot({ path: `${SHOTS}${name}-1366.png` });
  await h.page.setViewportSize(PHONE);
}

describe('assigning a task to a named officer', () => {
  it('the Kepala UPTD gives the task to Yusuf from the case page', async () => {
    const [id] = cases;
    const page = h.page;
    await signIn('uptd.rahmat');
    await page.goto(`${h.server.url}/kasus/${id}`);
    await page.getByText('Belum dipegang siapa pun').waitFor();
    await page.selectOption('#serahkan-proses-laporan', 'bt.yusuf');
    await page.locator('form.assign').scrollIntoViewIfNeeded();
    await shoot('01-kasus-serahkan');
    await page.tap('form.assign button');
    await page.waitForURL(new RegExp(`/kasus/${id}\\?diserahkan=proses-laporan`));
    expect(await page.locator('.flash').textContent()).toContain('Langkah 3 diserahkan kepada Yusuf Harahap.');
    expect(await page.locator('.open-tasks .holder').textContent()).toContain('Dipegang: Yusuf Harahap');
    // The timeline says who gave it to whom.
    expect(await page.locator('main').textContent()).toContain('ditugaskan kepada Yusuf Harahap');
    await shoot('02-kasus-dipegang');
  });

  it('Yusuf finds it in Tugas saya marked as his; his form says he holds it', async () => {
    const [id] = cases;
    const page = h.page;
    await signOut();
    await signIn('bt.yusuf');
    const row = page.locator('li.task', { hasText: id! });
    expect(await row.locator('.task-holder').textContent()).toBe('Dipegang: Yusuf Harahap');
    await shoot('03-tugas-dipegang-petugas');
    await row.locator('a').tap();
    await page.waitForURL(new RegExp(`/tugas/${id}/proses-laporan`));
    expect(await page.locator('.holder').textContent()).toContain('Dipegang: Yusuf Harahap (Anda)');
    expect(await page.locator('.holder button').textContent()).toBe('Lepaskan');
    // The form's top is still in the phone's first screen.
    const top = await page.locator('h2.form-title').boundingBox();
    expect(top!.y).toBeLessThan(PHONE.height);
    await shoot('04-tugas-form-dipegang');
  });

  it('Andi, of the same role, does not get it as his: not listed, refused with the holder named', async () => {
    const [id, other] = cases;
    const page = h.page;
    await signOut();
    await signIn('bt.andi');
    expect(await page.locator('li.task', { hasText: id! }).count()).toBe(0);
    // The unheld one is his to take or do.
    expect(await page.locator('li.task', { hasText: other! }).count()).toBe(1);
    await shoot('05-tugas-petugas-lain');
    await page.goto(`${h.server.url}/tugas/${id}/proses-laporan`);
    expect(await page.locator('main').textContent()).toContain('sedang dipegang Yusuf Harahap');
    // The task nobody holds: its form as before; the case page offers to take it.
    await page.goto(`${h.server.url}/tugas/${other}/proses-laporan`);
    expect(await page.locator('.holder').count()).toBe(0);
    await page.goto(`${h.server.url}/kasus/${other}`);
    expect(await page.locator('.holder button').textContent()).toBe('Ambil tugas ini');
    await page.locator('.holder button').tap();
    await page.waitForURL(new RegExp(`/tugas/${other}/proses-laporan\\?diambil=1`));
    expect(await page.locator('.flash').textContent()).toContain('Tugas ini sekarang Anda pegang');
    await shoot('05b-tugas-diambil');
  });
});

describe('an acting official for the period', () => {
  it('the Kepala UPTD records Dewi as Plh. for Yusuf; Dewi sees and opens his task', async () => {
    const [id] = cases;
    const page = h.page;
    await signOut();
    await signIn('uptd.rahmat');
    // On a phone the menu has no room for it: it is on Akun saya.
    expect(await page.locator('header.site nav a[href="/delegasi"]').isVisible()).toBe(false);
    await page.goto(`${h.server.url}/akun`);
    await page.locator('main a[href="/delegasi"]').tap();
    await page.waitForURL(/\/delegasi$/);
    await page.selectOption('#pejabat', 'bt.yusuf');
    await page.selectOption('#pelaksana', 'bo.dewi');
    await page.check('input[name=jenis][value=plh]');
    await page.check('input[name=peran][value=bidang_teknis]');
    await page.fill('#mulai', '2026-11-30');
    await page.fill('#sampai', '2026-12-04');
    await page.fill('#dasar', 'Surat Perintah Kepala UPTD PPA No. 12/2026');
    await page.tap('#tombol-pelimpahan');
    await page.waitForURL(/\/delegasi\?dicatat=1/);
    await page.setViewportSize(DESK);
    expect(await page.locator('header.site nav a[href="/delegasi"]').isVisible()).toBe(true);
    await page.setViewportSize(PHONE);
    await shoot('06-delegasi-tercatat');

    await signOut();
    await signIn('bo.dewi');
    const row = page.locator('li.task', { hasText: id! });
    expect(await row.locator('.task-holder').textContent()).toBe('Dipegang: Yusuf Harahap (Anda mewakilinya)');
    await shoot('07-tugas-plh');
    await row.locator('a').tap();
    await page.waitForURL(new RegExp(`/tugas/${id}/proses-laporan`));
    expect(await page.locator('h1').textContent()).toContain('Langkah 3');
    expect(await page.locator('.holder').textContent()).toContain('Dipegang: Yusuf Harahap · Anda mengerjakannya sebagai Plh. Yusuf Harahap');
    await page.fill('#f-hasil_asesmen', 'Luka memar di lengan; anak takut pulang.');
    await page.check('input[name=kebutuhan_layanan][value=layanan_kesehatan]');
    await shoot('08-tugas-plh-form');
    await page.locator('button[type=submit].primary').tap();
    await page.waitForURL(/selesai=/);
    const c = await h.store.cases.get(id!);
    expect(c!.history.find((e) => e.type === 'completed' && e.step === 'proses-laporan')).toMatchObject({ actor: 'bo.dewi', onBehalfOf: 'bt.yusuf' });
  });
});
