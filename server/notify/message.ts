/**
 * The words of every message: the case number, the service, the step, a due time and a link. Never a value
 * of the case (no name, no chronology, no address): it is composed from the notice and the definition only,
 * so it cannot carry what the case holds.
 */
import type { Notice } from '../../engine/notifications.ts';
import { stepOf } from '../../engine/tasks.ts';
import { timeZoneOf } from '../../engine/time.ts';
import type { Workflow } from '../../engine/types.ts';
import { formatDateTime } from '../../templates/format.ts';

export interface ComposedMessage {
  /** E-mail subject. */
  subject: string;
  /** E-mail and WhatsApp/SMS text. */
  text: string;
  /** One line, for the in-app list. */
  line: string;
  /** Where it leads in the app (a path). */
  href: string;
  /** The same as an absolute address, when the app's public address is known. */
  link: string;
}

const WHAT: Record<Notice['kind'], string> = {
  arrival: 'Tugas baru',
  assigned: 'Tugas ditugaskan kepada Anda',
  reminder: 'Pengingat batas waktu',
  overdue: 'Batas waktu terlewat',
  escalation: 'Eskalasi: batas waktu terlewat',
};

export function composeMessage(wf: Workflow, n: Notice, publicUrl?: string): ComposedMessage {
  const step = stepOf(wf, n.step);
  const stepText = step ? `Langkah ${step.number}: ${step.title}` : `Langkah ${n.step}`;
  const taskOpen = n.task !== undefined && step !== undefined;
  const href = taskOpen && n.kind !== 'escalation' ? `/tugas/${n.caseId}/${step.id}` : `/kasus/${n.caseId}`;
  const link = publicUrl ? `${publicUrl}${href}` : href;
  const tz = timeZoneOf(wf);
  const deadline = n.deadline ? wf.steps.flatMap((s) => s.deadlines ?? []).find((d) => d.id === n.deadline) ?? (wf.priority ?? []).find((p) => p.deadline?.id === n.deadline)?.deadline : undefined;
  const dueText = n.due ? `${deadline ? `${deadline.label}: batas` : 'Batas'} ${formatDateTime(n.due, tz)}` : undefined;
  const roles = n.roles.map((r) => wf.roles[r] ?? r).join(', ');
  const what = WHAT[n.kind];
  const lines = [
    `${what}: kasus ${n.caseId}`,
    `Layanan: ${wf.title}`,
    stepText,
    ...(dueText ? [dueText] : []),
    ...(n.kind === 'escalation' && roles ? [`Diteruskan kepada: ${roles}`] : []),
    `Buka: ${link}`,
  ];
  return {
    subject: `[alur] ${what}: ${n.caseId}, langkah ${step?.number ?? n.step}`,
    text: lines.join('\n'),
    line: `${what}: ${n.caseId} (${wf.title}), ${stepText}${dueText ? `; ${dueText}` : ''}.`,
    href,
    link,
  };
}
