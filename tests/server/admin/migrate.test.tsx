/**
 * Moving open cases to the version in force through the real app: the dry run lists the open cases of version 1
 * (where they wait, where they would, what version 2 requires that they lack) without changing anything; the
 * move of the cases ticked writes each with its history entry and audit entry; a case chosen again stays with the
 * reason; the dry run is for administrators only and bad input is answered with a message.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { publishVersion } from '../../../server/versions.ts';
import { csrfOf, directIntake, FORM, type Bench } from '../helpers.ts';
import { adminBench, BASE, ID, pageText } from './bench.ts';

let b: Bench;
let admin: string;

beforeEach(async () => {
  ({ b, admin } = await adminBench());
});
afterEach(() => b.close());

const text = pageText;
const source = () => b.workflows.storedVersion(ID, b.workflows.get(ID)!.version)!.source;

async function post(path: string, body: Array<[string, string]>, cookie = admin) {
  const res = await b.app.request(path, { method: 'POST', headers: { cookie, ...FORM }, body: new URLSearchParams([['_csrf', csrfOf(cookie)], ...body]) });
  return { status: res.status, html: await res.text() };
}

async function openCases(n: number): Promise<string[]> {
  const token = await b.token('front_office');
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const res = await b.app.request('/api/v1/cases', { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ workflow: ID, data: directIntake() }) });
    ids.push(((await res.json()) as { id: string }).id);
  }
  return ids;
}

/** Version 2: the intake asks for a register number too (required), and step 7 goes to the Sekretaris. */
async function publishVersion2() {
  const text = source()
    .replace(/(- id: terima-laporan[\s\S]*?\n {4}fields:\n)/, '$1      - name: nomor_register\n        label: Nomor register\n        type: text\n        required: true\n')
    .replace(/(- id: arahan-kepala-dinas[\s\S]*?role: )kepala_dinas/, '$1sekretaris');
  const done = await publishVersion(b.store, b.workflows, { workflow: ID, source: text, decree: 'KPTS.800/2027/02', effective: '2027-01-04', by: 'admin', now: new Date() });
  if (!done.ok) throw new Error(done.error);
}

describe('moving open cases to the version in force', () => {
  it('runs the dry run, moves the cases ticked, records each, and keeps a case chosen again with the reason', async () => {
    const [a, c] = await openCases(2);
    await publishVersion2();
    expect(b.workflows.get(ID)!.version).toBe(2);

    const home = text(await (await b.app.request('/admin', { headers: { cookie: admin } })).text());
    expect(home).toContain('2 pada versi lama Pindahkan ke versi 2');
    const dry = await b.app.request(`${BASE}/pindah`, { headers: { cookie: admin } });
    expect(dry.status).toBe(200);
    const page = text(await dry.text());
    expect(page).toContain('Dapat dipindahkan (2)');
    expect(page).toContain(`${a} versi 1`);
    expect(page).toMatch(/Langkah 2: [^|]+ Langkah 2: /);
    expect(page).toContain('Nomor register (langkah 1)');
    // A dry run changes nothing.
    expect((await b.store.cases.get(a!))!.workflow.version).toBe(1);

    const refused = await post(`${BASE}/pindah`, [['kasus', a!], ['alasan', '']]);
    expect(refused.status).toBe(422);
    expect(text(refused.html)).toContain('Tulis dasar pemindahan, misalnya pasal peralihan SK yang baru.');

    const moved = await post(`${BASE}/pindah`, [['kasus', a!], ['alasan', 'Pasal 5 SK KPTS.800/2027/02']]);
    expect(moved.status).toBe(200);
    expect(text(moved.html)).toContain(`1 kasus dipindahkan ke versi 2 : ${a}.`);
    expect(text(moved.html)).toContain('Dapat dipindahkan (1)');
    const after = (await b.store.cases.get(a!))!;
    expect(after.workflow.version).toBe(2);
    expect(after.history.at(-1)).toMatchObject({ type: 'migrated', actor: 'admin', fromVersion: 1, toVersion: 2, missing: ['Nomor register'], reason: 'Pasal 5 SK KPTS.800/2027/02' });
    expect((await b.store.cases.get(c!))!.workflow.version).toBe(1);
    const audit = await b.store.audit.list({ action: 'case.migrate' });
    expect(audit.map((e) => [e.caseId, e.details?.fromVersion, e.details?.toVersion])).toEqual([[a, 1, 2]]);

    // The case page tells the move; the case goes on under version 2.
    const casePage = text(await (await b.app.request(`/kasus/${a}`, { headers: { cookie: await b.login('front_office') } })).text());
    expect(casePage).toContain('versi 2 (SK KPTS.800/2027/02)');
    expect(casePage).toContain('Dipindahkan oleh');
    expect(casePage).toContain('dari versi 1 ke versi 2 (SK KPTS.800/2027/02)');
    expect(casePage).toContain('Belum diisi menurut versi baru: Nomor register.');

    // Chosen again (an old tab): it stays, with the reason.
    const again = await post(`${BASE}/pindah`, [['kasus', a!], ['kasus', c!], ['alasan', 'Pasal 5']]);
    expect(text(again.html)).toContain(`1 kasus dipindahkan ke versi 2 : ${c}.`);
    expect(text(again.html)).toContain(`${a}: Kasus sudah memakai versi 2.`);
    expect(text(again.html)).toContain('Tidak ada kasus berjalan pada versi lama');
  });

  it('is for administrators only, and answers a service that does not exist', async () => {
    const clerk = await b.login('front_office');
    expect((await b.app.request(`${BASE}/pindah`, { headers: { cookie: clerk } })).status).toBe(403);
    expect((await post(`${BASE}/pindah`, [['kasus', 'X'], ['alasan', 'a']], clerk)).status).toBe(403);
    expect((await b.app.request('/admin/layanan/tidak-ada/pindah', { headers: { cookie: admin } })).status).toBe(404);
    const none = await post(`${BASE}/pindah`, [['alasan', 'Pasal 5']]);
    expect(none.status).toBe(422);
  });
});
