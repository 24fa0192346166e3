/** The procedure diagram of a service, ready for a page: inline SVG in a scrollable frame, with the same flow in words. */
import type { Workflow } from '../../engine/types.ts';
import { layoutDiagram, type DiagramLayout } from './layout.ts';
import { DiagramSvg, type DiagramMarks } from './svg.tsx';
import { DiagramText } from './text-alternative.tsx';

export { layoutDiagram, type DiagramLayout } from './layout.ts';
export { diagramGraph } from './graph.ts';
export { DiagramSvg, type DiagramMark, type DiagramMarks } from './svg.tsx';
export { DiagramText } from './text-alternative.tsx';

/** Steps up to which a diagram is drawn (its layout takes a few seconds at this size on a small server). */
export const DIAGRAM_MAX_STEPS = 60;

/** Class names used by the markup; their rules are in templates/diagram/diagram.css. */
export const DIAGRAM_CSS_PATH = new URL('./diagram.css', import.meta.url);

export interface RenderDiagramOptions {
  /** Show the text version open (e.g. on a page about the procedure itself). Default: folded. */
  textOpen?: boolean;
  /** A layout computed elsewhere (the server lays out in a worker thread); computed here when absent. */
  layout?: DiagramLayout;
  /** Steps and arrows to mark, when two versions are compared. */
  marks?: DiagramMarks;
  /** Prefix of the drawing's ids, when one page shows two diagrams of the same service. */
  idPrefix?: string;
  /** Words under the drawing instead of the default caption. */
  caption?: string;
}

/** Lays out (cached by workflow hash) and renders the diagram of `workflow`. Works without JavaScript. */
export async function renderDiagram(workflow: Workflow, options: RenderDiagramOptions = {}) {
  const layout = options.layout ?? (await layoutDiagram(workflow));
  const idPrefix = options.idPrefix ?? `diagram-${workflow.id.replace(/[^A-Za-z0-9_-]/g, '-')}`;
  const stepCount = workflow.steps.length;
  const outcomes = layout.graph.nodes.filter((n) => n.kind === 'end').map((n) => n.text);
  const title = `Diagram alur ${workflow.title}`;
  const description =
    `${stepCount} langkah dalam ${layout.lanes.length} lajur peran: ${layout.lanes.map((l) => l.label).join(', ')}. ` +
    `Hasil akhir: ${outcomes.join('; ')}. Uraian lengkap dalam bentuk teks ada di bawah diagram.`;
  return (
    <figure class="diagram" aria-labelledby={`${idPrefix}-keterangan`}>
      <div class="diagram-bingkai" role="region" tabindex={0} aria-label={`${title} (dapat digeser ke samping)`}>
        <DiagramSvg layout={layout} idPrefix={idPrefix} title={title} description={description} marks={options.marks} />
      </div>
      <figcaption id={`${idPrefix}-keterangan`}>
        {options.caption ? `${options.caption} ` : ''}
        {title}. Setiap lajur adalah satu peran; kotak bernomor adalah langkah menurut standar pelayanan; teks pada panah
        adalah syarat cabang; garis putus-putus berarti dikembalikan untuk diperbaiki. Bila diagram lebih lebar dari layar,
        geser ke samping.
      </figcaption>
      <details class="diagram-teks" open={options.textOpen ? true : undefined}>
        <summary>Alur dalam bentuk teks</summary>
        <DiagramText workflow={workflow} />
      </details>
    </figure>
  );
}


/** In place of a diagram that is not drawn (too large, or its drawing failed): why, and the same flow in words. */
export function DiagramNotDrawn(props: { workflow: Workflow; reason: string }) {
  return (
    <figure class="diagram diagram-tanpa-gambar">
      <p class="flash flash-info" role="note">{props.reason}</p>
      <details class="diagram-teks" open>
        <summary>Alur dalam bentuk teks</summary>
        <DiagramText workflow={props.workflow} />
      </details>
    </figure>
  );
}
