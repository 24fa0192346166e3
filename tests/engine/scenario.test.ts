import { describe, expect, it } from 'vitest';
import { checkScenarioFile, runScenario, type Scenario } from '../../engine/scenario.ts';
import { simulate } from '../../engine/simulate.ts';
import { intake, seedWorkflow } from './seed.ts';

const direct: Scenario = {
  name: 'langsung',
  start: { at: '2026-11-30T09:00:00+07:00', data: intake() },
  steps: [
    { step: 'periksa-dokumen', data: { dokumen_lengkap: 'tidak', dokumen_kurang: 'KK' } },
    { step: 'rencana-respon', data: { rencana_respon: 'x' }, expect: { refused: 'not_open' } },
    { step: 'proses-laporan', data: { hasil_asesmen: 'a', kebutuhan_layanan: ['rujukan'] }, by: ['sekretaris'], expect: { refused: 'forbidden' } },
    { step: 'proses-laporan', data: { hasil_asesmen: 'a', kebutuhan_layanan: ['rujukan'] } },
    { meet: 'dokumen-susulan' },
  ],
  expect: {
    path: ['terima-laporan', 'periksa-dokumen', 'proses-laporan'],
    status: 'open',
    current: 'rencana-respon',
    deadlines: { 'dokumen-susulan': '2026-12-03T10:00:00+07:00', penyelesaian: '2026-12-01T09:00:00+07:00' },
    reasons: ['berkas diteruskan ke Bidang Teknis'],
  },
};

describe('scenario runner', () => {
  it('passes a scenario whose expectations hold, including expected refusals', async () => {
    const r = await runScenario(seedWorkflow(), direct);
    expect(r.failures).toEqual([]);
    expect(r.passed).toBe(true);
  });

  it('reports each expectation that does not hold, in words', async () => {
    const wrong: Scenario = {
      ...direct,
      expect: { path: ['terima-laporan'], status: 'closed', outcome: 'tidak-sah', current: 'validasi-laporan', deadlines: { 'dokumen-susulan': '2026-12-04T10:00:00+07:00' }, reasons: ['divalidasi'] },
    };
    const r = await runScenario(seedWorkflow(), wrong);
    expect(r.passed).toBe(false);
    expect(r.failures).toHaveLength(6);
    expect(r.failures[0]).toBe('jalur: terima-laporan → periksa-dokumen → proses-laporan; seharusnya terima-laporan');
    expect(r.failures.join('\n')).toContain('tenggat dokumen-susulan jatuh tempo 2026-12-03T03:00:00.000Z; seharusnya 2026-12-04T03:00:00.000Z');
  });

  it('fails a scenario whose step is refused unexpectedly, saying which field', async () => {
    const r = await runScenario(seedWorkflow(), { name: 'x', start: { data: intake() }, steps: [{ step: 'periksa-dokumen', data: {} }] });
    expect(r.passed).toBe(false);
    expect(r.failures[0]).toContain('dokumen_lengkap: Wajib diisi.');
  });

  it('checks the shape of a scenario file', () => {
    expect(checkScenarioFile({ workflow: 'a', scenarios: [direct] })).toEqual([]);
    expect(checkScenarioFile({ scenarios: [{ start: {}, steps: [{}] }] })).toEqual([
      'workflow: tulis id alur yang diuji, misalnya respon-kasus-anak',
      'scenarios[0].name: beri nama skenario',
      'scenarios[0].start.data: tulis isian formulir awal',
      'scenarios[0].steps[0]: tulis step (id langkah) atau meet (id tenggat)',
    ]);
  });
});

describe('simulation', () => {
  const all = {
    ...intake(),
    dokumen_lengkap: 'ya',
    hasil_asesmen: 'a',
    kebutuhan_layanan: ['rujukan'],
    rencana_respon: 'b',
    respon_kasus: 'c',
    hasil_verifikasi: 'sesuai',
    arahan: 'd',
    laporan_sah: 'ya',
    catatan_validasi: 'e',
    rencana_tindak_lanjut: 'f',
    rekomendasi: 'g',
    perintah: 'h',
  };
  const now = new Date('2026-11-30T02:00:00Z');

  it('follows the direct path with flat data', async () => {
    const s = await simulate(seedWorkflow(), all, now);
    expect(s.steps.map((x) => x.number)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(s.steps[2].roles).toBe('Bidang Teknis');
    expect(s.outcome?.id).toBe('ditindaklanjuti');
    expect(s.reasons[0]).toContain('berkas diteruskan ke Bidang Teknis');
    expect(s.stopped).toBeUndefined();
  });

  it('follows the indirect path when the channel is indirect', async () => {
    const s = await simulate(seedWorkflow(), { ...all, saluran: 'tidak_langsung', media_pelaporan: 'media_sosial' }, now);
    expect(s.steps.map((x) => x.number)).toEqual([1, 2, 8, 9, 10, 11]);
  });

  it('stops where data is missing, and on a loop that would never end', async () => {
    const { arahan, ...noDirection } = all;
    const missing = await simulate(seedWorkflow(), noDirection, now);
    expect(missing.status).toBe('open');
    expect(missing.stopped).toBe('Berhenti di langkah 7 (Memberikan arahan layanan): Ada 1 isian yang perlu diperbaiki. arahan: Wajib diisi.');
    const loop = await simulate(seedWorkflow(), { ...all, hasil_verifikasi: 'perbaiki', catatan_verifikasi: 'ulang' }, now);
    expect(loop.stopped).toContain('kembali lagi dengan data yang sama');
    expect(loop.steps.map((x) => x.number)).toEqual([1, 2, 3, 4, 5, 6, 5, 6]);
  });
});
