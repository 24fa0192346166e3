/** The letter an outcome issues: its definition checks (located at their line) and its content, computed purely. */
import { describe, expect, it } from 'vitest';
import { parseWorkflow } from '../../engine/definition/index.ts';
import { completeStep, startCase } from '../../engine/case.ts';
import { chooseSigner, composeLetter, letterNumber, letterOf, sequenceName } from '../../engine/letter.ts';
import type { Actor, Case, Workflow } from '../../engine/types.ts';
import { actor, intake, seedWorkflow, SEED_PATH } from './seed.ts';
import { readFileSync } from 'node:fs';

const T0 = new Date('2026-11-30T02:00:00Z');
const later = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

async function run(wf: Workflow, steps: Array<[string, Record<string, unknown>, Actor]>, data = intake()): Promise<Case> {
  const r = await startCase(wf, { id: 'RKA-20261130-0001', data, actor: actor('front_office'), now: T0 });
  if (!r.ok) throw new Error(JSON.stringify(r.refusal));
  let c = r.value.case;
  let t = 30;
  for (const [step, values, by] of steps) {
    const d = await completeStep(wf, c, { step, data: values, actor: by, now: later((t += 30)) });
    if (!d.ok) throw new Error(`${step}: ${JSON.stringify(d.refusal)}`);
    c = d.value.case;
  }
  return c;
}

const direct: Array<[string, Record<string, unknown>, Actor]> = [
  ['periksa-dokumen', { dokumen_lengkap: 'ya' }, actor('front_office')],
  ['proses-laporan', { hasil_asesmen: 'Luka memar di lengan.', kebutuhan_layanan: ['layanan_kesehatan', 'pendampingan_psikologis'] }, actor('bidang_teknis')],
  ['rencana-respon', { rencana_respon: 'Visum dan pendampingan.' }, actor('back_office')],
  ['respon-kepala-uptd', { respon_kasus: 'Respon pertama.' }, actor('kepala_uptd')],
  ['verifikasi-sekretaris', { hasil_verifikasi: 'perbaiki', catatan_verifikasi: 'Lengkapi rujukan.' }, actor('sekretaris')],
  ['respon-kepala-uptd', { respon_kasus: 'Respon yang diperbaiki, dengan rujukan ke puskesmas.' }, actor('kepala_uptd')],
  ['verifikasi-sekretaris', { hasil_verifikasi: 'sesuai' }, actor('sekretaris')],
  ['arahan-kepala-dinas', { arahan: 'Dampingi anak ke puskesmas hari ini.' }, actor('kepala_dinas', 'kadis')],
];

const ISSUE = { number: '7/RKA/DISSOSP3A/2026', code: 'ABCD-EFGH-JK', issuedAt: later(300).toISOString(), verifyUrl: 'https://contoh.go.id/verifikasi/ABCD-EFGH-JK' };
const SIGNER = { role: 'kepala_dinas', username: 'kadis', name: 'Drs. H. Budi Santoso, M.Si', jabatan: 'Kepala Dinas Sosial P3A Kabupaten Rokan Hulu', nip: '197001011990031001' };

describe('the letter of an outcome', () => {
  it('numbers with a yearly sequence in the office time zone, the month in Roman numerals', () => {
    expect(letterNumber('{seq}/RKA/DISSOSP3A/{year}', 7, new Date('2026-12-31T18:00:00Z'), 'Asia/Jakarta')).toBe('7/RKA/DISSOSP3A/2027');
    expect(letterNumber('{seq}/X/{month}/{year}', 12, new Date('2026-03-05T00:00:00Z'), 'Asia/Jakarta')).toBe('12/X/III/2026');
    expect(sequenceName({ id: 'respon-kasus-anak' }, 'respon-kasus', 2026)).toBe('surat:respon-kasus-anak:respon-kasus:2026');
  });

  it('of a direct case: the fields the YAML lists, the last response only, no identity, signer with NIP', async () => {
    const wf = seedWorkflow();
    const c = await run(wf, direct);
    expect(c.outcome).toBe('ditindaklanjuti');
    const letter = composeLetter(wf, c, SIGNER, ISSUE);
    const all = JSON.stringify(letter);
    for (const identity of ['Ibu Sari', 'A.R.', 'dipukul', 'Luka memar']) expect(all).not.toContain(identity);
    expect(all).not.toContain('disembunyikan');
    expect(all).not.toContain('Respon pertama');
    expect(letter.title).toBe('Respon Kasus');
    expect(letter.addressee[0]).toBe('Kepala UPTD Perlindungan Perempuan dan Anak');
    expect(letter.subject).toBe('Respon kasus anak nomor RKA-20261130-0001');
    expect(letter.paragraphs[0]).toMatch(/^Menindaklanjuti laporan yang dicatat pada 30 November 2026 dengan nomor kasus RKA-20261130-0001 .*\(Kekerasan fisik\), dengan tingkat risiko Tinggi/);
    expect(letter.paragraphs).toContain('Respon kasus: Respon yang diperbaiki, dengan rujukan ke puskesmas.');
    expect(letter.paragraphs).toContain('Arahan layanan: Dampingi anak ke puskesmas hari ini.');
    expect(letter.paragraphs.some((p) => p.startsWith('Perintah'))).toBe(false);
    expect(letter.facts).toEqual([
      { label: 'Sumber laporan', text: 'Masyarakat' },
      { label: 'Saluran laporan', text: 'Langsung (pelapor datang ke ruang pelayanan)' },
    ]);
    expect(letter.dateLine).toBe('Pasir Pengaraian, 30 November 2026');
    expect(letter.signer).toEqual({ roleTitle: 'Kepala Dinas', jabatan: SIGNER.jabatan, name: SIGNER.name, nip: SIGNER.nip });
    expect(composeLetter(wf, c, SIGNER, ISSUE)).toEqual(letter);
  });

  it('of an indirect case: the plan, recommendation and order instead of the direction', async () => {
    const wf = seedWorkflow();
    const c = await run(
      wf,
      [
        ['periksa-dokumen', { dokumen_lengkap: 'ya' }, actor('front_office')],
        ['validasi-laporan', { laporan_sah: 'ya', catatan_validasi: 'Dikonfirmasi ke sekolah.' }, actor('kepala_uptd')],
        ['laporan-tindak-lanjut', { rencana_tindak_lanjut: 'Kunjungan rumah besok.' }, actor('kepala_uptd')],
        ['rekomendasi-sekretaris', { rekomendasi: 'Libatkan puskesmas.' }, actor('sekretaris')],
        ['perintah-tindak-lanjut', { perintah: 'Laksanakan kunjungan.' }, actor('kepala_dinas', 'kadis')],
      ],
      intake({ saluran: 'tidak_langsung', media_pelaporan: 'telepon' }),
    );
    const letter = composeLetter(wf, c, SIGNER, ISSUE);
    expect(letter.paragraphs.filter((p) => /^(Rencana|Rekomendasi|Perintah)/.test(p))).toEqual([
      'Rencana tindak lanjut: Kunjungan rumah besok.',
      'Rekomendasi Sekretaris: Libatkan puskesmas.',
      'Perintah tindak lanjut: Laksanakan kunjungan.',
    ]);
    expect(letter.paragraphs.some((p) => p.startsWith('Arahan') || p.startsWith('Respon kasus:'))).toBe(false);
    expect(JSON.stringify(letter)).not.toContain('Ibu Sari');
  });

  it('is signed by who acted in the signing role, else by a holder of it', async () => {
    const wf = seedWorkflow();
    const c = await run(wf, direct);
    const rule = letterOf(wf, c.outcome)!.rule;
    expect(chooseSigner(rule, c, ['zaki', 'amir'])).toEqual({ username: 'kadis' });
    expect(chooseSigner({ ...rule, signer: 'pemohon' }, c, ['zaki', 'amir'])).toEqual({ username: 'amir' });
    expect(chooseSigner({ ...rule, signer: 'pemohon' }, c, [])).toBeUndefined();
  });
});

describe('definition checks of a letter', () => {
  const source = readFileSync(SEED_PATH, 'utf8');
  function edited(from: string, to: string) {
    expect(source).toContain(from);
    const r = parseWorkflow(source.replace(from, to), 'respon-kasus-anak.yaml');
    return r.ok ? [] : r.errors;
  }
  const lineOf = (text: string) => source.split('\n').findIndex((l) => l.includes(text)) + 1;

  it('refuses an identity field on a letter that leaves the office, at its line', () => {
    const errors = edited('fields: [sumber_laporan, saluran,', 'fields: [anak_nama, sumber_laporan, saluran,');
    expect(errors).toHaveLength(1);
    expect(errors[0]!.path).toBe('outcomes[0].letter.fields[0]');
    expect(errors[0]!.message).toMatch(/`anak_nama` .*identitas/);
    expect(errors[0]!.line).toBe(lineOf('fields: [sumber_laporan, saluran,'));
    // The same letter for the family itself may carry it.
    expect(edited('fields: [sumber_laporan, saluran,', 'family: true\n      fields: [anak_nama, sumber_laporan, saluran,')).toEqual([]);
  });

  it('names unknown fields and placeholders, with the line and what exists', () => {
    const unknown = edited('fields: [sumber_laporan, saluran,', 'fields: [sumber_lapran, saluran,');
    expect(unknown[0]!.message).toBe('Isian `sumber_lapran` tidak ada pada formulir layanan ini.');
    expect(unknown[0]!.hint).toMatch(/sumber_laporan/);
    const placeholder = edited('"Perintah tindak lanjut: {perintah}"', '"Perintah tindak lanjut: {perintahh}"');
    expect(placeholder).toHaveLength(1);
    expect(placeholder[0]!.line).toBe(lineOf('"Perintah tindak lanjut: {perintah}"'));
    expect(placeholder[0]!.message).toBe('{perintahh} pada teks surat tidak dikenal.');
    const notListed = edited('"Perintah tindak lanjut: {perintah}"', '"Perintah tindak lanjut: {perintah} {catatan_validasi}"');
    expect(notListed[0]!.message).toBe('{catatan_validasi} dipakai di teks surat, tetapi isian `catatan_validasi` tidak ada di `fields` surat ini.');
  });

  it('requires {seq} in the number, known words only, and known roles', () => {
    expect(edited('number: "{seq}/RKA/DISSOSP3A/{year}"', 'number: "RKA/DISSOSP3A/{year}"')[0]!.hint).toMatch(/harus memuat \{seq\}/);
    expect(edited('number: "{seq}/RKA/DISSOSP3A/{year}"', 'number: "{seq}/RKA/{tahun}"')[0]!.message).toBe('Format nomor surat memuat {tahun} yang tidak dikenal.');
    const role = edited('      signer: kepala_dinas\n', '      signer: kepala_dinass\n');
    expect(role[0]!.path).toBe('outcomes[0].letter.signer');
    expect(role[0]!.hint).toMatch(/kepala_dinas/);
  });
});

describe('the other services: one product per outcome', () => {
  const load = (name: string) => {
    const r = parseWorkflow(readFileSync(new URL(`../../workflows/${name}.yaml`, import.meta.url), 'utf8'), `${name}.yaml`);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    return r.workflow;
  };
  const closed = (outcome: string, data: Record<string, unknown>) =>
    ({ id: 'REK-20261130-0001', outcome, status: 'closed', data, createdAt: T0.toISOString(), closedAt: later(600).toISOString(), history: [] }) as unknown as Case;
  const applicant = { pemohon_nama: 'Siti Aminah', pemohon_nik: '1406010101800001', desa_kecamatan: 'Desa Rambah, Kec. Rambah', keperluan: 'pengobatan', instansi_tujuan: 'RSUD Rokan Hulu' };

  it('the recommendation approves with a Surat Rekomendasi; a rejection gets its own letter, never the approval title', () => {
    const wf = load('rekomendasi-bantuan-sosial');
    const yes = composeLetter(wf, closed('diterbitkan', { ...applicant, desil: 1 }), { role: 'kepala_dinas', name: 'Kadis' }, ISSUE);
    expect(yes.title).toBe('Surat Rekomendasi');
    expect(yes.subject).toBe('Rekomendasi Keringanan biaya pengobatan di rumah sakit');
    // For the family itself: it names the applicant.
    expect(yes.paragraphs).toContain('Nama: Siti Aminah, NIK 1406010101800001, Desa Rambah, Kec. Rambah,');
    expect(yes.paragraphs).toContain('Rekomendasi ini ditujukan kepada RSUD Rokan Hulu.');
    const no = composeLetter(wf, closed('tidak-memenuhi', { ...applicant, instansi_tujuan: undefined, alasan: 'Penghasilan keluarga di atas batas.' }), { role: 'kepala_bidang', name: 'Kabid' }, ISSUE);
    expect(no.title).toBe('Surat Pemberitahuan Hasil Permohonan');
    expect(JSON.stringify(no)).not.toMatch(/Surat Rekomendasi/);
    expect(no.addressee).toEqual(['Sdr. Siti Aminah', 'Desa Rambah, Kec. Rambah']);
    expect(no.paragraphs).toContain('Alasan: Penghasilan keluarga di atas batas.');
    expect(no.signer.roleTitle).toBe('Kepala Bidang Perlindungan dan Jaminan Sosial');
    expect(letterOf(wf, 'dikembalikan')).toBeUndefined();
    expect(letterOf(wf, 'diterbitkan')!.id).not.toBe(letterOf(wf, 'tidak-memenuhi')!.id);
  });

  it('a complaint is answered, or passed on to the agency in charge, each with its own letter and no identity', () => {
    const wf = load('pengaduan-layanan');
    const data = { pengadu_nama: 'Pak Rudi', isi_pengaduan: 'Petugas kasar.', layanan_dikeluhkan: 'lainnya', ringkasan: 'Keluhan tentang pelayanan loket.', jawaban: 'Petugas sudah ditegur.', instansi_tujuan: 'Dinas Kesehatan' };
    const answered = composeLetter(wf, closed('dijawab', data), { role: 'sekretaris', name: 'Sek' }, ISSUE);
    const passed = composeLetter(wf, closed('diteruskan', data), { role: 'sekretaris', name: 'Sek' }, ISSUE);
    expect(answered.title).toBe('Jawaban Pengaduan');
    expect(passed.title).toBe('Surat Penerusan Pengaduan');
    expect(passed.addressee[0]).toBe('Pimpinan Dinas Kesehatan');
    for (const l of [answered, passed]) expect(JSON.stringify(l)).not.toMatch(/Pak Rudi|kasar/);
  });
});

describe('a letter changed in a new version', () => {
  it('is named in the change summary of the publish', async () => {
    const { summarizeChanges } = await import('../../engine/changes.ts');
    const before = seedWorkflow();
    const after = seedWorkflow();
    after.outcomes[0]!.letter!.place = 'Pasirpengaraian';
    after.outcomes[1]!.letter = { ...after.outcomes[0]!.letter!, id: 'penolakan', title: 'Pemberitahuan Laporan Tidak Sah', number: '{seq}/RKA-TS/{year}' };
    expect(summarizeChanges(before, after).filter((c) => c.subject === 'Surat').map((c) => `${c.kind} | ${c.text}`)).toEqual([
      'changed | Surat Respon Kasus pada hasil akhir "Respon kasus diterbitkan dan tindak lanjut diperintahkan" diubah; surat yang sudah terbit tetap seperti saat terbit.',
      'added | Hasil akhir "Laporan dinyatakan tidak sah dan ditutup" kini menerbitkan surat Pemberitahuan Laporan Tidak Sah (nomor {seq}/RKA-TS/{year}).',
    ]);
  });
});
