/**
 * Attachments through the pages without JavaScript (plain multipart posts, as a phone with scripts off sends
 * them): a refused file is named beside its input with what is allowed while every other value stays; a file
 * taken stays with the form when another field is refused and goes with the case once it is mended; a double
 * tap starts one case; a copy added later on the case page; a step's file field; the download's headers; and
 * the same 404 for a file of a case the viewer may not open as for one that does not exist.
 */
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csrfOf, directIntake, makeBench, type Bench } from './helpers.ts';

let b: Bench;
const cookies: Record<string, string> = {};

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const GIF = Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1');

beforeAll(async () => {
  b = await makeBench();
  for (const u of ['front_office', 'bidang_teknis', 'back_office', 'kepala_uptd', 'sekretaris', 'admin']) cookies[u] = await b.login(u);
});
afterAll(() => b.close());

type Part = string | string[] | { name: string; bytes: Uint8Array; type: string } | Array<{ name: string; bytes: Uint8Array; type: string }>;

/** A multipart form as a browser sends it, with the session's anti-forgery token. */
async function post(user: string, path: string, values: Record<string, unknown>, files: Record<string, Part> = {}) {
  const form = new FormData();
  form.append('_csrf', csrfOf(cookies[user]!));
  for (const [k, v] of Object.entries(values)) for (const x of [v].flat()) form.append(k, String(x));
  for (const [k, v] of Object.entries(files)) {
    for (const x of [v].flat()) form.append(k, typeof x === 'string' ? x : new File([x.bytes as Uint8Array<ArrayBuffer>], x.name, { type: x.type }));
  }
  const res = await b.app.request(path, { method: 'POST', headers: { cookie: cookies[user]! }, body: form });
  return { status: res.status, html: await res.text(), location: res.headers.get('location') ?? '' };
}

async function get(user: string, path: string) {
  const res = await b.app.request(path, { headers: { cookie: cookies[user]! } });
  return { res, status: res.status, html: res.headers.get('content-type')?.startsWith('text/html') ? await res.text() : '' };
}

/** The intake form's values as a clerk fills them. */
const intake = (over: Record<string, unknown> = {}) => {
  const d = directIntake(over);
  return Object.fromEntries(Object.entries(d).filter(([, v]) => v !== undefined && v !== ''));
};

/** The box of one input on a page: from its id to the next box. */
function boxOf(html: string, id: string): string {
  const at = html.indexOf(`id="${id}-box"`);
  expect(at, id).toBeGreaterThan(-1);
  return html.slice(at, at + 3000);
}

const photo = () => sharp({ create: { width: 600, height: 400, channels: 3, background: 'white' } }).jpeg().withExif({ IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '1/1 2/1 3/1' } }).toBuffer();

describe('the intake form without JavaScript', () => {
  it('refuses a file of the wrong type beside its input, saying what is allowed, and keeps every other value', async () => {
    const r = await post('front_office', '/lapor/respon-kasus-anak', intake({ anak_nama: 'Nama Tetap Ada' }), { 'persyaratan.ktp-kk': { name: 'ktp.gif', bytes: GIF, type: 'image/gif' } });
    expect(r.status).toBe(422);
    const box = boxOf(r.html, 'f-persyaratan-ktp-kk');
    expect(box).toContain('class="error"');
    expect(box).toContain('ktp.gif: Jenis berkas tidak diterima. Yang diterima: PDF, JPEG atau PNG, paling besar 5 MB per berkas');
    expect(r.html).toContain('value="Nama Tetap Ada"');
    expect(r.html).toContain('Tetangga mendengar anak dipukul berulang kali.</textarea>');
    // The error summary names the requirement, not the input's name.
    expect(r.html).toMatch(/href="#f-persyaratan-ktp-kk">Fotocopy KTP \/ KK: /);
    expect((await b.store.audit.list({ action: 'case.start' })).length).toBe(0);
  });

  it('refuses an empty file and one too large, each with its reason', async () => {
    const empty = await post('front_office', '/lapor/respon-kasus-anak', intake(), { 'persyaratan.ktp-kk': { name: 'kosong.pdf', bytes: new Uint8Array(0), type: 'application/pdf' } });
    expect(empty.status).toBe(422);
    expect(boxOf(empty.html, 'f-persyaratan-ktp-kk')).toContain('Berkas kosong (0 byte)');
    const big = await post('front_office', '/lapor/respon-kasus-anak', intake(), { 'persyaratan.laporan-kepolisian': { name: 'besar.pdf', bytes: Buffer.concat([PDF, Buffer.alloc(6 * 1024 * 1024, 0x20)]), type: 'application/pdf' } });
    expect(big.status).toBe(422);
    expect(boxOf(big.html, 'f-persyaratan-laporan-kepolisian')).toMatch(/Berkas terlalu besar \(6 MB\)\. Yang diterima: PDF, JPEG atau PNG, paling besar 5 MB/);
  });

  it('keeps a file taken when another field is refused, and the mended form starts the case with it (once, however often sent)', async () => {
    const first = await post('front_office', '/lapor/respon-kasus-anak', intake({ anak_nama: '' }), { 'persyaratan.ktp-kk': { name: 'KTP ibu.jpg', bytes: await photo(), type: 'image/jpeg' } });
    expect(first.status).toBe(422);
    expect(boxOf(first.html, 'f-anak_nama')).toContain('Wajib diisi.');
    const box = boxOf(first.html, 'f-persyaratan-ktp-kk');
    const id = /type="checkbox" name="persyaratan\.ktp-kk" value="(lp-[A-Za-z0-9_-]{22})" checked=""/.exec(box)?.[1];
    expect(id, box).toBeDefined();
    expect(box).toContain('KTP ibu.jpg');
    const nonce = /name="_kirim" value="([^"]+)"/.exec(first.html)![1]!;
    const again = { ...intake({ anak_nama: 'R.A.' }), _kirim: nonce };
    const saved = await post('front_office', '/lapor/respon-kasus-anak', again, { 'persyaratan.ktp-kk': id! });
    expect(saved.status).toBe(303);
    const caseId = /\/kasus\/([A-Z0-9-]+)/.exec(saved.location)![1]!;
    const twice = await post('front_office', '/lapor/respon-kasus-anak', again, { 'persyaratan.ktp-kk': id! });
    expect(twice.status).toBe(303);
    expect(twice.location).toBe(saved.location);
    const docs = await b.store.records.query('attachment', { caseId });
    expect(docs.map((d) => [d.id, d.data.requirement])).toEqual([[id, 'ktp-kk']]);
  });

  it('a double tap that sends the files again starts one case', async () => {
    const page = await get('front_office', '/lapor/respon-kasus-anak');
    const nonce = /name="_kirim" value="([^"]+)"/.exec(page.html)![1]!;
    const values = { ...intake({ anak_nama: 'Dua Kali' }), _kirim: nonce };
    const file = { name: 'laporan.pdf', bytes: PDF, type: 'application/pdf' };
    const one = await post('front_office', '/lapor/respon-kasus-anak', values, { 'persyaratan.laporan-masyarakat': file });
    const two = await post('front_office', '/lapor/respon-kasus-anak', values, { 'persyaratan.laporan-masyarakat': file });
    expect(one.status).toBe(303);
    expect(two.location).toBe(one.location);
  });
});

describe('a case\'s documents', () => {
  let caseId = '';

  beforeAll(async () => {
    const r = await post('front_office', '/lapor/respon-kasus-anak', intake(), {});
    expect(r.status).toBe(303);
    caseId = /\/kasus\/([A-Z0-9-]+)/.exec(r.location)![1]!;
  });

  it('a copy added later on the case page; a bad one refused beside its input on the page', async () => {
    const page = await get('front_office', `/kasus/${caseId}`);
    expect(page.html).toContain(`action="/kasus/${caseId}/lampiran/ktp-kk"`);
    const bad = await post('front_office', `/kasus/${caseId}/lampiran/ktp-kk`, {}, { 'persyaratan.ktp-kk': { name: 'x.png', bytes: Buffer.from('<html></html>'), type: 'image/png' } });
    expect(bad.status).toBe(422);
    expect(boxOf(bad.html, 'f-persyaratan-ktp-kk')).toContain('Jenis berkas tidak diterima');
    const none = await post('front_office', `/kasus/${caseId}/lampiran/ktp-kk`, {}, {});
    expect(none.status).toBe(422);
    const ok = await post('front_office', `/kasus/${caseId}/lampiran/ktp-kk`, {}, { 'persyaratan.ktp-kk': { name: 'KK.png', bytes: await sharp({ create: { width: 30, height: 30, channels: 3, background: 'red' } }).png().toBuffer(), type: 'image/png' } });
    expect(ok.status).toBe(303);
    expect(ok.location).toBe(`/kasus/${caseId}?lampiran=ktp-kk#dokumen-persyaratan`);
    const after = await get('front_office', `/kasus/${caseId}?lampiran=ktp-kk`);
    expect(after.html).toContain('Salinan &quot;Fotocopy KTP / KK&quot; terlampir pada kasus ini.');
    const href = /href="(\/kasus\/[^"]+\/lampiran\/lp-[^"]+)" download="">KK\.png</.exec(after.html)?.[1];
    expect(href).toBeDefined();
    const added = await b.store.audit.list({ caseId, action: 'attachment.add' });
    expect(added[0]).toMatchObject({ actor: 'front_office', details: { requirement: 'ktp-kk', type: 'image/png' } });

    // The download: an attachment with a safe name, never shown inline, never cached.
    const dl = await get('kepala_uptd', href!);
    expect(dl.status).toBe(200);
    expect(dl.res.headers.get('content-disposition')).toContain('attachment; filename="KK.png"');
    expect(dl.res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(dl.res.headers.get('cache-control')).toBe('no-store');
    expect(dl.res.headers.get('content-type')).toBe('image/png');

    // The Sekretaris: the copy is hidden, name and link; asking for it is refused.
    const sek = await get('sekretaris', `/kasus/${caseId}`);
    expect(sek.html).toContain('berkas disembunyikan');
    expect(sek.html).not.toContain('KK.png');
    expect(sek.html).not.toContain(`/kasus/${caseId}/lampiran/ktp-kk"`);
    expect((await get('sekretaris', href!)).status).toBe(403);
    // Nor may the Sekretaris add copies while the case does not wait for them.
    expect((await post('sekretaris', `/kasus/${caseId}/lampiran/ktp-kk`, {}, { 'persyaratan.ktp-kk': { name: 'a.pdf', bytes: PDF, type: 'application/pdf' } })).status).toBe(403);

    // The administrator may not open cases: the same 404 as for a file that does not exist.
    const closed = await get('admin', href!);
    const missing = await get('admin', `/kasus/${caseId}/lampiran/lp-${'B'.repeat(22)}`);
    expect(closed.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(closed.html.replace(/value="[^"]+"/g, '')).toBe(missing.html.replace(/value="[^"]+"/g, ''));
  });

  it('a step\'s file field takes its files, and the case shows them as downloads', async () => {
    const token = async (u: string) => b.token(u);
    const api = async (u: string, step: string, data: Record<string, unknown>) => {
      const res = await b.app.request(`/api/v1/cases/${caseId}/steps/${step}`, { method: 'POST', headers: { authorization: `Bearer ${await token(u)}`, 'content-type': 'application/json' }, body: JSON.stringify({ data }) });
      expect(res.status, await res.clone().text()).toBe(200);
    };
    await api('front_office', 'periksa-dokumen', { dokumen_lengkap: 'ya' });
    await api('bidang_teknis', 'proses-laporan', { hasil_asesmen: 'Memar di lengan.', kebutuhan_layanan: ['layanan_kesehatan'] });
    const form = await get('back_office', `/tugas/${caseId}/rencana-respon`);
    expect(form.html).toContain('enctype="multipart/form-data"');
    expect(form.html).toMatch(/<input type="file" id="f-rencana_dokumen" name="rencana_dokumen" accept="[^"]+" multiple=""/);
    const wrong = await post('back_office', `/tugas/${caseId}/rencana-respon`, { rencana_respon: 'Visum hari ini.' }, { rencana_dokumen: { name: 'rencana.gif', bytes: GIF, type: 'image/gif' } });
    expect(wrong.status).toBe(422);
    expect(boxOf(wrong.html, 'f-rencana_dokumen')).toContain('Jenis berkas tidak diterima');
    expect(wrong.html).toContain('Visum hari ini.</textarea>');
    const done = await post('back_office', `/tugas/${caseId}/rencana-respon`, { rencana_respon: 'Visum hari ini.' }, { rencana_dokumen: [{ name: 'rencana 1.pdf', bytes: PDF, type: 'application/pdf' }, { name: 'rencana 2.pdf', bytes: Buffer.concat([PDF, Buffer.from('%2')]), type: 'application/pdf' }] });
    expect(done.status).toBe(303);
    const k = await b.store.cases.get(caseId);
    expect((k!.data.rencana_dokumen as string[]).length).toBe(2);
    const docs = await b.store.records.query('attachment', { caseId });
    expect(docs.filter((d) => d.data.field === 'rencana_dokumen').map((d) => d.data.name).sort()).toEqual(['rencana 1.pdf', 'rencana 2.pdf']);

    // The field's value reads as its files' names with their downloads, never as the ids it stores.
    const ids = k!.data.rencana_dokumen as string[];
    const links = (html: string) => [...html.matchAll(/href="(\/kasus\/[^"]+\/lampiran\/lp-[^"]+)" download="">(rencana \d\.pdf)</g)].map((m) => [m[1], m[2]]);
    const rows = (html: string) => html.slice(html.indexOf('<dt>Berkas rencana respon</dt>'), html.indexOf('<dt>Berkas rencana respon</dt>') + 1200);
    for (const [user, page] of [['back_office', `/kasus/${caseId}`], ['sekretaris', `/kasus/${caseId}`], ['kepala_uptd', `/tugas/${caseId}/respon-kepala-uptd`]] as const) {
      const html = (await get(user, page)).html;
      expect(html, `${user} ${page}`).toContain('<dt>Berkas rencana respon</dt>');
      for (const id of ids) expect(html, `${user} ${page}`).not.toContain(`>${id}`);
      expect(links(rows(html)).map((l) => l[1]).sort(), `${user} ${page}`).toEqual(['rencana 1.pdf', 'rencana 2.pdf']);
      for (const [href] of links(rows(html))) expect(ids.some((id) => href!.endsWith(`/lampiran/${id}`))).toBe(true);
    }
    // The API keeps the ids in the data, and names each in its attachments with where to fetch it.
    const res = await b.app.request(`/api/v1/cases/${caseId}`, { headers: { authorization: `Bearer ${await token('sekretaris')}` } });
    const json = (await res.json()) as { data: Record<string, unknown>; attachments: Array<{ id?: string; name?: string; field?: string; href?: string }> };
    expect(json.data.rencana_dokumen).toEqual(ids);
    for (const id of ids) expect(json.attachments.find((a) => a.id === id)).toMatchObject({ field: 'rencana_dokumen', href: `/api/v1/files/${id}` });
  });
});
