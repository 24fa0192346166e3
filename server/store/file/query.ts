/**
 * The case query of the port (engine/ports/cases.ts) over summaries in memory: which summaries match, in which
 * order, and the cursor of a page. PostgreSQL answers the same query in SQL; the contract tests hold both to it.
 */
import type { CaseOrder, CaseQuery } from '../../../engine/ports/cases.ts';

export { BadCursorError } from '../../../engine/ports/cases.ts';
import type { CaseSummary } from '../../../engine/summary.ts';

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 1000;

function overlaps(a: readonly string[], b: ReadonlySet<string>): boolean {
  return a.some((x) => b.has(x));
}

function hasAll(tokens: readonly string[] | undefined, wanted: ReadonlySet<string>): boolean {
  if (!tokens) return false;
  const have = new Set(tokens);
  for (const t of wanted) if (!have.has(t)) return false;
  return true;
}

/** A compiled query: one function per summary, with the sets built once. */
export function matcher(q: CaseQuery): (s: CaseSummary) => boolean {
  const readable = q.readable && new Map(q.readable.versions.map((v) => [v.workflow, new Set(v.versions)]));
  const readableRoles = q.readable && new Set(q.readable.taskRoles ?? []);
  const taskRoles = q.tasks && new Set(q.tasks.roles);
  const taskUsers = q.tasks && new Set(q.tasks.usernames);
  const number = q.number?.toUpperCase();
  const search = q.search && new Set(q.search);
  return (s) => {
    if (q.workflow !== undefined && s.workflow !== q.workflow) return false;
    if (q.status !== undefined && s.status !== q.status) return false;
    if (readable && !readable.get(s.workflow)?.has(s.version) && !s.tasks.some((t) => overlaps(t.roles, readableRoles!))) return false;
    if (taskRoles && !s.tasks.some((t) => (t.assignee ? taskUsers!.has(t.assignee) : overlaps(t.roles, taskRoles)))) return false;
    if (q.step !== undefined && !s.tasks.some((t) => t.step === q.step)) return false;
    if (q.overdueAt !== undefined && !s.openDeadlines.some((d) => d < q.overdueAt!)) return false;
    if (number !== undefined && !s.id.toUpperCase().includes(number)) return false;
    if (search && !hasAll(s.search, search)) return false;
    return true;
  };
}

/** The key a summary sorts by in `order`, as a tuple compared left to right. */
export function sortKey(s: CaseSummary, order: CaseOrder): Array<string | number> {
  // Missing due times sort last: "~" is above every ISO date.
  return order === 'urgent' ? [-s.priority, s.nextDue ?? '~', s.createdAt, s.id] : [s.createdAt, s.id];
}

/** Compares two keys of `order` (newest: descending, urgent: ascending). */
export function compareKeys(a: Array<string | number>, b: Array<string | number>, order: CaseOrder): number {
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x === y) continue;
    const c = x < y ? -1 : 1;
    return order === 'newest' ? -c : c;
  }
  return 0;
}

export function encodeCursor(key: Array<string | number>): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** The key a cursor holds; undefined for text that is no cursor of ours (the caller answers 400). */
export function decodeCursor(text: string, order: CaseOrder): Array<string | number> | undefined {
  try {
    const key = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as unknown;
    const len = order === 'urgent' ? 4 : 2;
    if (!Array.isArray(key) || key.length !== len) return undefined;
    if (order === 'urgent' && typeof key[0] !== 'number') return undefined;
    if (key.slice(order === 'urgent' ? 1 : 0).some((k) => typeof k !== 'string')) return undefined;
    return key as Array<string | number>;
  } catch {
    return undefined;
  }
}

/** The limit a query asks for, within bounds. */
export function limitOf(q: CaseQuery): number {
  return Math.min(MAX_LIMIT, Math.max(1, Math.floor(q.limit ?? DEFAULT_LIMIT)));
}
