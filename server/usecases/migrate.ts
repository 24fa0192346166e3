/**
 * Moving open cases of a service to the version in force, when its decree says so: the dry run over the open
 * cases on older versions (which can move, to which step, what the new version finds missing; the rule is
 * engine/migrate-case.ts), then the move of the cases the administrator chose, each in its own transaction with
 * its audit entry. A case that cannot move, or changed since the dry run, stays on its version with the reason.
 */
import { moveCase, planCaseMove, type MovePlan } from '../../engine/migrate-case.ts';
import { summarize } from '../../engine/summary.ts';
import type { Case, Workflow } from '../../engine/types.ts';
import { withAddress } from '../audit/record.ts';
import type { AppDeps, Done } from './deps.ts';

/** At most this many open cases are read for one dry run (the page says when there were more). */
export const MOVE_SCAN_LIMIT = 2000;

export interface MoveCandidate {
  plan: MovePlan;
  createdAt: string;
  /** The revision the dry run saw: a case changed since is planned again before it moves. */
  rev: number;
}

export interface MoveDryRun {
  active: Workflow;
  candidates: MoveCandidate[];
  /** More open cases were on older versions than were read. */
  truncated: boolean;
}

/** The open cases of `workflow` on an older version, each with what moving it to the version in force would do. */
export async function planMoves(deps: AppDeps, workflow: string): Promise<Done<MoveDryRun>> {
  const active = deps.workflows.get(workflow);
  if (!active) return { ok: false, status: 404, error: `Layanan "${workflow}" tidak ada.` };
  const candidates: MoveCandidate[] = [];
  let after: string | undefined;
  let read = 0;
  let truncated = false;
  for (;;) {
    const page = await deps.store.cases.query({ workflow, status: 'open', order: 'newest', limit: 500, after });
    for (const s of page.items) {
      if (s.version >= active.version) continue;
      if (read >= MOVE_SCAN_LIMIT) {
        truncated = true;
        break;
      }
      read++;
      const c = await deps.store.cases.get(s.id);
      if (!c) continue;
      candidates.push({ plan: await planOf(deps, c, active), createdAt: c.createdAt, rev: c.rev });
    }
    if (truncated || !page.next) break;
    after = page.next;
  }
  candidates.sort((a, b) => a.plan.fromVersion - b.plan.fromVersion || a.createdAt.localeCompare(b.createdAt));
  return { ok: true, value: { active, candidates, truncated } };
}

async function planOf(deps: AppDeps, c: Case, active: Workflow): Promise<MovePlan> {
  const from = deps.workflows.forCase(c.workflow);
  if (!from) {
    return { caseId: c.id, fromVersion: c.workflow.version, toVersion: active.version, movable: false, reasons: [`Definisi versi ${c.workflow.version} kasus ini tidak ditemukan.`], tasks: [], missing: [], renames: {} };
  }
  return planCaseMove(c, from, active);
}

export interface MoveOutcome {
  moved: Array<{ id: string; plan: MovePlan }>;
  stayed: Array<{ id: string; reasons: string[] }>;
}

/**
 * Moves the chosen cases to the version in force (planned again now: the dry run may be old), one transaction per
 * case holding the case and its audit entry. `reason`: the decree's words that order the move, kept in both.
 */
export async function moveCases(deps: AppDeps, input: { workflow: string; ids: string[]; actor: string; reason: string }): Promise<Done<MoveOutcome>> {
  const active = deps.workflows.get(input.workflow);
  if (!active) return { ok: false, status: 404, error: `Layanan "${input.workflow}" tidak ada.` };
  const reason = input.reason.trim().replace(/\s+/g, ' ');
  if (!reason) return { ok: false, status: 422, error: 'Tulis dasar pemindahan.', fields: { alasan: 'Tulis dasar pemindahan, misalnya pasal peralihan SK yang baru.' } };
  if (reason.length > 300) return { ok: false, status: 422, error: 'Dasar pemindahan terlalu panjang.', fields: { alasan: 'Dasar pemindahan paling panjang 300 huruf.' } };
  const ids = [...new Set(input.ids)];
  if (!ids.length) return { ok: false, status: 422, error: 'Pilih paling sedikit satu kasus yang dipindahkan.', fields: { kasus: 'Centang kasus yang dipindahkan.' } };
  if (ids.length > MOVE_SCAN_LIMIT) return { ok: false, status: 422, error: `Paling banyak ${MOVE_SCAN_LIMIT} kasus sekali pindah.` };
  const out: MoveOutcome = { moved: [], stayed: [] };
  for (const id of ids) {
    const now = deps.now();
    const c = await deps.store.cases.get(id);
    if (!c || c.workflow.id !== input.workflow) {
      out.stayed.push({ id, reasons: ['Kasus tidak ditemukan pada layanan ini.'] });
      continue;
    }
    const plan = await planOf(deps, c, active);
    if (!plan.movable) {
      out.stayed.push({ id, reasons: plan.reasons });
      continue;
    }
    const next = moveCase(c, plan, active, { actor: input.actor, now, reason });
    const written = await deps.store.transaction(async (tx) => {
      if (!(await tx.cases.update(next, summarize(active, next), c.rev))) return false;
      await tx.audit.append(
        withAddress({
          at: now.toISOString(),
          actor: input.actor,
          action: 'case.migrate',
          caseId: c.id,
          details: {
            workflow: active.id,
            fromVersion: plan.fromVersion,
            toVersion: active.version,
            decree: active.decree.number,
            reason,
            tasks: plan.tasks.map((t) => `${t.from.step} → ${t.to.step}`),
            ...(plan.missing.length ? { missing: plan.missing.map((m) => m.field) } : {}),
          },
        }),
      );
      return true;
    });
    if (written) out.moved.push({ id, plan });
    else out.stayed.push({ id, reasons: ['Kasus baru saja diubah orang lain; jalankan uji coba lagi.'] });
  }
  return { ok: true, value: out };
}
