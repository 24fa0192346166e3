/**
 * The work list on a phone (390x844, touch): the Kepala UPTD PPA's card of a response the Sekretaris sent back
 * carries the "Dikembalikan" mark with who sent it, readable within the card and the screen's width, beside a
 * card of a task done for the first time (no mark). Screenshot in test-results/docs/.
 */
import { mkdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeCaseStep, startNewCase } from '../../server/usecases/casework.ts';
import type { AppDeps } from '../../server/usecases/deps.ts';
import { OFFICE_STAFF, officeClock, startHarness, type Harness } from './harness.ts';

const SEED = new URL('../../workflows/respon-kasus-anak.yaml', import.meta.url).pathname;
const SHOTS = new URL('../../test-results/docs/', import.meta.url).pathname;
const PASSWORD = 'kata-sandi-tugas-123';

let h: Harness;
const ids: string[] = [];

beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true });
  h = await startHarness({ workflowFiles: [SEED], staff: OFFICE_STAFF, password: PASSWORD, now: officeClock('2026-12-02T02:00:00Z'), viewport: { width: 390, height: 844 }, hasTouch: true });
  const deps = { store: h.store, workflows: h.workflows, now: () => new Date() } as unknown as AppDeps;
  const who = (username: string) => ({ username, roles: OFFICE_STAFF[username]!.roles });
  for (let i = 0; i < 2; i++) {
    const started = await startNewCase(
      deps,
      'respon-kasus-anak',
      {
        sumber_laporan: 'masyarakat',
        saluran: 'langsung',
        diterima_pada: '2026-12-02T09:00',
        pelapor_nama: 'Ibu Rekaan',
        pelapor_hubungan: 'tetangga',
        anak_nama: i ? 'B.S.' : 'A.R.',
        anak_jenis_kelamin: 'perempuan',
        anak_perkiraan_usia: 9,
        jenis_kasus: ['kekerasan_fisik'],
        kronologi: 'Tetangga mendengar anak dipukul.',
        tingkat_risiko: 'tinggi',
      },
      who('fo.sari'),
    );
    if (!started.ok) throw new Error(started.error);
    const id = started.value.id;
    ids.push(id);
    const steps: Array<[string, string, Record<string, unknown>]> = [
      ['fo.sari', 'periksa-dokumen', { dokumen_lengkap: 'ya' }],
      ['bt.yusuf', 'proses-laporan', { hasil_asesmen: 'Memar.', kebutuhan_layanan: ['layanan_kesehatan'] }],
      ['bo.dewi', 'rencana-respon', { rencana_respon: 'Visum.' }],
      ...(i === 0
        ? ([
            ['uptd.rahmat', 'respon-kepala-uptd', { respon_kasus: 'Respon pertama.' }],
            ['sek.lina', 'verifikasi-sekretaris', { hasil_verifikasi: 'perbaiki', catatan_verifikasi: 'Sebutkan rujukan visum.' }],
          ] as Array<[string, string, Record<string, unknown>]>)
        : []),
    ];
    for (const [user, step, data] of steps) {
      const done = await completeCaseStep(deps, { id, step, data, actor: who(user) });
      if (!done.ok) throw new Error(`${step}: ${done.error}`);
    }
  }
}, 120_000);

afterAll(() => h?.close());

describe('the work list on a phone', () => {
  it('marks the task sent back, with who sent it, within the card', async () => {
    const page = h.page;
    await page.goto(`${h.server.url}/login`);
    await page.fill('#username', 'uptd.rahmat');
    await page.fill('#password', PASSWORD);
    await page.tap('button[type=submit]');
    await page.waitForURL(/\/tugas$/);
    const back = page.locator('li.task', { has: page.locator(`a[href^="/tugas/${ids[0]}/"]`) });
    const fresh = page.locator('li.task', { has: page.locator(`a[href^="/tugas/${ids[1]}/"]`) });
    await expect.poll(() => back.locator('.task-returned').textContent()).toBe('↩ Dikembalikan oleh Lina Marlina (Sekretaris) dari langkah 6');
    expect(await fresh.locator('.task-returned').count()).toBe(0);
    // The mark is seen, inside its card, and nothing is wider than the screen.
    const mark = (await back.locator('.badge-returned').boundingBox())!;
    const card = (await back.boundingBox())!;
    expect(mark.x).toBeGreaterThanOrEqual(card.x);
    expect(mark.x + mark.width).toBeLessThanOrEqual(card.x + card.width);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    // The card's link reads as one phrase to a screen reader: the mark's words are part of its name.
    expect(await back.locator('a.task-link').evaluate((a) => (a as HTMLElement).innerText)).toContain('Dikembalikan oleh Lina Marlina (Sekretaris) dari langkah 6');
    await page.screenshot({ path: `${SHOTS}tugas-dikembalikan-hp.png`, fullPage: true });
  }, 60_000);
});
