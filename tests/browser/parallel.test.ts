/**
 * Parallel branches in a real browser, at a phone's size (390x844, touch) and an office screen (1366x768): a serious
 * complaint (Pengaduan Layanan, tingkat berat) is split by the Sekretaris into the Bidang's follow-up (step 4) and
 * the staff inquiry of Subbagian Umum dan Kepegawaian (step 4a); the case page lists both open tasks with their roles
 * and deadlines; each official finds only their own task in Tugas saya and does it; after the first, only the other
 * stays open and the join (step 5) is not yet offered; after both, the Sekretaris gets step 5. The public standard
 * page draws the two branches side by side. Screenshots in test-results/sop2/.
 */
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { officeClock, startHarness, type Harness } from './harness.ts';

const WORKFLOW = new URL('../../workflows/pengaduan-layanan.yaml', import.meta.url).pathname;
const PASSWORD = 'kata-sandi-cabang-123';
const SHOTS = new URL('../../test-results/sop2/', import.meta.url).pathname;
const PHONE = { width: 390, height: 844 };
const DESK = { width: 1366, height: 768 };
const STAFF = {
  'adu.rina': { roles: ['petugas_pengaduan'], name: 'Rina Anggraini' },
  'sek.lina': { roles: ['sekretaris'], name: 'Lina Marlina' },
  'bid.tono': { roles: ['bidang_terkait'], name: 'Tono Wibowo' },
  'umum.sri': { roles: ['kasubag_umum'], name: 'Sri Handayani' },
};

let h: Harness;
let page: Page;
let id = '';

async function api(path: string, username: string, body: unknown) {
  const login = await fetch(`${h.server.url}/api/v1/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: PASSWORD }) });
  const { token } = (await login.json()) as { token: string };
  const res = await fetch(`${h.server.url}/api/v1${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(res.status, await res.clone().text()).toBeLessThan(300);
  return (await res.json()) as Record<string, unknown>;
}

async function signIn(username: string) {
  await page.context().clearCookies();
  await page.goto(`${h.server.url}/login`);
  await page.fill('#username', username);
  await page.fill('#password', PASSWORD);
  await page.click('button[type=submit]');
  await page.waitForURL(/\/tugas$/);
}

/**
 * Nothing on the page is wider than the screen; at both sizes (phone first) a full-page screenshot and one of the
 * screen with `focus` in view (the top of the page without it).
 */
async function shoot(name: string, focus?: string) {
  for (const [size, viewport] of [['390', PHONE], ['1366', DESK]] as const) {
    await page.setViewportSize(viewport);
    const { scroll, width } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: window.innerWidth }));
    await page.screenshot({ path: `${SHOTS}cabang-${name}-${size}.png`, fullPage: true });
    if (focus) await page.locator(focus).first().scrollIntoViewIfNeeded();
    else await page.evaluate('window.scrollTo(0, 0)');
    await page.screenshot({ path: `${SHOTS}cabang-${name}-${size}-layar.png` });
    expect(scroll, `${name} at ${size} is wider than the screen`).toBeLessThanOrEqual(width);
  }
  await page.setViewportSize(PHONE);
}

const clean = (s: string | null) => (s ?? '').replace(/\s+/g, ' ').trim();

/** The open tasks the case page lists: "Langkah N: title | oleh Role | due". */
async function openTasks(): Promise<string[]> {
  return (await page.locator('section.now ul.open-tasks > li').allInnerTexts()).map(clean);
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  h = await startHarness({ workflowFiles: [WORKFLOW], staff: STAFF, password: PASSWORD, now: officeClock('2026-11-30T02:30:00Z'), viewport: PHONE, hasTouch: true });
  page = h.page;
  // A complaint about a fee asked for a free service (fictitious), checked and sent to the Sekretaris.
  const started = await api('/cases', 'adu.rina', {
    workflow: 'pengaduan-layanan',
    data: { saluran: 'whatsapp', diterima_pada: '2026-11-30T08:40', pengadu_nama: 'Pengadu Rekaan', pengadu_kontak: '0812 0000 0000', layanan_dikeluhkan: 'rekomendasi-bantuan-sosial', isi_pengaduan: 'Diminta membayar untuk surat rekomendasi (pengaduan rekaan untuk uji).' },
  });
  id = started.id as string;
  await api(`/cases/${id}/steps/verifikasi-pengaduan`, 'adu.rina', { data: { hasil_verifikasi: 'ditindaklanjuti', ringkasan: 'Dugaan pungutan dalam pengurusan surat rekomendasi.' } });
}, 60_000);
afterAll(() => h?.close());

describe('two branches at once, then their join', () => {
  it('the Sekretaris marks the complaint serious; the case page lists both open tasks with role and deadline', async () => {
    await signIn('sek.lina');
    await page.locator('a.task-link', { hasText: id }).tap();
    await page.waitForURL(new RegExp(`/tugas/${id}/disposisi`));
    await page.selectOption('#f-unit_tujuan', 'perlindungan_jaminan_sosial');
    await page.check('input[name=tingkat][value=berat]');
    await page.fill('#f-catatan_disposisi', 'Periksa segera, juga pegawai loketnya.');
    await page.locator('#formulir button[type=submit].primary').tap();
    await page.waitForURL(new RegExp(`/kasus/${id}\\?selesai=disposisi`));

    expect(clean(await page.locator('section.now h2').textContent())).toBe('Sekarang menunggu 2 langkah yang dikerjakan bersamaan');
    const [bidang, umum, ...more] = await openTasks();
    expect(more).toEqual([]);
    expect(bidang).toContain('Langkah 4: Menindaklanjuti pengaduan dan menyusun jawaban');
    expect(bidang).toContain('oleh Bidang / UPTD Terkait');
    // Step 4 runs on the service's completion time; step 4a on its own deadline, from when it opened.
    expect(bidang).toMatch(/Batas \d/);
    expect(umum).toContain('Langkah 4a: Memeriksa dugaan pelanggaran oleh pegawai');
    expect(umum).toContain('oleh Kepala Subbagian Umum dan Kepegawaian');
    expect(umum).toMatch(/Pemeriksaan pegawai selesai: batas \d/);
    // Neither is the Sekretaris's to do.
    expect(await page.locator('section.now a.button.primary').count()).toBe(0);
    await shoot('01-kasus-dua-tugas');

    // The join is not offered to her yet, and its page says where the case is.
    await page.goto(`${h.server.url}/tugas`);
    expect(await page.locator('li.task', { hasText: id }).count()).toBe(0);
    const early = await page.goto(`${h.server.url}/tugas/${id}/periksa-jawaban`);
    expect(early!.status()).toBe(409);
    expect(clean(await page.locator('main').textContent())).toContain('Langkah 5 (Memeriksa rancangan jawaban) belum waktunya; kasus ini sekarang di langkah 4: Menindaklanjuti pengaduan dan menyusun jawaban dan langkah 4a: Memeriksa dugaan pelanggaran oleh pegawai.');
  });

  it('the Bidang sees only its own task in Tugas saya and does it; step 4a stays open, step 5 does not open', async () => {
    await signIn('bid.tono');
    const rows = page.locator('li.task', { hasText: id });
    expect(await rows.count()).toBe(1);
    expect(clean(await rows.locator('.task-title').textContent())).toBe('Langkah 4: Menindaklanjuti pengaduan dan menyusun jawaban');
    await shoot('02-tugas-bidang');
    // The other branch's task is not his.
    expect((await page.goto(`${h.server.url}/tugas/${id}/pemeriksaan-pegawai`))!.status()).toBe(403);
    await page.goto(`${h.server.url}/tugas`);
    await rows.locator('a').tap();
    await page.waitForURL(new RegExp(`/tugas/${id}/tindak-lanjut`));
    await page.fill('#f-hasil_klarifikasi', 'Petugas loket dimintai keterangan; dua pemohon lain membenarkan.');
    await page.check('input[name=pengaduan_terbukti][value=terbukti]');
    await page.locator('#f-tindakan_perbaikan').waitFor();
    await page.fill('#f-tindakan_perbaikan', 'Pengumuman layanan tanpa biaya dipasang di loket.');
    await page.fill('#f-rancangan_jawaban', 'Pengaduan terbukti; layanan ini tidak dipungut biaya.');
    await page.locator('#formulir button[type=submit].primary').tap();
    await page.waitForURL(new RegExp(`/kasus/${id}\\?selesai=tindak-lanjut`));

    const open = await openTasks();
    expect(open).toHaveLength(1);
    expect(open[0]).toContain('Langkah 4a: Memeriksa dugaan pelanggaran oleh pegawai');
    expect(clean(await page.locator('section.now h2').textContent())).toBe('Sekarang menunggu');
    expect(clean(await page.locator('section.now').textContent())).toContain('Langkah 4 "Menindaklanjuti pengaduan dan menyusun jawaban" sudah selesai dan menunggu cabang lain di langkah 5 "Memeriksa rancangan jawaban".');
    await shoot('03-kasus-satu-cabang-selesai');
    expect(await page.locator('section.now', { hasText: 'Langkah 5:' }).count()).toBe(0);
  });

  it('Subbagian Umum does step 4a; then the join opens for the Sekretaris', async () => {
    await signIn('umum.sri');
    const rows = page.locator('li.task', { hasText: id });
    expect(await rows.count()).toBe(1);
    expect(clean(await rows.locator('.task-title').textContent())).toBe('Langkah 4a: Memeriksa dugaan pelanggaran oleh pegawai');
    expect(clean(await rows.textContent())).toMatch(/Pemeriksaan pegawai selesai: batas \d/);
    await shoot('04-tugas-kepegawaian');
    await rows.locator('a').tap();
    await page.waitForURL(new RegExp(`/tugas/${id}/pemeriksaan-pegawai`));
    await page.fill('#f-hasil_pemeriksaan_pegawai', 'Pegawai loket mengakui; saksi membenarkan.');
    await page.check('input[name=rekomendasi_kepegawaian][value=pembinaan]');
    await page.locator('#formulir button[type=submit].primary').tap();
    await page.waitForURL(new RegExp(`/kasus/${id}\\?selesai=pemeriksaan-pegawai`));
    const open = await openTasks();
    expect(open).toHaveLength(1);
    expect(open[0]).toContain('Langkah 5: Memeriksa rancangan jawaban');
    expect(open[0]).toContain('oleh Sekretaris');
    expect(await page.locator('section.now p.muted').count()).toBe(0);
    await shoot('05-kasus-gabung');

    await signIn('sek.lina');
    const mine = page.locator('li.task', { hasText: id });
    expect(await mine.count()).toBe(1);
    expect(clean(await mine.locator('.task-title').textContent())).toBe('Langkah 5: Memeriksa rancangan jawaban');
    await mine.locator('a').tap();
    await page.waitForURL(new RegExp(`/tugas/${id}/periksa-jawaban`));
    // Both branches' work is before her.
    const main = clean(await page.locator('main').textContent());
    expect(main).toContain('Pengumuman layanan tanpa biaya dipasang di loket.');
    expect(main).toContain('Pegawai loket mengakui; saksi membenarkan.');
    await shoot('06-tugas-sekretaris-gabung', 'h2.form-title');
  });
});

describe('the public standard draws the two branches', () => {
  it('steps 4 and 4a side by side in their roles\' lanes, both reached from step 3, both leading to step 5', async () => {
    await page.context().clearCookies();
    await page.goto(`${h.server.url}/layanan/pengaduan-layanan`);
    const svg = page.locator('#diagram svg');
    await svg.waitFor();
    const box = async (step: string) => (await svg.locator(`g[data-node="${step}"]`).boundingBox())!;
    const four = await box('tindak-lanjut');
    const fourA = await box('pemeriksaan-pegawai');
    expect(await svg.locator('g[data-node="tindak-lanjut"]').getAttribute('data-in-lane')).toBe('bidang_terkait');
    expect(await svg.locator('g[data-node="pemeriksaan-pegawai"]').getAttribute('data-in-lane')).toBe('kasubag_umum');
    // Side by side: different columns, overlapping rows.
    expect(Math.abs(four.x - fourA.x)).toBeGreaterThan(four.width / 2);
    expect(four.y < fourA.y + fourA.height && fourA.y < four.y + four.height).toBe(true);
    // Step 3 reaches step 4 twice: in the fork (a serious complaint) and on its own (an ordinary one).
    expect(await svg.locator('path[data-from="disposisi"][data-to="tindak-lanjut"]').count()).toBe(2);
    expect(await svg.locator('path[data-from="disposisi"][data-to="pemeriksaan-pegawai"]').count()).toBe(1);
    for (const from of ['tindak-lanjut', 'pemeriksaan-pegawai']) {
      expect(await svg.locator(`path[data-from="${from}"][data-to="periksa-jawaban"]`).count(), `arrow ${from} → 5`).toBe(1);
    }
    // Wrapped lines are separate tspans: compared without spaces.
    const squeezed = (s: string | null) => (s ?? '').replace(/\s+/g, '');
    expect(squeezed(await svg.locator('g[data-node="periksa-jawaban"]').textContent())).toContain('Menunggusemuacabangselesai');
    expect(squeezed(await svg.textContent())).toContain('bersamaan');
    await shoot('07-standar-diagram', '#diagram svg g[data-node="pemeriksaan-pegawai"]');
  });
});
