/** Who may read a service's report: the YAML's `reports.roles`, or by default the heads of the office ("Kepala …"). */
import type { Workflow } from '../types.ts';

export function reportRoles(wf: Workflow): Set<string> {
  if (wf.reports?.roles) return new Set(wf.reports.roles);
  return new Set(Object.entries(wf.roles).filter(([, title]) => /^kepala\b/i.test(title.trim())).map(([id]) => id));
}

export function canReadReport(wf: Workflow, roles: readonly string[]): boolean {
  const allowed = reportRoles(wf);
  return roles.some((r) => allowed.has(r));
}
