import { describe, expect, it } from 'vitest';
import { chooseBranch, compileGuards, holds, runGuards } from '../../engine/guards.ts';
import type { Step } from '../../engine/types.ts';
import { seedWorkflow } from './seed.ts';

describe('guards', () => {
  it('explains every branch tried, the failed ones included', async () => {
    const wf = seedWorkflow();
    const step = wf.steps.find((s) => s.id === 'periksa-dokumen')!;
    const choice = await chooseBranch(wf, step, { saluran: 'langsung' });
    expect(choice?.evaluations.map((e) => [e.to, e.result, e.reason])).toEqual([
      ['validasi-laporan', false, 'Bukan laporan divalidasi Kepala UPTD PPA, karena Saluran laporan: Langsung (pelapor datang ke ruang pelayanan), bukan Tidak langsung (telepon atau media)'],
      ['proses-laporan', true, 'Saluran laporan: Langsung (pelapor datang ke ruang pelayanan), maka berkas diteruskan ke Bidang Teknis'],
    ]);
  });

  it('supports any/not, numeric operators and paths, and names steps when a branch has no label', async () => {
    const wf = seedWorkflow();
    const step: Step = {
      id: 'x',
      number: 99,
      title: 'Uji',
      role: 'front_office',
      next: [
        { to: 'proses-laporan', when: { any: [{ fact: 'anak_perkiraan_usia', operator: 'lessThan', value: 5 }, { not: { fact: 'tingkat_risiko', operator: 'in', value: ['rendah', 'sedang'] } }] } },
        { to: 'rencana-respon' },
      ],
    };
    const young = await chooseBranch(wf, step, { anak_perkiraan_usia: 3, tingkat_risiko: 'rendah' });
    expect(young?.chosen.reason).toBe('Perkiraan usia anak (tahun): 3 (kurang dari 5), maka lanjut ke langkah 3: Menerima berkas dan memproses laporan');
    const low = await chooseBranch(wf, step, { anak_perkiraan_usia: 12, tingkat_risiko: 'sedang' });
    expect(low?.branch.to).toBe('rencana-respon');
    expect(await holds({ fact: 'alamat', path: '$.kota', operator: 'equal', value: 'Pasir Pengaraian' }, { alamat: { kota: 'Pasir Pengaraian' } })).toBe(true);
    expect(await holds({ fact: 'tidak_ada', operator: 'equal', value: 'x' }, {})).toBe(false);
  });
});

describe('guard reasons and identity', () => {
  it('never quote the value of a sensitive field (reasons are shown to every reader of the case)', async () => {
    const wf = seedWorkflow();
    const step: Step = {
      id: 'x',
      number: 99,
      title: 'Uji',
      role: 'front_office',
      next: [{ to: 'proses-laporan', when: { all: [{ fact: 'anak_nama', operator: 'equal', value: 'Budi' }] } }, { to: 'rencana-respon' }],
    };
    const yes = await chooseBranch(wf, step, { anak_nama: 'Budi' });
    const no = await chooseBranch(wf, step, { anak_nama: 'Siti Aminah' });
    const all = [...(yes?.evaluations ?? []), ...(no?.evaluations ?? [])].map((e) => e.reason).join('\n');
    expect(all).toContain('Nama atau inisial anak: (data identitas, tidak dikutip)');
    expect(all).not.toContain('Siti Aminah');
    expect(no?.chosen.reason).toBe('Nama atau inisial anak: (data identitas, tidak dikutip), maka lanjut ke langkah 4: Menyusun rencana respon kasus');
  });
});

describe('runGuards keeps the results of facts already seen', () => {
  it('answers by the facts read: a different value is evaluated, the same one gives the same result', async () => {
    const compiled = compileGuards([['langsung', { fact: 'saluran', operator: 'equal', value: 'langsung' }]]);
    const first = await runGuards(compiled, { saluran: 'langsung', other: 1 });
    expect(first.get('langsung')?.result).toBe(true);
    first.delete('langsung');
    expect((await runGuards(compiled, { saluran: 'tidak_langsung' })).get('langsung')?.result).toBe(false);
    // A fact the condition does not read is not part of the key; what a caller did to its map is not seen.
    expect((await runGuards(compiled, { saluran: 'langsung', other: 2 })).get('langsung')?.result).toBe(true);
    expect((await runGuards(compiled, {})).get('langsung')?.result).toBe(false);
    expect(compiled.known.size).toBe(3);
  });
});
