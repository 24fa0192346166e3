/**
 * Procedure diagrams as the server serves them: laid out in a worker thread (never on the request thread), kept
 * per version (the definition's hash: a publish or an edited draft is a new key), and not drawn at all past
 * DIAGRAM_MAX_STEPS steps: the page then says so and shows the flow in words.
 */
import { raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { workflowHash } from '../../engine/hash.ts';
import type { Workflow } from '../../engine/types.ts';
import { PromiseCache } from '../../templates/cache.ts';
import { DIAGRAM_MAX_STEPS, DiagramNotDrawn, renderDiagram, type DiagramLayout, type RenderDiagramOptions } from '../../templates/diagram/index.tsx';

export { DIAGRAM_MAX_STEPS };
import { lanes } from './worker.ts';


const layouts = new PromiseCache<DiagramLayout>(64);
const markups = new PromiseCache<string>(64);

/** Why a workflow is not drawn, or undefined when it is drawn. */
export function notDrawnReason(wf: Workflow): string | undefined {
  if (wf.steps.length <= DIAGRAM_MAX_STEPS) return undefined;
  return `Diagram tidak digambar: alur ini memiliki ${wf.steps.length} langkah, sedangkan diagram digambar untuk paling banyak ${DIAGRAM_MAX_STEPS} langkah. Urutan langkahnya dapat dibaca dalam bentuk teks di bawah ini.`;
}

/**
 * The diagram's markup for `wf`: `lane` is `published` for versions in force or kept (public page, history) and
 * `drafts` for an administrator's draft, so a heavy draft never delays a public page. Rejects with an
 * OffloadError (over the time or memory budget) when the layout could not be made.
 */
export async function diagramMarkup(wf: Workflow, lane: keyof typeof lanes = 'published', options: Omit<RenderDiagramOptions, 'layout'> = {}): Promise<HtmlEscapedString> {
  const hash = workflowHash(wf);
  const drawn = async () => {
    const reason = notDrawnReason(wf);
    if (reason) return String(await (<DiagramNotDrawn workflow={wf} reason={reason} />).toString());
    const layout = await layouts.get(hash, () => lanes[lane].run<DiagramLayout>({ kind: 'layout', workflow: wf }));
    return String(await (await renderDiagram(wf, { ...options, layout })).toString());
  };
  // A drawing with options (a comparison's marks) is made from the kept layout, not kept itself.
  return raw(Object.keys(options).length ? await drawn() : await markups.get(hash, drawn));
}
