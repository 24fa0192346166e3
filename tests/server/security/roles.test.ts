/**
 * Changing an account's roles when someone changes post: the administrator's form on the Pengguna page (CSRF,
 * roles grouped per service, confirmation, refusals beside the form), the audit entry with the roles before and
 * after, the effect on the account's open session and API token at their very next request, and the rule that the
 * last active administrator keeps the role, even when two administrators demote each other at the same moment.
 */
import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changeRoles, RolesRefusedError } from '../../../server/auth/accounts.ts';
import { ADMIN_ROLE, createUser } from '../../../server/auth/users.ts';
import { syncFolder } from '../../../server/workflows.ts';
import { csrfOf, FORM, formBody, makeBench, PASSWORD, type Bench } from '../helpers.ts';
import { api, DIRECT_PATH, markedIntake, seedMarkedCases } from './fixtures.ts';

let b: Bench;
const tokens: Record<string, string> = {};
let ids: { open: string; middle: string; closed: string };
/** A case waiting at step 4 (Petugas Back Office: rencana respon). */
let atPlan: string;

beforeAll(async () => {
  b = await makeBench();
  // The office runs three services: roles of other services exist, and some roles serve several of them.
  for (const name of ['pengaduan-layanan.yaml', 'rekomendasi-bantuan-sosial.yaml']) {
    await copyFile(new URL(`../../../workflows/${name}`, import.meta.url), join(b.dir, 'workflows', name));
  }
  const sync = await syncFolder(b.workflows, b.clock.now);
  if (sync.refused.length) throw new Error(JSON.stringify(sync.refused));
  for (const u of DIRECT_PATH.map(([user]) => user)) tokens[u] = await b.token(u);
  ids = await seedMarkedCases(b, tokens);
  const r = await api(b, tokens.front_office, '/api/v1/cases', { body: { workflow: 'respon-kasus-anak', data: markedIntake() } });
  const c = JSON.parse(r.text) as { id: string; rev: number };
  let rev = c.rev;
  for (const [user, step, data] of DIRECT_PATH.slice(0, 2)) {
    const s = await api(b, tokens[user], `/api/v1/cases/${c.id}/steps/${step}`, { body: { data, rev } });
    if (s.status !== 200) throw new Error(`${step}: ${s.status} ${s.text}`);
    rev = (JSON.parse(s.text) as { rev: number }).rev;
  }
  atPlan = c.id;
});
afterAll(() => b.close());

function post(cookie: string, path: string, values: Record<string, unknown>) {
  return b.app.request(path, { method: 'POST', headers: { ...FORM, cookie }, body: formBody({ _csrf: csrfOf(cookie), ...values }) });
}

/** The roles form of one account on the Pengguna page. */
function rolesForm(html: string, username: string): string {
  const start = html.indexOf(`action="/pengguna/${username}/peran"`);
  expect(start, `roles form of ${username}`).toBeGreaterThan(0);
  return html.slice(start, html.indexOf('</form>', start));
}

const rolesAudit = () => b.store.audit.list({ action: 'user.roles', limit: 1000 });

describe('the Pengguna page', () => {
  it('offers every declared role once per account, grouped per service, the administrator apart, ticked as held', async () => {
    const admin = await b.login('admin');
    const html = await (await b.app.request('/pengguna', { headers: { cookie: admin } })).text();
    const form = rolesForm(html, 'fo2');
    expect(form).toContain(`name="_csrf" value="${csrfOf(admin)}"`);
    const legends = [...form.matchAll(/<legend>([^<]+)<\/legend>/g)].map((m) => m[1]);
    expect(legends).toEqual(['Peran fo2', 'Peran di beberapa layanan', 'Pengaduan Layanan', 'Rekomendasi Bantuan Sosial', 'Respon Kasus Anak', 'Pengelolaan alur']);
    const offered = [...form.matchAll(/name="roles" value="([^"]+)"/g)].map((m) => m[1]!);
    // Pemohon names who a service is for, not a staff account: no box offers it.
    const declared = [...b.workflows.roles().map((r) => r.id).filter((r) => r !== 'pemohon'), ADMIN_ROLE];
    expect(html).not.toContain('value="pemohon"');
    expect([...offered].sort()).toEqual([...declared].sort());
    // A role of several services is one checkbox naming them; the Kepala Dinas serves all three.
    expect(form).toMatch(/Kepala Dinas<small class="role-note"> \(semua layanan\)<\/small>/);
    expect(form).toMatch(/Petugas Front Office<small class="role-note"> \(Rekomendasi Bantuan Sosial, Respon Kasus Anak\)<\/small>/);
    const ticked = [...form.matchAll(/value="([^"]+)" checked/g)].map((m) => m[1]);
    expect(ticked).toEqual(['front_office']);
    // The administrator's own account is changed nowhere on this page (no locking oneself out).
    expect(html).not.toContain('action="/pengguna/admin/peran"');
    // A role no loaded service declares any more has no box: the form says it goes when saved.
    await b.store.users.update('fo2', (u) => ({ ...u, roles: ['front_office', 'juru_arsip'] }));
    const stale = rolesForm(await (await b.app.request('/pengguna', { headers: { cookie: admin } })).text(), 'fo2');
    expect(stale).toContain('Peran juru_arsip tidak lagi dinyatakan oleh layanan mana pun');
    expect(stale).not.toContain('value="juru_arsip"');
    await b.store.users.update('fo2', (u) => ({ ...u, roles: ['front_office'] }));
    // The new-account form offers the same groups.
    const add = html.slice(html.indexOf('id="tambah"'), html.indexOf('</details>', html.indexOf('id="tambah"')));
    expect([...add.matchAll(/name="roles" value="([^"]+)"/g)].map((m) => m[1]!).sort()).toEqual([...declared].sort());
  });
});

describe('changing roles from the Pengguna page', () => {
  it('needs the form’s anti-forgery code, then saves, confirms and records who changed what', async () => {
    const admin = await b.login('admin');
    const forged = await b.app.request('/pengguna/fo2/peran', { method: 'POST', headers: { ...FORM, cookie: admin }, body: formBody({ roles: ['back_office'] }) });
    expect(forged.status).toBe(403);
    expect((await b.store.users.get('fo2'))!.roles).toEqual(['front_office']);
    expect(await rolesAudit()).toEqual([]);

    const res = await post(admin, '/pengguna/fo2/peran', { roles: ['back_office'] });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Peran akun fo2 diubah: Petugas Front Office → Petugas Back Office.');
    expect(html).toContain('flash flash-ok');
    expect((await b.store.users.get('fo2'))!.roles).toEqual(['back_office']);
    expect([...rolesForm(html, 'fo2').matchAll(/value="([^"]+)" checked/g)].map((m) => m[1])).toEqual(['back_office']);
    const entries = await rolesAudit();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actor: 'admin', action: 'user.roles', details: { username: 'fo2', before: ['front_office'], after: ['back_office'] } });

    // The same roles again: nothing to record.
    const same = await post(admin, '/pengguna/fo2/peran', { roles: ['back_office'] });
    expect(same.status).toBe(200);
    expect(await same.text()).toContain('Peran akun fo2 tidak berubah (Petugas Back Office).');
    expect(await rolesAudit()).toHaveLength(1);

    // The audit page names the action and the roles in Indonesian.
    const log = await (await b.app.request('/audit?aksi=user.roles', { headers: { cookie: admin } })).text();
    expect(log).toContain('Mengubah peran akun');
    expect(log).toContain('Peran: Petugas Front Office → Petugas Back Office');
    expect((await b.store.audit.verify()).ok).toBe(true);
  });

  it('refuses unknown roles, no role, the administrator with a service role, one’s own account, and anyone but the administrator', async () => {
    const admin = await b.login('admin');
    const before = (await rolesAudit()).length;
    const refusals: Array<[Record<string, unknown>, string]> = [
      [{ roles: ['peran-khayalan'] }, 'Peran tidak dikenal: peran-khayalan'],
      [{ roles: ['pemohon', 'PEMOHON'] }, 'Peran tidak dikenal: PEMOHON'],
      [{}, 'Pilih paling sedikit satu peran. Untuk mencabut semua akses akun ini, nonaktifkan akunnya.'],
      [{ roles: ['admin', 'kepala_uptd'] }, 'Peran administrator tidak digabung dengan peran layanan'],
    ];
    for (const [values, message] of refusals) {
      const res = await post(admin, '/pengguna/fo2/peran', values);
      expect(res.status, message).toBe(422);
      const html = await res.text();
      // At the top of the page, and beside the boxes as ticked, in the form left open.
      expect(html).toContain(`Peran akun fo2 belum diubah: ${message}`);
      const form = rolesForm(html, 'fo2');
      expect(form).toContain(`<p class="error">${message}`);
      const at = html.indexOf('action="/pengguna/fo2/peran"');
      expect(html.slice(html.lastIndexOf('<details', at), at)).toContain('open');
      const ticked = [...form.matchAll(/value="([^"]+)" checked/g)].map((m) => m[1]);
      // What was ticked stays ticked (a role that is not offered has no box to tick).
      const offered = new Set([...b.workflows.roles().map((r) => r.id).filter((r) => r !== 'pemohon'), ADMIN_ROLE]);
      expect(ticked.sort()).toEqual(((values.roles as string[] | undefined) ?? []).filter((r) => offered.has(r)).sort());
    }
    expect((await b.store.users.get('fo2'))!.roles).toEqual(['back_office']);
    expect((await post(admin, '/pengguna/admin/peran', { roles: ['admin'] })).status).toBe(409);
    expect((await post(admin, '/pengguna/tidak-ada/peran', { roles: ['sekretaris'] })).status).toBe(404);
    for (const who of ['front_office', 'kepala_uptd']) {
      const res = await post(await b.login(who), '/pengguna/fo2/peran', { roles: ['kepala_uptd'] });
      expect(res.status, who).toBe(403);
    }
    expect((await b.store.users.get('fo2'))!.roles).toEqual(['back_office']);
    expect(await rolesAudit()).toHaveLength(before);
  });
});

describe('the change counts from the next request', () => {
  it('moves an open session and an API token with the person: inbox, case list, and cases of a service no longer theirs', async () => {
    await createUser(b.store.users, { username: 'dewi', roles: ['front_office'], password: PASSWORD, displayName: 'Dewi (pindah tugas)', now: b.clock.now });
    const cookie = await b.login('dewi');
    const token = await b.token('dewi');
    const admin = await b.login('admin');
    const page = async (path: string) => {
      const res = await b.app.request(path, { headers: { cookie } });
      return { status: res.status, html: await res.text() };
    };
    const taskSteps = async () => (JSON.parse((await api(b, token, '/api/v1/tasks')).text) as Array<{ caseId: string; step: string }>).map((t) => `${t.caseId}/${t.step}`);

    // Front office: the open report waits for her.
    expect((await page('/tugas')).html).toContain(`/tugas/${ids.open}/periksa-dokumen`);
    expect(await taskSteps()).toContain(`${ids.open}/periksa-dokumen`);
    expect((await page(`/kasus/${ids.open}`)).status).toBe(200);

    // Moved to the back office: same session, same token, the back office's work.
    expect((await post(admin, '/pengguna/dewi/peran', { roles: ['back_office'] })).status).toBe(200);
    const inbox = await page('/tugas');
    expect(inbox.status).toBe(200);
    expect(inbox.html).not.toContain(`/tugas/${ids.open}/periksa-dokumen`);
    expect(inbox.html).toContain(`/tugas/${atPlan}/rencana-respon`);
    expect(await taskSteps()).toEqual([`${atPlan}/rencana-respon`]);
    expect((await page(`/tugas/${ids.open}/periksa-dokumen`)).status).toBe(403);
    const step = await api(b, token, `/api/v1/cases/${ids.open}/steps/periksa-dokumen`, { body: { data: { dokumen_lengkap: 'ya' } } });
    expect(step.status).toBe(403);

    // Moved to the complaints desk: no child's case any more, by page or by token; complaints instead.
    expect((await post(admin, '/pengguna/dewi/peran', { roles: ['petugas_pengaduan'] })).status).toBe(200);
    const list = await page('/kasus');
    expect(list.status).toBe(200);
    for (const id of [ids.open, ids.middle, atPlan]) expect(list.html).not.toContain(`/kasus/${id}`);
    expect((await page(`/kasus/${ids.open}`)).status).toBe(404);
    expect((await page(`/kasus/${ids.closed}`)).status).toBe(404);
    expect((await api(b, token, `/api/v1/cases/${ids.open}`)).status).toBe(404);
    expect((await api(b, token, `/api/v1/cases/${atPlan}`)).status).toBe(404);
    expect(await taskSteps()).toEqual([]);
    expect((await page('/tugas')).html).not.toContain(`/tugas/${atPlan}/`);
    expect((await page('/lapor/respon-kasus-anak')).status).toBe(403);
    expect((await page('/lapor/pengaduan-layanan')).status).toBe(200);
    // Nobody had to sign in again, and both changes are in the log.
    expect((await api(b, token, '/api/v1/me')).status).toBe(200);
    const log = (await rolesAudit()).filter((e) => (e.details as { username: string }).username === 'dewi');
    expect(log.map((e) => e.details)).toEqual([
      { username: 'dewi', before: ['back_office'], after: ['petugas_pengaduan'] },
      { username: 'dewi', before: ['front_office'], after: ['back_office'] },
    ]);
  });
});

describe('the last active administrator', () => {
  it('keeps the role, also when two administrators demote each other at the same moment', async () => {
    for (const u of ['admin2', 'admin3']) await createUser(b.store.users, { username: u, roles: [ADMIN_ROLE], password: PASSWORD, now: b.clock.now });
    const known = [...b.workflows.roles().map((r) => r.id), ADMIN_ROLE];
    // The first administrator is disabled: admin2 and admin3 are the only active ones.
    await b.store.users.update('admin', (u) => ({ ...u, disabled: true }));
    try {
      const both = await Promise.allSettled([
        changeRoles(b.store, { by: 'admin3', now: b.clock.now, username: 'admin2', roles: ['sekretaris'], known }),
        changeRoles(b.store, { by: 'admin2', now: b.clock.now, username: 'admin3', roles: ['sekretaris'], known }),
      ]);
      expect(both.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
      const refused = both.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect(refused.reason).toBeInstanceOf(RolesRefusedError);
      expect((refused.reason as Error).message).toMatch(/satu-satunya administrator yang aktif/);
      const admins = (await b.store.users.list()).filter((u) => !u.disabled && u.roles.includes(ADMIN_ROLE));
      expect(admins).toHaveLength(1);
      // A disabled administrator is no active one: its role may go.
      await expect(changeRoles(b.store, { by: admins[0]!.username, now: b.clock.now, username: 'admin', roles: ['sekretaris'], known })).resolves.toMatchObject({ changed: true });
      await changeRoles(b.store, { by: admins[0]!.username, now: b.clock.now, username: 'admin', roles: [ADMIN_ROLE], known });
    } finally {
      await b.store.users.update('admin', (u) => ({ ...u, disabled: false }));
    }
    // With the first administrator active again, the last one's demotion goes through.
    const last = (await b.store.users.list()).find((u) => u.username !== 'admin' && !u.disabled && u.roles.includes(ADMIN_ROLE))!;
    const res = await post(await b.login('admin'), `/pengguna/${last.username}/peran`, { roles: ['sekretaris'] });
    expect(res.status).toBe(200);
    expect((await b.store.users.get(last.username))!.roles).toEqual(['sekretaris']);
  });
});
