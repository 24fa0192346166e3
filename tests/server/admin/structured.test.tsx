/**
 * The structured SOP editor through the real app: the form posted back as a browser sends it changes nothing,
 * a decree change made with its inputs writes only those lines (comments kept) and raises the warnings, a
 * button removes a part, a stale text is mended with one click, a bad input is refused beside it, and form
 * inputs drawn from another text are not applied over it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { csrfOf, FORM, type Bench } from '../helpers.ts';
import { adminBench, BASE, ID, pageText } from './bench.ts';
import { formFields, withValue } from './form-fields.ts';

let b: Bench;
let admin: string;

beforeEach(async () => {
  ({ b, admin } = await adminBench());
});
afterEach(() => b.close());

const source = () => b.workflows.storedVersion(ID, b.workflows.get(ID)!.version)!.source;
const text = pageText;
const comments = (t: string) => t.split('\n').filter((l) => l.trim().startsWith('#'));
/** The YAML text in the editor's text box of a page or fragment. */
const yamlOf = (html: string) => {
  const m = /<textarea[^>]*name="sumber"[^>]*>([\s\S]*?)<\/textarea>/.exec(html);
  if (!m) throw new Error('no text box');
  return m[1]!.replace(/^\n/, '').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
};

/** The editor form's fields with the given sections open (all of them when none are named: every input shown). */
async function editorFields(...sections: string[]) {
  const res = await b.app.request(BASE, { headers: { cookie: admin } });
  expect(res.status).toBe(200);
  let html = await res.text();
  // Unfolding a section fetches its inputs; a step's fields and deadlines unfold inside it, so go two levels down.
  for (let depth = 0; depth < 2; depth++) {
    const ids = sections.length ? sections : [...html.matchAll(/<details class="bagian[^"]*" id="([^"]+)"/g)].map((m) => m[1]!);
    html = (await post(`${BASE}/terapkan`, withValue(formFields(html, 'rancangan'), '_terbuka', ids.join(' ')))).html;
  }
  return formFields(html, 'rancangan');
}

async function post(path: string, fields: Array<[string, string]>, options: { htmx?: boolean } = {}) {
  const body = new URLSearchParams(fields.filter(([n]) => n !== '_csrf'));
  body.set('_csrf', csrfOf(admin));
  const res = await b.app.request(path, { method: 'POST', headers: { cookie: admin, ...FORM, ...(options.htmx ? { 'hx-request': 'true' } : {}) }, body });
  return { status: res.status, html: await res.text() };
}

describe('the structured form', () => {
  it('posted back untouched, as a browser sends it, leaves the text byte for byte', async () => {
    const fields = await editorFields();
    expect(fields.filter(([n]) => n.startsWith('u:')).length).toBeGreaterThan(700);
    const r = await post(`${BASE}/terapkan`, fields);
    expect(r.status).toBe(200);
    expect(yamlOf(r.html)).toBe(source());
    expect(r.html).not.toContain('Dituliskan ke teks YAML');
  });

  it('makes the decree change with its inputs alone: only those lines change, comments stay, the warnings appear', async () => {
    let fields = await editorFields('bagian-steps--arahan-kepala-dinas', 'bagian-completion', 'bagian-requirements');
    fields = withValue(fields, 'u:steps/arahan-kepala-dinas/role', 'sekretaris');
    fields = withValue(fields, 'u:completion/duration#n', '2');
    fields = withValue(fields, 'u:requirements#baru', 'Surat pengantar dari desa / kelurahan');
    const r = await post(`${BASE}/terapkan`, fields, { htmx: true });
    expect(r.status).toBe(200);
    expect(r.html).not.toContain('<html');
    const after = yamlOf(r.html);
    expect(after).toContain('    role: sekretaris');
    expect(after).toContain('  text: 2 Hari\n  duration: P2D');
    expect(after).toContain('- { value: surat-pengantar-dari-desa-kelurahan, label: Surat pengantar dari desa / kelurahan }');
    expect(comments(after)).toEqual(comments(source()));
    expect(after.split('\n').length).toBe(source().split('\n').length + 3);
    const shown = text(r.html);
    expect(shown).toContain('Dituliskan ke teks YAML');
    expect(shown).toContain('Periksa sebelum menerbitkan');
    expect(shown).toMatch(/Keterangan cabang langkah 6 ke langkah 7 masih menyebut Kepala Dinas/);
    expect(shown).toContain('Memberikan arahan layanan: dikerjakan oleh Sekretaris, sebelumnya Kepala Dinas.');
    // The fragment swaps the form, the text, the check and the changes in place.
    expect(r.html).toMatch(/<section id="struktur"/);
    expect(r.html).toMatch(/id="kode" hx-swap-oob="outerMorph"/);
    expect(r.html).toMatch(/id="pemeriksaan"[^>]*hx-swap-oob="true"/);
    expect(r.html).toContain('class="ubah"');
  });

  it('mends a stale text with one click and removes a part with its button', async () => {
    let fields = withValue(await editorFields('bagian-steps--arahan-kepala-dinas'), 'u:steps/arahan-kepala-dinas/role', 'sekretaris');
    const first = await post(`${BASE}/terapkan`, fields);
    const fix = /value="(ganti:steps\/verifikasi-sekretaris\/next\/1\/label:kepala_dinas:sekretaris)"/.exec(first.html)?.[1];
    expect(fix).toBeDefined();
    fields = formFields(first.html, 'rancangan');
    const mended = await post(`${BASE}/terapkan`, [...fields, ['_aksi', fix!]]);
    expect(yamlOf(mended.html)).toContain('        label: diteruskan ke Sekretaris');
    expect(text(mended.html)).not.toMatch(/Keterangan cabang langkah 6 ke langkah 7 masih menyebut/);

    const gone = await post(`${BASE}/terapkan`, [...withValue(formFields(mended.html, 'rancangan'), '_terbuka', 'bagian-requirements'), ['_aksi', 'hapus:requirements/laporan-lembaga']]);
    const t = yamlOf(gone.html);
    expect(t).not.toContain('laporan-lembaga\n    text:');
    expect(t).not.toContain('Lapora dari Lembaga Terkait'); // its own comment went with it
    expect(text(gone.html)).toContain('Persyaratan dihapus: "Laporan dari Lembaga Terkait".');
  });

  it('refuses a bad input beside it and keeps the text as it was there', async () => {
    const fields = withValue(await editorFields('bagian-completion'), 'u:completion/duration#n', 'dua');
    const r = await post(`${BASE}/terapkan`, fields);
    expect(r.status).toBe(200);
    expect(yamlOf(r.html)).toBe(source());
    expect(text(r.html)).toContain('Tulis jumlah waktu sebagai angka bulat, paling sedikit 1.');
    expect(text(r.html)).toContain('1 isian formulir belum dapat dituliskan');
    expect(r.html).toMatch(/<details class="bagian" id="bagian-completion" open/);
  });

  it('does not apply form inputs drawn from another text over a text edited by hand', async () => {
    let fields = withValue(await editorFields('bagian-steps--arahan-kepala-dinas', 'bagian-completion'), 'u:steps/arahan-kepala-dinas/role', 'sekretaris');
    const edited = source().replace('fee: Tidak dipungut biaya', 'fee: Gratis');
    fields = withValue(fields, 'sumber', edited);
    const r = await post(`${BASE}/terapkan`, fields);
    expect(yamlOf(r.html)).toBe(edited);
    expect(text(r.html)).toContain('Teks YAML diubah langsung sejak formulir ditampilkan');
    // The form now follows the text.
    expect(formFields(r.html, 'rancangan')).toContainEqual(['u:fee', 'Gratis']);
  });

  it('publishes the form change only after it was shown in the text', async () => {
    let fields = withValue(await editorFields('bagian-completion'), 'u:fee', 'Gratis');
    fields = withValue(fields, 'sk_nomor', 'KPTS/05');
    fields = withValue(fields, 'sk_berlaku', '2027-01-04');
    const r = await post(`${BASE}/terbitkan`, fields);
    expect(r.status).toBe(409);
    expect(text(r.html)).toContain('baru saja dituliskan ke teks');
    expect(yamlOf(r.html)).toContain('fee: Gratis');
    const again = await post(`${BASE}/terbitkan`, formFields(r.html, 'rancangan'));
    expect(again.status).toBe(303);
    expect(b.workflows.get(ID)!.fee).toBe('Gratis');
  });
});
