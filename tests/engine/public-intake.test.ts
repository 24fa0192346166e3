/** A complaint started by the public: only the listed fields, fixed values set, recorded as "publik". */
import { describe, expect, it } from 'vitest';
import { loadWorkflowFile } from '../../engine/definition/index.ts';
import { complaintServiceFor, publicFields, startPublicCase } from '../../engine/public-intake.ts';
import type { Workflow } from '../../engine/types.ts';
import { seedWorkflow } from './seed.ts';

function load(name: string): Workflow {
  const r = loadWorkflowFile(new URL(`../../workflows/${name}.yaml`, import.meta.url).pathname);
  if (!r.ok) throw new Error('not loaded');
  return r.workflow;
}

const NOW = new Date('2026-11-30T02:15:00Z'); // 09:15 WIB

describe('public intake', () => {
  const complaints = load('pengaduan-layanan');

  it('the complaint service takes complaints about every service of the Dinas', () => {
    expect(complaintServiceFor([seedWorkflow(), complaints], 'respon-kasus-anak')?.id).toBe('pengaduan-layanan');
    expect(publicFields(complaints).map((f) => f.name)).toEqual(['pengadu_nama', 'pengadu_kontak', 'identitas_dirahasiakan', 'isi_pengaduan']);
  });

  it('starts a case with the channel, the time received and the service complained about', async () => {
    const r = await startPublicCase(complaints, { id: 'PGD-1', data: { pengadu_nama: 'Warga', pengadu_kontak: '0812 1111 2222', isi_pengaduan: 'Petugas tidak ada di meja.' }, about: 'respon-kasus-anak', now: NOW });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.case.createdBy).toBe('publik');
    expect(r.value.case.data).toMatchObject({ saluran: 'formulir_daring', diterima_pada: '2026-11-30T09:15', layanan_dikeluhkan: 'respon-kasus-anak' });
    expect(r.value.case.current).toBe('verifikasi-pengaduan');
  });

  it('refuses fields the form does not ask (a person cannot set the channel) and names missing ones', async () => {
    const r = await startPublicCase(complaints, { id: 'PGD-2', data: { saluran: 'langsung', pengadu_nama: 'X' }, now: NOW });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.refusal.fields).toEqual({ saluran: 'Isian ini tidak dikenal pada formulir ini.' });
    const missing = await startPublicCase(complaints, { id: 'PGD-3', data: { pengadu_nama: 'X' }, now: NOW });
    expect(!missing.ok && Object.keys(missing.refusal.fields ?? {}).sort()).toEqual(['isi_pengaduan', 'pengadu_kontak']);
  });

  it('a service without a public form refuses', async () => {
    const r = await startPublicCase(seedWorkflow(), { id: 'X', data: {}, now: NOW });
    expect(!r.ok && r.refusal.code).toBe('forbidden');
  });
});
