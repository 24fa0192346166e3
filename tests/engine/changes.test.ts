import { describe, expect, it } from 'vitest';
import { lineDiff, summarizeChanges } from '../../engine/changes.ts';
import { seedWorkflow } from './seed.ts';

describe('what changes between versions', () => {
  it('says nothing for an unchanged definition', () => {
    expect(summarizeChanges(seedWorkflow(), seedWorkflow())).toEqual([]);
  });

  it('names a role change, a new completion time, a new requirement, a field and a deadline change', () => {
    const before = seedWorkflow();
    const after = seedWorkflow();
    after.decree.number = 'KPTS.800/DISSOSP3A-Set/05';
    after.completion = { text: '2 Hari', duration: 'P2D', calendar: 'working' };
    after.requirements.push({ id: 'surat-polisi', text: 'Surat tanda lapor kepolisian' });
    const step3 = after.steps.find((s) => s.id === 'proses-laporan')!;
    step3.role = 'back_office';
    step3.fields!.push({ name: 'foto_lokasi', label: 'Foto lokasi', type: 'file' });
    after.steps.find((s) => s.id === 'periksa-dokumen')!.deadlines![0].duration = 'PT48H';
    after.steps.find((s) => s.id === 'rencana-respon')!.fields = [];
    expect(summarizeChanges(before, after).map((c) => `${c.kind} | ${c.subject} | ${c.text}`)).toEqual([
      'changed | Dasar hukum | Nomor SK berubah dari KPTS.800/DISSOSP3A-Set/04 menjadi KPTS.800/DISSOSP3A-Set/05.',
      'changed | Waktu penyelesaian | Waktu penyelesaian berubah dari 1 Hari (P1D) menjadi 2 Hari (P2D, hari kerja).',
      'added | Persyaratan | Persyaratan baru: "Surat tanda lapor kepolisian".',
      'changed | Langkah 2 | Memeriksa dokumen persyaratan: tenggat "Penyerahan dokumen persyaratan yang kurang" menjadi 48 jam, sebelumnya 72 jam.',
      'changed | Langkah 3 | Menerima berkas dan memproses laporan: dikerjakan oleh Petugas Back Office, sebelumnya Bidang Teknis.',
      'added | Langkah 3 | Menerima berkas dan memproses laporan: isian baru "Foto lokasi".',
      'removed | Langkah 4 | Menyusun rencana respon kasus: isian "Rencana respon kasus" dihapus.',
      'removed | Langkah 4 | Menyusun rencana respon kasus: isian "Nomor / nama berkas rencana" dihapus.',
    ]);
  });

  it('names renumbered, added and removed steps', () => {
    const before = seedWorkflow();
    const after = seedWorkflow();
    after.steps = after.steps.filter((s) => s.id !== 'laporan-tindak-lanjut');
    after.steps.find((s) => s.id === 'rekomendasi-sekretaris')!.number = 9;
    after.steps.push({ id: 'evaluasi', number: 12, title: 'Evaluasi', role: 'kepala_uptd', end: 'ditindaklanjuti' });
    const texts = summarizeChanges(before, after).map((c) => c.text);
    expect(texts).toContain('"Merekomendasikan rencana tindak lanjut" dipindah dari langkah 10 ke langkah 9.');
    expect(texts).toContain('Langkah baru 12: Evaluasi, oleh Kepala UPTD PPA.');
    expect(texts).toContain('Langkah 9 dihapus: Melaporkan rencana tindak lanjut.');
  });
});

describe('line diff', () => {
  it('marks added and removed lines with their numbers and folds long unchanged runs', () => {
    const a = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'].join('\n');
    const b = ['a', 'b', 'c', 'd', 'e', 'F', 'g', 'h', 'i', 'j', 'k'].join('\n');
    const d = lineDiff(a, b, 1);
    expect(d).toEqual([
      { kind: 'skip', count: 4 },
      { kind: 'same', text: 'e', line: 5 },
      { kind: 'removed', text: 'f', line: 6 },
      { kind: 'added', text: 'F', line: 6 },
      { kind: 'same', text: 'g', line: 7 },
      { kind: 'skip', count: 1 },
      { kind: 'same', text: 'i', line: 9 },
      { kind: 'removed', text: 'j', line: 10 },
      { kind: 'added', text: 'j', line: 10 },
      { kind: 'added', text: 'k', line: 11 },
    ]);
  });
});
