/**
 * The administrator changes the procedure in a real browser (Debian's chromium through playwright-core), server
 * in-process on loopback: gives the Kepala Dinas's direction (step 7) to the Sekretaris and sets the completion
 * time to 2 days, sees the live check catch a typo first, reads the change summary, tries the draft, publishes
 * version 2 with a decree number. A case opened before finishes on version 1 (the Kepala Dinas directs it); a
 * case opened after follows version 2 (the Sekretaris does). Screenshots of each admin screen and of the diagram
 * of every shipped service go to test-results/admin/.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Listening } from '../../server/http.ts';
import type { Store } from '../../server/store/index.ts';
import type { WorkflowRegistry } from '../../server/workflows.ts';
import { OFFICE_STAFF, officeClock, startHarness, type Harness } from './harness.ts';

const WORKFLOWS = new URL('../../workflows/', import.meta.url).pathname;
const SHOTS = new URL('../../test-results/admin/', import.meta.url).pathname;
const PASSWORD = 'kata-sandi-admin-123';
const VIEWPORT = { width: 1366, height: 900 };
const ID = 'respon-kasus-anak';
const NEW_DECREE = 'KPTS.800/DISSOSP3A-Set/05';

/** One account per role of the seed, plus the administrator. */
const STAFF: Record<string, { roles: string[]; name: string }> = { 'admin.nur': { roles: ['admin'], name: 'Nur Aisyah' }, ...OFFICE_STAFF };
const BY_ROLE = Object.fromEntries(Object.entries(STAFF).map(([u, s]) => [s.roles[0]!, u]));

/** Monday 30 November 2026, 09:30 WIB when the test starts, then running normally. */
const officeNow = officeClock('2026-11-30T02:30:00Z');

let harness: Harness;
let store: Store;
let workflows: WorkflowRegistry;
let server: Listening;
let context: BrowserContext;
let page: Page;
let shot = 0;
/** The direct-report scenario of the shipped scenario file: intake data and each step's data. */
let direct: { start: { data: Record<string, unknown> }; steps: Array<{ step: string; data: Record<string, unknown> }> };
const tokens = new Map<string, string>();

async function screenshot(name: string, selector?: string): Promise<void> {
  shot += 1;
  const file = `${SHOTS}${String(shot).padStart(2, '0')}-${name}.png`;
  if (selector) await page.locator(selector).first().screenshot({ path: file });
  else await page.screenshot({ path: file, fullPage: true });
}

async function signIn(username: string): Promise<void> {
  await context.clearCookies();
  await page.goto(`${server.url}/login`);
  await page.fill('#username', username);
  await page.fill('#password', PASSWORD);
  await page.click('button[type=submit]');
  await page.waitForURL(/\/(tugas|admin)$/);
}

async function textOf(selector: string): Promise<string> {
  return (await page.locator(selector).first().innerText()).replace(/\s+/g, ' ');
}

async function api(username: string, path: string, body?: unknown): Promise<any> {
  let token = tokens.get(username);
  if (!token) {
    const res = await fetch(`${server.url}/api/v1/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: PASSWORD }) });
    token = ((await res.json()) as { token: string }).token;
    tokens.set(username, token);
  }
  const res = await fetch(`${server.url}${path}`, {
    method: body ? 'POST' : 'GET',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = await res.json();
  if (!res.ok) throw new Error(`${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/** A direct report recorded by the front office and worked by the API up to the Sekretaris's verification. */
async function caseUpToStep7(): Promise<string> {
  const c = await api(BY_ROLE.front_office!, '/api/v1/cases', { workflow: ID, data: { ...direct.start.data, diterima_pada: '2026-11-30T09:00' } });
  for (const s of direct.steps.slice(0, -1)) {
    const step = workflows.forCase((await store.cases.get(c.id))!.workflow)!.steps.find((x) => x.id === s.step)!;
    await api(BY_ROLE[step.role as string]!, `/api/v1/cases/${c.id}/steps/${s.step}`, { data: s.data });
  }
  return c.id as string;
}

/** Selects `find` in the editor (the first occurrence after `after`) so the next keys replace it. */
async function selectInEditor(find: string, after: string): Promise<void> {
  await page.evaluate(`(() => {
    const t = document.getElementById('sumber');
    const at = t.value.indexOf(${JSON.stringify(find)}, t.value.indexOf(${JSON.stringify(after)}));
    t.focus();
    t.setSelectionRange(at, at + ${JSON.stringify(find)}.length);
  })()`);
}

/** The line of the editor's text the cursor is on. */
async function cursorLine(): Promise<number> {
  return Number(await page.evaluate(`(() => { const t = document.getElementById('sumber'); return t.value.slice(0, t.selectionStart).split('\\n').length; })()`));
}

beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true });
  const files = (await readdir(WORKFLOWS)).filter((n) => n.endsWith('.yaml')).map((n) => join(WORKFLOWS, n));
  harness = await startHarness({ workflowFiles: files, staff: STAFF, password: PASSWORD, now: officeNow, viewport: VIEWPORT });
  ({ store, workflows, server, context, page } = harness);
  direct = (parse(await readFile(join(harness.workflowsDir, `${ID}.scenarios.yaml`), 'utf8')) as { scenarios: (typeof direct)[] }).scenarios[0]!;
}, 60_000);

afterAll(async () => {
  await harness?.close();
});

describe('the administrator publishes a new version of the SOP', () => {
  let before: string;
  let after: string;

  it('changes step 7 and the completion time, with the typo caught first, and publishes version 2', async () => {
    expect(workflows.problems).toEqual([]);
    before = await caseUpToStep7();

    await signIn('admin.nur');
    await page.click('nav a[href="/admin"]');
    await page.waitForURL(/\/admin$/);
    expect(await textOf('table.layanan-admin')).toMatch(/Respon Kasus Anak .* versi 1 .*KPTS\.800\/DISSOSP3A-Set\/04 .* 1 pada versi ini/);
    await screenshot('kelola-sop');

    await page.click(`a.button[href="/admin/layanan/${ID}"]`);
    await page.waitForURL(new RegExp(`/admin/layanan/${ID}$`));
    expect(await textOf('#pemeriksaan')).toContain('Sah');
    await screenshot('editor');

    // The administrator means the Sekretaris but types it wrong: the check catches it at its line.
    await selectInEditor('kepala_dinas', '- id: arahan-kepala-dinas');
    await page.keyboard.type('sekertaris', { delay: 15 });
    await page.locator('#pemeriksaan', { hasText: 'Belum sah' }).waitFor();
    const typoLine = await cursorLine();
    expect(await textOf('#pemeriksaan')).toContain(`Baris ${typoLine}, kolom 11`);
    expect(await textOf('#pemeriksaan')).toMatch(/Peran sekertaris pada langkah arahan-kepala-dinas tidak dikenal.*Maksud Anda sekretaris\?/);
    expect((await textOf('#nomor-baris .salah')).trim()).toBe(String(typoLine));
    await screenshot('salah-ketik', '.sunting');
    // The error's link takes the cursor back to the line.
    await page.evaluate(`document.getElementById('sumber').setSelectionRange(0, 0)`);
    await page.click('#pemeriksaan a.ke-baris');
    expect(await cursorLine()).toBe(typoLine);

    await selectInEditor('sekertaris', '- id: arahan-kepala-dinas');
    await page.keyboard.type('sekretaris', { delay: 15 });
    await selectInEditor('P1D', 'completion:');
    await page.keyboard.type('P2D', { delay: 15 });
    await selectInEditor('1 Hari', 'completion:');
    await page.keyboard.type('2 Hari', { delay: 15 });
    await page.locator('#perubahan', { hasText: '2 Hari' }).waitFor();
    expect(await textOf('#pemeriksaan')).toContain('Sah');
    expect(await page.locator('#nomor-baris .salah').count()).toBe(0);
    const summary = await textOf('#perubahan ul.perubahan');
    expect(summary).toContain('Waktu penyelesaian berubah dari 1 Hari (P1D) menjadi 2 Hari (P2D)');
    expect(summary).toContain('Memberikan arahan layanan: dikerjakan oleh Sekretaris, sebelumnya Kepala Dinas');
    expect(await textOf('#perubahan table.beda')).toMatch(/− role: kepala_dinas .*\+ role: sekretaris/);
    await screenshot('ringkasan-perubahan', '#perubahan');

    // Tried before it goes live: one simulated case, then the shipped scenarios against the draft.
    await page.click('button[formaction$="/simulasi"]');
    await page.locator('#hasil-uji', { hasText: 'Kasus contoh selesai' }).waitFor();
    expect(await textOf('#hasil-uji')).toMatch(/7\. Memberikan arahan layanan Sekretaris/);
    await screenshot('simulasi', 'section.coba');
    await page.click('button[formaction$="/skenario"]');
    await page.locator('#hasil-uji', { hasText: 'skenario di' }).waitFor();
    expect(await textOf('#hasil-uji')).toMatch(/\d+ dari \d+ skenario di respon-kasus-anak\.scenarios\.yaml lulus/);
    await screenshot('skenario', 'section.coba');

    await page.fill('#sk_nomor', NEW_DECREE);
    await page.fill('#sk_berlaku', '2026-12-01');
    await page.fill('#catatan', 'Arahan layanan dialihkan ke Sekretaris; waktu penyelesaian 2 hari.');
    await page.click('#tombol-terbit');
    // The shipped scenarios expect the Kepala Dinas at step 7: publishing waits for a confirmation naming them.
    await page.locator('#konfirmasi-skenario').waitFor();
    expect(await textOf('#terbitkan .flash-error')).toMatch(/\d skenario gagal terhadap rancangan ini/);
    expect(await page.locator('#konfirmasi-skenario li').count()).toBeGreaterThan(0);
    expect(await page.inputValue('#sk_nomor')).toBe(NEW_DECREE);
    await screenshot('konfirmasi-skenario', '#terbitkan');
    await page.check('#konfirmasi-skenario input[name=konfirmasi_skenario]');
    await page.click('#tombol-terbit');
    await page.waitForURL(/\/riwayat\?terbit=2$/);
    expect(await textOf('ol.riwayat li.aktif')).toMatch(/Diterbitkan walaupun \d skenario gagal \(dikonfirmasi\)/);
    expect(await textOf('.flash-ok')).toContain('Versi 2 diterbitkan');
    expect(await textOf('ol.riwayat li.aktif')).toMatch(new RegExp(`Versi 2 Berlaku .*SK ${NEW_DECREE.replace(/[./]/g, '\\$&')} ?, berlaku sejak 1 Desember 2026 .* oleh Nur Aisyah`));
    await screenshot('riwayat-versi');

    await page.click('a[href$="/versi/1"]');
    await page.waitForURL(/\/versi\/1$/);
    expect(await textOf('section.terbit h2')).toBe('Kembali ke versi ini');
    await screenshot('versi-1');
    after = await caseUpToStep7();
  }, 120_000);

  it('the open case finishes on version 1 with the Kepala Dinas', async () => {
    await signIn('kadis.hadi');
    const inbox = await textOf('main');
    expect(inbox).toContain(before);
    expect(inbox).not.toContain(after);
    await page.click(`a.task-link:has-text("${before}")`);
    expect(await textOf('.task-head')).toContain('Respon Kasus Anak versi 1 (SK KPTS.800/DISSOSP3A-Set/04)');
    await screenshot('tugas-versi-1');
    await page.fill('[name=arahan]', 'Laksanakan pendampingan; laporkan setiap minggu.');
    await page.click('#formulir button[type=submit]');
    await page.waitForURL(new RegExp(`/kasus/${before}\\?selesai=`));
    expect(await textOf('main')).toContain('Respon Kasus Anak · versi 1 (SK KPTS.800/DISSOSP3A-Set/04)');
    await screenshot('kasus-versi-1');
    const c = await api('uptd.rahmat', `/api/v1/cases/${before}`);
    expect(c).toMatchObject({ status: 'closed', version: 1 });
    const due = c.deadlines.find((d: { id: string }) => d.id === 'penyelesaian');
    expect(Date.parse(due.due) - Date.parse(c.history[0].at)).toBe(24 * 3_600_000);
  }, 60_000);

  it('the new case follows version 2: the Sekretaris gives the direction, 2 days to complete', async () => {
    await signIn('sek.lina');
    expect(await textOf('main')).toContain(after);
    await page.click(`a.task-link:has-text("${after}")`);
    expect(await textOf('h1')).toContain('Memberikan arahan layanan');
    expect(await textOf('.task-head')).toContain(`Respon Kasus Anak versi 2 (SK ${NEW_DECREE})`);
    await page.fill('[name=arahan]', 'Laksanakan pendampingan bersama puskesmas.');
    await page.click('#formulir button[type=submit]');
    await page.waitForURL(new RegExp(`/kasus/${after}\\?selesai=`));
    expect(await textOf('main')).toContain(`Respon Kasus Anak · versi 2 (SK ${NEW_DECREE})`);
    await screenshot('kasus-versi-2');
    const c = await api('uptd.rahmat', `/api/v1/cases/${after}`);
    expect(c).toMatchObject({ status: 'closed', version: 2 });
    const due = c.deadlines.find((d: { id: string }) => d.id === 'penyelesaian');
    expect(Date.parse(due.due) - Date.parse(c.history[0].at)).toBe(48 * 3_600_000);
  }, 60_000);
});

describe('a file edited by hand on the server', () => {
  it('is refused on reload with its lines while the last good version keeps running', async () => {
    const file = join(harness.workflowsDir, 'rekomendasi-bantuan-sosial.yaml');
    const good = await readFile(file, 'utf8');
    await writeFile(file, good.replace('duration: P3D', 'duration: 3 hari'));
    await signIn('admin.nur');
    await page.goto(`${server.url}/admin`);
    await page.click('button:has-text("Muat ulang dari folder")');
    await page.waitForURL(/\/admin\?muat=/);
    const refused = await textOf('.ditolak');
    expect(refused).toMatch(/rekomendasi-bantuan-sosial\.yaml: 1 kesalahan\. Versi 1 dari Rekomendasi Bantuan Sosial tetap berjalan\./);
    expect(refused).toMatch(/Baris \d+, kolom \d+ \(completion\.duration\)/);
    await screenshot('berkas-ditolak');
    // The refused text opens in the editor with its error marked, to be fixed there if wanted.
    await page.click('a:has-text("Perbaiki berkas ini di editor")');
    await page.locator('#pemeriksaan', { hasText: 'Belum sah' }).waitFor();
    expect(await textOf('.sunting-teks label')).toContain('isi berkas rekomendasi-bantuan-sosial.yaml di folder');
    await page.goto(`${server.url}/admin`);
    await writeFile(file, good);
    await page.click('button:has-text("Muat ulang dari folder")');
    await page.waitForURL(/tidak%20ada%20berkas%20yang%20berubah|tidak\+ada/);
    expect(await page.locator('.ditolak').count()).toBe(0);
  }, 60_000);
});

describe('the diagram of every shipped service', () => {
  it('is drawn on the public standard and on the admin pages', async () => {
    const ids = workflows.list().map((wf) => wf.id);
    expect(ids.length).toBeGreaterThanOrEqual(3);
    for (const wf of workflows.list()) {
      await page.goto(`${server.url}/layanan/${wf.id}`);
      const svg = page.locator('figure.diagram svg');
      await svg.waitFor();
      const box = (await svg.boundingBox())!;
      expect(box.width).toBeGreaterThan(300);
      const drawn = ((await svg.textContent()) ?? '').replace(/\s+/g, '');
      for (const step of wf.steps) expect(drawn).toContain(step.title.replace(/\s+/g, ''));
      for (const role of new Set(wf.steps.flatMap((s) => (Array.isArray(s.role) ? s.role : [s.role])))) expect(drawn).toContain(wf.roles[role]!.replace(/\s+/g, ''));
      // The whole drawing, not only the part the page's frame shows before scrolling sideways.
      await page.evaluate(`(() => {
        document.querySelector('main').style.maxWidth = 'none';
        document.querySelector('.diagram-bingkai').style.overflow = 'visible';
      })()`);
      const width = Number(await page.evaluate(`document.querySelector('figure.diagram svg').getBoundingClientRect().width`));
      await page.setViewportSize({ width: Math.ceil(width) + 80, height: VIEWPORT.height });
      await screenshot(`diagram-${wf.id}`, 'figure.diagram svg');
      await page.setViewportSize(VIEWPORT);
    }
    await signIn('admin.nur');
    await page.goto(`${server.url}/admin/layanan/pengaduan-layanan`);
    await page.locator('.diagram-admin figure.diagram svg').waitFor();
    await page.click('button[formaction$="/diagram"]');
    await page.locator('#diagram-banding figure.diagram svg').waitFor();
    await screenshot('diagram-admin', '.diagram-admin');
  }, 120_000);
});
