/** Test helpers: the seed workflow, actors for each role, and intake data for both paths. */
import { fileURLToPath } from 'node:url';
import { formatDefinitionError, loadWorkflowFile } from '../../engine/definition/index.ts';
import type { Actor, Workflow } from '../../engine/types.ts';

export const SEED_PATH = fileURLToPath(new URL('../../workflows/respon-kasus-anak.yaml', import.meta.url));

/** A fresh copy of the seed definition (through the real loader) for each call, so a test may edit it freely. */
export function seedWorkflow(): Workflow {
  const loaded = loadWorkflowFile(SEED_PATH);
  if (!loaded.ok) throw new Error(loaded.errors.map(formatDefinitionError).join('\n'));
  // A copy: the loader has already hashed this object, and hashes are cached per (immutable) definition.
  return structuredClone(loaded.workflow);
}

export const actor = (role: string, username = role): Actor => ({ username, roles: [role] });

export const intake = (over: Record<string, unknown> = {}) => ({
  sumber_laporan: 'masyarakat',
  saluran: 'langsung',
  diterima_pada: '2026-11-30T09:00',
  pelapor_nama: 'Ibu Sari',
  pelapor_hubungan: 'tetangga',
  anak_nama: 'A.R.',
  anak_jenis_kelamin: 'perempuan',
  anak_perkiraan_usia: '9',
  jenis_kasus: ['kekerasan_fisik'],
  kronologi: 'Tetangga mendengar anak dipukul berulang kali.',
  tingkat_risiko: 'tinggi',
  ...over,
});
