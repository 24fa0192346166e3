/**
 * Reuse: dropping a valid YAML file into the workflows folder is all a new service takes. With no code change,
 * the server lists it (API and public list), renders its public standard with the diagram, and runs its cases
 * through the API and through the staff screens; a file dropped while the server runs joins on a reload.
 */
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { createUser } from '../../server/auth/users.ts';
import { openStore, type Store } from '../../server/store/index.ts';
import { loadWorkflows, syncFolder, type WorkflowRegistry } from '../../server/workflows.ts';
import { csrfOf, FORM, preSession, SEED } from './helpers.ts';

/** A small service the code has never heard of: its own id, roles, fields, branches and outcomes. */
const KONSELING = `
id: konseling-keluarga
title: Konseling Keluarga
version: 1
description: Layanan konseling bagi keluarga yang menghadapi masalah pengasuhan anak.
service:
  agency: Dinas Sosial, Pemberdayaan Perempuan dan Perlindungan Anak
  government: Pemerintah Kabupaten Rokan Hulu
  address: Jalan Keadilan Komplek Perkantoran Pemda 28557
decree:
  number: KPTS.800/UJI/01
requirements:
  - id: ktp
    text: Fotocopy KTP orang tua / wali
roles:
  front_office: Petugas Front Office
  konselor: Konselor Keluarga
completion:
  text: 7 Hari
  duration: P7D
fee: Tidak dipungut biaya
products:
  - Catatan Hasil Konseling
complaints:
  channels:
    - { channel: telepon, label: Telepon, value: "081365466531" }
outcomes:
  - { id: selesai, label: Konseling selesai, product: true }
  - { id: dirujuk, label: Dirujuk ke psikolog }
start: terima
steps:
  - id: terima
    number: 1
    title: Menerima permohonan konseling
    role: front_office
    fields:
      - { name: wali_nama, label: Nama orang tua / wali, type: text, required: true, sensitive: true }
      - name: masalah
        label: Masalah utama
        type: select
        required: true
        options:
          - { value: pengasuhan, label: Pola pengasuhan }
          - { value: perilaku, label: Perilaku anak }
    next: sesi
  - id: sesi
    number: 2
    title: Melaksanakan sesi konseling
    role: konselor
    fields:
      - name: hasil
        label: Hasil sesi
        type: radio
        required: true
        options:
          - { value: tuntas, label: Tuntas }
          - { value: rujuk, label: Perlu dirujuk }
    next:
      - end: dirujuk
        when: { all: [{ fact: hasil, operator: equal, value: rujuk }] }
        label: dirujuk ke psikolog
      - end: selesai
        label: konseling selesai
`;

const PASSWORD = 'kata-sandi-reuse-1';
const ID = 'konseling-keluarga';
let dir: string;
let wfDir: string;
let store: Store;
let workflows: WorkflowRegistry;
let app: ReturnType<typeof createApp>;
const now = new Date('2026-11-30T02:00:00Z');

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'alur-reuse-'));
  wfDir = join(dir, 'workflows');
  await mkdir(wfDir);
  await copyFile(SEED, join(wfDir, 'respon-kasus-anak.yaml'));
  await writeFile(join(wfDir, `${ID}.yaml`), KONSELING);
  store = await openStore(join(dir, 'data'));
  workflows = await loadWorkflows(wfDir, { versions: store.versions, now });
  await createUser(store.users, { username: 'fo', roles: ['front_office'], password: PASSWORD, displayName: 'Petugas Depan', now });
  await createUser(store.users, { username: 'konselor', roles: ['konselor'], password: PASSWORD, displayName: 'Ibu Konselor', now });
  await createUser(store.users, { username: 'admin', roles: ['admin'], password: PASSWORD, displayName: 'Admin', now });
  app = createApp({ store, workflows, now: () => now, logError: () => undefined });
});
afterAll(async () => {
  await store?.close();
  await rm(dir, { recursive: true, force: true });
});

async function token(username: string): Promise<string> {
  const res = await app.request('/api/v1/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: PASSWORD }) });
  return ((await res.json()) as { token: string }).token;
}

async function signIn(username: string): Promise<string> {
  const pre = await preSession(app);
  const res = await app.request('/login', { method: 'POST', headers: { ...FORM, cookie: pre.cookie }, body: new URLSearchParams({ username, password: PASSWORD, _csrf: pre.csrf }) });
  expect(res.status).toBe(303);
  return res.headers.getSetCookie().find((c) => c.startsWith('alur_sesi='))!.split(';')[0]!;
}

const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe('a service defined only by a YAML file dropped into the folder', () => {
  it('is listed by the API and on the public list, with no refusal', async () => {
    expect(workflows.problems).toEqual([]);
    const t = await token('fo');
    const list = (await (await app.request('/api/v1/workflows', { headers: { authorization: `Bearer ${t}` } })).json()) as Array<{ id: string; version: number; title: string }>;
    expect(list).toContainEqual({ id: ID, version: 1, title: 'Konseling Keluarga' });
    const page = await app.request('/layanan');
    expect(await page.text()).toContain(`href="/layanan/${ID}"`);
  });

  it('has a public service standard generated from the file, with its diagram', async () => {
    const res = await app.request(`/layanan/${ID}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    const t = text(html);
    expect(t).toContain('Konseling Keluarga');
    expect(t).toContain('KPTS.800/UJI/01');
    expect(t).toContain('Fotocopy KTP orang tua / wali');
    expect(t).toContain('Melaksanakan sesi konseling');
    expect(t).toContain('Konselor Keluarga');
    expect(html).toMatch(/<svg[^>]*>[\s\S]*Konselor Keluarga[\s\S]*<\/svg>/);
  });

  it('runs a case through the API with the roles the file declares', async () => {
    const fo = await token('fo');
    const kons = await token('konselor');
    const call = (t: string, path: string, body?: unknown) =>
      app.request(path, { method: body ? 'POST' : 'GET', headers: { authorization: `Bearer ${t}`, 'content-type': 'application/json' }, body: body ? JSON.stringify(body) : undefined });
    const started = await call(fo, '/api/v1/cases', { workflow: ID, data: { wali_nama: 'Bapak R.', masalah: 'perilaku' } });
    expect(started.status).toBe(201);
    const c = (await started.json()) as { id: string; tasks: Array<{ step: string }> };
    expect(c.tasks.map((x) => x.step)).toEqual(['sesi']);
    expect((await call(fo, `/api/v1/cases/${c.id}/steps/sesi`, { data: { hasil: 'rujuk' } })).status).toBe(403);
    const done = await call(kons, `/api/v1/cases/${c.id}/steps/sesi`, { data: { hasil: 'rujuk' } });
    expect(done.status).toBe(200);
    expect(await done.json()).toMatchObject({ status: 'closed', outcome: 'dirujuk', workflow: ID, version: 1 });
  });

  it('runs a case through the staff screens: intake form, the counsellor’s task, the closed case', async () => {
    const fo = await signIn('fo');
    const form = await app.request(`/lapor/${ID}`, { headers: { cookie: fo } });
    const formHtml = await form.text();
    expect(formHtml).toContain('name="wali_nama"');
    expect(formHtml).toContain('Pola pengasuhan');
    const sent = await app.request(`/lapor/${ID}`, { method: 'POST', headers: { ...FORM, cookie: fo }, body: new URLSearchParams({ _csrf: csrfOf(fo), wali_nama: 'Ibu T.', masalah: 'pengasuhan' }) });
    expect(sent.status).toBe(303);
    const caseId = /\/kasus\/([^?]+)/.exec(sent.headers.get('location')!)![1]!;

    const kons = await signIn('konselor');
    const inbox = text(await (await app.request('/tugas', { headers: { cookie: kons } })).text());
    expect(inbox).toContain(caseId);
    expect(inbox).toContain('Melaksanakan sesi konseling');
    const task = await app.request(`/tugas/${caseId}/sesi`, { headers: { cookie: kons } });
    const taskHtml = await task.text();
    expect(taskHtml).toContain('name="hasil"');
    const rev = /name="_rev" value="(\d+)"/.exec(taskHtml)?.[1];
    const finished = await app.request(`/tugas/${caseId}/sesi`, {
      method: 'POST',
      headers: { ...FORM, cookie: kons },
      body: new URLSearchParams({ _csrf: csrfOf(kons), hasil: 'tuntas', ...(rev ? { _rev: rev } : {}) }),
    });
    expect(finished.status).toBe(303);
    const casePage = text(await (await app.request(`/kasus/${caseId}`, { headers: { cookie: kons } })).text());
    expect(casePage).toContain('Konseling selesai');
    expect(casePage).toContain('Konseling Keluarga · versi 1 (SK KPTS.800/UJI/01)');
  });

  it('joins the running server when its file is dropped in and the folder is read again', async () => {
    await writeFile(join(wfDir, 'konseling-remaja.yaml'), KONSELING.replace(`id: ${ID}`, 'id: konseling-remaja').replace('title: Konseling Keluarga', 'title: Konseling Remaja'));
    expect(workflows.get('konseling-remaja')).toBeUndefined();
    const admin = await signIn('admin');
    const res = await app.request('/admin/muat-ulang', { method: 'POST', headers: { ...FORM, cookie: admin }, body: new URLSearchParams({ _csrf: csrfOf(admin) }) });
    expect(res.status).toBe(303);
    expect((await app.request('/layanan/konseling-remaja')).status).toBe(200);
    await workflows.exclusive(() => syncFolder(workflows, now));
    expect((await store.versions.list('konseling-remaja'))).toHaveLength(1);
  });
});
