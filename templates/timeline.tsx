/** Who did what when on a case, including why the case took the route it took (the guard explanations). */
import type { HistoryEntry } from '../engine/types.ts';
import { formatDateTime } from './format.ts';

export interface TimelineEntry {
  at: string;
  kind: HistoryEntry['type'];
  /** One line: "Langkah 2 Memeriksa dokumen persyaratan diselesaikan oleh fo1 (Petugas Front Office)". */
  text: string;
  /** For a guard: the reason of the route taken, and of every branch tried. */
  reasons?: Array<{ text: string; chosen: boolean }>;
}

export function Timeline(props: { entries: TimelineEntry[]; timeZone: string }) {
  return (
    <ol class="timeline">
      {props.entries.map((e) => (
        <li class={`tl tl-${e.kind}`}>
          <time datetime={e.at}>{formatDateTime(e.at, props.timeZone)}</time>
          <p>{e.text}</p>
          {e.reasons?.length ? (
            <ul class="reasons">
              {e.reasons.map((r) => (
                <li class={r.chosen ? 'chosen' : undefined}>
                  {r.chosen ? '✓ ' : '✗ '}
                  {r.text}
                </li>
              ))}
            </ul>
          ) : null}
        </li>
      ))}
    </ol>
  );
}
