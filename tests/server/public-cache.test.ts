/**
 * The public standard page is kept per published version: the same version is served from memory, a publish
 * from the editor serves the new standard and diagram at once, and a signed-in person never gets a visitor's page
 * (nor a visitor theirs).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { csrfOf, FORM, makeBench, type Bench } from './helpers.ts';

const ID = 'respon-kasus-anak';
let b: Bench;

beforeEach(async () => {
  b = await makeBench();
});
afterEach(() => b.close());

/** The seed with the Kepala Dinas's direction given to the Sekretaris and 2 days to complete. */
const edited = (s: string) =>
  s.replace(/(- id: arahan-kepala-dinas[\s\S]*?role: )kepala_dinas/, '$1sekretaris').replace('duration: P1D', 'duration: P2D').replace('text: 1 Hari', 'text: 2 Hari');
const diagramOf = (html: string) => /<figure class="diagram"[\s\S]*?<\/figure>/.exec(html)?.[0] ?? '';
const page = async (cookie?: string) => {
  const res = await b.app.request(`/layanan/${ID}`, { headers: cookie ? { cookie } : {} });
  expect(res.status).toBe(200);
  expect(res.headers.get('cache-control')).toBe('no-store');
  return res.text();
};

describe('public standard page per published version', () => {
  it('serves the same page for the same version, and the new standard and diagram right after a publish', async () => {
    const before = await page();
    expect(before).toContain('1 Hari');
    expect(diagramOf(before)).toContain('<svg');
    expect(await page()).toBe(before);

    const admin = await b.login('admin');
    const source = await readFile(join(b.dir, 'workflows', `${ID}.yaml`), 'utf8');
    const done = await b.app.request(`/admin/layanan/${ID}/terbitkan`, {
      method: 'POST',
      headers: { cookie: admin, ...FORM },
      body: new URLSearchParams({ _csrf: csrfOf(admin), sumber: edited(source), sk_nomor: 'KPTS.800/DISSOSP3A-Set/05', sk_berlaku: '2027-01-04', _dasar: '1' }),
    });
    expect(done.status).toBe(303);

    const after = await page();
    expect(after).not.toBe(before);
    expect(after).toContain('2 Hari');
    expect(after).not.toContain('1 Hari');
    expect(after).toContain('KPTS.800/DISSOSP3A-Set/05');
    // The diagram is drawn for the new version: step 7 now sits in the Sekretaris's lane, so the drawing differs.
    expect(diagramOf(after)).toContain('<svg');
    expect(diagramOf(after)).not.toBe(diagramOf(before));
    expect(await page()).toBe(after);
  });

  it('gives a signed-in person their own menu and form token, never a visitor the signed-in page', async () => {
    const visitor = await page();
    const clerk = await b.login('front_office');
    const staff = await page(clerk);
    expect(staff).toContain('Keluar');
    expect(staff).toContain(csrfOf(clerk));
    expect(diagramOf(staff)).toBe(diagramOf(visitor));
    const again = await page();
    expect(again).toBe(visitor);
    expect(again).not.toContain('Keluar');
    expect(again).not.toContain('Uji front_office');
    expect(again).toContain('Masuk petugas');
  });
});
