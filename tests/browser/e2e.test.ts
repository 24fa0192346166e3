/**
 * End to end in a real browser (Debian's chromium through playwright-core), server in-process on loopback:
 * a direct report from intake to the Kepala Dinas's direction, and an indirect report through the Kepala
 * UPTD PPA's validation, each task done by a user of the right role signing in. Screenshots of each screen
 * (desktop, and phone size for the screens staff use on the road) go to test-results/e2e/.
 */
import { mkdir } from 'node:fs/promises';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Listening } from '../../server/http.ts';
import type { Store } from '../../server/store/index.ts';
import { OFFICE_STAFF, officeClock, startHarness, type Harness } from './harness.ts';

const SEED = new URL('../../workflows/respon-kasus-anak.yaml', import.meta.url).pathname;
const SHOTS = new URL('../../test-results/e2e/', import.meta.url).pathname;
const PASSWORD = 'kata-sandi-e2e-123';
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

const STAFF = OFFICE_STAFF;

/** The office clock: Monday 30 November 2026, 09:30 WIB when the test starts, then running normally. */
const officeNow = officeClock('2026-11-30T02:30:00Z');

let harness: Harness;
let store: Store;
let server: Listening;
let context: BrowserContext;
let page: Page;
let shot = 0;

/** Desktop: the whole page. Phone: what the first screen shows (a phone user sees one screen at a time). */
async function screenshot(name: string, options: { phone?: boolean; at?: string } = {}): Promise<void> {
  shot += 1;
  const file = `${SHOTS}${String(shot).padStart(2, '0')}-${name}${options.phone ? '-hp' : ''}.png`;
  if (options.phone) {
    await page.setViewportSize(PHONE);
    if (options.at) await page.locator(options.at).first().scrollIntoViewIfNeeded();
    else await page.evaluate('window.scrollTo(0, 0)');
  }
  await page.screenshot({ path: file, fullPage: !options.phone });
  if (options.phone) await page.setViewportSize(DESKTOP);
}

async function signIn(username: string): Promise<void> {
  await page.goto(`${server.url}/login`);
  await page.fill('#username', username);
  await page.fill('#password', PASSWORD);
  await page.click('button[type=submit]');
  await page.waitForURL(/\/tugas$/);
}

async function signOut(): Promise<void> {
  await page.click('form.who button');
  await page.waitForURL(/\/login$/);
}

/** From the inbox, opens the task of `caseId` (the link shows its step title). */
async function openTask(caseId: string, stepTitle: string): Promise<void> {
  const link = page.locator('a.task-link', { hasText: caseId });
  expect(await link.locator('.task-title').innerText()).toContain(stepTitle);
  await link.click();
  await page.waitForURL(new RegExp(`/tugas/${caseId}/`));
}

async function submitTask(caseId: string): Promise<void> {
  await page.click('#formulir button[type=submit]');
  await page.waitForURL(new RegExp(`/kasus/${caseId}\\?selesai=`));
  expect(await textOf('.flash-ok')).toContain('selesai dan tercatat');
}

function caseIdFromUrl(): string {
  return /\/kasus\/([A-Z0-9-]+)/.exec(page.url())![1]!;
}

/** The visible text of the first element matching `selector`, whitespace collapsed. */
async function textOf(selector: string): Promise<string> {
  return (await page.locator(selector).first().innerText()).replace(/\s+/g, ' ');
}

beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true });
  harness = await startHarness({ workflowFiles: [SEED], staff: STAFF, password: PASSWORD, now: officeNow, viewport: DESKTOP });
  ({ store, server, context, page } = harness);
}, 60_000);

afterAll(async () => {
  await harness?.close();
});

describe('a clerk and the officials work two reports in the browser', () => {
  it('direct report: intake with a correction, documents pending, steps 3-7 by their roles, printable Respon Kasus', async () => {
    await page.goto(`${server.url}/layanan/respon-kasus-anak`);
    await screenshot('layanan-publik');
    await page.goto(`${server.url}/login`);
    await screenshot('masuk');
    await signIn('fo.sari');
    await screenshot('tugas-kosong');

    // Intake: the front office records a report that came in person.
    await page.click('text=Catat laporan baru');
    await page.click('a[href="/lapor/respon-kasus-anak"]');
    await page.selectOption('#f-sumber_laporan', 'masyarakat');
    await page.check('input[name=saluran][value=langsung]');
    await page.locator('#f-media_pelaporan-box').waitFor({ state: 'hidden' });
    await page.fill('#f-diterima_pada', '2026-11-30T09:15');
    await page.fill('#f-pelapor_nama', 'Ibu S.W.');
    await page.fill('#f-pelapor_telepon', '0812 3456 7890');
    await page.selectOption('#f-pelapor_hubungan', 'tetangga');
    await page.check('input[name=anak_jenis_kelamin][value=perempuan]');
    await page.fill('#f-anak_perkiraan_usia', '9');
    await page.check('input[name=jenis_kasus][value=kekerasan_fisik]');
    await page.fill('#f-kronologi', 'Tetangga mendengar anak dipukul berulang kali di rumah.');
    await page.check('input[name=tingkat_risiko][value=tinggi]');
    await page.check('input[name=dokumen_diterima][value=laporan-masyarakat]');
    await screenshot('laporan-baru', { phone: true });
    // Forgot the child's name: the form comes back (htmx, 422) with the error beside the field.
    await page.click('#formulir button[type=submit]');
    await page.locator('#f-anak_nama-error').waitFor();
    expect(await page.locator('#f-anak_nama-error').innerText()).toBe('Wajib diisi.');
    expect(await textOf('#kesalahan')).toContain('Nama atau inisial anak: Wajib diisi.');
    expect(await page.inputValue('#f-pelapor_nama')).toBe('Ibu S.W.');
    await screenshot('laporan-baru-salah');
    await screenshot('laporan-baru-salah', { phone: true, at: '#f-anak_nama-box' });
    await page.fill('#f-anak_nama', 'R.A.');
    await page.click('#formulir button[type=submit]');
    await page.waitForURL(/\/kasus\/RKA-\d{8}-[0-9A-Z]{5}\?baru=1$/);
    const id = caseIdFromUrl();
    expect(await textOf('.flash-ok')).toContain(`Laporan tersimpan dengan nomor kasus ${id}`);
    await screenshot('kasus-baru');

    // Step 2: documents incomplete, the case goes on while the 3x24h clock runs.
    await page.click('text=Kerjakan langkah 2');
    await page.check('input[name=dokumen_lengkap][value=tidak]');
    await page.locator('#f-dokumen_kurang').waitFor({ state: 'visible' });
    await page.fill('#f-dokumen_kurang', 'Fotokopi KK');
    await screenshot('langkah-2', { phone: true });
    await submitTask(id);
    expect(await textOf('section.now')).toContain('Langkah 3: Menerima berkas dan memproses laporan');
    await page.click('text=Dokumen susulan sudah diterima');
    await page.waitForURL(new RegExp(`/kasus/${id}\\?tenggat=dokumen-susulan`));
    expect(await textOf('.flash-ok')).toContain('terpenuhi');
    await screenshot('kasus-dokumen-susulan');
    await signOut();

    // Step 3: Bidang Teknis.
    await signIn('bt.yusuf');
    await screenshot('tugas-bidang-teknis', { phone: true });
    await openTask(id, 'Menerima berkas dan memproses laporan');
    await page.fill('#f-hasil_asesmen', 'Memar di lengan kiri; anak takut pulang.');
    await page.check('input[name=kebutuhan_layanan][value=layanan_kesehatan]');
    await page.check('input[name=kebutuhan_layanan][value=pendampingan_psikologis]');
    await page.fill('#f-petugas_pendamping', 'Yusuf');
    await screenshot('langkah-3');
    await submitTask(id);
    await signOut();

    // Step 4: Back office.
    await signIn('bo.dewi');
    await openTask(id, 'Menyusun rencana respon kasus');
    await page.fill('#f-rencana_respon', 'Visum di RSUD hari ini, lalu konseling tiga kali seminggu.');
    await submitTask(id);
    await signOut();

    // Step 5: Kepala UPTD PPA.
    await signIn('uptd.rahmat');
    await openTask(id, 'Merespon kasus');
    await page.fill('#f-respon_kasus', 'Setuju; koordinasi dengan Polsek untuk laporan polisi.');
    await submitTask(id);
    await signOut();

    // Step 6: Sekretaris sees no identity of the child.
    await signIn('sek.lina');
    await openTask(id, 'Memverifikasi hasil respon kasus');
    expect(await textOf('.case-so-far')).toContain('disembunyikan');
    expect(await page.content()).not.toContain('Tetangga mendengar');
    await page.check('input[name=hasil_verifikasi][value=sesuai]');
    await screenshot('langkah-6-sekretaris');
    await submitTask(id);
    await signOut();

    // Step 7: Kepala Dinas gives the direction; the case closes with the product.
    await signIn('kadis.hadi');
    await openTask(id, 'Memberikan arahan layanan');
    await page.fill('#f-arahan', 'Bidang Teknis dampingi anak ke RSUD dan pastikan rumah aman tersedia.');
    await screenshot('langkah-7-kepala-dinas', { phone: true });
    await submitTask(id);
    expect(await textOf('section.now')).toContain('Respon kasus diterbitkan dan tindak lanjut diperintahkan');
    expect(await textOf('ol.timeline')).toContain('Langkah berikutnya ditentukan');
    await screenshot('kasus-selesai');
    await screenshot('kasus-selesai', { phone: true });
    await page.click('text=Surat Respon Kasus (cetak / PDF)');
    await page.waitForURL(new RegExp(`/kasus/${id}/dokumen$`));
    expect(await textOf('h1')).toBe('RESPON KASUS');
    await page.emulateMedia({ media: 'print' });
    await screenshot('dokumen-respon-kasus-cetak');
    await page.emulateMedia({ media: 'screen' });
    await signOut();

    const stored = await store.cases.get(id);
    expect(stored).toMatchObject({ status: 'closed', outcome: 'ditindaklanjuti' });
    expect(stored!.history.filter((h) => h.type === 'completed').map((h) => (h as { actor: string }).actor)).toEqual([
      'fo.sari',
      'fo.sari',
      'bt.yusuf',
      'bo.dewi',
      'uptd.rahmat',
      'sek.lina',
      'kadis.hadi',
    ]);
  }, 180_000);

  it('indirect report: the Kepala UPTD PPA validates it, then reports to the Sekretaris and the Kepala Dinas orders follow-up', async () => {
    await signIn('fo.sari');
    await page.goto(`${server.url}/lapor/respon-kasus-anak`);
    await page.selectOption('#f-sumber_laporan', 'media');
    await page.check('input[name=saluran][value=tidak_langsung]');
    // The field that only applies to indirect reports appears (htmx re-renders the fields).
    await page.locator('#f-media_pelaporan').waitFor({ state: 'visible' });
    await page.selectOption('#f-media_pelaporan', 'media_sosial');
    await page.fill('#f-diterima_pada', '2026-11-30T10:40');
    await page.fill('#f-pelapor_nama', 'Akun M.');
    await page.selectOption('#f-pelapor_hubungan', 'lainnya');
    await page.fill('#f-anak_nama', 'D.P.');
    await page.check('input[name=anak_jenis_kelamin][value=laki_laki]');
    await page.check('input[name=jenis_kasus][value=perundungan]');
    await page.fill('#f-kronologi', 'Video perundungan seorang siswa SD beredar di media sosial.');
    await page.check('input[name=tingkat_risiko][value=sedang]');
    await page.click('#formulir button[type=submit]');
    await page.waitForURL(/\/kasus\/RKA-.*\?baru=1$/);
    const id = caseIdFromUrl();
    await page.click('text=Kerjakan langkah 2');
    await page.check('input[name=dokumen_lengkap][value=ya]');
    await submitTask(id);
    expect(await textOf('section.now')).toContain('Langkah 8: Memvalidasi keabsahan laporan');
    expect(await textOf('ol.timeline')).toContain('Saluran laporan: Tidak langsung');
    await screenshot('kasus-tidak-langsung');
    await signOut();

    await signIn('uptd.rahmat');
    await screenshot('tugas-kepala-uptd');
    await openTask(id, 'Memvalidasi keabsahan laporan');
    await page.check('input[name=laporan_sah][value=ya]');
    await page.fill('#f-catatan_validasi', 'Dikonfirmasi ke kepala sekolah: kejadian benar.');
    await screenshot('langkah-8-validasi', { phone: true });
    await submitTask(id);
    await page.click('text=Kerjakan langkah 9');
    await page.fill('#f-rencana_tindak_lanjut', 'Kunjungan ke sekolah dan keluarga besok pagi.');
    await submitTask(id);
    await signOut();

    await signIn('sek.lina');
    await openTask(id, 'Merekomendasikan rencana tindak lanjut');
    await page.fill('#f-rekomendasi', 'Setuju; libatkan guru BK.');
    await submitTask(id);
    await signOut();

    await signIn('kadis.hadi');
    await openTask(id, 'Memerintahkan tindak lanjut');
    await page.fill('#f-perintah', 'Laksanakan kunjungan dan laporkan hasilnya.');
    await submitTask(id);
    expect(await textOf('section.now')).toContain('Kasus selesai');
    await page.goto(`${server.url}/kasus`);
    await screenshot('daftar-kasus');
    await screenshot('daftar-kasus', { phone: true });
    await signOut();

    const stored = await store.cases.get(id);
    expect(stored).toMatchObject({ status: 'closed', outcome: 'ditindaklanjuti' });
    expect(stored!.history.filter((h) => h.type === 'completed').map((h) => (h as { step: string }).step)).toEqual([
      'terima-laporan',
      'periksa-dokumen',
      'validasi-laporan',
      'laporan-tindak-lanjut',
      'rekomendasi-sekretaris',
      'perintah-tindak-lanjut',
    ]);
  }, 180_000);
});
