/** Step deadlines: who records them met, and settings that fit how their clock starts. */
import type { Workflow } from '../types.ts';
import type { PathSegment, Problem } from './errors.ts';
import { didYouMean, listNames } from './suggest.ts';

export function checkDeadlineRules(wf: Workflow): Problem[] {
  const out: Problem[] = [];
  const roleIds = Object.keys(wf.roles);
  wf.steps.forEach((s, i) =>
    (s.deadlines ?? []).forEach((d, k) => {
      const at: PathSegment[] = ['steps', i, 'deadlines', k];
      const roles = d.metBy === undefined ? [] : Array.isArray(d.metBy) ? d.metBy : [d.metBy];
      roles.forEach((role, r) => {
        if (roleIds.includes(role)) return;
        out.push({
          path: Array.isArray(d.metBy) ? [...at, 'metBy', r] : [...at, 'metBy'],
          message: `Peran \`${role}\` pada \`metBy\` tenggat \`${d.id}\` tidak dikenal.`,
          hint: `${didYouMean(role, roleIds)}Yang tersedia di \`roles\`: ${listNames(roleIds)}.`,
        });
      });
      if (d.starts !== 'opened') return;
      if (d.blocking) {
        out.push({
          path: [...at, 'blocking'],
          message: `Tenggat \`${d.id}\` mulai saat langkah \`${s.id}\` menunggu dan terpenuhi saat langkah itu selesai, jadi tidak dapat menahan kasus (\`blocking: true\`).`,
          hint: 'Hapus `blocking`, atau pakai `starts: completed` untuk tenggat yang harus dipenuhi sebelum kasus berlanjut.',
        });
      }
      if (d.endsWithCase !== undefined) {
        out.push({
          path: [...at, 'endsWithCase'],
          at: 'key',
          message: `Tenggat \`${d.id}\` berjalan selama langkah \`${s.id}\` menunggu, jadi selalu berakhir ketika kasus selesai; \`endsWithCase\` tidak berlaku.`,
          hint: 'Hapus `endsWithCase`.',
        });
      }
      if (d.metBy !== undefined && d.metLabel === undefined) {
        out.push({
          path: [...at, 'metBy'],
          at: 'key',
          message: `Tenggat \`${d.id}\` terpenuhi ketika langkah \`${s.id}\` diselesaikan; tanpa \`metLabel\` tidak ada tindakan yang dicatat oleh \`metBy\`.`,
          hint: 'Tambahkan `metLabel` (nama tindakan yang memenuhi tenggat lebih awal), atau hapus `metBy`.',
        });
      }
    }),
  );
  return out;
}
