/**
 * The Respon Kasus letter end to end: issued when the closing step is completed, downloaded as a PDF turned into
 * PNG with poppler (one page, number, addressee, signer with NIP, QR, no identity, no "disembunyikan"), its QR
 * decoded to the public check page, which says valid, then revoked once the Kepala Dinas revokes it. Two cases
 * closed at the same moment get two consecutive numbers. The page images are kept for a person to look at.
 */
import { execFile } from 'node:child_process';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setSignature } from '../../server/auth/accounts.ts';
import { directIntake, FORM, formBody, makeBench, csrfOf, type Bench } from './helpers.ts';

const run = promisify(execFile);
// jsqr is CommonJS with `exports.default`: the function is its default export's default.
const jsQR = ((jsQRModule as unknown as { default?: typeof jsQRModule }).default ?? jsQRModule) as unknown as (data: Uint8ClampedArray, width: number, height: number) => { data: string } | null;
/** Where the page images are kept for a person to look at. */
const SHOTS = process.env.ALUR_SHOTS ?? join(tmpdir(), 'alur-surat');

let b: Bench;
const cookies = new Map<string, string>();

async function cookie(user: string): Promise<string> {
  if (!cookies.has(user)) cookies.set(user, await b.login(user));
  return cookies.get(user)!;
}

async function get(path: string, user?: string): Promise<Response> {
  return b.app.request(path, { headers: user ? { cookie: await cookie(user) } : {} });
}

async function post(path: string, user: string, values: Record<string, unknown>): Promise<Response> {
  const c = await cookie(user);
  return b.app.request(path, { method: 'POST', body: formBody({ ...values, _csrf: csrfOf(c) }), headers: { ...FORM, cookie: c } });
}

async function report(over: Record<string, unknown> = {}): Promise<string> {
  const r = await post('/lapor/respon-kasus-anak', 'front_office', directIntake(over));
  expect(r.status).toBe(303);
  return /\/kasus\/([^?]+)/.exec(r.headers.get('location')!)![1]!;
}

async function complete(user: string, id: string, step: string, data: Record<string, unknown>): Promise<Response> {
  const rev = (await b.store.cases.get(id))!.rev;
  const r = await post(`/tugas/${id}/${step}`, user, { ...data, _rev: rev });
  expect(r.status, `${step}: ${r.status === 303 ? '' : await r.clone().text()}`).toBe(303);
  return r;
}

const DIRECT: Array<[string, string, Record<string, unknown>]> = [
  ['front_office', 'periksa-dokumen', { dokumen_lengkap: 'ya' }],
  ['bidang_teknis', 'proses-laporan', { hasil_asesmen: 'Memar di lengan kiri.', kebutuhan_layanan: ['layanan_kesehatan', 'pendampingan_psikologis'], petugas_pendamping: 'Tim pendamping UPTD' }],
  ['back_office', 'rencana-respon', { rencana_respon: 'Visum, lalu konseling.' }],
  ['kepala_uptd', 'respon-kepala-uptd', { respon_kasus: 'Respon pertama yang belum lengkap.' }],
  ['sekretaris', 'verifikasi-sekretaris', { hasil_verifikasi: 'perbaiki', catatan_verifikasi: 'Sebutkan rujukan.' }],
  ['kepala_uptd', 'respon-kepala-uptd', { respon_kasus: 'Anak didampingi ke RSUD untuk visum dan dirujuk ke psikolog UPTD PPA.' }],
  ['sekretaris', 'verifikasi-sekretaris', { hasil_verifikasi: 'sesuai' }],
];
const DIRECT_LAST: [string, string, Record<string, unknown>] = ['kepala_dinas', 'arahan-kepala-dinas', { arahan: 'Bidang Teknis dampingi anak ke RSUD hari ini dan pastikan rumah aman tersedia.' }];

const INDIRECT: Array<[string, string, Record<string, unknown>]> = [
  ['front_office', 'periksa-dokumen', { dokumen_lengkap: 'ya' }],
  ['kepala_uptd', 'validasi-laporan', { laporan_sah: 'ya', catatan_validasi: 'Dikonfirmasi ke sekolah.' }],
  ['kepala_uptd', 'laporan-tindak-lanjut', { rencana_tindak_lanjut: 'Kunjungan rumah bersama perangkat desa.' }],
  ['sekretaris', 'rekomendasi-sekretaris', { rekomendasi: 'Libatkan puskesmas dan sekolah.' }],
];
const INDIRECT_LAST: [string, string, Record<string, unknown>] = ['kepala_dinas', 'perintah-tindak-lanjut', { perintah: 'Laksanakan kunjungan rumah paling lambat besok.' }];

const IDENTITY = ['Rina Anggraini', 'Ibu S.W.', 'dipukul', 'Memar di lengan', 'Dikonfirmasi ke sekolah'];

interface Rendered {
  pages: string[];
  text: string;
  qr: string | undefined;
}

/** The PDF as poppler sees it: one PNG per page (kept in SHOTS), its text, and the QR code read from page 1. */
async function render(pdf: Uint8Array, name: string): Promise<Rendered> {
  const dir = join(SHOTS, name);
  await mkdir(dir, { recursive: true });
  for (const f of await readdir(dir)) if (f.endsWith('.png')) await writeFile(join(dir, f), '');
  await writeFile(join(dir, 'surat.pdf'), pdf);
  await run('pdftoppm', ['-png', '-r', '110', join(dir, 'surat.pdf'), join(dir, 'halaman')]);
  const pages = (await readdir(dir)).filter((f) => /^halaman-\d+\.png$/.test(f)).sort();
  const { stdout: text } = await run('pdftotext', ['-layout', join(dir, 'surat.pdf'), '-']);
  const png = PNG.sync.read(await readFile(join(dir, pages[0]!)));
  const qr = jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length), png.width, png.height);
  return { pages: pages.map((p) => join(dir, p)), text, qr: qr?.data };
}

function checkPage(html: string): string {
  return html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
}

beforeAll(async () => {
  b = await makeBench();
  await setSignature(b.store, { by: 'uji', now: b.clock.now, username: 'kepala_dinas', name: 'Drs. H. Budi Santoso, M.Si', nip: '197001011990031001', jabatan: 'Kepala Dinas Sosial, Pemberdayaan Perempuan dan Perlindungan Anak Kabupaten Rokan Hulu' });
});
afterAll(() => b.close());

describe('the Respon Kasus letter', () => {
  it('of a direct case: one A4 page with number, addressee, signer with NIP and a QR code to the check page; no identity', async () => {
    const id = await report();
    for (const [user, step, data] of DIRECT) await complete(user, id, step, data);
    // Not yet: the case is still open.
    expect((await get(`/kasus/${id}/surat.pdf`, 'kepala_uptd')).status).toBe(409);
    await complete(DIRECT_LAST[0], id, DIRECT_LAST[1], DIRECT_LAST[2]);

    const res = await get(`/kasus/${id}/surat.pdf`, 'kepala_uptd');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="Respon-Kasus-1-RKA-DISSOSP3A-2026.pdf"');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const pdf = new Uint8Array(await res.arrayBuffer());
    expect(new TextDecoder().decode(pdf.slice(0, 5))).toBe('%PDF-');
    const r = await render(pdf, 'langsung');
    expect(r.pages).toHaveLength(1);
    const { stdout: info } = await run('pdfinfo', [join(SHOTS, 'langsung', 'surat.pdf')]);
    expect(info).toMatch(/Page size:\s+595\.28 x 841\.89 pts \(A4\)/);
    expect(r.text).toContain('RESPON KASUS');
    expect(r.text).toContain('Nomor: 1/RKA/DISSOSP3A/2026');
    expect(r.text).toContain('Kepala UPTD Perlindungan Perempuan dan Anak');
    expect(r.text).toContain('Pasir Pengaraian, 30 November 2026');
    expect(r.text).toContain('Drs. H. Budi Santoso, M.Si');
    expect(r.text).toContain('NIP. 197001011990031001');
    expect(r.text).toContain('Anak didampingi ke RSUD untuk visum');
    expect(r.text).toContain('Layanan kesehatan / visum, Pendampingan psikologis');
    expect(r.text).not.toContain('Respon pertama');
    expect(r.text).not.toContain('disembunyikan');
    for (const s of IDENTITY) expect(r.text).not.toContain(s);

    // The QR code leads to the public check page of this letter.
    const letter = (await b.store.records.query('surat', { caseId: id }))[0]!;
    expect(r.qr).toBe(`http://localhost/verifikasi/${letter.id}`);
    const check = await b.app.request(new URL(r.qr!).pathname);
    expect(check.status).toBe(200);
    const shown = checkPage(await check.text());
    expect(shown).toContain('SAH: surat ini diterbitkan oleh Dinas dan masih berlaku.');
    expect(shown).toContain('1/RKA/DISSOSP3A/2026');
    expect(shown).toContain('30 November 2026');
    expect(shown).toContain('Respon Kasus Anak');
    expect(shown).toContain('Drs. H. Budi Santoso, M.Si');
    expect(shown).not.toContain(id);
    expect(shown).not.toContain('RSUD');
    for (const s of IDENTITY) expect(shown).not.toContain(s);

    // The HTML page shows the same letter.
    const page = await get(`/kasus/${id}/dokumen`, 'kepala_uptd');
    const html = await page.text();
    expect(html).toContain('Nomor: 1/RKA/DISSOSP3A/2026');
    expect(html).toContain('<svg');
    expect(html).not.toContain('disembunyikan');
    expect(html).not.toContain('Cabut surat'); // only the Kepala Dinas may revoke

    // Revoking: refused to another role, needs a reason, then the check page says revoked; audited.
    expect((await post(`/kasus/${id}/dokumen/cabut`, 'sekretaris', { alasan: 'Salah kirim.' })).status).toBe(403);
    const noReason = await post(`/kasus/${id}/dokumen/cabut`, 'kepala_dinas', { alasan: ' ' });
    expect(noReason.status).toBe(422);
    expect(await noReason.text()).toContain('Tulis alasan pencabutan');
    expect((await get(`/kasus/${id}/dokumen`, 'kepala_dinas')).status).toBe(200);
    const revoked = await post(`/kasus/${id}/dokumen/cabut`, 'kepala_dinas', { alasan: 'Diganti surat dengan rujukan yang benar.' });
    expect(revoked.status).toBe(303);
    expect(checkPage(await (await b.app.request(new URL(r.qr!).pathname)).text())).toContain('DICABUT: surat ini sudah dicabut dan tidak berlaku lagi.');
    const json = await b.app.request(`/api/v1/verifikasi/${letter.id}`);
    expect(json.status).toBe(200);
    expect(await json.json()).toEqual({ number: '1/RKA/DISSOSP3A/2026', date: '30 November 2026', service: 'Respon Kasus Anak', signer: { name: 'Drs. H. Budi Santoso, M.Si', title: 'Kepala Dinas Sosial, Pemberdayaan Perempuan dan Perlindungan Anak Kabupaten Rokan Hulu' }, valid: false, status: 'dicabut' });
    expect((await post(`/kasus/${id}/dokumen/cabut`, 'kepala_dinas', { alasan: 'Sekali lagi.' })).status).toBe(409);
    const audit = await b.store.audit.list({ caseId: id });
    expect(audit.filter((e) => e.action === 'letter.issue')).toHaveLength(1);
    expect(audit.find((e) => e.action === 'letter.revoke')).toMatchObject({ actor: 'kepala_dinas', details: { number: '1/RKA/DISSOSP3A/2026', reason: 'Diganti surat dengan rujukan yang benar.' } });
    expect(audit.find((e) => e.action === 'letter.download')).toMatchObject({ actor: 'kepala_uptd' });
  }, 60_000);

  it('of an indirect case: the plan, recommendation and order on one page, the next number', async () => {
    const id = await report({ saluran: 'tidak_langsung', media_pelaporan: 'telepon' });
    for (const [user, step, data] of [...INDIRECT, INDIRECT_LAST]) await complete(user, id, step, data);
    const res = await get(`/kasus/${id}/surat.pdf`, 'kepala_dinas');
    expect(res.status).toBe(200);
    const r = await render(new Uint8Array(await res.arrayBuffer()), 'tidak-langsung');
    expect(r.pages).toHaveLength(1);
    expect(r.text).toContain('Nomor: 2/RKA/DISSOSP3A/2026');
    expect(r.text).toContain('Rencana tindak lanjut: Kunjungan rumah bersama perangkat desa.');
    expect(r.text).toContain('Rekomendasi Sekretaris: Libatkan puskesmas dan sekolah.');
    expect(r.text).toContain('Perintah tindak lanjut: Laksanakan kunjungan rumah paling lambat besok.');
    expect(r.text).toMatch(/Saluran laporan\s+:\s+Tidak langsung \(telepon atau media\)/);
    expect(r.text).not.toContain('Arahan layanan');
    expect(r.text).toContain('NIP. 197001011990031001');
    expect(r.text).not.toContain('disembunyikan');
    for (const s of IDENTITY) expect(r.text).not.toContain(s);
    expect(r.qr).toMatch(/^http:\/\/localhost\/verifikasi\/[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    expect(checkPage(await (await b.app.request(new URL(r.qr!).pathname)).text())).toContain('SAH:');
    expect(checkPage(await (await get(`/kasus/${id}`, 'kepala_dinas')).text())).toContain('Nomor 2/RKA/DISSOSP3A/2026');

    // The JSON API names the letter on the case and gives its PDF to a role that may open the case.
    const token = await b.token('kepala_uptd');
    const api = await b.app.request(`/api/v1/cases/${id}`, { headers: { authorization: `Bearer ${token}` } });
    expect(((await api.json()) as { letter: unknown }).letter).toEqual({
      title: 'Respon Kasus',
      number: '2/RKA/DISSOSP3A/2026',
      code: new URL(r.qr!).pathname.split('/').pop(),
      issuedAt: expect.any(String),
      valid: true,
      verifyUrl: r.qr,
      pdf: `/api/v1/cases/${id}/letter.pdf`,
    });
    const apiPdf = await b.app.request(`/api/v1/cases/${id}/letter.pdf`, { headers: { authorization: `Bearer ${token}` } });
    expect(apiPdf.status).toBe(200);
    expect(apiPdf.headers.get('content-type')).toBe('application/pdf');
    const other = await b.app.request(`/api/v1/cases/${id}/letter.pdf`, { headers: { authorization: `Bearer ${await b.token('admin')}` } });
    expect(other.status).toBe(404);
    expect(await other.json()).toHaveProperty('error');
  }, 60_000);

  it('a revoked letter is issued again with a new number; the old stays revoked and its check page names the new one', async () => {
    const id = await report();
    for (const [user, step, data] of [...DIRECT, DIRECT_LAST]) await complete(user, id, step, data);
    const first = (await b.store.records.query('surat', { caseId: id }))[0]!.data as { number: string; code: string; seq: number };
    // Not while it is valid: it is revoked first, with its reason.
    const early = await post(`/kasus/${id}/dokumen/ganti`, 'kepala_dinas', {});
    expect(early.status).toBe(409);
    expect(checkPage(await early.text())).toContain(`Surat ${first.number} masih berlaku. Cabut dulu surat itu`);
    expect(checkPage(await (await get(`/kasus/${id}/dokumen`, 'kepala_dinas')).text())).not.toContain('Terbitkan surat pengganti');
    expect((await post(`/kasus/${id}/dokumen/cabut`, 'kepala_dinas', { alasan: 'NIP penanda tangan salah tertulis.' })).status).toBe(303);

    // Offered to those who may revoke, refused to others.
    expect(await (await get(`/kasus/${id}/dokumen`, 'kepala_dinas')).text()).toContain(`action="/kasus/${id}/dokumen/ganti"`);
    expect(await (await get(`/kasus/${id}/dokumen`, 'kepala_uptd')).text()).not.toContain('/dokumen/ganti');
    expect((await post(`/kasus/${id}/dokumen/ganti`, 'sekretaris', {})).status).toBe(403);

    const again = await post(`/kasus/${id}/dokumen/ganti`, 'kepala_dinas', {});
    expect(again.status).toBe(303);
    expect(again.headers.get('location')).toBe(`/kasus/${id}/dokumen?diganti=1`);
    const letters = (await b.store.records.query('surat', { caseId: id })).map((d) => d.data as { number: string; code: string; seq: number; revoked?: unknown });
    expect(letters).toHaveLength(2);
    const second = letters.find((l) => l.code !== first.code)!;
    expect(second.seq).toBeGreaterThan(first.seq);
    expect(second.number).not.toBe(first.number);
    expect(second.revoked).toBeUndefined();
    const page = checkPage(await (await get(`/kasus/${id}/dokumen?diganti=1`, 'kepala_dinas')).text());
    expect(page).toContain(`Surat pengganti ${second.number} terbit; surat ${first.number} tetap dicabut.`);
    expect(page).toContain(`Nomor: ${second.number}`);
    expect(page).toContain(`Surat ini pengganti surat nomor ${first.number}`);
    expect(page).not.toContain('DICABUT');
    expect(checkPage(await (await get(`/kasus/${id}`, 'kepala_dinas')).text())).toContain(`Nomor ${second.number}`);
    const pdf = await render(new Uint8Array(await (await get(`/kasus/${id}/surat.pdf`, 'kepala_dinas')).arrayBuffer()), 'pengganti');
    expect(pdf.text).toContain(`Nomor: ${second.number}`);
    expect(pdf.qr).toBe(`http://localhost/verifikasi/${second.code}`);

    // The old code still says revoked, and where to look instead; the new one is valid.
    const old = checkPage(await (await b.app.request(`/verifikasi/${first.code}`)).text());
    expect(old).toContain('DICABUT: surat ini sudah dicabut dan tidak berlaku lagi.');
    expect(old).toContain(`Diganti dengan surat nomor ${second.number} `);
    expect(await (await b.app.request(`/api/v1/verifikasi/${first.code}`)).json()).toMatchObject({ number: first.number, valid: false, status: 'dicabut', replacedBy: second.number });
    expect(checkPage(await (await b.app.request(`/verifikasi/${second.code}`)).text())).toContain('SAH: surat ini diterbitkan oleh Dinas dan masih berlaku.');
    // A valid letter is not issued twice.
    expect((await post(`/kasus/${id}/dokumen/ganti`, 'kepala_dinas', {})).status).toBe(409);

    const audit = await b.store.audit.list({ caseId: id });
    expect(audit.find((e) => e.action === 'letter.reissue')).toMatchObject({ actor: 'kepala_dinas', details: { number: second.number, code: second.code, replaces: first.number } });

    // Revoked again, then asked twice at once: one new letter.
    expect((await post(`/kasus/${id}/dokumen/cabut`, 'kepala_dinas', { alasan: 'Rujukan berubah lagi.' })).status).toBe(303);
    const both = await Promise.all([post(`/kasus/${id}/dokumen/ganti`, 'kepala_dinas', {}), post(`/kasus/${id}/dokumen/ganti`, 'kepala_dinas', {})]);
    expect(both.map((r) => r.status).sort()).toEqual([303, 409]);
    expect(await b.store.records.query('surat', { caseId: id })).toHaveLength(3);
  }, 60_000);

  it('two cases closed at the same moment get two different consecutive numbers', async () => {
    const ids = [await report(), await report()];
    for (const id of ids) for (const [user, step, data] of DIRECT) await complete(user, id, step, data);
    const before = await b.store.sequences.current('surat:respon-kasus-anak:respon-kasus:2026');
    await Promise.all(ids.map((id) => complete(DIRECT_LAST[0], id, DIRECT_LAST[1], DIRECT_LAST[2])));
    const numbers = await Promise.all(ids.map(async (id) => (await b.store.records.query('surat', { caseId: id }))[0]!.data.seq as number));
    expect(numbers.sort()).toEqual([before + 1, before + 2]);
    expect(await b.store.sequences.current('surat:respon-kasus-anak:respon-kasus:2026')).toBe(before + 2);
  }, 60_000);

  it('limits public look-ups per address, and refuses a malformed or unknown code without a trace of a case', async () => {
    expect((await b.app.request('/verifikasi/bukan-kode')).status).toBe(400);
    expect((await b.app.request('/verifikasi/AAAA-BBBB-CCCC')).status).toBe(404);
    const typed = await b.app.request('/verifikasi?kode=aaaa bbbb cccc');
    expect(typed.status).toBe(303);
    expect(typed.headers.get('location')).toBe('/verifikasi/AAAA-BBBB-CCCC');
    let last: Response | undefined;
    for (let i = 0; i < 30; i++) last = await b.app.request('/verifikasi/AAAA-BBBB-CCCC');
    expect(last!.status).toBe(429);
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await b.app.request('/api/v1/verifikasi/AAAA-BBBB-CCCC')).status).toBe(429);
  });
});
