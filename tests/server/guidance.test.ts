/** What the pages tell a clerk with no training: what a button will do, what to do next, where to go when there is nothing. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csrfOf, directIntake, FORM, formBody, makeBench, type Bench } from './helpers.ts';

let b: Bench;
const cookies = new Map<string, string>();

beforeAll(async () => {
  b = await makeBench();
});
afterAll(() => b.close());

async function get(path: string, user?: string): Promise<{ status: number; html: string }> {
  let cookie = user ? cookies.get(user) : undefined;
  if (user && !cookie) cookies.set(user, (cookie = await b.login(user)));
  const res = await b.app.request(path, { headers: cookie ? { cookie } : {} });
  return { status: res.status, html: await res.text() };
}

async function post(path: string, user: string, data: Record<string, unknown>, htmx = false): Promise<Response> {
  await get('/tugas', user);
  const cookie = cookies.get(user)!;
  return b.app.request(path, { method: 'POST', headers: { ...FORM, cookie, ...(htmx ? { 'hx-request': 'true' } : {}) }, body: formBody({ _csrf: csrfOf(cookie), ...data }) });
}

/** Text without tags, spaces collapsed. */
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe('guidance on the staff pages', () => {
  it('says beside the intake button what saving does, also on the refused form htmx swaps in', async () => {
    const form = await get('/lapor/respon-kasus-anak', 'front_office');
    expect(text(form.html)).toContain('Setelah disimpan, laporan mendapat nomor kasus');
    const refused = await post('/lapor/respon-kasus-anak', 'front_office', directIntake({ kronologi: '' }), true);
    expect(refused.status).toBe(422);
    const html = await refused.text();
    expect(text(html)).toContain('Setelah disimpan, laporan mendapat nomor kasus');
    // The summary lists the fields without repeating their count.
    expect(text(html)).toContain('Ada 1 isian yang perlu diperbaiki. Periksa isian berikut:');
  });

  it('gives the task form a heading and warns that a completed step cannot be changed, also after a refusal', async () => {
    const started = await post('/lapor/respon-kasus-anak', 'front_office', directIntake());
    const id = /\/kasus\/([^?]+)/.exec(started.headers.get('location')!)![1]!;
    const task = await get(`/tugas/${id}/periksa-dokumen`, 'front_office');
    expect(task.html).toContain('Formulir langkah 2</h2>');
    expect(text(task.html)).toContain('isian ini tidak dapat diubah lagi');
    const refused = await post(`/tugas/${id}/periksa-dokumen`, 'front_office', {}, true);
    expect(refused.status).toBe(422);
    expect(text(await refused.text())).toContain('isian ini tidak dapat diubah lagi');
  });

  it('points an empty inbox to the case list', async () => {
    const inbox = await get('/tugas', 'kepala_dinas');
    expect(text(inbox.html)).toContain('Tidak ada tugas yang menunggu peran Anda saat ini.');
    expect(inbox.html).toContain('href="/kasus?status=open"');
  });

  it('tells someone sent to the sign-in page from another page why, and nobody else', async () => {
    expect(text((await get('/login?next=%2Ftugas')).html)).toContain('Masuk dulu untuk membuka halaman tadi');
    expect(text((await get('/login')).html)).not.toContain('Masuk dulu untuk membuka halaman tadi');
  });

  it('gives the printable document a print button for phones, with the keyboard way beside it', async () => {
    const started = await post('/lapor/respon-kasus-anak', 'front_office', directIntake());
    const id = /\/kasus\/([^?]+)/.exec(started.headers.get('location')!)![1]!;
    const steps: Array<[string, string, Record<string, unknown>]> = [
      ['front_office', 'periksa-dokumen', { dokumen_lengkap: 'ya' }],
      ['bidang_teknis', 'proses-laporan', { hasil_asesmen: 'Memar.', kebutuhan_layanan: ['layanan_kesehatan'] }],
      ['back_office', 'rencana-respon', { rencana_respon: 'Visum, lalu konseling.' }],
      ['kepala_uptd', 'respon-kepala-uptd', { respon_kasus: 'Disetujui.' }],
      ['sekretaris', 'verifikasi-sekretaris', { hasil_verifikasi: 'sesuai' }],
      ['kepala_dinas', 'arahan-kepala-dinas', { arahan: 'Dampingi ke RSUD hari ini.' }],
    ];
    for (const [user, step, data] of steps) {
      const rev = (await b.store.cases.get(id))!.rev;
      expect((await post(`/tugas/${id}/${step}`, user, { ...data, _rev: rev })).status, step).toBe(303);
    }
    const doc = await get(`/kasus/${id}/dokumen`, 'front_office');
    expect(doc.status).toBe(200);
    expect(doc.html).toMatch(/<button type="button" class="js-only" data-cetak="true">\s*Cetak halaman\s*<\/button>/);
    expect(doc.html).toContain(`href="/kasus/${id}/surat.pdf"`);
    expect(text(doc.html)).toContain('cetak dari PDF agar sama persis');
  });

  it('gives the case list the wide layout of an office screen', async () => {
    expect((await get('/kasus', 'front_office')).html).toContain('<body class="lebar">');
  });
});
