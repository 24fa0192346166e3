/**
 * Personal data protection (UU 27/2022) as the YAML declares it per service (`privacy`): how long a closed case
 * keeps the identities it holds, by outcome, and what counts as identity. Pure: the rule of when a case is due and
 * what anonymising takes out of it; the server's scheduler stores the result and removes the files.
 *
 * Identity is every field marked `sensitive` (and each sensitive column of a repeating group), every `file` field
 * (attachments are photographs and scans of documents), and the fields `privacy.identity` adds. Anonymising
 * removes those values from the case's data and from every step of its history, keeps everything else (the path,
 * the times, the outcome, the categories of the report's dimensions), and freezes the case's report facts as they
 * were, so the service's figures do not change when the names are gone.
 */
import { reportFacts } from './report/facts.ts';
import { addDuration, timeZoneOf } from './time.ts';
import type { Case, Field, Workflow } from './types.ts';

/** A path of a value that identifies someone: a field name, or `group.*.column` for a column of a repeating group. */
export type IdentityPath = string;

/** Every identity path of the service, in field order (every step's fields, each name once). */
export function identityPaths(wf: Workflow): IdentityPath[] {
  const extra = new Set(wf.privacy?.identity ?? []);
  const out = new Set<IdentityPath>();
  const identity = (f: Field, name: string) => Boolean(f.sensitive) || f.type === 'file' || extra.has(name);
  for (const step of wf.steps) {
    for (const f of step.fields ?? []) {
      if (f.type === 'group') {
        if (extra.has(f.name)) out.add(f.name);
        else for (const col of f.fields ?? []) if (identity(col, `${f.name}.${col.name}`)) out.add(`${f.name}.*.${col.name}`);
      } else if (identity(f, f.name)) out.add(f.name);
    }
  }
  return [...out];
}

/** `data` without the values at `paths` (a removed value is gone, not blanked: the key is absent). */
export function withoutPaths(data: Record<string, unknown>, paths: readonly IdentityPath[]): Record<string, unknown> {
  const out: Record<string, unknown> = { ...data };
  for (const p of paths) {
    const [head, star, col] = p.split('.');
    if (star === '*' && col !== undefined) {
      const rows = out[head!];
      if (Array.isArray(rows)) {
        out[head!] = rows.map((row) => {
          if (!row || typeof row !== 'object' || Array.isArray(row)) return row;
          const { [col]: _gone, ...rest } = row as Record<string, unknown>;
          return rest;
        });
      }
    } else {
      delete out[p];
    }
  }
  return out;
}

/** When a closed case's identities are due to go; undefined while open, already anonymised, or kept without limit. */
export function anonymiseAt(wf: Workflow, c: Pick<Case, 'status' | 'closedAt' | 'outcome'> & { anonymised?: unknown; anonymisedAt?: string }): Date | undefined {
  if (c.status !== 'closed' || c.anonymised || c.anonymisedAt || !c.closedAt) return undefined;
  const retention = wf.privacy?.retention;
  const duration = (c.outcome && retention?.[c.outcome]) ?? retention?.['*'];
  if (!duration) return undefined;
  return addDuration(new Date(c.closedAt), duration, 'calendar', { ...(wf.calendar ?? { workdays: [1, 2, 3, 4, 5], hours: { start: '08:00', end: '16:00' } }), timezone: timeZoneOf(wf) });
}

/** Whether case `c` is due for anonymisation at `now`. */
export function anonymisationDue(wf: Workflow, c: Parameters<typeof anonymiseAt>[1], now: Date): boolean {
  const at = anonymiseAt(wf, c);
  return at !== undefined && at.getTime() <= now.getTime();
}

export interface Anonymised {
  case: Case;
  /** The identity paths that held a value and were removed. */
  removed: IdentityPath[];
}

function holds(data: Record<string, unknown>, path: IdentityPath): boolean {
  const [head, star, col] = path.split('.');
  const v = data[head!];
  if (star === '*' && col !== undefined) return Array.isArray(v) && v.some((row) => row && typeof row === 'object' && (row as Record<string, unknown>)[col] !== undefined && (row as Record<string, unknown>)[col] !== '');
  return v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && v.length === 0);
}

/**
 * The case without its identities: removed from `data` and from every step in its history; its report facts
 * frozen first (categories only, never a value), recorded in `anonymised` with the time and the paths removed.
 */
export function anonymiseCase(wf: Workflow, c: Case, now: Date): Anonymised {
  const paths = identityPaths(wf);
  const removed = paths.filter((p) => holds(c.data, p) || c.history.some((h) => h.type === 'completed' && holds(h.data, p)));
  const facts = reportFacts(wf, c);
  const history = c.history.map((h) => (h.type === 'completed' ? { ...h, data: withoutPaths(h.data, paths) } : h));
  const at = now.toISOString();
  return {
    case: { ...c, data: withoutPaths(c.data, paths), history, rev: c.rev + 1, updatedAt: at, anonymised: { at, paths: removed, facts } },
    removed,
  };
}
