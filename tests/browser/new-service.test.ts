/**
 * A new service added in a real browser, as an administrator would: Kelola SOP › Layanan baru, a blank
 * standard, and the rehabilitation recommendation of the SOP-language issue written with the structured form
 * only (no typing in the YAML text): a requirement, three officials, the intake's age and degree of disability,
 * an assessment due within 2 working days of its opening, a home visit only when the person is under 18 or the
 * disability is severe, the Kepala Bidang's approval or rejection, the Sekretaris's initials and the Kepala
 * Dinas's signature. Published with its decree, it is on the public list, and the front office starts a case.
 * Screenshots (office PC and phone) go to test-results/new-service/.
 */
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseWorkflow } from '../../engine/definition/index.ts';
import { launchBrowser, OFFICE_STAFF, officeClock, startHarness, type Harness } from './harness.ts';

const WORKFLOWS = new URL('../../workflows/', import.meta.url).pathname;
const SHOTS = new URL('../../test-results/new-service/', import.meta.url).pathname;
const PASSWORD = 'kata-sandi-admin-123';
const ID = 'rekomendasi-rehabilitasi-sosial';
const STAFF = { 'admin.nur': { roles: ['admin'], name: 'Nur Aisyah' }, ...OFFICE_STAFF };
const DESKTOP = { width: 1366, height: 768 };
const PHONE = { width: 390, height: 844 };

let files: string[];
let harness: Harness | undefined;

beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true });
  files = (await readdir(WORKFLOWS)).filter((n) => n.endsWith('.yaml')).map((n) => join(WORKFLOWS, n));
});

afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function signIn(h: Harness, page: Page, username: string): Promise<void> {
  await page.goto(`${h.server.url}/login`);
  await page.fill('#username', username);
  await page.fill('#password', PASSWORD);
  await page.click('button[type=submit]');
  await page.waitForURL(/\/(tugas|admin)/);
}

function shooter(page: Page, prefix: string) {
  let n = 0;
  return async (name: string, selector?: string) => {
    n++;
    const path = `${SHOTS}${prefix}-${String(n).padStart(2, '0')}-${name}.png`;
    if (selector) await page.locator(selector).first().screenshot({ path });
    else await page.screenshot({ path, fullPage: false });
  };
}

const yaml = (page: Page) => page.inputValue('#sumber');
const waitForText = (page: Page, needle: string) =>
  page.waitForFunction((n) => (document.getElementById('sumber') as HTMLTextAreaElement).value.includes(n), needle);

/** Unfolds a section of the Formulir SOP (when folded) and waits for one of its inputs. */
async function unfold(page: Page, section: string, input: string): Promise<void> {
  const open = await page.locator(`#${section}`).evaluate((d) => (d as HTMLDetailsElement).open);
  if (!open) await page.click(`#${section} > summary`);
  await page.locator(input).waitFor();
}

/** Types into a new part's box and presses Enter (the form's first button: write the form into the text). */
async function enter(page: Page, selector: string, value: string): Promise<void> {
  await page.fill(selector, value);
  await page.press(selector, 'Enter');
}

/** Changes one box of an existing part and leaves it (JavaScript writes it when the box is left). */
async function change(page: Page, selector: string, value: string, expectText: string): Promise<void> {
  await page.fill(selector, value);
  await page.press(selector, 'Tab');
  await waitForText(page, expectText);
}

async function addStep(page: Page, title: string, role: string, id: string): Promise<void> {
  await page.fill('#u-steps-baru-judul', title);
  await page.selectOption('#u-steps-baru-peran', role);
  await page.click('#struktur .langkah-baru button');
  await waitForText(page, `- id: ${id}\n`);
}

async function addField(page: Page, step: string, label: string, type: string, name: string): Promise<void> {
  const a = `#u-steps-${step}-fields`;
  await page.selectOption(`${a}-baru-jenis`, type);
  await page.check(`${a}-baru-wajib`);
  await enter(page, `${a}-baru-label`, label);
  await waitForText(page, `- name: ${name}\n`);
}

/** The options of a choice field, row by row (the labels; the codes typed beside them). */
async function setOptions(page: Page, step: string, field: string, options: Array<[string, string]>): Promise<void> {
  await unfold(page, `bagian-steps--${step}--fields--${field}`, `#u-steps-${step}-fields-${field}-options-label-0`);
  const a = `#u-steps-${step}-fields-${field}-options`;
  for (const [k, [label, value]] of options.entries()) {
    await change(page, `${a}-label-${k}`, label, `label: ${label}`);
    await change(page, `${a}-value-${k}`, value, `{ value: ${value}, label: ${label} }`);
  }
}

/** One test added to branch `n` of a step's way on, through its empty row (written on Enter). */
async function addClause(page: Page, step: string, n: number, k: number, clause: { fact: string; op: string; value: string }, expectText: string): Promise<void> {
  const a = `#u-steps-${step}-route-${n}`;
  await page.selectOption(`${a}-fact-${k}`, clause.fact);
  await page.selectOption(`${a}-op-${k}`, clause.op);
  await enter(page, `${a}-value-${k}`, clause.value);
  await waitForText(page, expectText);
}

/** A branch added through the route's empty row: its target and the words the case history records. */
async function addBranch(page: Page, step: string, n: number, target: string, label: string, expectText: string): Promise<void> {
  const a = `#u-steps-${step}-route`;
  await page.selectOption(`${a}-target-${n}`, target);
  await enter(page, `${a}-label-${n}`, label);
  await waitForText(page, expectText);
}

/** The rehabilitation recommendation written with the structured form only, from the blank standard. */
async function writeRehabilitation(page: Page, shot: (name: string, selector?: string) => Promise<void>): Promise<void> {
  // The requirement of the standard, also in the intake's checklist of documents received.
  await unfold(page, 'bagian-requirements', '#u-requirements-baru');
  await enter(page, '#u-requirements-baru', 'Surat keterangan disabilitas dari dokter atau puskesmas');
  await waitForText(page, 'label: Surat keterangan disabilitas dari dokter atau puskesmas }');

  // The officials.
  await unfold(page, 'bagian-roles', '#u-roles-baru');
  for (const [title, id] of [
    ['Pekerja Sosial', 'pekerja_sosial'],
    ['Kepala Bidang Rehabilitasi Sosial', 'kepala_bidang_rehabilitasi_sosial'],
    ['Sekretaris', 'sekretaris'],
  ]) {
    await enter(page, '#u-roles-baru', title!);
    await waitForText(page, `${id}: ${title}`);
  }

  // The intake: the person's age and the degree of the disability.
  await unfold(page, 'bagian-steps--terima-permohonan', '#u-steps-terima-permohonan-fields-baru-label');
  await addField(page, 'terima-permohonan', 'Umur penerima (tahun)', 'number', 'umur_penerima_tahun');
  await addField(page, 'terima-permohonan', 'Tingkat disabilitas', 'radio', 'tingkat_disabilitas');
  await setOptions(page, 'terima-permohonan', 'tingkat_disabilitas', [
    ['Ringan', 'ringan'],
    ['Sedang', 'sedang'],
    ['Berat', 'berat'],
  ]);
  await shot('isian-penerimaan');

  // The steps, each after the last: the new one takes over where the last one led.
  await addStep(page, 'Melakukan asesmen', 'pekerja_sosial', 'melakukan-asesmen');
  await addStep(page, 'Melakukan kunjungan rumah', 'pekerja_sosial', 'melakukan-kunjungan-rumah');
  await addStep(page, 'Menelaah dan memutuskan', 'kepala_bidang_rehabilitasi_sosial', 'menelaah-dan-memutuskan');
  await addStep(page, 'Memaraf surat rekomendasi', 'sekretaris', 'memaraf-surat-rekomendasi');
  await addStep(page, 'Menandatangani surat rekomendasi', 'kepala_dinas', 'menandatangani-surat-rekomendasi');

  // The assessment: its report, due within 2 working days of the step opening.
  await unfold(page, 'bagian-steps--melakukan-asesmen', '#u-steps-melakukan-asesmen-fields-baru-label');
  await addField(page, 'melakukan-asesmen', 'Hasil asesmen', 'textarea', 'hasil_asesmen');
  const d = '#u-steps-melakukan-asesmen-deadlines';
  await page.fill(`${d}-baru-n`, '2');
  await page.selectOption(`${d}-baru-u`, 'hari');
  await page.selectOption(`${d}-baru-kalender`, 'working');
  await page.selectOption(`${d}-baru-mulai`, 'opened');
  await enter(page, `${d}-baru-label`, 'Asesmen selesai');
  await waitForText(page, 'duration: P2D\n        calendar: working\n        starts: opened');
  // The home visit only for a person under 18 or with a severe disability; otherwise straight to the Kepala Bidang.
  await addBranch(page, 'melakukan-asesmen', 1, 'step:menelaah-dan-memutuskan', 'diteruskan ke Kepala Bidang', 'label: diteruskan ke Kepala Bidang');
  await addClause(page, 'melakukan-asesmen', 0, 0, { fact: 'umur_penerima_tahun', op: 'lessThan', value: '18' }, 'operator: lessThan, value: 18');
  await addClause(page, 'melakukan-asesmen', 0, 1, { fact: 'tingkat_disabilitas', op: 'equal', value: 'berat' }, 'operator: equal, value: berat');
  await page.selectOption('#u-steps-melakukan-asesmen-route-0-mode', 'any');
  await waitForText(page, 'when: { any: [');
  await shot('langkah-asesmen', '#bagian-steps--melakukan-asesmen');

  // The home visit sits inside the assessment in the decree: number 2a; the later steps follow the decree's numbers.
  await unfold(page, 'bagian-steps--melakukan-kunjungan-rumah', '#u-steps-melakukan-kunjungan-rumah-number');
  await addField(page, 'melakukan-kunjungan-rumah', 'Hasil kunjungan rumah', 'textarea', 'hasil_kunjungan_rumah');
  await change(page, '#u-steps-melakukan-kunjungan-rumah-number', '2a', 'number: 2a');
  for (const [step, n] of [
    ['menelaah-dan-memutuskan', '3'],
    ['memaraf-surat-rekomendasi', '4'],
    ['menandatangani-surat-rekomendasi', '5'],
  ]) {
    await unfold(page, `bagian-steps--${step}`, `#u-steps-${step}-number`);
    await change(page, `#u-steps-${step}-number`, n!, `- id: ${step}\n    number: ${n}\n`);
  }

  // The Kepala Bidang approves or rejects; a rejection ends the service with the applicant told why.
  await addField(page, 'menelaah-dan-memutuskan', 'Keputusan Kepala Bidang', 'radio', 'keputusan_kepala_bidang');
  await setOptions(page, 'menelaah-dan-memutuskan', 'keputusan_kepala_bidang', [
    ['Disetujui', 'setuju'],
    ['Ditolak', 'tolak'],
  ]);
  await page.selectOption('#u-steps-menelaah-dan-memutuskan-route-target-0', 'end:ditolak');
  await waitForText(page, '    end: ditolak\n');
  await addBranch(page, 'menelaah-dan-memutuskan', 1, 'step:memaraf-surat-rekomendasi', 'diteruskan ke Sekretaris untuk diparaf', 'label: diteruskan ke Sekretaris untuk diparaf');
  await addClause(page, 'menelaah-dan-memutuskan', 0, 0, { fact: 'keputusan_kepala_bidang', op: 'equal', value: 'tolak' }, 'operator: equal, value: tolak');
}

describe('a new service from the browser', () => {
  it('an administrator writes the rehabilitation recommendation from a blank standard, publishes it, and the front office starts a case', async () => {
    const h = (harness = await startHarness({ workflowFiles: files, staff: STAFF, password: PASSWORD, now: officeClock('2026-11-30T02:30:00Z'), viewport: DESKTOP }));
    const page = h.page;
    const shot = shooter(page, 'pc');
    await signIn(h, page, 'admin.nur');
    await page.goto(`${h.server.url}/admin`);
    await page.click('#tautan-layanan-baru');
    await page.fill('#judul', 'Rekomendasi Rehabilitasi Sosial');
    await shot('layanan-baru');
    await page.click('#tombol-buat');
    await page.locator('#sumber').waitFor();
    expect(await yaml(page)).toContain(`id: ${ID}\n`);
    await shot('standar-kosong');

    await writeRehabilitation(page, shot);
    const text = await yaml(page);
    const parsed = parseWorkflow(text, `${ID}.yaml`);
    expect(parsed.ok ? [] : parsed.errors).toEqual([]);
    if (!parsed.ok) return;
    const wf = parsed.workflow;
    expect(wf.steps.map((s) => `${s.number} ${s.id} ${s.role}`)).toEqual([
      '1 terima-permohonan front_office',
      '2 melakukan-asesmen pekerja_sosial',
      '2a melakukan-kunjungan-rumah pekerja_sosial',
      '3 menelaah-dan-memutuskan kepala_bidang_rehabilitasi_sosial',
      '4 memaraf-surat-rekomendasi sekretaris',
      '5 menandatangani-surat-rekomendasi kepala_dinas',
    ]);
    // The assessment's way on: the visit when under 18 or severe, else the Kepala Bidang.
    const assess = wf.steps.find((s) => s.id === 'melakukan-asesmen')!;
    expect(assess.next).toEqual([
      { to: 'melakukan-kunjungan-rumah', when: { any: [{ fact: 'umur_penerima_tahun', operator: 'lessThan', value: 18 }, { fact: 'tingkat_disabilitas', operator: 'equal', value: 'berat' }] } },
      { to: 'menelaah-dan-memutuskan', label: 'diteruskan ke Kepala Bidang' },
    ]);
    expect(assess.deadlines?.[0]).toMatchObject({ label: 'Asesmen selesai', duration: 'P2D', calendar: 'working', starts: 'opened' });
    expect(wf.steps.find((s) => s.id === 'menelaah-dan-memutuskan')!.next).toEqual([
      { end: 'ditolak', when: { all: [{ fact: 'keputusan_kepala_bidang', operator: 'equal', value: 'tolak' }] } },
      { to: 'memaraf-surat-rekomendasi', label: 'diteruskan ke Sekretaris untuk diparaf' },
    ]);
    await page.locator('#pemeriksaan', { hasText: 'Sah' }).waitFor();
    await shot('rancangan-sah');

    // Published with its decree: version 1, written into the folder.
    await page.fill('#sk_nomor', 'KPTS.800/DISSOSP3A-Rehsos/01');
    await page.fill('#sk_berlaku', '2026-12-01');
    await page.click('#tombol-terbit');
    await page.waitForURL(new RegExp(`/admin/layanan/${ID}/riwayat\\?terbit=1$`));
    await shot('terbit');
    const file = await readFile(join(h.workflowsDir, `${ID}.yaml`), 'utf8');
    expect(file).toContain('number: KPTS.800/DISSOSP3A-Rehsos/01');
    expect(file).toContain('# Dibuat dari standar kosong di halaman Kelola SOP.');

    // The public list and the standard's page.
    await page.goto(`${h.server.url}/layanan`);
    await page.locator(`a[href="/layanan/${ID}"]`).first().click();
    await page.locator('h1', { hasText: 'Rekomendasi Rehabilitasi Sosial' }).waitFor();
    const standard = (await page.innerText('main')).replace(/\s+/g, ' ');
    expect(standard).toContain('Surat keterangan disabilitas dari dokter atau puskesmas');
    expect(standard).toContain('Melakukan kunjungan rumah');
    await shot('standar-publik');

    // The front office starts a case on it.
    await page.context().clearCookies();
    await signIn(h, page, 'fo.sari');
    await page.goto(`${h.server.url}/lapor/${ID}`);
    await page.fill('#f-pemohon_nama', 'Bapak A.R.');
    await page.fill('#f-umur_penerima_tahun', '15');
    await page.check('input[name=tingkat_disabilitas][value=sedang]');
    await page.check('input[name=dokumen_diterima][value=surat-keterangan-disabilitas-dari-dokter]');
    await shot('permohonan-baru');
    await page.click('#formulir button[type=submit]');
    await page.waitForURL(/\/kasus\/[^/?]+\?baru=1$/);
    const casePage = (await page.innerText('main')).replace(/\s+/g, ' ');
    expect(casePage).toContain('Melakukan asesmen');
    expect(casePage).toContain('Asesmen selesai');
    await shot('kasus-baru');
    const tally = await h.store.cases.tally(ID);
    expect(tally.versions).toEqual([expect.objectContaining({ version: 1, open: 1 })]);
  });

  it('on a phone: the new service page and the editor with the blank standard', async () => {
    const h = (harness = await startHarness({ workflowFiles: files, staff: STAFF, password: PASSWORD, now: officeClock('2026-11-30T02:30:00Z'), viewport: PHONE }));
    const page = h.page;
    const shot = shooter(page, 'hp');
    await signIn(h, page, 'admin.nur');
    await page.goto(`${h.server.url}/admin/layanan-baru`);
    await page.fill('#judul', 'Rekomendasi Rehabilitasi Sosial');
    await page.check(`input[name=dasar][value="salin:rekomendasi-bantuan-sosial"]`);
    await shot('layanan-baru');
    await page.click('#tombol-buat');
    await page.locator('#sumber').waitFor();
    expect(await yaml(page)).toContain(`id: ${ID}\n`);
    await shot('salinan-di-editor');
    await unfold(page, 'bagian-roles', '#u-roles-baru');
    await enter(page, '#u-roles-baru', 'Kepala Bidang Rehabilitasi Sosial');
    await waitForText(page, 'kepala_bidang_rehabilitasi_sosial: Kepala Bidang Rehabilitasi Sosial');
    await page.locator('#bagian-roles').scrollIntoViewIfNeeded();
    await shot('peran-ditambah');
  });
});
