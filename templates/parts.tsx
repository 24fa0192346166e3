/** Small pieces several pages share: due-time badge, status badge, case subject in initials. */
import { formatDateTime, formatDuration, formatRemaining } from './format.ts';

export interface DueView {
  due?: string;
  /** Milliseconds until due; negative when past. */
  remainingMs?: number;
  overdue?: boolean;
  /** Set when the deadline was met (no more clock). */
  metAt?: string;
  /** What became of the deadline (engine/deadlines.ts outcomeOf); running when absent. */
  outcome?: 'running' | 'met' | 'superseded' | 'ended';
  /** When a superseded or ended deadline stopped. */
  endedAt?: string;
  /** Which deadline the due time is, when it is not the completion time ("Asesmen awal selesai"). */
  label?: string;
  /** The clock stands still (a step that pauses it waits); `stoodStillMs`: all the time it stood still. */
  paused?: boolean;
  stoodStillMs?: number;
}

/**
 * "Batas 30 November 2026 09.00 WIB · sisa 3 jam", with the red "Terlambat" badge once past; a met deadline with
 * its margin; a superseded one (its step was done again) and one that ended with its case, neither met nor late.
 */
export function Due(props: DueView & { timeZone: string }) {
  if (!props.due) return <span class="muted">Tanpa tenggat</span>;
  if (props.outcome === 'superseded' || props.outcome === 'ended') {
    return (
      <span class="due">
        <span class="badge badge-muted">{props.outcome === 'superseded' ? 'Digantikan' : 'Berakhir'}</span>{' '}
        {props.outcome === 'superseded' ? 'tenggat baru dimulai ketika langkahnya dikerjakan lagi' : 'berakhir bersama kasus, tanpa dipenuhi'}
        {props.endedAt ? <small> ({formatDateTime(props.endedAt, props.timeZone)})</small> : null}
      </span>
    );
  }
  if (props.metAt) {
    return (
      <span class="due">
        <span class="badge badge-ok">Terpenuhi</span> {formatDateTime(props.metAt, props.timeZone)}
        {props.remainingMs !== undefined ? (
          <small> ({props.remainingMs >= 0 ? 'tepat waktu' : `terlambat ${formatDuration(props.remainingMs)}`})</small>
        ) : null}
      </span>
    );
  }
  if (props.paused) {
    return (
      <span class="due">
        <span class="badge badge-muted">Berhenti sementara</span> waktu tidak berjalan selama menunggu
        {props.remainingMs !== undefined ? <small> (sisa {formatDuration(Math.max(0, props.remainingMs))} saat dihentikan)</small> : null}
      </span>
    );
  }
  return (
    <span class={props.overdue ? 'due due-late' : 'due'}>
      {props.overdue ? <span class="badge badge-late">Terlambat</span> : null} {props.label ? `${props.label}: batas` : 'Batas'}{' '}
      {formatDateTime(props.due, props.timeZone)}
      {props.remainingMs !== undefined ? <small> ({formatRemaining(props.remainingMs)})</small> : null}
    </span>
  );
}

export function StatusBadge(props: { status: 'open' | 'closed'; outcomeLabel?: string }) {
  return props.status === 'open' ? (
    <span class="badge badge-open">Berjalan</span>
  ) : (
    <span class="badge badge-closed" title={props.outcomeLabel}>
      Selesai
    </span>
  );
}

/**
 * How urgent a case is, in words (never only a colour): the service's highest priority ("Darurat") in red with a
 * warning sign, the others above ordinary in amber; nothing for an ordinary case.
 */
export function PriorityBadge(props: { label?: string; top?: boolean }) {
  if (!props.label) return null;
  return <span class={props.top ? 'badge badge-prio badge-prio-top' : 'badge badge-prio'}>{props.top ? `⚠ ${props.label}` : props.label}</span>;
}

/** The kind of case on a card or row ("Kekerasan fisik, Penelantaran"). */
export function Kind(props: { kind?: string }) {
  return props.kind ? <span class="kind">{props.kind}</span> : null;
}

/** "Nama atau inisial anak: R.A." entries of a case in a list. */
export function Subject(props: { subject: Array<{ label: string; initials: string }> }) {
  if (!props.subject.length) return null;
  return (
    <span class="subject">
      {props.subject.map((s, i) => (
        <>
          {i ? ' · ' : ''}
          {s.label}: <strong>{s.initials}</strong>
        </>
      ))}
    </span>
  );
}
