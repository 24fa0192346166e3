/** Checks of a service's `privacy` section: retention per existing outcome, sane durations, identity fields that exist. */
import { parseDuration } from '../time.ts';
import type { Workflow } from '../types.ts';
import type { Problem } from './errors.ts';

/** Longer than this is a typo (P500Y): children's case files are kept for decades at most. */
const MAX_YEARS = 100;

export function checkPrivacy(wf: Workflow): Problem[] {
  const p = wf.privacy;
  if (!p) return [];
  const problems: Problem[] = [];
  const outcomes = new Set(wf.outcomes.map((o) => o.id));
  for (const [outcome, duration] of Object.entries(p.retention ?? {})) {
    const path = ['privacy', 'retention', outcome];
    if (outcome !== '*' && !outcomes.has(outcome)) {
      problems.push({ path, message: `Masa simpan untuk hasil akhir \`${outcome}\` yang tidak ada di \`outcomes\`.`, hint: `Hasil akhir layanan ini: ${[...outcomes].join(', ')}; atau \`*\` untuk semua yang lain.` });
    }
    const d = parseDuration(duration);
    if (!d) {
      problems.push({ path, message: `Masa simpan \`${duration}\` bukan durasi.`, hint: 'Tulis durasi ISO-8601: P5Y (5 tahun), P18M (18 bulan), P90D (90 hari).' });
      continue;
    }
    const days = d.years * 366 + d.months * 31 + d.weeks * 7 + d.days + d.hours / 24;
    if (days < 1) problems.push({ path, message: `Masa simpan \`${duration}\` kurang dari satu hari: identitas terhapus sebelum kasus dapat ditinjau.`, hint: 'Tulis masa simpan dalam hari, bulan atau tahun, misalnya P5Y.' });
    if (d.years + d.months / 12 > MAX_YEARS) problems.push({ path, message: `Masa simpan \`${duration}\` lebih dari ${MAX_YEARS} tahun.`, hint: 'Periksa satuannya: Y = tahun, M = bulan, D = hari.' });
  }
  const fields = new Map<string, Set<string> | undefined>();
  for (const step of wf.steps) for (const f of step.fields ?? []) fields.set(f.name, f.type === 'group' ? new Set((f.fields ?? []).map((c) => c.name)) : undefined);
  (p.identity ?? []).forEach((name, i) => {
    const [field, column] = name.split('.');
    const known = fields.has(field!) && (column === undefined || fields.get(field!)?.has(column));
    if (!known) problems.push({ path: ['privacy', 'identity', i], message: `Isian \`${name}\` tidak ada di formulir layanan ini.`, hint: 'Tulis nama isian (name) dari salah satu langkah, atau grup.kolom untuk kolom isian berulang.' });
  });
  return problems;
}
