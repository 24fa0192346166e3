/** The draft's diagram next to the version in force: new and changed steps and arrows marked on the draft, removed ones on the old. */
import type { Child } from 'hono/jsx';
import type { StepDifferences } from '../../engine/changes.ts';
import type { DiagramMarks } from '../diagram/index.tsx';

/** The marks of each drawing for these differences. */
export function compareMarks(d: StepDifferences): { draft: DiagramMarks; active: DiagramMarks } {
  const draft: DiagramMarks = { nodes: {}, edges: {} };
  const active: DiagramMarks = { nodes: {}, edges: {} };
  for (const id of d.added) draft.nodes[id] = 'baru';
  for (const id of d.changed) draft.nodes[id] = 'ubah';
  for (const id of d.removed) active.nodes[id] = 'hapus';
  for (const w of d.newWays) draft.edges[w] = 'baru';
  for (const w of d.goneWays) active.edges[w] = 'hapus';
  return { draft, active };
}

export interface CompareProps {
  /** Version number in force. */
  activeVersion?: number;
  draft?: Child;
  active?: Child;
  /** Why the draft is not drawn (errors, layout failure). */
  problem?: string;
  /** The drafts are the same procedure: one drawing only. */
  same?: boolean;
  counts?: { added: number; changed: number; removed: number };
}

export function DiagramCompare(props: CompareProps) {
  const c = props.counts;
  return (
    <div id="diagram-banding" class="diagram-banding">
      {props.problem ? <p class="flash flash-error">{props.problem}</p> : null}
      {c && !props.same ? (
        <p class="keterangan-tanda">
          Pada rancangan: <span class="tanda tanda-baru">BARU</span> {c.added} langkah, <span class="tanda tanda-ubah">DIUBAH</span> {c.changed} langkah;
          pada versi {props.activeVersion}: <span class="tanda tanda-hapus">DIHAPUS</span> {c.removed} langkah. Panah hijau ada hanya di rancangan,
          panah merah putus-putus hanya di versi yang berlaku.
        </p>
      ) : null}
      {props.same ? <p class="muted">Prosedur rancangan sama dengan versi {props.activeVersion} yang berlaku.</p> : null}
      <div class={props.same || !props.draft ? 'banding-satu' : 'banding-dua'}>
        {props.draft && !props.same ? (
          <div>
            <h3>Rancangan</h3>
            {props.draft}
          </div>
        ) : null}
        {props.active ? (
          <div>
            <h3>Versi {props.activeVersion} yang berlaku</h3>
            {props.active}
          </div>
        ) : null}
      </div>
    </div>
  );
}
