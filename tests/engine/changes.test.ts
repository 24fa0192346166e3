import { describe, expect, it } from 'vitest';
import { changeWarnings, lineDiff, summarizeChanges } from '../../engine/changes.ts';
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
      'changed | Langkah 2 | Memeriksa dokumen persyaratan: tenggat "Penyerahan dokumen persyaratan yang kurang": lamanya menjadi 48 jam, sebelumnya 72 jam.',
      'changed | Langkah 3 | Menerima berkas dan memproses laporan: dikerjakan oleh Petugas Back Office, sebelumnya Bidang Teknis.',
      'added | Langkah 3 | Menerima berkas dan memproses laporan: isian baru "Foto lokasi".',
      'removed | Langkah 4 | Menyusun rencana respon kasus: isian "Rencana respon kasus" dihapus.',
      'removed | Langkah 4 | Menyusun rencana respon kasus: isian "Berkas rencana respon" dihapus.',
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

describe('renames and entries that say something', () => {
  const lines = (before: ReturnType<typeof seedWorkflow>, after: ReturnType<typeof seedWorkflow>) => summarizeChanges(before, after).map((c) => `${c.kind} | ${c.subject} | ${c.text}`);

  it('reads a renamed requirement, step, field and role as renames', () => {
    const before = seedWorkflow();
    const after = seedWorkflow();
    after.requirements[4] = { id: 'ktp-kk-pelapor', text: 'Fotocopy KTP / KK pelapor' };
    const step = after.steps.find((s) => s.id === 'arahan-kepala-dinas')!;
    step.id = 'arahan-layanan';
    after.steps.find((s) => s.id === 'verifikasi-sekretaris')!.next = [
      { to: 'respon-kepala-uptd', when: { all: [{ fact: 'hasil_verifikasi', operator: 'equal', value: 'perbaiki' }] }, label: 'respon dikembalikan ke Kepala UPTD PPA untuk diperbaiki' },
      { to: 'arahan-layanan', label: 'diteruskan ke Kepala Dinas' },
    ];
    step.fields![0]!.name = 'arahan_layanan';
    after.roles = Object.fromEntries(Object.entries(after.roles).map(([k, v]) => [k === 'back_office' ? 'petugas_back_office' : k, v]));
    after.steps.find((s) => s.id === 'rencana-respon')!.role = 'petugas_back_office';
    after.access!.sensitive = after.access!.sensitive!.map((r) => (r === 'back_office' ? 'petugas_back_office' : r));
    expect(lines(before, after)).toEqual([
      'renamed | Persyaratan | Persyaratan "Fotocopy KTP / KK" menjadi "Fotocopy KTP / KK pelapor".',
      'renamed | Peran | Peran Petugas Back Office: kodenya berganti dari back_office menjadi petugas_back_office; akun staf yang memegang back_office perlu diberi peran petugas_back_office di halaman Pengguna.',
      'renamed | Langkah 7 | Memberikan arahan layanan: kode langkah berganti dari arahan-kepala-dinas menjadi arahan-layanan.',
      'renamed | Langkah 7 | Memberikan arahan layanan: isian "Arahan kepada Bidang Teknis": nama datanya berganti dari arahan menjadi arahan_layanan (syarat dan laporan yang memakai arahan perlu ikut diganti).',
    ]);
  });

  it('never says "changed" with the same words before and after', () => {
    const before = seedWorkflow();
    const after = seedWorkflow();
    // The same route written as a list, a renumbered target, a deadline's button text, a branch label.
    after.steps.find((s) => s.id === 'proses-laporan')!.next = [{ to: 'rencana-respon' }];
    after.steps.find((s) => s.id === 'rencana-respon')!.number = 12;
    after.steps.find((s) => s.id === 'periksa-dokumen')!.deadlines![0]!.metLabel = 'Dokumen susulan masuk';
    const verify = after.steps.find((s) => s.id === 'verifikasi-sekretaris')!;
    (verify.next as Array<{ label?: string }>)[1]!.label = 'diteruskan untuk arahan';
    const out = lines(before, after);
    expect(out).toEqual([
      'changed | Langkah 2 | Memeriksa dokumen persyaratan: tenggat "Penyerahan dokumen persyaratan yang kurang": tombol tanda terpenuhi berganti tulisan.',
      'changed | Langkah 12 | "Menyusun rencana respon kasus" dipindah dari langkah 4 ke langkah 12.',
      'changed | Langkah 6 | Memverifikasi hasil respon kasus: cabang ke langkah 7: keterangan menjadi "diteruskan untuk arahan", sebelumnya "diteruskan ke Kepala Dinas".',
    ]);
    for (const line of out) {
      const m = /menjadi (.*), sebelumnya (.*)\.$/.exec(line);
      if (m) expect(m[1]).not.toBe(m[2]);
    }
  });
});

describe('warnings before publishing', () => {
  /** The decree change of the issue: step 7 to the Sekretaris, 2 days, a sixth requirement. */
  function decreeChange() {
    const after = seedWorkflow();
    after.steps.find((s) => s.id === 'arahan-kepala-dinas')!.role = 'sekretaris';
    after.completion = { ...after.completion, duration: 'P2D' };
    after.requirements.push({ id: 'surat-pengantar', text: 'Surat pengantar desa / kelurahan' });
    return after;
  }

  it('names the texts that still speak of the Kepala Dinas, the missing checklist line and the completion text', () => {
    const before = seedWorkflow();
    const warnings = changeWarnings(before, decreeChange());
    expect(warnings.map((w) => `${w.kind} | ${w.text}${w.quote ? ` | ${w.quote}` : ''}${w.fix ? ` | ${w.fix.action}` : ''}`)).toEqual([
      'stale-text | Uraian langkah 7 masih menyebut Kepala Dinas, padahal langkah 7 "Memberikan arahan layanan" kini dikerjakan Sekretaris. | Kepala Dinas memberikan arahan ke bidang… | ganti:steps/arahan-kepala-dinas/description:kepala_dinas:sekretaris',
      'stale-text | Uraian langkah 6 masih menyebut Kepala Dinas, padahal langkah 7 "Memberikan arahan layanan" kini dikerjakan Sekretaris. | …kasus dari Kepala UPTD PPA dan diteruskan ke Kepala Dinas | ganti:steps/verifikasi-sekretaris/description:kepala_dinas:sekretaris',
      'stale-text | Keterangan cabang langkah 6 ke langkah 7 masih menyebut Kepala Dinas, padahal langkah 7 "Memberikan arahan layanan" kini dikerjakan Sekretaris. | diteruskan ke Kepala Dinas | ganti:steps/verifikasi-sekretaris/next/1/label:kepala_dinas:sekretaris',
      'stale-text | Pilihan "Sesuai, teruskan ke Kepala Dinas" langkah 6 masih menyebut Kepala Dinas, padahal langkah 7 "Memberikan arahan layanan" kini dikerjakan Sekretaris. | Sesuai, teruskan ke Kepala Dinas | ganti:steps/verifikasi-sekretaris/fields/hasil_verifikasi/options/0/label:kepala_dinas:sekretaris',
      'checklist | Persyaratan "Surat pengantar desa / kelurahan" belum ada di daftar "Dokumen yang diterima" pada langkah 1, jadi petugas tidak dapat mencatat dokumen itu diterima. | ceklis:surat-pengantar',
      'completion-text | Waktu penyelesaian tertulis "1 Hari" di standar pelayanan, tetapi tenggatnya dihitung 2 hari.',
    ]);
  });

  it('counts open cases at a changed or removed step, per version', () => {
    const v1 = seedWorkflow();
    const v2 = seedWorkflow();
    v2.version = 2;
    v2.steps.find((s) => s.id === 'rencana-respon')!.fields!.push({ name: 'x', label: 'X', type: 'text' });
    const draft = decreeChange();
    draft.steps = draft.steps.filter((s) => s.id !== 'rencana-respon');
    draft.steps.find((s) => s.id === 'proses-laporan')!.next = 'respon-kepala-uptd';
    const open = [
      { version: 1, step: 'arahan-kepala-dinas', count: 2 },
      { version: 2, step: 'arahan-kepala-dinas', count: 1 },
      { version: 1, step: 'rencana-respon', count: 1 },
      { version: 2, step: 'rencana-respon', count: 3 },
      { version: 2, step: 'validasi-laporan', count: 4 },
    ];
    const warnings = changeWarnings(v2, draft, open, (v) => (v === 1 ? v1 : v === 2 ? v2 : undefined)).filter((w) => w.kind === 'open-cases');
    expect(warnings.map((w) => w.text)).toEqual([
      '3 kasus terbuka menunggu di langkah 7 "Memberikan arahan layanan", yang diubah rancangan ini (versi 1: 2, versi 2: 1). Kasus itu tetap diselesaikan menurut versinya sendiri.',
      '4 kasus terbuka menunggu di langkah 4 "Menyusun rencana respon kasus", yang dihapus rancangan ini (versi 1: 1, versi 2: 3). Kasus itu tetap diselesaikan menurut versinya sendiri.',
    ]);
  });

  it('says nothing for an unchanged definition', () => {
    expect(changeWarnings(seedWorkflow(), seedWorkflow(), [{ version: 1, step: 'arahan-kepala-dinas', count: 5 }])).toEqual([]);
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
