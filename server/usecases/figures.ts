/**
 * The service report as the edges ask for it: which services a person may report on, the published report of a
 * service and period (one pass over the stored case summaries, never a case), and the latest figures for the
 * public page (kept a few minutes in the store's kv so a busy public page does not recompute them).
 */
import { workflowHash } from '../../engine/hash.ts';
import { canReadReport } from '../../engine/report/access.ts';
import { customPeriod, parsePeriod, periodContaining, previousPeriod, type Period } from '../../engine/report/period.ts';
import { serviceReport, type ReportRow } from '../../engine/report/service.ts';
import { publishReport, thresholdOf, type PublishedReport } from '../../engine/report/suppress.ts';
import { timeZoneOf } from '../../engine/time.ts';
import type { Workflow } from '../../engine/types.ts';
import type { LatestFigures } from '../../templates/figures/standard.tsx';
import type { Done, FiguresDeps } from './figures-deps.ts';
import { ikmFor } from './survey.ts';

/** Services whose report one of `roles` may read. */
export function reportableServices(deps: FiguresDeps, roles: readonly string[]): Workflow[] {
  return deps.workflows.list().filter((wf) => canReadReport(wf, roles));
}

/** The period a request names: `from`/`to` dates, or a key ("2026-11", "2026-S2", "2026"), else this month. */
export function requestedPeriod(wf: Workflow, now: Date, q: { period?: string; from?: string; to?: string }): Period | { error: string } {
  if (q.from || q.to) {
    if (!q.from || !q.to) return { error: 'Isi tanggal awal dan tanggal akhir (YYYY-MM-DD), atau pilih periode.' };
    return customPeriod(q.from, q.to);
  }
  if (q.period) return parsePeriod(q.period);
  return periodContaining('month', now, timeZoneOf(wf));
}

async function rowsOf(deps: FiguresDeps, workflow: string): Promise<ReportRow[]> {
  const rows: ReportRow[] = [];
  for await (const batch of deps.store.cases.summaries()) for (const s of batch) if (s.workflow === workflow) rows.push(s);
  return rows;
}

/** The published report of a service and period for a reader the YAML allows. */
export async function reportFor(deps: FiguresDeps, workflowId: string, period: Period, roles: readonly string[]): Promise<Done<{ wf: Workflow; report: PublishedReport }>> {
  const wf = deps.workflows.get(workflowId);
  if (!wf) return { ok: false, status: 404, error: `Layanan "${workflowId.slice(0, 60)}" tidak ada.` };
  if (!canReadReport(wf, roles)) return { ok: false, status: 403, error: `Laporan layanan ${wf.title} hanya untuk peran yang ditetapkan standar layanan ini.` };
  const report = publishReport(serviceReport(wf, await rowsOf(deps, wf.id), period, deps.now()), thresholdOf(wf));
  return { ok: true, value: { wf, report } };
}

const CACHE_MS = 10 * 60_000;

/** The public page's figures: last month's share closed within the standard, and this year's IKM. */
export async function latestFigures(deps: FiguresDeps, wf: Workflow): Promise<LatestFigures> {
  const now = deps.now();
  // Kept per version: a newly published standard (another completion time) gets its own figures at once.
  const key = `${wf.id}:${workflowHash(wf)}`;
  const cached = await deps.store.kv.get<LatestFigures>('report-latest', key, now.toISOString());
  if (cached) return cached.value;
  const zone = timeZoneOf(wf);
  const last = previousPeriod(periodContaining('month', now, zone));
  const year = periodContaining('year', now, zone);
  const report = publishReport(serviceReport(wf, await rowsOf(deps, wf.id), last, now), thresholdOf(wf));
  const { comments: _, ...ikm } = await ikmFor(deps, wf, year);
  const figures: LatestFigures = {
    period: last.label,
    withinStandardPercent: report.withinStandardPercent,
    withinStandard: report.withinStandard,
    closed: report.closed,
    completion: wf.completion.text,
    ikm: { ...ikm, period: year.label },
  };
  await deps.store.kv.put('report-latest', key, figures, { expiresAt: new Date(now.getTime() + CACHE_MS).toISOString(), now: now.toISOString() });
  return figures;
}
