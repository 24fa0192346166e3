/**
 * Warnings (never errors) about a service standard's missing components: Permenpan RB 15/2014 names fourteen, six of
 * which every definition already has; the other eight and the service pledge (maklumat pelayanan) live in `standard`.
 */
import type { Workflow } from '../types.ts';
import type { StandardSection } from '../report/types.ts';
import type { Problem } from './errors.ts';

/** The components in `standard`, in the regulation's order, by their Indonesian names. */
export const STANDARD_COMPONENTS: ReadonlyArray<{ key: keyof StandardSection; label: string }> = [
  { key: 'legalBasis', label: 'Dasar hukum' },
  { key: 'facilities', label: 'Sarana, prasarana dan/atau fasilitas' },
  { key: 'competence', label: 'Kompetensi pelaksana' },
  { key: 'supervision', label: 'Pengawasan internal' },
  { key: 'staffing', label: 'Jumlah pelaksana' },
  { key: 'guarantee', label: 'Jaminan pelayanan' },
  { key: 'safety', label: 'Jaminan keamanan dan keselamatan pelayanan' },
  { key: 'evaluation', label: 'Evaluasi kinerja pelaksana' },
  { key: 'pledge', label: 'Maklumat pelayanan' },
];

function filled(v: unknown): boolean {
  return typeof v === 'string' ? v.trim() !== '' : Array.isArray(v) && v.some((x) => typeof x === 'string' && x.trim() !== '');
}

export function checkStandard(wf: Workflow): Problem[] {
  const missing = STANDARD_COMPONENTS.filter((c) => !filled(wf.standard?.[c.key]));
  return missing.map((c) => ({
    path: wf.standard ? ['standard'] : [],
    ...(wf.standard ? { at: 'key' as const } : {}),
    message: `Komponen standar pelayanan "${c.label}" belum diisi (\`standard.${c.key}\`).`,
    hint: 'Permenpan RB 15/2014 meminta setiap standar pelayanan memuat komponen ini; halaman publik menampilkannya bila diisi.',
  }));
}
