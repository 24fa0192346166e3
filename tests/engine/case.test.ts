import { describe, expect, it } from 'vitest';
import { completeStep, meetDeadline, startCase } from '../../engine/case.ts';
import { deadlineStatus, isOverdue } from '../../engine/deadlines.ts';
import { openTasks } from '../../engine/tasks.ts';
import type { Actor, Case, Workflow } from '../../engine/types.ts';
import { actor, intake, seedWorkflow } from './seed.ts';

const T0 = new Date('2026-11-30T02:00:00Z'); // Senin 09:00 WIB
const later = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

async function start(wf: Workflow, data = intake()): Promise<Case> {
  const r = await startCase(wf, { id: 'RKA-1', data, actor: actor('front_office'), now: T0 });
  if (!r.ok) throw new Error(JSON.stringify(r.refusal));
  return r.value.case;
}

async function step(wf: Workflow, c: Case, id: string, data: Record<string, unknown>, by: Actor, at = later(30)): Promise<Case> {
  const r = await completeStep(wf, c, { step: id, data, actor: by, now: at });
  if (!r.ok) throw new Error(`${id}: ${JSON.stringify(r.refusal)}`);
  return r.value.case;
}

const path = (c: Case) => c.history.flatMap((h) => (h.type === 'completed' ? [h.step] : []));

describe('the direct path (steps 1-7)', () => {
  it('runs from intake to the Kepala Dinas direction and closes with the product outcome', async () => {
    const wf = seedWorkflow();
    let c = await start(wf);
    expect(c.current).toBe('periksa-dokumen');
    expect(c.rev).toBe(1);
    c = await step(wf, c, 'periksa-dokumen', { dokumen_lengkap: 'ya' }, actor('front_office'));
    expect(c.current).toBe('proses-laporan');
    const guard = c.history.find((h) => h.type === 'guard');
    expect(guard && guard.type === 'guard' && guard.chosen.reason).toBe('Saluran laporan: Langsung (pelapor datang ke ruang pelayanan), maka berkas diteruskan ke Bidang Teknis');
    c = await step(wf, c, 'proses-laporan', { hasil_asesmen: 'Luka memar.', kebutuhan_layanan: ['layanan_kesehatan'] }, actor('bidang_teknis'));
    c = await step(wf, c, 'rencana-respon', { rencana_respon: 'Visum, pendampingan.' }, actor('back_office'));
    c = await step(wf, c, 'respon-kepala-uptd', { respon_kasus: 'Setuju.' }, actor('kepala_uptd'));
    c = await step(wf, c, 'verifikasi-sekretaris', { hasil_verifikasi: 'sesuai' }, actor('sekretaris'));
    c = await step(wf, c, 'arahan-kepala-dinas', { arahan: 'Laksanakan hari ini.' }, actor('kepala_dinas'), later(300));
    expect(path(c)).toEqual(['terima-laporan', 'periksa-dokumen', 'proses-laporan', 'rencana-respon', 'respon-kepala-uptd', 'verifikasi-sekretaris', 'arahan-kepala-dinas']);
    expect(c.status).toBe('closed');
    expect(c.outcome).toBe('ditindaklanjuti');
    expect(c.current).toBeNull();
    expect(openTasks(wf, c)).toEqual([]);
    expect(c.deadlines.find((d) => d.id === 'penyelesaian')?.metAt).toBe(later(300).toISOString());
    expect(c.rev).toBe(7);
  });

  it('sends a response the secretary finds wanting back to the Kepala UPTD PPA, and records why', async () => {
    const wf = seedWorkflow();
    let c = await start(wf);
    c = await step(wf, c, 'periksa-dokumen', { dokumen_lengkap: 'ya' }, actor('front_office'));
    c = await step(wf, c, 'proses-laporan', { hasil_asesmen: 'a', kebutuhan_layanan: ['rujukan'] }, actor('bidang_teknis'));
    c = await step(wf, c, 'rencana-respon', { rencana_respon: 'b' }, actor('back_office'));
    c = await step(wf, c, 'respon-kepala-uptd', { respon_kasus: 'c' }, actor('kepala_uptd'));
    c = await step(wf, c, 'verifikasi-sekretaris', { hasil_verifikasi: 'perbaiki', catatan_verifikasi: 'Lengkapi rujukan.' }, actor('sekretaris'));
    expect(c.current).toBe('respon-kepala-uptd');
    const last = c.history.filter((h) => h.type === 'guard').at(-1);
    expect(last?.type === 'guard' && last.chosen.reason).toBe('Hasil verifikasi: Perlu diperbaiki Kepala UPTD PPA, maka respon dikembalikan ke Kepala UPTD PPA untuk diperbaiki');
    c = await step(wf, c, 'respon-kepala-uptd', { respon_kasus: 'c, dengan rujukan' }, actor('kepala_uptd'));
    const done = c.history.filter((h) => h.type === 'completed').at(-1);
    expect(done?.type === 'completed' && done.before).toEqual({ respon_kasus: 'c' });
    c = await step(wf, c, 'verifikasi-sekretaris', { hasil_verifikasi: 'sesuai' }, actor('sekretaris'));
    expect(c.current).toBe('arahan-kepala-dinas');
    expect(c.data.catatan_verifikasi).toBe('Lengkapi rujukan.');
  });
});

describe('the indirect path (steps 8-11)', () => {
  const indirect = intake({ saluran: 'tidak_langsung', media_pelaporan: 'telepon' });

  it('goes through the Kepala UPTD PPA validation to the Kepala Dinas order', async () => {
    const wf = seedWorkflow();
    let c = await start(wf, indirect);
    c = await step(wf, c, 'periksa-dokumen', { dokumen_lengkap: 'tidak', dokumen_kurang: 'Fotokopi KK' }, actor('front_office'));
    expect(c.current).toBe('validasi-laporan');
    const guard = c.history.find((h) => h.type === 'guard');
    expect(guard?.type === 'guard' && guard.chosen.reason).toBe('Saluran laporan: Tidak langsung (telepon atau media), maka laporan divalidasi Kepala UPTD PPA');
    c = await step(wf, c, 'validasi-laporan', { laporan_sah: 'ya', catatan_validasi: 'Dikonfirmasi ke sekolah.' }, actor('kepala_uptd'));
    c = await step(wf, c, 'laporan-tindak-lanjut', { rencana_tindak_lanjut: 'Kunjungan rumah.' }, actor('kepala_uptd'));
    c = await step(wf, c, 'rekomendasi-sekretaris', { rekomendasi: 'Setuju.' }, actor('sekretaris'));
    c = await step(wf, c, 'perintah-tindak-lanjut', { perintah: 'Laksanakan.' }, actor('kepala_dinas'));
    expect(path(c)).toEqual(['terima-laporan', 'periksa-dokumen', 'validasi-laporan', 'laporan-tindak-lanjut', 'rekomendasi-sekretaris', 'perintah-tindak-lanjut']);
    expect(c.status).toBe('closed');
    expect(c.outcome).toBe('ditindaklanjuti');
  });

  it('closes a report found not genuine with its reason, without further steps', async () => {
    const wf = seedWorkflow();
    let c = await start(wf, indirect);
    c = await step(wf, c, 'periksa-dokumen', { dokumen_lengkap: 'ya' }, actor('front_office'));
    c = await step(wf, c, 'validasi-laporan', { laporan_sah: 'tidak', catatan_validasi: 'Alamat fiktif.' }, actor('kepala_uptd'));
    expect(c.status).toBe('closed');
    expect(c.outcome).toBe('tidak-sah');
    const guard = c.history.filter((h) => h.type === 'guard').at(-1);
    expect(guard?.type === 'guard' && guard.chosen.reason).toBe('Laporan sah: Tidak sah, maka laporan ditutup tanpa tindak lanjut');
  });
});

describe('the document deadline (3x24 hours) does not block the case', () => {
  it('starts 72 hours after the check only when documents are missing, while the case moves on', async () => {
    const wf = seedWorkflow();
    let c = await start(wf);
    const checkedAt = later(60);
    c = await step(wf, c, 'periksa-dokumen', { dokumen_lengkap: 'tidak', dokumen_kurang: 'Fotokopi KTP' }, actor('front_office'), checkedAt);
    const docs = c.deadlines.find((d) => d.id === 'dokumen-susulan');
    expect(docs?.due).toBe(new Date(checkedAt.getTime() + 72 * 3_600_000).toISOString());
    expect(docs?.blocking).toBe(false);
    // The case went on and its next task can be done at once.
    expect(c.current).toBe('proses-laporan');
    c = await step(wf, c, 'proses-laporan', { hasil_asesmen: 'a', kebutuhan_layanan: ['rujukan'] }, actor('bidang_teknis'), later(90));
    expect(c.current).toBe('rencana-respon');
    // Four days later the documents are overdue (and so is the one-day completion time).
    const fourDays = later(4 * 24 * 60);
    const state = deadlineStatus(c, fourDays).find((d) => d.id === 'dokumen-susulan');
    expect(state?.overdue).toBe(true);
    expect(isOverdue(c, fourDays)).toBe(true);
    expect(isOverdue(c, later(120))).toBe(false);
    // Front office records the documents; only its role may.
    const refused = meetDeadline(wf, c, { deadline: 'dokumen-susulan', actor: actor('bidang_teknis'), now: later(200) });
    expect(refused.ok).toBe(false);
    const met = meetDeadline(wf, c, { deadline: 'dokumen-susulan', actor: actor('front_office'), now: later(200) });
    expect(met.ok && met.value.case.deadlines.find((d) => d.id === 'dokumen-susulan')?.metAt).toBe(later(200).toISOString());
  });

  it('starts no document deadline when the documents are complete', async () => {
    const wf = seedWorkflow();
    let c = await start(wf);
    c = await step(wf, c, 'periksa-dokumen', { dokumen_lengkap: 'ya' }, actor('front_office'));
    expect(c.deadlines.map((d) => d.id)).toEqual(['penyelesaian']);
  });

  it('a blocking deadline, when the YAML says so, holds the case until met', async () => {
    const wf = seedWorkflow();
    wf.steps.find((s) => s.id === 'periksa-dokumen')!.deadlines![0].blocking = true;
    let c = await start(wf);
    c = await step(wf, c, 'periksa-dokumen', { dokumen_lengkap: 'tidak', dokumen_kurang: 'KTP' }, actor('front_office'));
    const held = await completeStep(wf, c, { step: 'proses-laporan', data: { hasil_asesmen: 'a', kebutuhan_layanan: ['rujukan'] }, actor: actor('bidang_teknis'), now: later(40) });
    expect(held.ok).toBe(false);
    expect(!held.ok && held.refusal.message).toContain('Penyerahan dokumen persyaratan yang kurang');
    const met = meetDeadline(wf, c, { deadline: 'dokumen-susulan', actor: actor('front_office'), now: later(50) });
    if (!met.ok) throw new Error('meet refused');
    c = await step(wf, met.value.case, 'proses-laporan', { hasil_asesmen: 'a', kebutuhan_layanan: ['rujukan'] }, actor('bidang_teknis'));
    expect(c.current).toBe('rencana-respon');
  });
});

describe('refusals', () => {
  it('refuses an actor without the step role, naming the role needed, and changes nothing', async () => {
    const wf = seedWorkflow();
    const c = await start(wf);
    const snapshot = JSON.stringify(c);
    const r = await completeStep(wf, c, { step: 'periksa-dokumen', data: { dokumen_lengkap: 'ya' }, actor: actor('kepala_dinas'), now: later(5) });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.refusal.code).toBe('forbidden');
    expect(!r.ok && r.refusal.message).toContain('Petugas Front Office');
    expect(JSON.stringify(c)).toBe(snapshot);
    const s = await startCase(wf, { id: 'X', data: intake(), actor: actor('sekretaris'), now: T0 });
    expect(!s.ok && s.refusal.code).toBe('forbidden');
  });

  it('refuses invalid form data with a message per field', async () => {
    const wf = seedWorkflow();
    const r = await startCase(wf, {
      id: 'X',
      actor: actor('front_office'),
      now: T0,
      data: intake({ anak_nama: '  ', saluran: 'merpati', pelapor_nik: '12345', anak_perkiraan_usia: '19', diterima_pada: '2026-02-30T09:00', jenis_kasus: ['sihir'], rahasia: 'x' }),
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.refusal.code).toBe('invalid');
    expect(r.refusal.fields).toEqual({
      anak_nama: 'Wajib diisi.',
      saluran: 'Pilih salah satu pilihan yang tersedia.',
      pelapor_nik: 'NIK terdiri dari 16 angka.',
      anak_perkiraan_usia: 'Paling besar 17.',
      diterima_pada: 'Waktu tidak valid; gunakan format TTTT-BB-HHTjj:mm, misalnya 2026-11-30T09:15.',
      jenis_kasus: 'Pilihan tidak tersedia: sihir.',
      rahasia: 'Isian ini tidak dikenal pada formulir ini.',
    });
  });

  it('requires a conditional field only while its condition holds', async () => {
    const wf = seedWorkflow();
    const r = await startCase(wf, { id: 'X', actor: actor('front_office'), now: T0, data: intake({ saluran: 'tidak_langsung' }) });
    expect(!r.ok && r.refusal.fields).toEqual({ media_pelaporan: 'Wajib diisi.' });
    // Given on a direct report, the conditional value is ignored rather than kept.
    const ok = await startCase(wf, { id: 'X', actor: actor('front_office'), now: T0, data: intake({ media_pelaporan: 'telepon' }) });
    expect(ok.ok && ok.value.case.data.media_pelaporan).toBeUndefined();
  });

  it('refuses a step that is not open, a stale revision and a closed case', async () => {
    const wf = seedWorkflow();
    const c = await start(wf);
    const early = await completeStep(wf, c, { step: 'rencana-respon', data: { rencana_respon: 'x' }, actor: actor('back_office'), now: later(5) });
    expect(!early.ok && early.refusal.code).toBe('not_open');
    expect(!early.ok && early.refusal.message).toContain('langkah 2');
    const stale = await completeStep(wf, c, { step: 'periksa-dokumen', data: { dokumen_lengkap: 'ya' }, actor: actor('front_office'), now: later(5), rev: 0 });
    expect(!stale.ok && stale.refusal.code).toBe('stale');
    const closed = { ...c, status: 'closed' as const, current: null };
    const r = await completeStep(wf, closed, { step: 'periksa-dokumen', data: { dokumen_lengkap: 'ya' }, actor: actor('front_office'), now: later(5) });
    expect(!r.ok && r.refusal.code).toBe('closed');
  });
});

describe('version pinning', () => {
  it('a case started on version 1 finishes on version 1; version 2 applies to new cases only', async () => {
    const v1 = seedWorkflow();
    let c = await start(v1);
    expect(c.workflow).toMatchObject({ id: 'respon-kasus-anak', version: 1 });
    expect(c.workflow.hash).toMatch(/^[0-9a-f]{64}$/);

    // Version 2: step 3 moves to the back office and the completion time becomes 2 days.
    const v2 = seedWorkflow();
    v2.version = 2;
    v2.steps.find((s) => s.id === 'proses-laporan')!.role = 'back_office';
    v2.completion.duration = 'P2D';

    const onV2 = await completeStep(v2, c, { step: 'periksa-dokumen', data: { dokumen_lengkap: 'ya' }, actor: actor('front_office'), now: later(5) });
    expect(!onV2.ok && onV2.refusal.code).toBe('wrong_workflow');

    c = await step(v1, c, 'periksa-dokumen', { dokumen_lengkap: 'ya' }, actor('front_office'));
    const wrongRole = await completeStep(v1, c, { step: 'proses-laporan', data: { hasil_asesmen: 'a', kebutuhan_layanan: ['rujukan'] }, actor: actor('back_office'), now: later(40) });
    expect(!wrongRole.ok && wrongRole.refusal.code).toBe('forbidden');
    c = await step(v1, c, 'proses-laporan', { hasil_asesmen: 'a', kebutuhan_layanan: ['rujukan'] }, actor('bidang_teknis'));
    expect(c.deadlines[0].due).toBe(new Date(T0.getTime() + 86_400_000).toISOString());

    const fresh = await start(v2);
    expect(fresh.workflow.version).toBe(2);
    expect(fresh.deadlines[0].due).toBe(new Date(T0.getTime() + 2 * 86_400_000).toISOString());
    const next = await step(v2, fresh, 'periksa-dokumen', { dokumen_lengkap: 'ya' }, actor('front_office'));
    expect(openTasks(v2, next)[0].roles).toEqual(['back_office']);

    // Editing a definition without bumping its version is caught by the content hash.
    const edited = seedWorkflow();
    edited.fee = 'Rp 10.000';
    const sneaky = await completeStep(edited, c, { step: 'rencana-respon', data: { rencana_respon: 'x' }, actor: actor('back_office'), now: later(50) });
    expect(!sneaky.ok && sneaky.refusal.code).toBe('wrong_workflow');
  });
});
