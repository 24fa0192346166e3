/**
 * Children's data, looked at from the places the access matrix does not reach: the audit of every page that shows
 * a case (also a refused form shown again), what a shared office PC keeps (browser autofill of names, pages after
 * signing out), and what an administrator can grant themselves.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkCases } from '../../../server/audit/case-check.ts';
import { createUser } from '../../../server/auth/users.ts';
import { seedDemoCases } from '../../../server/demo.ts';
import { publishVersion } from '../../../server/versions.ts';
import { csrfOf, FORM, formBody, makeBench, PASSWORD, type Bench } from '../helpers.ts';
import { found, IDENTITY_MARKERS, seedMarkedCases } from './fixtures.ts';

let b: Bench;
const tokens: Record<string, string> = {};
const cookies: Record<string, string> = {};
let ids: { open: string; middle: string; closed: string };

beforeAll(async () => {
  b = await makeBench();
  for (const u of ['front_office', 'bidang_teknis', 'back_office', 'kepala_uptd', 'sekretaris', 'kepala_dinas']) {
    tokens[u] = await b.token(u);
    cookies[u] = await b.login(u);
  }
  ids = await seedMarkedCases(b, tokens);
});
afterAll(() => b.close());

describe('audit of every page that shows a case', () => {
  it('records a refused step form shown again with the case beside it, like the task page itself', async () => {
    const cookie = cookies.front_office!;
    const before = (await b.store.audit.list({ caseId: ids.open, action: 'case.view' })).length;
    const res = await b.app.request(`/tugas/${ids.open}/periksa-dokumen`, { method: 'POST', headers: { cookie, ...FORM }, body: formBody({ _csrf: csrfOf(cookie) }) });
    expect(res.status).toBe(422);
    expect(found(await res.text(), IDENTITY_MARKERS).length).toBeGreaterThan(0);
    const views = await b.store.audit.list({ caseId: ids.open, action: 'case.view' });
    expect(views.length).toBe(before + 1);
    expect(views[0]).toMatchObject({ actor: 'front_office', details: { page: 'tugas', sensitive: true } });
  });

  it('does not count the htmx answer of a refused form, which shows only what was typed', async () => {
    const cookie = cookies.front_office!;
    const before = (await b.store.audit.list({ caseId: ids.open, action: 'case.view' })).length;
    const res = await b.app.request(`/tugas/${ids.open}/periksa-dokumen`, {
      method: 'POST',
      headers: { cookie, ...FORM, 'hx-request': 'true' },
      body: formBody({ _csrf: csrfOf(cookie) }),
    });
    expect(res.status).toBe(422);
    expect(found(await res.text(), IDENTITY_MARKERS)).toEqual([]);
    expect((await b.store.audit.list({ caseId: ids.open, action: 'case.view' })).length).toBe(before);
  });
});

describe('what a shared office PC keeps', () => {
  it('asks the browser not to remember or offer what was typed into identifying fields', async () => {
    const cookie = cookies.front_office!;
    const html = await (await b.app.request('/lapor/respon-kasus-anak', { headers: { cookie } })).text();
    const sensitive = ['pelapor_nama', 'pelapor_nik', 'pelapor_telepon', 'anak_nama', 'anak_nik', 'anak_tanggal_lahir', 'anak_alamat', 'anak_wali', 'terlapor_nama', 'kejadian_tempat', 'kronologi'];
    for (const name of sensitive) {
      const tag = new RegExp(`<(input|textarea)[^>]*\\sname="${name}"[^>]*>`).exec(html)?.[0];
      expect(tag, name).toBeDefined();
      expect(tag, name).toContain('autocomplete="off"');
    }
    // Ordinary fields keep the browser's help.
    const plain = /<input[^>]*\sname="diterima_pada"[^>]*>/.exec(html)![0];
    expect(plain).not.toContain('autocomplete');
    // The same on a later step's form (Bidang Teknis's assessment is identifying too).
    const task = await (await b.app.request(`/tugas/${ids.middle}/proses-laporan`, { headers: { cookie: cookies.bidang_teknis! } })).text();
    expect(/<textarea[^>]*\sname="hasil_asesmen"[^>]*>/.exec(task)![0]).toContain('autocomplete="off"');
  });
});

describe('nothing of a case stays in the browser', () => {
  it('empties the browser cache (and with it the back button) at sign-out', async () => {
    const cookie = await b.login('front_office');
    const res = await b.app.request('/logout', { method: 'POST', headers: { cookie, ...FORM }, body: formBody({ _csrf: csrfOf(cookie) }) });
    expect(res.status).toBe(303);
    expect(res.headers.get('clear-site-data')).toContain('"cache"');
  });

  it('sends no-store on every answer that may carry case data: pages, fragments, refusals, JSON and server errors', async () => {
    const cookie = cookies.front_office!;
    const csrf = csrfOf(cookie);
    const answers: Array<[string, Response]> = [
      ['case page', await b.app.request(`/kasus/${ids.open}`, { headers: { cookie } })],
      ['refused form', await b.app.request(`/tugas/${ids.open}/periksa-dokumen`, { method: 'POST', headers: { cookie, ...FORM }, body: formBody({ _csrf: csrf }) })],
      ['htmx refresh', await b.app.request(`/tugas/${ids.open}/periksa-dokumen/isian`, { method: 'POST', headers: { cookie, ...FORM, 'hx-request': 'true' }, body: formBody({ _csrf: csrf, dokumen_lengkap: 'tidak' }) })],
      ['forbidden', await b.app.request(`/kasus/${ids.open}`, { headers: { cookie: (await b.login('admin')) } })],
      ['api case', await b.app.request(`/api/v1/cases/${ids.open}`, { headers: { authorization: `Bearer ${tokens.front_office}` } })],
      ['api refusal', await b.app.request(`/api/v1/cases/${ids.open}/steps/periksa-dokumen`, { method: 'POST', headers: { authorization: `Bearer ${tokens.front_office}`, 'content-type': 'application/json' }, body: '{"data": {}}' })],
      ['redirect to sign-in', await b.app.request(`/kasus/${ids.open}`)],
    ];
    const broken = await makeBench();
    try {
      const c2 = await broken.login('front_office');
      await broken.store.close(); // every read of a case now throws: the answer is the 500 page
      answers.push(['server error page', await broken.app.request('/kasus', { headers: { cookie: c2 } })]);
    } finally {
      await broken.close();
    }
    for (const [what, res] of answers) expect(res.headers.get('cache-control'), `${what} (${res.status})`).toBe('no-store');
    expect(answers.at(-1)![1].status).toBe(500);
  });
});

describe('the administrator runs alur, not the cases', () => {
  it('refuses a version of a service that makes the administrator one of its roles', async () => {
    const source = await readFile(join(b.dir, 'workflows', 'respon-kasus-anak.yaml'), 'utf8');
    const granted = source
      .replace('  kepala_dinas: Kepala Dinas\n', '  kepala_dinas: Kepala Dinas\n  admin: Administrator\n')
      .replace('read: [kepala_uptd]', 'read: [kepala_uptd, admin]');
    expect(granted).not.toBe(source);
    const done = await publishVersion(b.store, b.workflows, { workflow: 'respon-kasus-anak', source: granted, decree: 'KPTS.800/UJI/ADMIN', effective: '2026-12-01', by: 'admin', now: b.clock.now, basedOn: 1 });
    expect(done.ok).toBe(false);
    if (done.ok) return;
    expect(done.errors?.map((e) => e.message).join('\n')).toMatch(/admin/);
    expect(b.workflows.get('respon-kasus-anak')!.version).toBe(1);
  });

  it("does not give one account the administrator's role and a role of the cases", async () => {
    const cookie = await b.login('admin');
    const res = await b.app.request('/pengguna', {
      method: 'POST',
      headers: { cookie, ...FORM },
      body: formBody({ _csrf: csrfOf(cookie), username: 'ganda', name: 'Akun Ganda', roles: ['admin', 'kepala_uptd'] }),
    });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('administrator');
    expect((await b.store.users.get('ganda'))).toBeUndefined();
    await expect(createUser(b.store.users, { username: 'ganda2', roles: ['admin', 'front_office'], password: PASSWORD, now: b.clock.now })).rejects.toThrow(/administrator/);
  });
});

describe('a faithful record', () => {
  it('writes the demo cases into the audit log like cases recorded by hand', async () => {
    const d = await makeBench();
    try {
      const made = await seedDemoCases(d.store, d.workflows, d.clock.now);
      expect(made.length).toBeGreaterThan(0);
      for (const id of made) {
        const k = (await d.store.cases.get(id))!;
        const entries = await d.store.audit.list({ caseId: id, limit: 1000 });
        const steps = k.history.filter((e) => e.type === 'completed').length;
        expect(entries.filter((e) => e.action === 'case.start'), id).toHaveLength(1);
        expect(entries.filter((e) => e.action === 'step.complete'), id).toHaveLength(steps - 1);
        expect(entries.every((e) => (e.details as { demo?: boolean }).demo === true)).toBe(true);
      }
      expect((await d.store.audit.verify()).ok).toBe(true);
      // And they pass the same check as cases made by hand: case files and log tell the same story.
      const all = await Promise.all(made.map(async (id) => (await d.store.cases.get(id))!));
      expect(checkCases(all, await d.store.audit.list({ limit: 100_000 }))).toEqual([]);
    } finally {
      await d.close();
    }
  });
});

describe('taking access away', () => {
  it('a role taken from an account, or the account disabled, counts from its very next request (session and token)', async () => {
    await createUser(b.store.users, { username: 'pindah', roles: ['front_office'], password: PASSWORD, displayName: 'Petugas Pindah', now: b.clock.now });
    const cookie = await b.login('pindah');
    const token = await b.token('pindah');
    const open = () => b.app.request(`/kasus/${ids.open}`, { headers: { cookie } });
    const read = () => b.app.request(`/api/v1/cases/${ids.open}`, { headers: { authorization: `Bearer ${token}` } });
    expect((await open()).status).toBe(200);
    expect((await read()).status).toBe(200);
    // Moved to the Sekretaris's office: the same session and token now see the case without identities.
    await b.store.users.update('pindah', (u) => ({ ...u, roles: ['sekretaris'] }));
    const page = await open();
    expect(page.status).toBe(200);
    expect(found(await page.text(), IDENTITY_MARKERS)).toEqual([]);
    expect(found(await (await read()).text(), IDENTITY_MARKERS)).toEqual([]);
    // Left the Dinas: nothing at all.
    await b.store.users.update('pindah', (u) => ({ ...u, roles: [] }));
    expect((await open()).status).toBe(404);
    expect((await read()).status).toBe(404);
    await b.store.users.update('pindah', (u) => ({ ...u, roles: ['front_office'], disabled: true }));
    expect((await open()).status).toBe(303);
    expect((await read()).status).toBe(401);
  });
});

describe('the audit page is a view of the cases it shows', () => {
  it('records who read identities on the audit page, per case, and nothing when none were shown', async () => {
    const cookie = cookies.kepala_uptd!;
    const before = await b.store.audit.list({ caseId: ids.closed, action: 'case.view', limit: 1000 });
    const page = await b.app.request(`/audit?kasus=${ids.closed}`, { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(found(await page.text(), IDENTITY_MARKERS).length).toBeGreaterThan(0);
    const after = await b.store.audit.list({ caseId: ids.closed, action: 'case.view', limit: 1000 });
    expect(after.length).toBe(before.length + 1);
    expect(after[0]).toMatchObject({ actor: 'kepala_uptd', details: { page: 'audit', sensitive: true } });

    // The administrator sees no values there: nothing to record.
    const admin = await b.login('admin');
    const count = (await b.store.audit.list({ action: 'case.view', limit: 100_000 })).length;
    const r = await b.app.request(`/audit?kasus=${ids.closed}`, { headers: { cookie: admin } });
    expect(found(await r.text(), IDENTITY_MARKERS)).toEqual([]);
    expect((await b.store.audit.list({ action: 'case.view', limit: 100_000 })).length).toBe(count);
  });
});
