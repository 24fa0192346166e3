/**
 * The letter in the browser: the Kepala Dinas opens the Respon Kasus of a closed case (office screen, print and
 * phone), downloads the PDF, revokes the letter with a reason; a hospital clerk, not signed in, checks it on a
 * phone at /verifikasi/CODE before and after; the administrator sets a NIP and jabatan on the users page.
 * Screenshots go to test-results/letters/.
 */
import { mkdir } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDeps } from '../../server/usecases/deps.ts';
import { completeCaseStep, startNewCase } from '../../server/usecases/casework.ts';
import { letterOfCase } from '../../server/usecases/letters.ts';
import { OFFICE_STAFF, officeClock, startHarness, type Harness } from './harness.ts';

const SEED = new URL('../../workflows/respon-kasus-anak.yaml', import.meta.url).pathname;
const SHOTS = new URL('../../test-results/letters/', import.meta.url).pathname;
const PASSWORD = 'kata-sandi-surat-123';
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

let h: Harness;
let page: Page;
let caseId: string;

async function shot(name: string, phone = false): Promise<void> {
  await page.setViewportSize(phone ? PHONE : DESKTOP);
  await page.screenshot({ path: `${SHOTS}${name}${phone ? '-hp' : ''}.png`, fullPage: true });
}

async function signIn(username: string): Promise<void> {
  await page.goto(`${h.server.url}/login`);
  await page.fill('#username', username);
  await page.fill('#password', PASSWORD);
  await page.click('button[type=submit]');
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}

async function signOut(): Promise<void> {
  await page.click('form.who button');
  await page.waitForURL(/\/login$/);
}

beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true });
  h = await startHarness({
    workflowFiles: [SEED],
    staff: { ...OFFICE_STAFF, admin: { roles: ['admin'], name: 'Administrator' } },
    password: PASSWORD,
    now: officeClock('2026-12-02T02:00:00Z'),
    viewport: DESKTOP,
  });
  page = h.page;
  // The case itself is recorded through the same use cases the pages call.
  const deps = { store: h.store, workflows: h.workflows, now: () => new Date() } as unknown as AppDeps;
  const who = (username: string) => ({ username, roles: OFFICE_STAFF[username]!.roles });
  const started = await startNewCase(
    deps,
    'respon-kasus-anak',
    {
      sumber_laporan: 'kepolisian',
      saluran: 'langsung',
      diterima_pada: '2026-12-02T09:00',
      pelapor_nama: 'Bripka Anton',
      pelapor_hubungan: 'kepolisian',
      anak_nama: 'Nadia Putri',
      anak_jenis_kelamin: 'perempuan',
      anak_perkiraan_usia: 12,
      jenis_kasus: ['kekerasan_seksual'],
      kronologi: 'Anak melapor ke Polsek didampingi ibunya.',
      tingkat_risiko: 'darurat',
    },
    who('fo.sari'),
  );
  if (!started.ok) throw new Error(started.error);
  caseId = started.value.id;
  const steps: Array<[string, string, Record<string, unknown>]> = [
    ['fo.sari', 'periksa-dokumen', { dokumen_lengkap: 'ya' }],
    ['bt.yusuf', 'proses-laporan', { hasil_asesmen: 'Trauma berat.', kebutuhan_layanan: ['layanan_kesehatan', 'pendampingan_psikologis', 'rumah_aman'], petugas_pendamping: 'Tim reaksi cepat UPTD PPA' }],
    ['bo.dewi', 'rencana-respon', { rencana_respon: 'Visum hari ini, rumah aman malam ini.' }],
    ['uptd.rahmat', 'respon-kepala-uptd', { respon_kasus: 'Anak ditempatkan di rumah aman dan didampingi psikolog; visum di RSUD bersama penyidik PPA Polres.' }],
    ['sek.lina', 'verifikasi-sekretaris', { hasil_verifikasi: 'sesuai' }],
    ['kadis.hadi', 'arahan-kepala-dinas', { arahan: 'Laksanakan hari ini; koordinasikan dengan Unit PPA Polres Rokan Hulu.' }],
  ];
  for (const [user, step, data] of steps) {
    const done = await completeCaseStep(deps, { id: caseId, step, data, actor: who(user) });
    if (!done.ok) throw new Error(`${step}: ${done.error}`);
  }
}, 120_000);

afterAll(() => h?.close());

describe('the letter in the browser', () => {
  it('the administrator gives the Kepala Dinas a NIP and jabatan on the users page', async () => {
    await signIn('admin');
    await page.goto(`${h.server.url}/pengguna`);
    const row = page.locator('tr', { hasText: 'kadis.hadi' });
    await row.locator('summary', { hasText: 'Ubah nama, jabatan, NIP' }).click();
    await row.locator('input[name=name]').fill('Drs. Hadi Saputra, M.Si');
    await row.locator('input[name=jabatan]').fill('Kepala Dinas Sosial, Pemberdayaan Perempuan dan Perlindungan Anak Kabupaten Rokan Hulu');
    await row.locator('input[name=nip]').fill('12345');
    await row.locator('button', { hasText: 'Simpan data tanda tangan' }).click();
    expect(await page.locator('.flash').first().textContent()).toContain('belum diubah');
    expect(await page.locator('tr', { hasText: 'kadis.hadi' }).locator('.error').first().textContent()).toContain('NIP terdiri dari 18 angka');
    await shot('pengguna-nip-salah');
    await page.locator('tr', { hasText: 'kadis.hadi' }).locator('input[name=nip]').fill('19700101 199003 1 001');
    await page.locator('tr', { hasText: 'kadis.hadi' }).locator('button', { hasText: 'Simpan data tanda tangan' }).click();
    expect(await page.locator('.flash').first().textContent()).toContain('tersimpan');
    expect(await page.locator('tr', { hasText: 'kadis.hadi' }).textContent()).toContain('NIP 197001011990031001');
    await shot('pengguna-nip');
    await signOut();
  }, 60_000);

  it('the Kepala Dinas reads the letter, downloads its PDF and revokes it; the public check says so', async () => {
    // The letter was issued when the case closed, with the signer's details of that moment: reissue is not a
    // thing, so the NIP set above shows on letters issued after it. This letter names the role's holder as it was.
    const letter = (await letterOfCase({ store: h.store }, caseId))!;
    expect(letter.number).toBe('1/RKA/DISSOSP3A/2026');
    await signIn('kadis.hadi');
    await page.goto(`${h.server.url}/kasus/${caseId}`);
    await page.click('text=Surat Respon Kasus (cetak / PDF)');
    await page.waitForURL(new RegExp(`/kasus/${caseId}/dokumen$`));
    const paper = (await page.locator('article.paper').textContent())!;
    expect(paper).toContain('Nomor: 1/RKA/DISSOSP3A/2026');
    expect(paper).toContain('Kepala UPTD Perlindungan Perempuan dan Anak');
    expect(paper).not.toContain('Nadia');
    expect(paper).not.toContain('disembunyikan');
    expect(await page.locator('.sign-block svg').count()).toBe(1);
    await shot('surat');
    await page.emulateMedia({ media: 'print' });
    await shot('surat-cetak');
    await page.emulateMedia({ media: 'screen' });
    await shot('surat', true);

    const download = page.waitForEvent('download');
    await page.click('text=Unduh PDF');
    expect((await download).suggestedFilename()).toBe('Respon-Kasus-1-RKA-DISSOSP3A-2026.pdf');

    await page.setViewportSize(DESKTOP);
    await page.fill('#f-alasan', 'Sal');
    await page.click('text=Cabut surat 1/RKA/DISSOSP3A/2026');
    expect(await page.locator('.field.has-error .error').textContent()).toContain('paling sedikit 5 huruf');
    await page.fill('#f-alasan', 'Diganti surat baru karena alamat rumah aman berubah.');
    await page.click('text=Cabut surat 1/RKA/DISSOSP3A/2026');
    await page.waitForURL(/dicabut=1$/);
    expect(await page.locator('.flash-error').textContent()).toContain('DICABUT');
    await shot('surat-dicabut');
    // A new letter in its place: the next number; the old one stays revoked.
    await page.click('button:has-text("Terbitkan surat pengganti")');
    await page.waitForURL(/diganti=1$/);
    expect(await page.locator('.flash-ok').textContent()).toContain('Surat pengganti 2/RKA/DISSOSP3A/2026 terbit; surat 1/RKA/DISSOSP3A/2026 tetap dicabut.');
    expect(await page.locator('.flash-error').count()).toBe(0);
    await shot('surat-pengganti');
    await signOut();

    await page.goto(`${h.server.url}/verifikasi/${letter.code}`);
    expect(await page.locator('.verify-status').textContent()).toBe('DICABUT: surat ini sudah dicabut dan tidak berlaku lagi.');
    const shown = (await page.locator('main').textContent())!;
    expect(shown).toContain('1/RKA/DISSOSP3A/2026');
    expect(shown).not.toContain(caseId);
    expect(await page.locator('.verify-replaced').textContent()).toContain('Diganti dengan surat nomor 2/RKA/DISSOSP3A/2026.');
    await shot('verifikasi-dicabut', true);
    await page.goto(`${h.server.url}/verifikasi`);
    await page.fill('#kode', letter.code.toLowerCase().replaceAll('-', ' '));
    await page.click('text=Periksa surat');
    await page.waitForURL(new RegExp(`/verifikasi/${letter.code}$`));
    await shot('verifikasi-ketik', true);
  }, 90_000);
});
