/**
 * Need-to-know across versions: a case keeps the steps, forms and deadlines of the version it started on, but who
 * may open it and see identities is the stricter of that version and the version in force. Version 2 here takes
 * Bidang Teknis off the service (its step goes to the back office) and off identities, adds a Pekerja Sosial as a
 * reader, and marks the document check's note as identifying; cases started on version 1 must follow all of it,
 * except that the role a waiting step belongs to still opens that step's task (masked), so the case can finish.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../../server/auth/users.ts';
import { publishVersion } from '../../../server/versions.ts';
import { csrfOf, FORM, formBody, makeBench, PASSWORD, type Bench } from '../helpers.ts';
import { api, CONTENT, found, IDENTITY, IDENTITY_MARKERS, markedIntake, seedMarkedCases } from './fixtures.ts';

let b: Bench;
const tokens: Record<string, string> = {};
const cookies: Record<string, string> = {};
let v1: { open: string; middle: string; closed: string };
/** A second case waiting at step 3 on version 1, done through the page. */
let middle2: string;
let v2Case: string;

/** Version 2 of the seed: the changes described at the top. */
function version2(source: string): string {
  const out = source
    .replace('  kepala_dinas: Kepala Dinas\n', '  kepala_dinas: Kepala Dinas\n  pekerja_sosial: Pekerja Sosial\n')
    .replace('read: [kepala_uptd]', 'read: [kepala_uptd, pekerja_sosial]')
    .replace('sensitive: [front_office, bidang_teknis, back_office, kepala_uptd]', 'sensitive: [front_office, back_office, kepala_uptd]')
    .replace('    role: bidang_teknis\n', '    role: back_office\n')
    .replace('        label: Catatan pemeriksaan\n        type: textarea\n', '        label: Catatan pemeriksaan\n        type: textarea\n        sensitive: true\n');
  if (out.split('\n').length !== source.split('\n').length + 2) throw new Error('version 2: a replacement did not apply');
  return out;
}

async function page(who: string, path: string) {
  const res = await b.app.request(path, { headers: { cookie: cookies[who]! } });
  return { status: res.status, text: await res.text() };
}

beforeAll(async () => {
  b = await makeBench();
  await createUser(b.store.users, { username: 'pekerja_sosial', roles: ['pekerja_sosial'], password: PASSWORD, displayName: 'Uji pekerja sosial', now: b.clock.now });
  for (const u of ['front_office', 'bidang_teknis', 'back_office', 'kepala_uptd', 'sekretaris', 'kepala_dinas']) tokens[u] = await b.token(u);
  v1 = await seedMarkedCases(b, tokens);
  middle2 = (await seedMarkedCases(b, tokens)).middle;
  const source = await readFile(join(b.dir, 'workflows', 'respon-kasus-anak.yaml'), 'utf8');
  const done = await publishVersion(b.store, b.workflows, {
    workflow: 'respon-kasus-anak',
    source: version2(source),
    decree: 'KPTS.800/UJI/02',
    effective: '2026-12-01',
    by: 'admin',
    now: b.clock.now,
    basedOn: 1,
  });
  if (!done.ok) throw new Error(`publish: ${done.error} ${JSON.stringify(done.errors ?? done.fields ?? '')}`);
  tokens.pekerja_sosial = await b.token('pekerja_sosial');
  for (const u of Object.keys(tokens)) cookies[u] = await b.login(u);
  const r = await api(b, tokens.front_office, '/api/v1/cases', { body: { workflow: 'respon-kasus-anak', data: markedIntake() } });
  if (r.status !== 201) throw new Error(`v2 case: ${r.status} ${r.text}`);
  v2Case = (JSON.parse(r.text) as { id: string; version: number }).id;
});
afterAll(() => b.close());

describe('access to cases started on an older version', () => {
  it('runs the old cases on version 1 and the new one on version 2', async () => {
    expect(JSON.parse((await api(b, tokens.front_office, `/api/v1/cases/${v1.open}`)).text).version).toBe(1);
    expect(JSON.parse((await api(b, tokens.front_office, `/api/v1/cases/${v2Case}`)).text).version).toBe(2);
  });

  it('closes old cases to a role the version in force no longer lets read them', async () => {
    expect((await page('bidang_teknis', `/kasus/${v1.open}`)).status).toBe(404);
    expect((await page('bidang_teknis', `/kasus/${v1.closed}`)).status).toBe(404);
    expect((await api(b, tokens.bidang_teknis, `/api/v1/cases/${v1.closed}`)).status).toBe(404);
    const list = await page('bidang_teknis', '/kasus');
    for (const id of [v1.open, v1.closed, v2Case]) expect(list.text).not.toContain(id);
  });

  it('still lets that role do the old step waiting for it, without identities', async () => {
    const task = await page('bidang_teknis', `/tugas/${v1.middle}/proses-laporan`);
    expect(task.status).toBe(200);
    expect(found(task.text, IDENTITY_MARKERS)).toEqual([]);
    expect(task.text).toContain('disembunyikan');
    const json = await api(b, tokens.bidang_teknis, `/api/v1/cases/${v1.middle}`);
    expect(json.status).toBe(200);
    expect(found(json.text, IDENTITY_MARKERS)).toEqual([]);
    const views = await b.store.audit.list({ caseId: v1.middle, actor: 'bidang_teknis', action: 'case.view' });
    expect(views.length).toBeGreaterThan(0);
    expect(views.every((e) => (e.details as { sensitive: boolean }).sensitive === false)).toBe(true);

    const rev = (JSON.parse(json.text) as { rev: number }).rev;
    const done = await api(b, tokens.bidang_teknis, `/api/v1/cases/${v1.middle}/steps/proses-laporan`, {
      body: { data: { hasil_asesmen: IDENTITY.hasil_asesmen, kebutuhan_layanan: ['layanan_kesehatan'] }, rev },
    });
    expect(done.status).toBe(200);
    // The answer shows the case as it now is: still without identities (what the clerk typed included).
    expect(found(done.text, IDENTITY_MARKERS)).toEqual([]);
    // Done: the case is no longer theirs to open.
    expect((await page('bidang_teknis', `/kasus/${v1.middle}`)).status).toBe(404);
  });

  it('sends the clerk back to the inbox after the page form, since the case is no longer theirs to open', async () => {
    const cookie = cookies.bidang_teknis!;
    const res = await b.app.request(`/tugas/${middle2}/proses-laporan`, {
      method: 'POST',
      headers: { cookie, ...FORM },
      body: formBody({ _csrf: csrfOf(cookie), hasil_asesmen: 'Asesmen kedua.', kebutuhan_layanan: 'rujukan' }),
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/tugas?selesai=1');
    const inbox = await page('bidang_teknis', '/tugas?selesai=1');
    expect(inbox.text).toContain('Langkah selesai dan tercatat');
    expect(inbox.text).not.toContain(middle2);
  });

  it('does not open old cases to a role only the version in force added', async () => {
    const list = await page('pekerja_sosial', '/kasus');
    expect(list.status).toBe(200);
    for (const id of [v1.open, v1.middle, v1.closed]) expect(list.text).not.toContain(id);
    expect(list.text).toContain(v2Case);
    expect((await page('pekerja_sosial', `/kasus/${v1.closed}`)).status).toBe(404);
    expect((await api(b, tokens.pekerja_sosial, `/api/v1/cases/${v1.closed}`)).status).toBe(404);
    const fresh = await page('pekerja_sosial', `/kasus/${v2Case}`);
    expect(fresh.status).toBe(200);
    expect(found(fresh.text, IDENTITY_MARKERS)).toEqual([]);
  });

  it('hides on old cases a value the version in force marks as identifying', async () => {
    const marker = CONTENT.catatan_pemeriksaan.split(' ')[0]!;
    for (const path of [`/kasus/${v1.closed}`, `/kasus/${v1.closed}/dokumen`]) {
      const r = await page('sekretaris', path);
      expect(r.status, path).toBe(200);
      expect(r.text, path).not.toContain(marker);
    }
    expect((await api(b, tokens.sekretaris, `/api/v1/cases/${v1.closed}`)).text).not.toContain(marker);
    // A role that may see identities under both versions still sees it, and the child's name.
    const fo = await page('front_office', `/kasus/${v1.closed}`);
    expect(fo.text).toContain(marker);
    expect(found(fo.text, IDENTITY_MARKERS).length).toBeGreaterThan(0);
  });

  it('keeps the audit page to the same rule', async () => {
    // Kepala UPTD PPA reads under both versions and sees the recorded values of the old case.
    const r = await page('kepala_uptd', `/audit?kasus=${v1.closed}`);
    expect(r.status).toBe(200);
    expect(r.text).toContain(CONTENT.rencana_respon.split(':')[0]!);
  });
});
