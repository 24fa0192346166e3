/** The diagram comparison of the SOP editor: the draft beside the version in force, differences marked on both. */
import type { Context } from 'hono';
import { stepDifferences } from '../../../engine/changes.ts';
import { compareMarks, DiagramCompare } from '../../../templates/admin/compare.tsx';
import type { RenderDiagramOptions } from '../../../templates/diagram/index.tsx';
import type { Workflow } from '../../../engine/types.ts';
import { diagramMarkup } from '../../offload/diagrams.tsx';
import type { AppEnv } from '../env.ts';
import type { DraftResult } from './draft.ts';

/**
 * A diagram laid out in a worker thread (the version in force in the published lane, a draft in the drafts lane),
 * or nothing when the layout fails (the page stays usable).
 */
async function drawn(c: Context<AppEnv>, wf: Workflow, options: Omit<RenderDiagramOptions, 'layout'>, lane: 'published' | 'drafts' = 'published') {
  try {
    return await diagramMarkup(wf, lane, options);
  } catch (err) {
    c.var.deps.logError?.(err);
    return undefined;
  }
}

/** The version in force alone, or (`withDraft`) the draft beside it with what changed marked. */
export async function compareDiagrams(c: Context<AppEnv>, id: string, draft: DraftResult, withDraft: boolean) {
  const active = c.var.deps.workflows.get(id);
  if (!active) return DiagramCompare({});
  if (!withDraft) return DiagramCompare({ activeVersion: active.version, active: await drawn(c, active, {}), same: true });
  if (!draft.ok) {
    return DiagramCompare({
      activeVersion: active.version,
      active: await drawn(c, active, {}),
      problem: `Rancangan masih memuat ${draft.errors.length} kesalahan; diagram rancangan dibuat setelah teks sah.`,
    });
  }
  const d = stepDifferences(active, draft.workflow);
  const same = !d.added.length && !d.changed.length && !d.removed.length && !d.newWays.length && !d.goneWays.length;
  const marks = compareMarks(d);
  return DiagramCompare({
    activeVersion: active.version,
    same,
    counts: { added: d.added.length, changed: d.changed.length, removed: d.removed.length },
    draft: same ? undefined : await drawn(c, draft.workflow, { marks: marks.draft, idPrefix: `diagram-rancangan-${id}`, caption: 'Rancangan.' }, 'drafts'),
    active: await drawn(c, active, same ? {} : { marks: marks.active, caption: `Versi ${active.version} yang berlaku.` }),
    problem: undefined,
  });
}
