/** "Tugas saya": the open tasks for the viewer's roles, most urgent first, with due time and overdue badge. */
import type { StepNumber } from '../engine/types.ts';
import { Layout, type LayoutProps } from './layout.tsx';
import { Due, Kind, PriorityBadge, Subject, type DueView } from './parts.tsx';

export interface TaskRow extends DueView {
  caseId: string;
  workflowTitle: string;
  stepNumber: StepNumber;
  stepTitle: string;
  /** The role(s) that do the step, by title. */
  roleTitle: string;
  openedAt: string;
  subject: Array<{ label: string; initials: string }>;
  href: string;
  /** The priority's badge text and whether it is the service's highest (red). */
  priorityLabel?: string;
  priorityTop?: boolean;
  /** The kind of case, from the YAML's `kind` fields. */
  kind?: string;
  /** A task sent back by a later step: "oleh Budi (Sekretaris) dari langkah 6" (the task page says why). */
  returned?: string;
  /** Who holds the task (claimed or assigned): the viewer, or the official they act for. */
  holder?: string;
}

export interface InboxProps extends Omit<LayoutProps, 'title' | 'children'> {
  tasks: TaskRow[];
  timeZone: string;
  /** Services the viewer may start a case of (for the "Laporan baru" shortcut). */
  canStart: boolean;
}

export function InboxPage(props: InboxProps) {
  const late = props.tasks.filter((t) => t.overdue).length;
  return (
    <Layout {...props} title="Tugas saya" nav="tugas">
      <div class="page-head">
        <h1>Tugas saya</h1>
        {props.canStart ? (
          <a class="button primary" href="/lapor">
            + Catat laporan baru
          </a>
        ) : null}
      </div>
      <p class="lead">
        {props.tasks.length === 0
          ? 'Tidak ada tugas yang menunggu peran Anda saat ini.'
          : `${props.tasks.length} tugas menunggu${late ? `, ${late} sudah terlambat` : ''}. Yang paling mendesak di atas.`}
      </p>
      {props.tasks.length === 0 ? (
        <p>
          Kasus yang sedang berjalan di langkah peran lain dapat dilihat di <a href="/kasus?status=open">Daftar kasus</a>.
        </p>
      ) : null}
      <ol class="tasks">
        {props.tasks.map((t) => (
          <li class={`task${t.overdue ? ' late' : ''}${t.priorityTop ? ' urgent' : ''}`}>
            <a class="task-link" href={t.href}>
              {t.priorityLabel || t.kind ? (
                <span class="task-flags">
                  <PriorityBadge label={t.priorityLabel} top={t.priorityTop} /> <Kind kind={t.kind} />
                </span>
              ) : null}
              <span class="task-title">
                Langkah {t.stepNumber}: {t.stepTitle}
              </span>
              <span class="task-case">
                {t.caseId} · {t.workflowTitle}
              </span>
              {t.returned ? (
                <span class="task-returned">
                  <span class="badge badge-returned">
                    <span aria-hidden="true">↩ </span>Dikembalikan
                  </span>{' '}
                  {t.returned}
                </span>
              ) : null}
              <Subject subject={t.subject} />
              {t.holder ? <span class="task-holder">Dipegang: {t.holder}</span> : null}
              <Due {...t} timeZone={props.timeZone} />
              <span class="task-go" aria-hidden="true">
                Kerjakan ›
              </span>
            </a>
          </li>
        ))}
      </ol>
    </Layout>
  );
}
