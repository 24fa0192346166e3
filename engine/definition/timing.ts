/** Durations, the office calendar (time zone, hours, holidays) and the deadlines that count working time with it. */
import { parseDuration } from '../time.ts';
import type { Workflow } from '../types.ts';
import type { PathSegment, Problem } from './errors.ts';

/** A definition counting beyond ten years is a typo (P100D for PT100H, an extra zero…). */
const MAX_DAYS = 3660;

function durationProblem(text: string, path: PathSegment[]): Problem | undefined {
  const d = parseDuration(text);
  if (!d) return { path, message: `Durasi \`${text}\` tidak sah.`, hint: 'Tulis durasi ISO-8601: P1D (1 hari), PT72H (72 jam), P1W (1 minggu).' };
  const days = d.years * 366 + d.months * 31 + d.weeks * 7 + d.days + (d.hours + (d.minutes + d.seconds / 60) / 60) / 24;
  if (days === 0) return { path, message: `Durasi \`${text}\` bernilai nol: tenggat langsung terlewat.`, hint: 'Tulis durasi lebih dari nol, misalnya P1D.' };
  if (days > MAX_DAYS) return { path, message: `Durasi \`${text}\` lebih dari sepuluh tahun.`, hint: 'Periksa satuannya: D = hari, W = minggu, M sebelum T = bulan, sesudah T (PT…M) = menit, H = jam.' };
  return undefined;
}

function validZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function minutes(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
}

export function checkTiming(wf: Workflow): Problem[] {
  const out: Problem[] = [];
  const add = (p: Problem | undefined) => p && out.push(p);
  const needsCalendar = (path: PathSegment[]) =>
    !wf.calendar &&
    out.push({
      path,
      message: 'Tenggat dihitung dengan waktu kerja (`calendar: working`), tetapi layanan ini belum punya bagian `calendar`.',
      hint: 'Tambahkan bagian `calendar:` (timezone, workdays, hours, holidays) di tingkat teratas, atau tulis `calendar: calendar` untuk hari kalender.',
    });

  add(durationProblem(wf.completion.duration, ['completion', 'duration']));
  if (wf.completion.calendar === 'working') needsCalendar(['completion', 'calendar']);
  wf.steps.forEach((s, i) =>
    (s.deadlines ?? []).forEach((d, k) => {
      add(durationProblem(d.duration, ['steps', i, 'deadlines', k, 'duration']));
      if (d.calendar === 'working') needsCalendar(['steps', i, 'deadlines', k, 'calendar']);
    }),
  );

  const cal = wf.calendar;
  if (cal) {
    if (!validZone(cal.timezone)) {
      out.push({
        path: ['calendar', 'timezone'],
        message: `Zona waktu \`${cal.timezone}\` tidak dikenal.`,
        hint: 'Gunakan nama zona IANA: Asia/Jakarta (WIB), Asia/Makassar (WITA) atau Asia/Jayapura (WIT).',
      });
    }
    if (minutes(cal.hours.start) >= minutes(cal.hours.end)) {
      out.push({
        path: ['calendar', 'hours', 'end'],
        message: `Jam kerja berakhir (${cal.hours.end}) tidak sesudah jam mulai (${cal.hours.start}).`,
        hint: 'Tulis jam mulai lebih awal dari jam selesai pada hari yang sama, misalnya { start: "07:30", end: "16:00" }.',
      });
    }
    const seen = new Map<string, number>();
    (cal.holidays ?? []).forEach((h, i) => {
      const date = typeof h === 'string' ? h : h.date;
      const first = seen.get(date);
      if (first !== undefined) {
        const path: PathSegment[] = typeof h === 'string' ? ['calendar', 'holidays', i] : ['calendar', 'holidays', i, 'date'];
        out.push({ path, message: `Tanggal libur ${date} sudah ditulis pada butir ke-${first + 1}.`, hint: 'Hapus salah satunya.' });
      } else seen.set(date, i);
    });
  }
  return out;
}
