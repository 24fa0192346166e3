/**
 * Looking a case up by the child's name on /kasus: through the blind index (keyed hashes of the name's words kept
 * beside each summary), for the roles that see identities only, the name sent by POST and never written anywhere
 * in clear (not in the summaries, not in the audit entry of the search).
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csrfOf, directIntake, FORM, formBody, makeBench, type Bench } from './helpers.ts';
import { api } from './security/fixtures.ts';

let b: Bench;
const ids: Record<string, string> = {};

async function search(cookie: string, nama: string, extra: Record<string, string> = {}) {
  const res = await b.app.request('/kasus/cari', { method: 'POST', headers: { cookie, ...FORM }, body: formBody({ _csrf: csrfOf(cookie), nama, ...extra }) });
  const html = await res.text();
  return { status: res.status, html, found: Object.entries(ids).filter(([, id]) => html.includes(id)).map(([name]) => name).sort() };
}

beforeAll(async () => {
  b = await makeBench();
  const fo = await b.token('front_office');
  for (const name of ['Rina Anggraini', 'Rina Wati', 'Budi Santoso', 'Dédé Ánggraini']) {
    const r = await api(b, fo, '/api/v1/cases', { body: { workflow: 'respon-kasus-anak', data: directIntake({ anak_nama: name }) } });
    expect(r.status, r.text).toBe(201);
    ids[name] = (JSON.parse(r.text) as { id: string }).id;
  }
}, 60_000);
afterAll(() => b.close());

describe('name search through the blind index', () => {
  it('finds cases whose child has every word typed, whatever the case or accents, for a role that sees identities', async () => {
    const cookie = await b.login('kepala_uptd');
    const page = await (await b.app.request('/kasus', { headers: { cookie } })).text();
    expect(page).toContain('name="nama"');
    expect(page).toContain('action="/kasus/cari"');
    expect((await search(cookie, 'rina')).found).toEqual(['Rina Anggraini', 'Rina Wati']);
    expect((await search(cookie, 'RINA  anggraini')).found).toEqual(['Rina Anggraini']);
    expect((await search(cookie, 'anggraini')).found).toEqual(['Dédé Ánggraini', 'Rina Anggraini']);
    expect((await search(cookie, 'dede')).found).toEqual(['Dédé Ánggraini']);
    // Whole words, not parts of them; a name nobody has finds nothing (not every case).
    expect((await search(cookie, 'Rin')).found).toEqual([]);
    expect((await search(cookie, 'Zulkarnain')).found).toEqual([]);
    expect((await search(cookie, '  ')).found.length).toBe(4);
    // Other filters still apply beside the name.
    expect((await search(cookie, 'rina', { status: 'closed' })).found).toEqual([]);
  });

  it('offers nothing to a role that may not see identities, and a name posted anyway tells it nothing', async () => {
    const cookie = await b.login('sekretaris');
    const page = await (await b.app.request('/kasus', { headers: { cookie } })).text();
    expect(page).not.toContain('name="nama"');
    const a = await search(cookie, 'Rina');
    const z = await search(cookie, 'Zulkarnain');
    expect(a.status).toBe(200);
    expect(a.found).toEqual(z.found);
  });

  it('keeps only keyed hashes of the words beside the summaries, and logs the search without the name', async () => {
    const cookie = await b.login('kepala_uptd');
    await search(cookie, 'Budi');
    const s = await b.store.cases.summary(ids['Budi Santoso']!);
    expect(s!.search).toHaveLength(2);
    for (const t of s!.search!) expect(t).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const dir = join(b.dir, 'data');
    for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
      if (!entry.isFile()) continue;
      const text = (await readFile(join(entry.parentPath, entry.name), 'utf8')).toLowerCase();
      for (const word of ['santoso', 'anggraini']) expect(text, `${entry.name}: ${word}`).not.toContain(word);
    }
    const logged = await b.store.audit.list({ action: 'case.search', actor: 'kepala_uptd' });
    expect(logged.length).toBeGreaterThan(0);
    expect(JSON.stringify(logged)).not.toMatch(/budi/i);
  });
});
