/** The real `alur test` and `alur simulate` commands on the shipped services and on a broken scenario. */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function alur(...args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['bin/alur.js', ...args], { cwd: ROOT }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, out: stdout + stderr });
    });
  });
}

const tmp = mkdtempSync(join(tmpdir(), 'alur-scenarios-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('alur test', () => {
  it('passes every scenario shipped beside the services, both paths of the seed among them', async () => {
    const r = await alur('test', 'workflows/');
    expect(r.code).toBe(0);
    expect(r.out).toContain('LULUS  Laporan langsung dengan dokumen lengkap melewati langkah 1-7');
    expect(r.out).toContain('LULUS  Laporan tidak langsung yang sah melewati langkah 1, 2, 8, 9, 10, 11');
    expect(r.out).toMatch(/^\d+ passed, 0 failed$/m);
    console.log(`alur test workflows/: ${r.out.match(/^(\d+) passed/m)?.[1]} scenarios passed`);
  });

  it('fails a scenario whose expectation no longer holds, saying what happened instead (exit 1)', async () => {
    copyFileSync(join(ROOT, 'workflows/respon-kasus-anak.yaml'), join(tmp, 'respon-kasus-anak.yaml'));
    writeFileSync(
      join(tmp, 'respon-kasus-anak.scenarios.yaml'),
      [
        'workflow: respon-kasus-anak',
        'scenarios:',
        '  - name: Laporan tidak langsung diharapkan ke Bidang Teknis',
        '    start:',
        '      data: { sumber_laporan: media, saluran: tidak_langsung, media_pelaporan: media_sosial, diterima_pada: "2026-11-30T09:00",',
        '              pelapor_nama: X, pelapor_hubungan: lainnya, anak_nama: A, anak_jenis_kelamin: laki_laki,',
        '              jenis_kasus: [perundungan], kronologi: k, tingkat_risiko: rendah }',
        '    steps:',
        '      - step: periksa-dokumen',
        '        data: { dokumen_lengkap: ya }',
        '    expect: { current: proses-laporan }',
      ].join('\n'),
    );
    const r = await alur('test', tmp);
    expect(r.code).toBe(1);
    expect(r.out).toContain('GAGAL  Laporan tidak langsung diharapkan ke Bidang Teknis');
    expect(r.out).toContain('langkah sekarang: validasi-laporan; seharusnya proses-laporan');
    expect(r.out).toMatch(/^0 passed, 1 failed$/m);
  });

  it('names what is wrong in a malformed scenario file', async () => {
    writeFileSync(join(tmp, 'respon-kasus-anak.scenarios.yaml'), 'workflow: respon-kasus-anak\nscenarios:\n  - start: {}\n');
    const r = await alur('test', join(tmp, 'respon-kasus-anak.scenarios.yaml'));
    expect(r.code).toBe(1);
    expect(r.out).toContain('scenarios[0].name: beri nama skenario');
    expect(r.out).not.toMatch(/^\s+at /m);
  });
});

describe('alur simulate', () => {
  it('prints the indirect path with roles, the branch reason and the running document deadline', async () => {
    const data = join(tmp, 'kasus.json');
    writeFileSync(
      data,
      JSON.stringify({
        sumber_laporan: 'masyarakat', saluran: 'tidak_langsung', media_pelaporan: 'telepon', diterima_pada: '2026-11-30T09:00',
        pelapor_nama: 'Ibu S', pelapor_hubungan: 'tetangga', anak_nama: 'A.R.', anak_jenis_kelamin: 'perempuan',
        jenis_kasus: ['penelantaran'], kronologi: 'x', tingkat_risiko: 'tinggi', dokumen_lengkap: 'tidak', dokumen_kurang: 'KK',
        laporan_sah: 'ya', catatan_validasi: 'ok', rencana_tindak_lanjut: 'a', rekomendasi: 'b', perintah: 'c',
      }),
    );
    const r = await alur('simulate', 'workflows/respon-kasus-anak.yaml', '--data', data, '--at', '2026-11-30T09:00:00+07:00');
    expect(r.code).toBe(0);
    const steps = [...r.out.matchAll(/^\s+(\d+)\. /gm)].map((m) => Number(m[1]));
    expect(steps).toEqual([1, 2, 8, 9, 10, 11]);
    expect(r.out).toContain('[Kepala UPTD PPA]');
    expect(r.out).toContain('→ Saluran laporan: Tidak langsung (telepon atau media), maka laporan divalidasi Kepala UPTD PPA');
    expect(r.out).toContain('tenggat: Penyerahan dokumen persyaratan yang kurang, jatuh tempo Kamis, 03 Desember 2026 pukul 10.00 (kasus tetap berjalan)');
    expect(r.out).toContain('Hasil: kasus selesai: Respon kasus diterbitkan dan tindak lanjut diperintahkan');
  });

  it('stops where data is missing and exits 1; a bad data file is a clear message', async () => {
    const data = join(tmp, 'kurang.json');
    writeFileSync(data, JSON.stringify({ saluran: 'langsung' }));
    const r = await alur('simulate', 'workflows/respon-kasus-anak.yaml', '--data', data);
    expect(r.code).toBe(1);
    expect(r.out).toContain('Berhenti di langkah 1 (Menerima laporan)');
    writeFileSync(data, '{ bukan json');
    const bad = await alur('simulate', 'workflows/respon-kasus-anak.yaml', '--data', data);
    expect(bad.code).toBe(1);
    expect(bad.out).toContain('data harus berupa objek JSON');
    expect(bad.out).not.toMatch(/^\s+at /m);
  });
});
