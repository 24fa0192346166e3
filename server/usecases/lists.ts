/**
 * Lists of cases: a person's work list (open tasks of their roles and those assigned to them, most urgent
 * first) and the case list with its filters. Both are one store query over the summaries it keeps: no case is
 * read whole, whatever the number stored, and what the viewer may list is part of the query.
 */
import { canReadCase, canReadCases, canSeeSensitive, stricterAccess } from '../../engine/access.ts';
import type { CasePage, CaseQuery, ReadableScope } from '../../engine/ports/cases.ts';
import type { CaseSummary, TaskSummary } from '../../engine/summary.ts';
import { canTake } from '../../engine/tasks.ts';
import { actingFor, effectiveRoles } from '../../engine/assignment.ts';
import { listDelegations } from './delegations.ts';
import type { Actor, Workflow } from '../../engine/types.ts';
import type { AppDeps } from './deps.ts';

/** One row of a list: the summary, the exact definition the case runs on, and (work list) the viewer's task. */
export interface ListedCase {
  summary: CaseSummary;
  workflow: Workflow;
  task?: TaskSummary;
}

export interface Listed {
  rows: ListedCase[];
  next?: string;
  total?: number;
  totalCapped?: boolean;
}

function definitionOf(deps: AppDeps, s: CaseSummary): Workflow | undefined {
  return deps.workflows.forCase({ id: s.workflow, version: s.version, hash: s.hash });
}

/**
 * What `roles` may list: per service they read, the versions whose cases they may open (a reader under that
 * version and the one in force), plus any case waiting at a step of theirs (engine/access.ts canReadCase).
 */
export function readableScope(deps: AppDeps, roles: readonly string[], only?: string): ReadableScope {
  const versions: ReadableScope['versions'] = [];
  for (const wf of deps.workflows.list()) {
    if (only !== undefined && wf.id !== only) continue;
    if (!canReadCases(wf, roles)) continue;
    const readable = deps.workflows.versionsOf(wf.id).filter((v) => canReadCase(v, wf, roles, null)).map((v) => v.version);
    if (readable.length) versions.push({ workflow: wf.id, versions: readable });
  }
  return { versions, taskRoles: [...roles] };
}

/**
 * Where `roles` may look a case up by a child's name: per service, the versions whose cases they may open AND whose
 * identities they may see (under that version and the one in force, as engine/view.ts shows them). No task-role
 * exception: a role that waits at a step but may not see names finds no case by a name.
 */
export function nameSearchScope(deps: AppDeps, roles: readonly string[], only?: string): ReadableScope {
  const versions: ReadableScope['versions'] = [];
  for (const wf of deps.workflows.list()) {
    if (only !== undefined && wf.id !== only) continue;
    if (!canReadCases(wf, roles) || !canSeeSensitive(wf, roles)) continue;
    const readable = deps.workflows
      .versionsOf(wf.id)
      .filter((v) => canReadCase(v, wf, roles, null) && canSeeSensitive(stricterAccess(v, wf), roles))
      .map((v) => v.version);
    if (readable.length) versions.push({ workflow: wf.id, versions: readable });
  }
  return { versions };
}

/** Whether `roles` may look cases up by name in some service (the name field is offered). */
export function maySearchNames(deps: AppDeps, roles: readonly string[]): boolean {
  return deps.workflows.list().some((wf) => canReadCases(wf, roles) && canSeeSensitive(wf, roles));
}

function rowsOf(deps: AppDeps, page: CasePage, actor?: Actor): Listed {
  const rows: ListedCase[] = [];
  for (const s of page.items) {
    const workflow = definitionOf(deps, s);
    if (!workflow) continue;
    rows.push({ summary: s, workflow, ...(actor ? { task: s.tasks.find((t) => canTake(t, actor)) } : {}) });
  }
  return { rows, ...(page.next ? { next: page.next } : {}), ...(page.total !== undefined ? { total: page.total, totalCapped: page.totalCapped } : {}) };
}

/** The open tasks `actor` may take, most urgent first (priority, then the earliest deadline, then the oldest). */
export async function workList(deps: AppDeps, actor: Actor, options: { limit?: number; after?: string; countUpTo?: number } = {}): Promise<Listed> {
  // An acting official (Plt. / Plh.) also gets the official's work: the roles handed over and the tasks assigned to them.
  const now = deps.now();
  const delegations = await listDelegations(deps);
  const officials = actingFor(actor.username, delegations, now).map((d) => d.official);
  const acting: Actor = { ...actor, roles: effectiveRoles(actor, delegations, now) };
  const page = await deps.store.cases.query({
    status: 'open',
    tasks: { roles: [...acting.roles], usernames: [actor.username, ...officials] },
    order: 'urgent',
    limit: options.limit ?? 100,
    after: options.after,
    countUpTo: options.countUpTo,
  });
  const listed = rowsOf(deps, page, acting);
  for (const r of listed.rows) if (!r.task) r.task = r.summary.tasks.find((t) => t.assignee !== undefined && officials.includes(t.assignee));
  // The summary was made under the case's own version: its roles decide; a row only lists a task the actor may take.
  return { ...listed, rows: listed.rows.filter((r) => r.task) };
}

export interface CaseListFilter {
  workflow?: string;
  status?: 'open' | 'closed';
  step?: string;
  overdue?: boolean;
  number?: string;
  /**
   * Words of a child's name: matched through the store's blind index (keyed hashes of the words kept beside each
   * summary), never by reading cases; only over the cases whose identities the viewer may see.
   */
  name?: string;
  order?: CaseQuery['order'];
}

/** The case list for `actor` with these filters, a page at a time. */
export async function listCases(deps: AppDeps, actor: Actor, filter: CaseListFilter, options: { limit?: number; after?: string; countUpTo?: number } = {}): Promise<Listed> {
  const byName = filter.name?.trim() ? filter.name.trim() : undefined;
  const readable = byName ? nameSearchScope(deps, actor.roles, filter.workflow) : readableScope(deps, actor.roles, filter.workflow);
  if (byName && !readable.versions.length) return { rows: [], total: 0 };
  const page = await deps.store.cases.query({
    readable,
    ...(byName ? { name: byName } : {}),
    workflow: filter.workflow,
    status: filter.status,
    step: filter.step,
    overdueAt: filter.overdue ? deps.now().toISOString() : undefined,
    number: filter.number,
    order: filter.order ?? 'newest',
    limit: options.limit ?? 50,
    after: options.after,
    countUpTo: options.countUpTo,
  });
  return rowsOf(deps, page);
}
