/**
 * Attachments through the JSON API on a real store: an upload typed by its content (never by its name or the
 * type the client claims), every refusal with its status and message, a phone photo's GPS location gone from
 * the stored file, copies of requirements at intake, need-to-know on download (403 for a role without identities,
 * 404 exactly like a missing file for a role that may not open the case), every download in the audit log, the
 * download's headers, and the files in a backup.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backup, restore } from '../../server/store/backup.ts';
import { openStore } from '../../server/store/index.ts';
import { csrfOf, directIntake, makeBench, type Bench } from './helpers.ts';

let b: Bench;
const tokens: Record<string, string> = {};

/** A real JPEG as a phone takes it: EXIF with a GPS position (a child's home) and the camera's make. */
export async function phonePhoto(width = 2400, height = 1800): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 200, g: 180, b: 150 } } })
    .jpeg({ quality: 90 })
    .withExif({
      IFD0: { Make: 'KameraUji', Model: 'Ponsel 1' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '0/1 53/1 2400/100', GPSLongitudeRef: 'E', GPSLongitude: '100/1 21/1 3600/100' },
    })
    .toBuffer();
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

async function upload(user: string, file: { name: string; type: string; bytes: Uint8Array } | undefined, query = '') {
  const form = new FormData();
  if (file) form.append('file', new File([file.bytes as Uint8Array<ArrayBuffer>], file.name, { type: file.type }));
  const res = await b.app.request(`/api/v1/files${query}`, { method: 'POST', headers: { authorization: `Bearer ${tokens[user]}` }, body: form });
  return { status: res.status, json: (await res.json()) as any };
}

async function api(path: string, user: string, body?: unknown) {
  const res = await b.app.request(`/api/v1${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${tokens[user]}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return res;
}

for (const kind of ['file', 'postgres'] as const) {
  describe(`on the ${kind} store`, () => {
    beforeAll(async () => {
      b = await makeBench({ store: kind });
      for (const u of ['front_office', 'kepala_uptd', 'sekretaris', 'kepala_dinas', 'admin', 'bidang_teknis']) tokens[u] = await b.token(u);
    });
    afterAll(() => b.close());

    describe('POST /api/v1/files', () => {
      it('takes a phone photo and stores it without its location, smaller', async () => {
        const photo = await phonePhoto();
        expect((await sharp(photo).metadata()).exif).toBeDefined();
        const r = await upload('front_office', { name: 'C:\\Users\\sari\\KTP "ibu".jpeg', type: 'image/jpeg', bytes: photo });
        expect(r.status).toBe(201);
        expect(r.json).toMatchObject({ name: 'KTP ibu.jpg', type: 'image/jpeg' });
        expect(r.json.id).toMatch(/^lp-[A-Za-z0-9_-]{22}$/);
        // Attached to a case, then read back from the store itself.
        const made = await api('/cases', 'front_office', { workflow: 'respon-kasus-anak', data: directIntake(), requirements: { 'ktp-kk': [r.json.id] } });
        expect(made.status).toBe(201);
        const doc = await b.store.records.get('attachment', r.json.id);
        const stored = await b.store.blobs.get(String(doc!.data.blob));
        const meta = await sharp(Buffer.from(stored!)).metadata();
        expect(meta.format).toBe('jpeg');
        expect(meta.exif).toBeUndefined();
        expect(Math.max(meta.width!, meta.height!)).toBe(2000);
        expect(Buffer.from(stored!).includes(Buffer.from('KameraUji'))).toBe(false);
        expect(r.json.size).toBe(stored!.length);
      });

      it('keeps a PDF as sent', async () => {
        const r = await upload('front_office', { name: 'laporan polisi.pdf', type: 'application/pdf', bytes: PDF });
        expect(r.status).toBe(201);
        expect(r.json).toMatchObject({ name: 'laporan polisi.pdf', type: 'application/pdf', size: PDF.length });
      });

      it('types by content: a web page named .png and sent as image/png is refused (415)', async () => {
        const html = Buffer.from('<!doctype html><html><body><script>alert(document.cookie)</script></body></html>');
        const r = await upload('front_office', { name: 'foto.png', type: 'image/png', bytes: html });
        expect(r.status).toBe(415);
        expect(r.json.error).toContain('PDF, JPEG atau PNG');
      });

      it('a PNG signature in front of a web page does not pass as an image (422)', async () => {
        // Signature and an IHDR chunk, so the content reads as PNG; the rest is a web page.
        const head = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 16, 0, 0, 0, 16, 8, 2, 0, 0, 0, 0, 0, 0, 0]);
        const fake = Buffer.concat([head, Buffer.from('<html><script>alert(1)</script></html>')]);
        const r = await upload('front_office', { name: 'foto.png', type: 'image/png', bytes: fake });
        expect(r.status).toBe(422);
        expect(r.json.error).toMatch(/rusak atau bukan gambar/);
      });

      it('a real PNG with a web page hidden in a text chunk is stored without it', async () => {
        const png = await sharp({ create: { width: 20, height: 20, channels: 3, background: 'white' } })
          .png()
          .withMetadata()
          .withExif({ IFD0: { ImageDescription: '<script>alert(1)</script>' } })
          .toBuffer();
        const r = await upload('front_office', { name: 'x.png', type: 'image/png', bytes: png });
        expect(r.status).toBe(201);
        expect(r.json.type).toBe('image/png');
        const made = await api('/cases', 'front_office', { workflow: 'respon-kasus-anak', data: directIntake(), requirements: { 'laporan-media': [r.json.id] } });
        expect(made.status).toBe(201);
        const doc = await b.store.records.get('attachment', r.json.id);
        const stored = Buffer.from((await b.store.blobs.get(String(doc!.data.blob)))!);
        expect(stored.includes(Buffer.from('<script>'))).toBe(false);
      });

      it('refuses another kind of file (415), an empty one (422), none at all (422) and one too large for the requirement (413)', async () => {
        const gif = Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1');
        const wrong = await upload('front_office', { name: 'a.gif', type: 'image/gif', bytes: gif });
        expect(wrong.status).toBe(415);
        const empty = await upload('front_office', { name: 'kosong.pdf', type: 'application/pdf', bytes: new Uint8Array(0) });
        expect(empty.status).toBe(422);
        expect(empty.json.error).toMatch(/kosong/);
        const none = await upload('front_office', undefined);
        expect(none.status).toBe(422);
        expect(none.json.fields.file).toBeDefined();
        const big = Buffer.concat([PDF, Buffer.alloc(6 * 1024 * 1024, 0x20)]);
        const tooBig = await upload('front_office', { name: 'besar.pdf', type: 'application/pdf', bytes: big }, '?layanan=respon-kasus-anak&persyaratan=ktp-kk');
        expect(tooBig.status).toBe(413);
        expect(tooBig.json.error).toContain('paling besar 5 MB');
        // Without naming where it goes, the widest limit (20 MB) holds.
        expect((await upload('front_office', { name: 'besar.pdf', type: 'application/pdf', bytes: big })).status).toBe(201);
        // JSON to the upload is refused too, with a readable message.
        const json = await b.app.request('/api/v1/files', { method: 'POST', headers: { authorization: `Bearer ${tokens.front_office}`, 'content-type': 'application/json' }, body: '{}' });
        expect([400, 415, 422]).toContain(json.status);
        expect(((await json.json()) as any).error).toBeTruthy();
      });

      it('needs a token', async () => {
        const res = await b.app.request('/api/v1/files', { method: 'POST', body: new FormData() });
        expect(res.status).toBe(401);
      });
    });

    describe('attachments of a case', () => {
      let caseId: string;
      let ktp: string;
      let media: string;

      beforeAll(async () => {
        ktp = (await upload('front_office', { name: 'ktp.jpg', type: 'image/jpeg', bytes: await phonePhoto(800, 600) })).json.id;
        media = (await upload('front_office', { name: 'berita.pdf', type: 'application/pdf', bytes: PDF })).json.id;
        const made = await api('/cases', 'front_office', { workflow: 'respon-kasus-anak', data: directIntake(), requirements: { 'ktp-kk': [ktp], 'laporan-media': [media] } });
        expect(made.status).toBe(201);
        const json = (await made.json()) as any;
        caseId = json.id;
        expect(json.attachments.map((a: any) => a.requirement).sort()).toEqual(['ktp-kk', 'laporan-media']);
      });

      it('the Kepala UPTD downloads the KTP: an attachment, nosniff, no-store, a safe name; and it is audited', async () => {
        const before = (await b.store.audit.list({ caseId, action: 'attachment.view' })).length;
        const res = await api(`/files/${ktp}`, 'kepala_uptd');
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toBe('image/jpeg');
        expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="ktp\.jpg"; filename\*=UTF-8''ktp\.jpg$/);
        expect(res.headers.get('x-content-type-options')).toBe('nosniff');
        expect(res.headers.get('cache-control')).toBe('no-store');
        const bytes = Buffer.from(await res.arrayBuffer());
        expect((await sharp(bytes).metadata()).exif).toBeUndefined();
        const entries = await b.store.audit.list({ caseId, action: 'attachment.view' });
        expect(entries.length).toBe(before + 1);
        expect(entries[0]).toMatchObject({ actor: 'kepala_uptd', details: { attachment: ktp, requirement: 'ktp-kk', via: 'api' } });
      });

      it('the Sekretaris reads the case but not the KTP: masked in the case, 403 on download, nothing audited as seen', async () => {
        const k = (await (await api(`/cases/${caseId}`, 'sekretaris')).json()) as any;
        const shown = k.attachments.find((a: any) => a.requirement === 'ktp-kk');
        expect(shown).toEqual({ requirement: 'ktp-kk', masked: true });
        expect(JSON.stringify(k)).not.toContain(ktp);
        expect(JSON.stringify(k)).not.toContain('ktp.jpg');
        // The media report is not sensitive: the Sekretaris sees and downloads it.
        expect(k.attachments.find((a: any) => a.requirement === 'laporan-media')).toMatchObject({ id: media, name: 'berita.pdf' });
        const before = (await b.store.audit.list({ caseId, action: 'attachment.view' })).length;
        const refused = await api(`/files/${ktp}`, 'sekretaris');
        expect(refused.status).toBe(403);
        expect(((await refused.json()) as any).error).toMatch(/identitas/);
        expect((await b.store.audit.list({ caseId, action: 'attachment.view' })).length).toBe(before);
        expect((await api(`/files/${media}`, 'sekretaris')).status).toBe(200);
      });

      it('a role that may not open the case gets the same 404 as for a file that does not exist', async () => {
        const closed = await api(`/files/${ktp}`, 'admin');
        const missing = await api(`/files/lp-${'A'.repeat(22)}`, 'admin');
        const malformed = await api('/files/tidak-ada', 'admin');
        expect(closed.status).toBe(404);
        expect(missing.status).toBe(404);
        expect(malformed.status).toBe(404);
        const [a, m, x] = [await closed.text(), await missing.text(), await malformed.text()];
        expect(a).toBe(m);
        expect(x).toBe(m);
      });

      it('an upload waits for its uploader only, and goes to one case once', async () => {
        const id = (await upload('front_office', { name: 'kk.pdf', type: 'application/pdf', bytes: PDF })).json.id;
        expect((await api(`/files/${id}`, 'kepala_uptd')).status).toBe(404);
        expect((await api(`/files/${id}`, 'front_office')).status).toBe(200);
        const first = await api('/cases', 'front_office', { workflow: 'respon-kasus-anak', data: directIntake(), requirements: { 'ktp-kk': [id] } });
        expect(first.status).toBe(201);
        const again = await api('/cases', 'front_office', { workflow: 'respon-kasus-anak', data: directIntake(), requirements: { 'ktp-kk': [id] } });
        expect(again.status).toBe(422);
        expect(((await again.json()) as any).fields['persyaratan.ktp-kk']).toMatch(/tidak ditemukan/);
      });

      it('refuses a requirement without uploads, another person\'s upload, and an id that is no upload', async () => {
        const theirs = (await upload('bidang_teknis', { name: 'x.pdf', type: 'application/pdf', bytes: PDF })).json.id;
        const r = await api('/cases', 'front_office', { workflow: 'respon-kasus-anak', data: directIntake(), requirements: { 'ktp-kk': [theirs] } });
        expect(r.status).toBe(422);
        const unknown = await api('/cases', 'front_office', { workflow: 'respon-kasus-anak', data: directIntake(), requirements: { 'tidak-ada': [theirs] } });
        expect(unknown.status).toBe(422);
        expect(((await unknown.json()) as any).fields['persyaratan.tidak-ada']).toBeDefined();
        const shape = await api('/cases', 'front_office', { workflow: 'respon-kasus-anak', data: directIntake(), requirements: ['x'] });
        expect(shape.status).toBe(422);
        // Refused together with the form's own errors: one answer with every message.
        const both = await api('/cases', 'front_office', { workflow: 'respon-kasus-anak', data: directIntake({ anak_nama: '' }), requirements: { 'ktp-kk': [theirs] } });
        expect(both.status).toBe(422);
        const fields = ((await both.json()) as any).fields;
        expect(Object.keys(fields).sort()).toEqual(['anak_nama', 'persyaratan.ktp-kk']);
      });

      it.skipIf(kind !== 'file')('the files are in a backup and come back with a restore', async () => {
        const tmp = await mkdtemp(join(tmpdir(), 'alur-lampiran-'));
        try {
          const report = await backup(join(b.dir, 'data'), join(tmp, 'cadangan.tar.gz'), { live: true });
          expect(report.files).toBeGreaterThan(0);
          await restore(join(tmp, 'cadangan.tar.gz'), join(tmp, 'pulih'));
          const restored = await openStore(join(tmp, 'pulih'));
          try {
            const doc = await restored.records.get('attachment', ktp);
            expect(doc?.caseId).toBe(caseId);
            const bytes = await restored.blobs.get(String(doc!.data.blob));
            expect((await sharp(Buffer.from(bytes!)).metadata()).format).toBe('jpeg');
          } finally {
            await restored.close();
          }
        } finally {
          await rm(tmp, { recursive: true, force: true });
        }
      });
    });
  });
}
