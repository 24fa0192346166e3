/**
 * Checks of what makes a case urgent and whom it tells: a priority's own deadline (its id, the steps that meet
 * it), the fields naming the kind of case on cards, and the notifications' durations and roles.
 */
import { COMPLETION } from '../deadlines.ts';
import { parseDuration } from '../time.ts';
import type { NotifyRule, Workflow } from '../types.ts';
import type { PathSegment, Problem } from './errors.ts';
import { didYouMean, listNames } from './suggest.ts';

const CHOICE = new Set(['select', 'radio', 'multiselect', 'checkbox']);

function checkRule(wf: Workflow, rule: NotifyRule | undefined, at: PathSegment[], out: Problem[]): void {
  if (!rule) return;
  const roleIds = Object.keys(wf.roles);
  (rule.remind ?? []).forEach((d, i) => {
    if (!parseDuration(d)) out.push({ path: [...at, 'remind', i], message: `Durasi pengingat \`${d}\` tidak sah.`, hint: 'Tulis durasi ISO-8601 sebelum batas waktu, misalnya PT2H (2 jam sebelumnya).' });
  });
  (rule.escalate ?? []).forEach((level, i) => {
    if (!parseDuration(level.after)) out.push({ path: [...at, 'escalate', i, 'after'], message: `Durasi eskalasi \`${level.after}\` tidak sah.`, hint: 'Tulis durasi ISO-8601 sesudah batas waktu, misalnya PT0S (saat itu juga) atau PT4H.' });
    level.roles.forEach((role, r) => {
      if (!roleIds.includes(role)) {
        out.push({
          path: [...at, 'escalate', i, 'roles', r],
          message: `Peran \`${role}\` pada eskalasi tidak dikenal.`,
          hint: `${didYouMean(role, roleIds)}Yang tersedia di \`roles\`: ${listNames(roleIds)}.`,
        });
      }
    });
  });
}

export function checkNotifications(wf: Workflow): Problem[] {
  const out: Problem[] = [];
  const stepIds = wf.steps.map((s) => s.id);
  const deadlineIds = new Set([COMPLETION, ...wf.steps.flatMap((s) => (s.deadlines ?? []).map((d) => d.id))]);
  const seen = new Set<string>();
  (wf.priority ?? []).forEach((p, i) => {
    const d = p.deadline;
    if (!d) return;
    const at: PathSegment[] = ['priority', i, 'deadline'];
    if (deadlineIds.has(d.id) || seen.has(d.id)) {
      out.push({ path: [...at, 'id'], message: `Kode tenggat \`${d.id}\` sudah dipakai tenggat lain.`, hint: 'Beri tenggat kemendesakan kode sendiri, misalnya respon-darurat.' });
    }
    seen.add(d.id);
    d.until.forEach((s, k) => {
      if (!stepIds.includes(s)) {
        out.push({ path: [...at, 'until', k], message: `Langkah \`${s}\` pada \`until\` tidak dikenal.`, hint: `${didYouMean(s, stepIds)}Yang tersedia di \`steps\`: ${listNames(stepIds)}.` });
      } else if (s === wf.start) {
        out.push({ path: [...at, 'until', k], message: `Langkah awal \`${s}\` sudah selesai ketika kasus dibuka, jadi tidak dapat memenuhi tenggat ini.`, hint: 'Sebut langkah yang merupakan respon pertama, misalnya langkah asesmen.' });
      }
    });
    if (d.calendar === 'working' && !wf.calendar) {
      out.push({ path: [...at, 'calendar'], message: 'Tenggat dihitung dengan waktu kerja (`calendar: working`), tetapi layanan ini belum punya bagian `calendar`.', hint: 'Tambahkan bagian `calendar:` atau tulis `calendar: calendar`.' });
    }
  });

  const fields = wf.steps.flatMap((s) => s.fields ?? []);
  (wf.kind ?? []).forEach((name, i) => {
    const field = fields.find((f) => f.name === name);
    if (!field) {
      out.push({ path: ['kind', i], message: `Isian \`${name}\` pada \`kind\` tidak dikenal.`, hint: `${didYouMean(name, fields.map((f) => f.name))}Sebut isian pilihan jenis kasus, misalnya jenis_kasus.` });
    } else if (field.sensitive || !CHOICE.has(field.type)) {
      out.push({
        path: ['kind', i],
        message: `Isian \`${name}\` tidak dapat menyebut jenis kasus di daftar: hanya isian pilihan (select, radio, multiselect) yang tidak \`sensitive\`.`,
        hint: 'Teks bebas dapat memuat nama; pilih isian pilihan seperti jenis kekerasan.',
      });
    }
  });

  checkRule(wf, wf.notifications, ['notifications'], out);
  wf.steps.forEach((s, i) => {
    checkRule(wf, s.notify, ['steps', i, 'notify'], out);
    (s.deadlines ?? []).forEach((d, k) => checkRule(wf, d.notify, ['steps', i, 'deadlines', k, 'notify'], out));
  });
  return out;
}
