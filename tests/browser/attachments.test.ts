/**
 * Attachments in a real browser at a phone's size (390x844): the front office photographs the reporter's KTP at
 * intake (a real JPEG with the GPS position of a home in its EXIF), the Kepala UPTD PPA sees it on the case and
 * downloads it (audited; the file has no location), the Sekretaris, who decides without identities, does not see
 * it (neither its name nor a link) and is refused when asking for it. Screenshots in test-results/lampiran.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { officeClock, OFFICE_STAFF, startHarness, type Harness } from './harness.ts';

const SEED = new URL('../../workflows/respon-kasus-anak.yaml', import.meta.url).pathname;
const PASSWORD = 'kata-sandi-lampiran-123';
const SHOTS = new URL('../../test-results/lampiran/', import.meta.url).pathname;
const PHONE = { width: 390, height: 844 };

let h: Harness;
let photo: string;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  h = await startHarness({ workflowFiles: [SEED], staff: OFFICE_STAFF, password: PASSWORD, now: officeClock('2026-11-30T02:30:00Z'), viewport: PHONE });
  photo = join(h.dir, 'KTP ibu pelapor.jpg');
  const jpeg = await sharp({ create: { width: 1600, height: 1000, channels: 3, background: { r: 230, g: 220, b: 200 } } })
    .composite([{ input: Buffer.from('<svg width="1600" height="1000"><rect x="80" y="80" width="1440" height="840" fill="none" stroke="#335" stroke-width="12"/><text x="140" y="260" font-size="110" font-family="sans-serif" fill="#223">KTP (UJI)</text></svg>') }])
    .jpeg({ quality: 90 })
    .withExif({ IFD0: { Make: 'KameraUji' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '0/1 53/1 2400/100', GPSLongitudeRef: 'E', GPSLongitude: '100/1 21/1 3600/100' } })
    .toBuffer();
  expect((await sharp(jpeg).metadata()).exif).toBeDefined();
  writeFileSync(photo, jpeg);
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

describe('a photographed KTP at intake', () => {
  let caseId = '';

  it('the front office attaches it on the phone and the case keeps it', async () => {
    const page = h.page;
    await signIn('fo.sari');
    await page.goto(`${h.server.url}/lapor/respon-kasus-anak`);
    const input = page.locator('#f-persyaratan-ktp-kk');
    expect(await input.getAttribute('capture')).toBe('environment');
    expect(await input.getAttribute('accept')).toContain('image/jpeg');
    await input.setInputFiles(photo);
    // With JavaScript the photo goes at once, with a progress bar; it is then listed, ticked.
    await page.locator('#f-persyaratan-ktp-kk-box .upload-list input[type=checkbox]:checked').waitFor();
    await page.locator('#f-persyaratan-ktp-kk-box .upload-list input[type=checkbox]').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}01-lapor-ktp-terunggah-hp.png` });
    await page.selectOption('#f-sumber_laporan', 'masyarakat');
    await page.check('input[name=saluran][value=langsung]');
    await page.fill('#f-pelapor_nama', 'Ibu S.W.');
    await page.selectOption('#f-pelapor_hubungan', 'tetangga');
    await page.fill('#f-anak_nama', 'R.A.');
    await page.check('input[name=anak_jenis_kelamin][value=perempuan]');
    await page.fill('#f-anak_perkiraan_usia', '9');
    await page.check('input[name=jenis_kasus][value=kekerasan_fisik]');
    await page.fill('#f-kronologi', 'Tetangga mendengar anak dipukul berulang kali di rumah.');
    await page.check('input[name=tingkat_risiko][value=tinggi]');
    await page.check('input[name=dokumen_diterima][value=ktp-kk]');
    await page.click('button[type=submit].primary');
    await page.waitForURL(/\/kasus\/[A-Z0-9-]+\?baru=1/);
    caseId = /\/kasus\/([A-Z0-9-]+)/.exec(page.url())![1]!;
    const docs = page.locator('#dokumen-persyaratan');
    await docs.scrollIntoViewIfNeeded();
    expect(await docs.textContent()).toContain('KTP ibu pelapor.jpg');
    await page.screenshot({ path: `${SHOTS}02-kasus-dokumen-fo-hp.png` });
    await signOut();
  });

  it('the Kepala UPTD PPA sees it and downloads it; the download is audited and carries no location', async () => {
    const page = h.page;
    await signIn('uptd.rahmat');
    await page.goto(`${h.server.url}/kasus/${caseId}`);
    const link = page.locator('#dokumen-persyaratan a', { hasText: 'KTP ibu pelapor.jpg' });
    await link.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}03-kasus-dokumen-kepala-uptd-hp.png` });
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toBe('KTP ibu pelapor.jpg');
    const bytes = await readFile((await download.path())!);
    const meta = await sharp(bytes).metadata();
    expect(meta.format).toBe('jpeg');
    expect(meta.exif).toBeUndefined();
    const audit = await h.store.audit.list({ caseId, action: 'attachment.view' });
    expect(audit.map((e) => e.actor)).toEqual(['uptd.rahmat']);
    expect(audit[0]!.details).toMatchObject({ requirement: 'ktp-kk', via: 'kasus' });
    await page.goto(`${h.server.url}/audit?kasus=${caseId}`);
    await page.screenshot({ path: `${SHOTS}04-audit-unduhan-hp.png`, fullPage: true });
    await signOut();
  });

  it('the Sekretaris does not see it, and is refused when asking for it by its address', async () => {
    const page = h.page;
    const href = (await h.store.records.query('attachment', { caseId })).map((d) => `/kasus/${caseId}/lampiran/${d.id}`)[0]!;
    await signIn('sek.lina');
    await page.goto(`${h.server.url}/kasus/${caseId}`);
    const docs = page.locator('#dokumen-persyaratan');
    await docs.scrollIntoViewIfNeeded();
    const text = (await docs.textContent()) ?? '';
    expect(text).toContain('disembunyikan');
    expect(text).not.toContain('KTP ibu pelapor');
    expect(await page.content()).not.toContain(href);
    await page.screenshot({ path: `${SHOTS}05-kasus-dokumen-sekretaris-hp.png` });
    const res = await page.request.get(`${h.server.url}${href}`);
    expect(res.status()).toBe(403);
    expect((await h.store.audit.list({ caseId, action: 'attachment.view' })).length).toBe(1);
    await signOut();
  });
});
