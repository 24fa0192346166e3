/** Every kind of broken definition in tests/fixtures/broken is refused with a located, readable message. */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatDefinitionError, loadWorkflowFile } from '../../../engine/definition/index.ts';

const DIR = fileURLToPath(new URL('../../fixtures/broken/', import.meta.url));

interface Expected {
  line: number;
  column: number;
  path: string;
  /** Words the message must contain. */
  says: RegExp;
  /** How many errors the file has in all (the fixtures hold one mistake, sometimes with a consequence). */
  count?: number;
}

/** For each fixture: where the (first) error is and what it says. */
const CASES: Record<string, Expected> = {
  // YAML hazards
  'yaml-syntax.yaml': { line: 43, column: 41, path: '', says: /tanda } penutup|Indentasi/ },
  'duplicate-key.yaml': { line: 49, column: 5, path: '', says: /Kunci ini sudah ditulis sebelumnya/ },
  'tabs.yaml': { line: 65, column: 1, path: '', says: /Tab dipakai untuk indentasi/ },
  'multiple-documents.yaml': { line: 67, column: 1, path: '', says: /2 dokumen YAML/ },
  'empty.yaml': { line: 1, column: 1, path: '', says: /Berkas kosong/ },
  'comments-only.yaml': { line: 1, column: 1, path: '', says: /Berkas kosong/ },
  'not-a-mapping.yaml': { line: 1, column: 1, path: '', says: /sebuah daftar/ },
  'alias-bomb.yaml': { line: 10, column: 42, path: '', says: /bom alias/ },
  'alias-cycle.yaml': { line: 23, column: 5, path: '', says: /Alias \*produk .*berputar/ },
  'yaml-tag.yaml': { line: 20, column: 15, path: '', says: /Tag YAML !!binary tidak didukung/ },
  // Schema
  'unknown-key.yaml': { line: 3, column: 1, path: 'tittle', says: /Kunci `tittle` tidak dikenal/ },
  'missing-required.yaml': { line: 62, column: 5, path: 'steps[2].role', says: /`role` wajib ada/ },
  'wrong-type.yaml': { line: 47, column: 13, path: 'steps[1].number', says: /Harus berupa bilangan bulat atau teks, bukan daftar/ },
  'unquoted-number.yaml': { line: 9, column: 10, path: 'service.phone', says: /Harus berupa teks, bukan angka/ },
  'unknown-operator.yaml': { line: 60, column: 50, path: 'steps[1].next[0].when.all[0].operator', says: /`equals` tidak dikenal/ },
  'bad-duration.yaml': { line: 19, column: 13, path: 'completion.duration', says: /`1 hari` tidak sesuai/ },
  'bad-hours.yaml': { line: 29, column: 19, path: 'calendar.hours.start', says: /`7\.30` tidak sesuai/ },
  'bad-holiday.yaml': { line: 31, column: 15, path: 'calendar.holidays[0].date', says: /Tanggal `2026-02-30` tidak sah/ },
  // Semantics
  'unknown-role.yaml': { line: 65, column: 11, path: 'steps[2].role', says: /Peran `kepala_dinas` pada langkah `setujui` tidak dikenal/ },
  'administrator-role.yaml': { line: 18, column: 3, path: 'roles.admin', says: /Peran `admin` adalah administrator aplikasi alur/ },
  'unknown-step.yaml': { line: 61, column: 13, path: 'steps[1].next[1].to', says: /Langkah tujuan `setuju` tidak dikenal/, count: 2 },
  'unknown-outcome.yaml': { line: 66, column: 10, path: 'steps[2].end', says: /Hasil akhir `beres` tidak dikenal/ },
  'unknown-start.yaml': { line: 31, column: 8, path: 'start', says: /Langkah awal `mulai` tidak dikenal/ },
  'duplicate-step-id.yaml': { line: 61, column: 13, path: 'steps[1].next[1].to', says: /`setujui` tidak dikenal/, count: 2 },
  'duplicate-field.yaml': { line: 51, column: 15, path: 'steps[1].fields[0].name', says: /Nama isian `jenis` sudah dipakai di steps\[0\]\.fields\[0\]\.name/ },
  'duplicate-step-number.yaml': { line: 63, column: 13, path: 'steps[2].number', says: /Nomor langkah `2` sudah dipakai/ },
  'duplicate-option.yaml': { line: 44, column: 22, path: 'steps[0].fields[0].options[1].value', says: /Nilai pilihan `biasa` sudah dipakai/ },
  'unreachable-step.yaml': { line: 62, column: 9, path: 'steps[2].id', says: /tidak pernah dicapai dari langkah awal `terima`/ },
  'never-finishes.yaml': { line: 33, column: 9, path: 'steps[0].id', says: /tidak pernah dapat selesai/, count: 3 },
  'no-next-no-end.yaml': { line: 62, column: 9, path: 'steps[2].id', says: /tidak punya `next` maupun `end`/ },
  'branch-order.yaml': { line: 60, column: 9, path: 'steps[1].next[1]', says: /Cabang ini tidak pernah dipakai/, count: 2 },
  'unknown-fact.yaml': { line: 60, column: 31, path: 'steps[1].next[0].when.all[0].fact', says: /isian `lengkp` yang tidak diisi di formulir mana pun/ },
  'guard-value-not-an-option.yaml': { line: 60, column: 64, path: 'steps[1].next[0].when.all[0].value', says: /`tdk` bukan salah satu pilihan isian `lengkap`/ },
  'zero-duration.yaml': { line: 19, column: 13, path: 'completion.duration', says: /bernilai nol/ },
  'select-without-options.yaml': { line: 40, column: 15, path: 'steps[0].fields[0].type', says: /belum punya `options`/ },
  'working-without-calendar.yaml': { line: 20, column: 13, path: 'completion.calendar', says: /belum punya bagian `calendar`/ },
  'hours-reversed.yaml': { line: 29, column: 33, path: 'calendar.hours.end', says: /tidak sesudah jam mulai/ },
  'deadline-unknown-meet-role.yaml': { line: 59, column: 108, path: 'steps[1].deadlines[0].metBy[1]', says: /Peran `sekretaris` pada `metBy` tenggat `susulan` tidak dikenal/ },
  'deadline-opened-blocking.yaml': { line: 59, column: 100, path: 'steps[1].deadlines[0].blocking', says: /tidak dapat menahan kasus/ },
  'deadline-opened-meet-role.yaml': { line: 59, column: 90, path: 'steps[1].deadlines[0].metBy', says: /tanpa `metLabel` tidak ada tindakan/ },
  'substep-without-parent.yaml': { line: 63, column: 13, path: 'steps[2].number', says: /Langkah 4\.1 adalah bagian dari langkah 4, tetapi tidak ada langkah bernomor 4/ },
  'bad-step-number.yaml': { line: 63, column: 13, path: 'steps[2].number', says: /`3-a` tidak sesuai bentuk/ },
  'compute-wrong-kind.yaml': { line: 51, column: 25, path: 'steps[0].fields[2].compute.age', says: /memerlukan isian tanggal \(date atau datetime\), tetapi `jenis` berjenis select/ },
  'compute-unknown-field.yaml': { line: 48, column: 26, path: 'steps[0].fields[1].compute.sum[0]', says: /memakai isian `biaya` yang tidak ada/, count: 2 },
  'check-unknown-field.yaml': { line: 51, column: 16, path: 'steps[0].checks[0].field', says: /isian `lahr`, tetapi isian itu bukan bagian formulir langkah `terima`/ },
  'date-operator-on-choice.yaml': { line: 49, column: 40, path: 'steps[0].checks[0].rule.operator', says: /`dateBefore` membandingkan tanggal/ },
  'date-bound-invalid.yaml': { line: 48, column: 14, path: 'steps[0].fields[1].max', says: /harus berupa tanggal "YYYY-MM-DD" atau `today`/ },
  'inputmode-on-choice.yaml': { line: 48, column: 9, path: 'steps[0].fields[1].inputmode', says: /`inputmode` tidak berlaku untuk isian `setuju`/ },
  'bad-timezone.yaml': { line: 27, column: 13, path: 'calendar.timezone', says: /Zona waktu `Asia\/Pekanbaru` tidak dikenal/ },
  'summary-identity.yaml': { line: 71, column: 22, path: 'steps[2].summary[1]', says: /`pemohon_nama` menunjukkan identitas/ },
};

describe('broken fixtures', () => {
  it('every fixture file has an expectation, and every expectation a file', () => {
    const files = readdirSync(DIR).filter((f) => f.endsWith('.yaml')).sort();
    expect(files).toEqual(Object.keys(CASES).sort());
  });

  for (const [file, want] of Object.entries(CASES)) {
    it(`${file} is refused at ${want.line}:${want.column}`, () => {
      const path = DIR + file;
      const result = loadWorkflowFile(path);
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.errors).toHaveLength(want.count ?? 1);
      const first = result.errors[0];
      expect({ line: first.line, column: first.column, path: first.path }).toEqual({ line: want.line, column: want.column, path: want.path });
      expect(first.file).toBe(path);
      expect(first.message).toMatch(want.says);
      for (const e of result.errors) {
        // Readable: a hint on what to do, no internals (stack frames, exception names, JSON pointers).
        expect(e.hint ?? '', `${file}: ${e.message}`).not.toBe('');
        const text = formatDefinitionError(e);
        expect(text.startsWith(`${path}:${e.line}:${e.column}`)).toBe(true);
        expect(text).not.toMatch(/\n\s+at |Error:|TypeError|undefined|\[object Object\]|#\/\$defs|instancePath/);
      }
    });
  }
});
