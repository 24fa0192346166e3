/** Who did what when on a case, newest first, including why the case took the route it took (the guard explanations). */
import type { HistoryEntry } from '../engine/types.ts';
import { formatDateTime } from './format.ts';

export interface TimelineEntry {
  at: string;
  /** `notice`: a reminder, overdue notice or escalation sent (server/usecases/notify.ts). */
  kind: HistoryEntry['type'] | 'notice';
  /** One line: "Langkah 2 Memeriksa dokumen persyaratan diselesaikan oleh fo1 (Petugas Front Office)". */
  text: string;
  /** For a guard: the reason of the route taken, and of every branch tried. */
  reasons?: Array<{ text: string; chosen: boolean }>;
}

/** How many of the latest entries show at once; the older ones fold under them. */
export const TIMELINE_RECENT = 6;

/** A reason stored in the older wording ("Syarat untuk "X" tidak terpenuhi: Y") in the words used now. */
function plain(reason: string): string {
  const m = /^Syarat untuk "(.+)" tidak terpenuhi: (.*)$/s.exec(reason);
  return m ? `Bukan ${m[1]}, karena ${m[2]}` : reason;
}

function Entry(props: { e: TimelineEntry; timeZone: string }) {
  const e = props.e;
  const others = e.reasons?.filter((r) => !r.chosen) ?? [];
  return (
    <li class={`tl tl-${e.kind}`}>
      <time datetime={e.at}>{formatDateTime(e.at, props.timeZone)}</time>
      <p>{e.text}</p>
      {others.length ? (
        <ul class="reasons">
          {others.map((r) => (
            <li>{plain(r.text)}</li>
          ))}
        </ul>
      ) : null}
    </li>
  );
}

/** Newest first: the latest entries, then the rest folded (a long case's history does not push the page down). */
export function Timeline(props: { entries: TimelineEntry[]; timeZone: string }) {
  const newest = [...props.entries].reverse();
  const recent = newest.slice(0, TIMELINE_RECENT);
  const older = newest.slice(TIMELINE_RECENT);
  return (
    <>
      <ol class="timeline" reversed>
        {recent.map((e) => (
          <Entry e={e} timeZone={props.timeZone} />
        ))}
      </ol>
      {older.length ? (
        <details class="timeline-older">
          <summary>Riwayat sebelumnya ({older.length} catatan)</summary>
          <ol class="timeline">
            {older.map((e) => (
              <Entry e={e} timeZone={props.timeZone} />
            ))}
          </ol>
        </details>
      ) : null}
    </>
  );
}
