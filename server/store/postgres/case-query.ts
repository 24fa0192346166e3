/**
 * The case query of the port (engine/ports/cases.ts) in SQL, over the columns a case row carries beside its
 * documents: the same matches, order and cursors as the file store's in-memory query (server/store/file/query.ts),
 * which the contract tests hold both to. A page reads its rows and nothing else.
 */
import type { CaseQuery } from '../../../engine/ports/cases.ts';
import { BadCursorError } from '../../../engine/ports/cases.ts';
import type { CaseSummary } from '../../../engine/summary.ts';
import { decodeCursor, limitOf } from '../file/query.ts';

/** The indexed columns of a case row, from its summary. */
export function caseColumns(s: CaseSummary) {
  const open = s.status === 'open' ? s.tasks : [];
  const uniq = (xs: string[]) => [...new Set(xs)];
  return {
    workflow: s.workflow,
    version: s.version,
    status: s.status,
    created_at: s.createdAt,
    urgency: -s.priority,
    due_key: s.nextDue ?? '~',
    first_deadline: s.openDeadlines.length ? s.openDeadlines.reduce((a, b) => (a < b ? a : b)) : null,
    steps: uniq(open.map((t) => t.step)),
    task_roles: uniq(open.flatMap((t) => t.roles)),
    free_roles: uniq(open.filter((t) => !t.assignee).flatMap((t) => t.roles)),
    assignees: uniq(open.flatMap((t) => (t.assignee ? [t.assignee] : []))),
    search: uniq(s.search ?? []),
    summary_v: s.v ?? null,
  };
}

export const CASE_COLUMNS = ['workflow', 'version', 'status', 'created_at', 'urgency', 'due_key', 'first_deadline', 'steps', 'task_roles', 'free_roles', 'assignees', 'search', 'summary_v'] as const;

export interface CaseSql {
  /** SELECT of the page's summaries (one more than the page, to know whether another follows). */
  page: { text: string; values: unknown[] };
  /** SELECT count(*) of the matches (whatever the cursor), up to the cap plus one. */
  count?: { text: string; values: unknown[] };
  limit: number;
  order: 'newest' | 'urgent';
}

export function caseSql(q: CaseQuery): CaseSql {
  const order = q.order ?? 'newest';
  const limit = limitOf(q);
  const after = q.after === undefined ? undefined : decodeCursor(q.after, order);
  if (q.after !== undefined && !after) throw new BadCursorError();
  const values: unknown[] = [];
  const p = (v: unknown) => {
    values.push(v);
    return `$${values.length}`;
  };
  const where: string[] = [];
  if (q.workflow !== undefined) where.push(`workflow = ${p(q.workflow)}`);
  if (q.status !== undefined) where.push(`status = ${p(q.status)}`);
  if (q.tasks !== undefined) where.push(`status = 'open'`, `(free_roles && ${p(q.tasks.roles)}::text[] OR assignees && ${p(q.tasks.usernames)}::text[])`);
  if (q.readable) {
    const wf: string[] = [];
    const ver: number[] = [];
    for (const v of q.readable.versions) for (const n of v.versions) (wf.push(v.workflow), ver.push(n));
    const scope = `(workflow, version) IN (SELECT w, v FROM unnest(${p(wf)}::text[], ${p(ver)}::int[]) AS s(w, v))`;
    const roles = q.readable.taskRoles ?? [];
    where.push(roles.length ? `(${scope} OR (status = 'open' AND task_roles && ${p(roles)}::text[]))` : scope);
  }
  if (q.step !== undefined) where.push(`status = 'open'`, `steps @> ARRAY[${p(q.step)}]::text[]`);
  if (q.overdueAt !== undefined) where.push(`first_deadline < ${p(q.overdueAt)}`);
  if (q.number !== undefined) where.push(`strpos(upper(id), ${p(q.number.toUpperCase())}) > 0`);
  if (q.search !== undefined) where.push(`search && ${p(q.search)}::text[]`);
  const filterValues = values.length;
  const filters = [...where];

  if (after) {
    if (order === 'newest') where.push(`(created_at, id) < (${p(after[0])}, ${p(after[1])})`);
    else where.push(`(urgency, due_key, created_at, id) > (${p(after[0])}, ${p(after[1])}, ${p(after[2])}, ${p(after[3])})`);
  }
  const orderBy = order === 'newest' ? 'created_at DESC, id DESC' : 'urgency, due_key, created_at, id';
  const cond = (w: string[]) => (w.length ? `WHERE ${w.join(' AND ')}` : '');
  const page = { text: `SELECT summary FROM cases ${cond(where)} ORDER BY ${orderBy} LIMIT ${limit + 1}`, values };
  const count =
    q.countUpTo === undefined
      ? undefined
      : { text: `SELECT count(*)::int AS n FROM (SELECT 1 FROM cases ${cond(filters)} LIMIT ${Math.max(0, Math.floor(q.countUpTo)) + 1}) m`, values: values.slice(0, filterValues) };
  return { page, count, limit, order };
}
