/**
 * The service report over a period, from case summaries only (never whole cases): received, closed by outcome, open
 * and overdue at the period's end, the share closed within the published completion time, time to close and time
 * per step (the bottleneck), cases per day or month, and the YAML's statistical dimensions. Raw counts: every output
 * goes through publishReport (suppress.ts) first.
 */
import { COMPLETION } from '../deadlines.ts';
import { openTasks, stepOf } from '../tasks.ts';
import { timeZoneOf } from '../time.ts';
import { stepsInOrder } from '../order.ts';
import type { Case, StepNumber, Workflow } from '../types.ts';
import { reportFacts } from './facts.ts';
import { categoryList, isMultiValued, NOT_FILLED, type Category } from './dimensions.ts';
import { bucketOf, buckets, dayOf, periodRange, type Period } from './period.ts';
import { spread, type Spread } from './stats.ts';
import type { ReportFacts } from './types.ts';

/** What the report reads of a case: a subset of the summary the store keeps (engine/summary.ts). */
export interface ReportRow {
  workflow: string;
  status: 'open' | 'closed';
  outcome?: string;
  createdAt: string;
  closedAt?: string;
  /** The completion due time (the service's published time, as the case's own calendar and pauses make it). */
  due?: string;
  /** Open tasks now, with when each opened and its due time. */
  tasks?: ReadonlyArray<{ step: string; openedAt: string; due?: string }>;
  facts?: ReportFacts;
}

export interface StepFigures {
  id: string;
  number?: StepNumber;
  title: string;
  /** Cases closed in the period that went through this step, with the time they spent there. */
  time: Spread;
  /** Cases waiting at this step now, and how many of them are past due. */
  waiting: number;
  overdue: number;
}

export interface SeriesPoint {
  key: string;
  label: string;
  received: number;
  closed: number;
  withinStandard: number;
  overStandard: number;
}

export interface DimensionFigures {
  id: string;
  label: string;
  /** A case may be counted in several categories (a multiselect): the categories do not add up to the cases. */
  multi: boolean;
  categories: Array<Category & { count: number }>;
}

export interface TableFigures {
  label: string;
  rows: { id: string; label: string; categories: Category[] };
  columns: { id: string; label: string; categories: Category[] };
  /** cells[row][column]. */
  cells: number[][];
}

export interface ServiceReport {
  workflow: { id: string; title: string; version: number };
  period: Period;
  /** The instant open and overdue are counted at: the period's end, or now while it runs. */
  asOf: string;
  completion: { text: string; duration: string };
  received: number;
  closed: number;
  open: number;
  overdue: number;
  withinStandard: number;
  overStandard: number;
  outcomes: Array<{ id: string; label: string; count: number }>;
  timeToClose: Spread;
  steps: StepFigures[];
  series: SeriesPoint[];
  dimensions: DimensionFigures[];
  tables: TableFigures[];
}

const ms = (iso: string | undefined) => (iso ? Date.parse(iso) : NaN);

/**
 * The report row of a case computed from the case itself (an embedder without a store, the benchmark, tests); the
 * store's case summary carries the same figures, so reports never need the case.
 */
export function reportRow(wf: Workflow, c: Case): ReportRow {
  return {
    workflow: c.workflow.id,
    status: c.status,
    outcome: c.outcome,
    createdAt: c.createdAt,
    closedAt: c.closedAt,
    // As a summary keeps it: the completion due only while it runs (facts.due keeps it after closing).
    due: c.status === 'open' ? c.deadlines.find((d) => d.id === COMPLETION && !d.metAt)?.due : undefined,
    tasks: openTasks(wf, c).map((t) => ({ step: t.step, openedAt: t.openedAt, due: t.due })),
    facts: reportFacts(wf, c),
  };
}

/** The completion due time of a case: kept in its report facts (a summary drops `due` once the case closes). */
function dueOf(r: Pick<ReportRow, 'due' | 'facts'>): string | undefined {
  return r.facts?.due ?? r.due;
}

/** Whether a closed case met the published completion time (closed by its completion due time). */
export function closedWithinStandard(r: Pick<ReportRow, 'closedAt' | 'due' | 'facts'>): boolean {
  const due = dueOf(r);
  return r.closedAt !== undefined && due !== undefined && ms(r.closedAt) <= ms(due);
}

/** The report of one service over a period; `rows` may hold other services' summaries (they are skipped). */
export function serviceReport(wf: Workflow, rows: Iterable<ReportRow>, period: Period, now: Date): ServiceReport {
  const zone = timeZoneOf(wf);
  const { start, end } = periodRange(period, zone);
  const asOf = Math.min(end, now.getTime());
  const nowMs = now.getTime();
  const points = buckets(period);
  const daily = points.length > 0 && points[0].key.length === 10;
  const series = new Map(points.map((p) => [p.key, { ...p, received: 0, closed: 0, withinStandard: 0, overStandard: 0 }]));
  const outcomes = new Map<string, number>();
  const closeTimes: number[] = [];
  const stepTimes = new Map<string, number[]>();
  const waiting = new Map<string, { waiting: number; overdue: number }>();
  const dims = (wf.reports?.dimensions ?? []).map((d) => ({ d, counts: new Map<string, number>() }));
  const tables = (wf.reports?.tables ?? []).map((t) => ({ t, cells: new Map<string, number>() }));
  // The office-local day of an instant, cached per quarter hour (every zone's offset is a whole number of quarter
  // hours, so a local midnight never falls inside one); the zone's offset is costly to look up per case.
  const days = new Map<number, string>();
  const dayKey = (t: number) => {
    const quarter = Math.floor(t / 900_000);
    let d = days.get(quarter);
    if (d === undefined) days.set(quarter, (d = bucketOf(dayOf(quarter * 900_000, zone), daily)));
    return d;
  };
  let received = 0;
  let closed = 0;
  let open = 0;
  let overdue = 0;
  let within = 0;

  for (const r of rows) {
    if (r.workflow !== wf.id) continue;
    const created = ms(r.createdAt);
    const closedAt = r.status === 'closed' ? ms(r.closedAt) : NaN;
    if (created >= start && created < end) {
      received++;
      series.get(dayKey(created))!.received++;
      const facts = r.facts?.dims ?? {};
      for (const { d, counts } of dims) for (const v of orNotFilled(facts[d.id])) counts.set(v, (counts.get(v) ?? 0) + 1);
      for (const { t, cells } of tables) {
        for (const a of orNotFilled(facts[t.rows])) for (const b of orNotFilled(facts[t.columns])) cells.set(`${a}\u0000${b}`, (cells.get(`${a}\u0000${b}`) ?? 0) + 1);
      }
    }
    if (closedAt >= start && closedAt < end) {
      closed++;
      outcomes.set(r.outcome ?? '', (outcomes.get(r.outcome ?? '') ?? 0) + 1);
      const ok = closedWithinStandard(r);
      if (ok) within++;
      const point = series.get(dayKey(closedAt))!;
      point.closed++;
      point[ok ? 'withinStandard' : 'overStandard']++;
      closeTimes.push(closedAt - created);
      for (const [step, spent] of Object.entries(r.facts?.steps ?? {})) {
        let list = stepTimes.get(step);
        if (!list) stepTimes.set(step, (list = []));
        list.push(spent);
      }
    }
    const openAtEnd = created < asOf && !(closedAt < asOf);
    if (openAtEnd) {
      open++;
      if (ms(dueOf(r)) < asOf) overdue++;
    }
    if (r.status === 'open') {
      for (const t of r.tasks ?? []) {
        let w = waiting.get(t.step);
        if (!w) waiting.set(t.step, (w = { waiting: 0, overdue: 0 }));
        w.waiting++;
        if (ms(t.due ?? dueOf(r)) < nowMs) w.overdue++;
      }
    }
  }

  return {
    workflow: { id: wf.id, title: wf.title, version: wf.version },
    period,
    asOf: new Date(asOf).toISOString(),
    completion: { text: wf.completion.text, duration: wf.completion.duration },
    received,
    closed,
    open,
    overdue,
    withinStandard: within,
    overStandard: closed - within,
    outcomes: outcomeList(wf, outcomes),
    timeToClose: spread(closeTimes),
    steps: stepList(wf, stepTimes, waiting),
    series: [...series.values()],
    dimensions: dims.map(({ d, counts }) => ({
      id: d.id,
      label: d.label,
      multi: isMultiValued(wf, d),
      categories: categoryList(wf, d, counts.keys()).map((c) => ({ ...c, count: counts.get(c.value) ?? 0 })),
    })),
    tables: tables.flatMap(({ t, cells }) => {
      const rowDim = dims.find((x) => x.d.id === t.rows);
      const colDim = dims.find((x) => x.d.id === t.columns);
      if (!rowDim || !colDim) return [];
      const rowCats = categoryList(wf, rowDim.d, rowDim.counts.keys());
      const colCats = categoryList(wf, colDim.d, colDim.counts.keys());
      return [{
        label: t.label,
        rows: { id: rowDim.d.id, label: rowDim.d.label, categories: rowCats },
        columns: { id: colDim.d.id, label: colDim.d.label, categories: colCats },
        cells: rowCats.map((a) => colCats.map((b) => cells.get(`${a.value}\u0000${b.value}`) ?? 0)),
      }];
    }),
  };
}

function orNotFilled(values: string[] | undefined): string[] {
  return values && values.length ? values : [NOT_FILLED];
}

function outcomeList(wf: Workflow, counts: Map<string, number>): ServiceReport['outcomes'] {
  const out = wf.outcomes.map((o) => ({ id: o.id, label: o.label, count: counts.get(o.id) ?? 0 }));
  for (const [id, count] of counts) if (!wf.outcomes.some((o) => o.id === id)) out.push({ id, label: id || 'Tanpa hasil tercatat', count });
  return out;
}

function stepList(wf: Workflow, times: Map<string, number[]>, waiting: Map<string, { waiting: number; overdue: number }>): StepFigures[] {
  const ids = [...stepsInOrder(wf).map((s) => s.id)];
  for (const id of [...times.keys(), ...waiting.keys()]) if (!ids.includes(id)) ids.push(id);
  return ids.map((id) => {
    const step = stepOf(wf, id);
    const w = waiting.get(id) ?? { waiting: 0, overdue: 0 };
    return { id, number: step?.number, title: step?.title ?? id, time: spread(times.get(id) ?? []), ...w };
  });
}
