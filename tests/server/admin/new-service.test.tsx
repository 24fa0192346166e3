/**
 * A new service added from the administrator's pages through the real app: from a blank standard (valid as it
 * is, published as version 1 into the folder, listed publicly, a case started on it), from a copy of a running
 * service (comments kept, id, title and decree replaced), from an uploaded file, and the refusals (a code
 * taken, a bad code, an upload naming a running service, a new id published twice).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseWorkflow } from '../../../engine/definition/index.ts';
import { blankService, copyService } from '../../../engine/definition/template.ts';
import { csrfOf, FORM, type Bench } from '../helpers.ts';
import { adminBench, ID, pageText } from './bench.ts';
import { formFields, withValue } from './form-fields.ts';

let b: Bench;
let admin: string;

beforeEach(async () => {
  ({ b, admin } = await adminBench());
});
afterEach(() => b.close());

const text = pageText;
const yamlOf = (html: string) => {
  const m = /<textarea[^>]*name="sumber"[^>]*>([\s\S]*?)<\/textarea>/.exec(html);
  if (!m) throw new Error('no text box');
  return m[1]!.replace(/^\n/, '').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
};

async function post(path: string, body: Record<string, string> | Array<[string, string]>, cookie = admin) {
  const params = new URLSearchParams(Array.isArray(body) ? body : Object.entries(body));
  if (!params.has('_csrf')) params.set('_csrf', csrfOf(cookie));
  const res = await b.app.request(path, { method: 'POST', headers: { cookie, ...FORM }, body: params });
  return { status: res.status, html: await res.text(), res };
}

describe('the templates', () => {
  it('a blank standard is a valid service, and a copy keeps the comments with a new id, title and decree', async () => {
    const blank = blankService({ id: 'layanan-uji', title: 'Layanan Uji', office: { agency: 'Dinas Sosial', government: 'Pemerintah Kabupaten Rokan Hulu', address: 'Jalan Keadilan', email: 'a@b.id' } });
    const parsed = parseWorkflow(blank, 'layanan-uji.yaml');
    expect(parsed.ok ? parsed.workflow.steps.map((s) => s.id) : parsed.errors).toEqual(['terima-permohonan']);
    const seed = await readFile(new URL('../../../workflows/respon-kasus-anak.yaml', import.meta.url), 'utf8');
    const copy = copyService(seed, { id: 'salinan-rka', title: 'Salinan RKA' });
    const read = parseWorkflow(copy, 'salinan-rka.yaml');
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect([read.workflow.id, read.workflow.title, read.workflow.version, read.workflow.decree.number]).toEqual(['salinan-rka', 'Salinan RKA', 1, 'Belum ditetapkan']);
    const comments = (t: string) => t.split('\n').filter((l) => l.trim().startsWith('#'));
    expect(comments(copy)).toEqual(comments(seed));
  });
});

describe('a new service from the browser', () => {
  it('opens a blank standard in the editor, publishes it as version 1 into the folder and lists it publicly', async () => {
    const home = await b.app.request('/admin', { headers: { cookie: admin } });
    expect(await home.text()).toContain('href="/admin/layanan-baru"');
    const form = await b.app.request('/admin/layanan-baru', { headers: { cookie: admin } });
    expect(form.status).toBe(200);

    const opened = await post('/admin/layanan-baru', { judul: 'Rekomendasi Rehabilitasi Sosial', kode: '', dasar: 'kosong' });
    expect(opened.status).toBe(200);
    expect(text(opened.html)).toContain('Layanan baru (kode rekomendasi-rehabilitasi-sosial');
    expect(text(opened.html)).toContain('Sah');
    const source = yamlOf(opened.html);
    expect(source).toContain('id: rekomendasi-rehabilitasi-sosial');
    // The office header is the running service's, so nobody retypes it.
    expect(source).toContain(b.workflows.get(ID)!.service.agency);

    // The form's own posts work for the id not yet published; the title changes with the form.
    const base = '/admin/layanan/rekomendasi-rehabilitasi-sosial';
    const unfolded = await post(`${base}/terapkan`, withValue(formFields(opened.html, 'rancangan'), '_terbuka', 'bagian-completion'));
    let fields = withValue(formFields(unfolded.html, 'rancangan'), 'u:fee', 'Gratis');
    const applied = await post(`${base}/terapkan`, fields);
    expect(applied.status).toBe(200);
    expect(yamlOf(applied.html)).toContain('fee: Gratis');

    fields = withValue(withValue(formFields(applied.html, 'rancangan'), 'sk_nomor', 'KPTS.800/REHSOS/01'), 'sk_berlaku', '2026-12-01');
    const done = await post(`${base}/terbitkan`, fields);
    expect(done.status).toBe(303);
    expect(done.res.headers.get('location')).toBe(`${base}/riwayat?terbit=1`);
    const wf = b.workflows.get('rekomendasi-rehabilitasi-sosial')!;
    expect([wf.version, wf.decree.number, wf.fee]).toEqual([1, 'KPTS.800/REHSOS/01', 'Gratis']);
    const file = await readFile(join(b.dir, 'workflows', 'rekomendasi-rehabilitasi-sosial.yaml'), 'utf8');
    expect(file).toContain('number: KPTS.800/REHSOS/01');
    expect((await b.store.audit.list({ action: 'workflow.publish' })).some((e) => e.details?.workflow === 'rekomendasi-rehabilitasi-sosial')).toBe(true);

    const list = await (await b.app.request('/layanan')).text();
    expect(list).toContain('Rekomendasi Rehabilitasi Sosial');
    const history = await b.app.request(`${base}/riwayat`, { headers: { cookie: admin } });
    expect(history.status).toBe(200);

    // Publishing the same new id again (a second tab) is refused, not a version 2 over the first.
    const twice = await post(`${base}/terbitkan`, withValue(fields, 'sk_nomor', 'KPTS.800/REHSOS/02'));
    expect(twice.status).toBe(409);
    expect(text(twice.html)).toContain('sudah diterbitkan (versi 1) sejak rancangan ini dibuka');
  });

  it('copies a running service under a new code, and refuses a code taken or malformed', async () => {
    const copy = await post('/admin/layanan-baru', { judul: 'Respon Kasus Lansia', kode: 'respon-kasus-lansia', dasar: `salin:${ID}` });
    expect(copy.status).toBe(200);
    const source = yamlOf(copy.html);
    expect(source).toMatch(/^id: respon-kasus-lansia$/m);
    expect(source).toContain('number: Belum ditetapkan');
    // Its scenarios come with it, naming the copy: the office's regression tests of the procedure are not lost.
    const scenarios = formFields(copy.html, 'rancangan').find(([k]) => k === 'skenario')?.[1] ?? '';
    const original = await readFile(new URL('../../../workflows/respon-kasus-anak.scenarios.yaml', import.meta.url), 'utf8');
    expect(scenarios).toMatch(/^workflow: respon-kasus-lansia$/m);
    expect(scenarios).not.toContain(ID);
    expect(scenarios).toContain('Skenario uji Respon Kasus Lansia: jalankan `npx alur test workflows/` setiap kali respon-kasus-lansia.yaml diubah.');
    expect(scenarios.split('\n').length).toBe(original.split('\n').length);
    expect(text(copy.html)).toContain('salinan Respon Kasus Anak dengan skenarionya');
    const base = '/admin/layanan/respon-kasus-lansia';
    const trial = await post(`${base}/skenario`, formFields(copy.html, 'rancangan'));
    const count = (original.match(/^  - name: /gm) ?? []).length;
    expect(text(trial.html)).toContain(`${count} dari ${count} skenario`);
    // Published, the copy's scenario file lies beside it in the folder.
    const published = await post(`${base}/terbitkan`, withValue(withValue(formFields(copy.html, 'rancangan'), 'sk_nomor', 'KPTS.800/LANSIA/01'), 'sk_berlaku', '2026-12-01'));
    expect(published.status, text(published.html).slice(0, 2000)).toBe(303);
    const file = await readFile(join(b.dir, 'workflows', 'respon-kasus-lansia.scenarios.yaml'), 'utf8');
    expect(file).toMatch(/^workflow: respon-kasus-lansia$/m);

    const taken = await post('/admin/layanan-baru', { judul: 'Apa saja', kode: ID, dasar: 'kosong' });
    expect(taken.status).toBe(422);
    expect(text(taken.html)).toContain(`Kode "${ID}" sudah dipakai layanan lain.`);
    const bad = await post('/admin/layanan-baru', { judul: '', kode: 'Bukan Kode!', dasar: 'kosong' });
    expect(bad.status).toBe(422);
    expect(text(bad.html)).toContain('Kode layanan hanya memakai huruf kecil');
    expect(text(bad.html)).toContain('Tulis nama layanan');
    // The editor's posts refuse an id that is taken by a file but not running (no overwriting by a new service).
    const other = await post('/admin/layanan/respon-kasus-anak.scenarios/terapkan', { sumber: 'id: x' });
    expect(other.status).toBe(404);
  });

  it('loads an uploaded file whose id is new, and refuses one naming a running service', async () => {
    const upload = async (name: string, content: string) => {
      const body = new FormData();
      body.set('_csrf', csrfOf(admin));
      body.set('berkas', new File([content], name, { type: 'text/yaml' }));
      const res = await b.app.request('/admin/layanan-baru/unggah', { method: 'POST', headers: { cookie: admin }, body });
      return { status: res.status, html: await res.text() };
    };
    const office = { agency: 'Dinas Sosial', government: 'Pemerintah Kabupaten Rokan Hulu', address: 'Jalan Keadilan', phone: '0812' };
    const fresh = await upload('uji.yaml', blankService({ id: 'layanan-unggahan', title: 'Layanan Unggahan', office }));
    expect(fresh.status).toBe(200);
    expect(text(fresh.html)).toContain('berkas unggahan uji.yaml, belum diterbitkan');
    const seed = await readFile(new URL('../../../workflows/respon-kasus-anak.yaml', import.meta.url), 'utf8');
    const same = await upload('rka.yaml', seed);
    expect(same.status).toBe(422);
    expect(text(same.html)).toContain(`Kode "${ID}" sudah dipakai layanan lain. Pilih kode lain. Untuk mengubah layanan itu, buka Sunting SOP-nya`);
  });
});
