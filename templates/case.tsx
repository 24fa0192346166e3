/** One case: where it stands, its deadlines with time left, its data by step and its timeline. */
import type { StepNumber } from '../engine/types.ts';
import { TaskHolder, type HolderView } from './assignment.tsx';
import { CaseDocuments, type DocumentRow } from './attachments.tsx';
import { CaseData, type DataGroup } from './case-data.tsx';
import { CsrfInput, Layout, type LayoutProps } from './layout.tsx';
import { formatDuration } from './format.ts';
import { Due, StatusBadge, Subject, type DueView } from './parts.tsx';
import { Timeline, type TimelineEntry } from './timeline.tsx';

export interface DeadlineRow extends DueView {
  id: string;
  label: string;
  stepTitle: string;
  blocking: boolean;
  /** Label of the button that records the deadline as met, when the viewer may press it. */
  meetLabel?: string;
  meetAction?: string;
}

export interface CasePageProps extends Omit<LayoutProps, 'title' | 'children'> {
  caseId: string;
  workflowTitle: string;
  workflowVersion: number;
  decree: string;
  status: 'open' | 'closed';
  outcomeLabel?: string;
  createdAt: string;
  closedAt?: string;
  /** Every open task (several on parallel branches), with its own due time. */
  tasks: Array<{ number: StepNumber; title: string; roleTitle: string; href?: string; due: DueView; returned?: string; holder?: HolderView }>;
  /** Branches that already reached their join and wait for the others, in words. */
  waiting?: string[];
  subject: Array<{ label: string; initials: string }>;
  deadlines: DeadlineRow[];
  groups: DataGroup[];
  maskedNote: boolean;
  timeline: TimelineEntry[];
  /** Link to the printable document, when the case closed with the service's product. */
  documentHref?: string;
  /** What the link says, e.g. "Surat Respon Kasus". */
  documentLabel?: string;
  /** The issued letter's number and whether it still holds. */
  documentNote?: string;
  /** The page to give the reporter a tracking code (for the roles that record reports). */
  trackHref?: string;
  /** A one-time survey QR code to offer once the case is closed. */
  surveyHref?: string;
  rev: number;
  timeZone: string;
  /** Copies of the requirements (services whose YAML lets them be attached). */
  documents?: DocumentRow[];
  documentError?: { requirement: string; message: string };
  uploadBase?: string;
}

export function CasePage(props: CasePageProps) {
  return (
    <Layout {...props} title={`Kasus ${props.caseId}`} nav="kasus">
      <p class="crumbs">
        <a href="/kasus">Daftar kasus</a> › {props.caseId}
      </p>
      <div class="page-head">
        <h1>
          Kasus {props.caseId} <StatusBadge status={props.status} outcomeLabel={props.outcomeLabel} />
        </h1>
        {props.documentHref ? (
          <a class="button" href={props.documentHref}>
            {props.documentLabel ?? 'Dokumen layanan'} (cetak / PDF)
          </a>
        ) : null}
        {props.documentHref && props.documentNote ? <small class="muted document-note">{props.documentNote}</small> : null}
        {props.trackHref ? (
          <a class="button" href={props.trackHref}>
            Kode lacak untuk pelapor
          </a>
        ) : null}
        {props.surveyHref ? (
          <a class="button" href={props.surveyHref}>
            Tawarkan survei kepuasan (kode QR)
          </a>
        ) : null}
      </div>
      <p class="meta">
        {props.workflowTitle} · versi {props.workflowVersion} (SK {props.decree}){props.subject.length ? ' · ' : ''}<Subject subject={props.subject} />
      </p>

      <section class="now">
        {props.tasks.length ? (
          <>
            <h2>{props.tasks.length > 1 ? `Sekarang menunggu ${props.tasks.length} langkah yang dikerjakan bersamaan` : 'Sekarang menunggu'}</h2>
            <ul class="open-tasks">
              {props.tasks.map((t) => (
                <li>
                  <p class="big">
                    Langkah {t.number}: {t.title}
                  </p>
                  <p>
                    oleh <strong>{t.roleTitle}</strong>
                  </p>
                  {t.returned ? (
                    <p>
                      <span class="badge badge-returned">Dikembalikan</span> {t.returned}
                    </p>
                  ) : null}
                  <p>
                    <Due {...t.due} timeZone={props.timeZone} />
                  </p>
                  {t.holder ? <TaskHolder {...t.holder} viewer={props.viewer} /> : null}
                  {t.href ? (
                    <a class="button primary" href={t.href}>
                      Kerjakan langkah {t.number}
                    </a>
                  ) : null}
                </li>
              ))}
            </ul>
            {props.waiting?.length ? <p class="muted">{props.waiting.join(' ')}</p> : null}
          </>
        ) : props.status === 'open' ? (
          <>
            <h2>Sekarang menunggu</h2>
            <p class="big">Tidak ada langkah yang terbuka; hubungi administrator alur.</p>
          </>
        ) : (
          <>
            <h2>Kasus selesai</h2>
            <p class="big">{props.outcomeLabel}</p>
          </>
        )}
      </section>

      {props.deadlines.length ? (
        <section>
          <h2>Tenggat</h2>
          <ul class="deadlines">
            {props.deadlines.map((d) => (
              <li class={d.overdue && !d.metAt ? 'late' : undefined}>
                <p>
                  <strong>{d.label}</strong> <small>(sejak langkah: {d.stepTitle})</small>
                </p>
                <Due {...d} timeZone={props.timeZone} />
                {d.stoodStillMs ? (
                  <p class="muted">
                    {d.paused ? 'Waktu penyelesaian sedang dihentikan; sejauh ini' : 'Waktu penyelesaian pernah dihentikan'} {formatDuration(d.stoodStillMs)}{' '}
                    (tidak dihitung{d.paused ? '' : '; sudah ditambahkan ke batas waktunya'}).
                  </p>
                ) : null}
                {!d.blocking && !d.metAt && d.meetAction ? (
                  <span class="muted"> Kasus tetap berjalan selama tenggat ini.</span>
                ) : null}
                {d.meetAction && d.meetLabel ? (
                  <form method="post" action={d.meetAction} class="inline">
                    <CsrfInput viewer={props.viewer} />
                    <input type="hidden" name="_rev" value={String(props.rev)} />
                    <button type="submit">{d.meetLabel}</button>
                  </form>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section>
        <h2>Riwayat terbaru</h2>
        <Timeline entries={props.timeline} timeZone={props.timeZone} />
      </section>

      <CaseDocuments caseId={props.caseId} rows={props.documents ?? []} viewer={props.viewer} timeZone={props.timeZone} error={props.documentError} uploadBase={props.uploadBase} />

      <section>
        <h2>Data kasus</h2>
        <CaseData groups={props.groups} timeZone={props.timeZone} maskedNote={props.maskedNote} />
      </section>
    </Layout>
  );
}
