/**
 * Acting officials (Plt. / Plh.): recording that one account does another's work for a period, and revoking it.
 * Stored through the records port (kind "delegation"), each change with its audit entry in one transaction; the
 * engine gets them as data (engine/assignment.ts decides what they allow, engine/delegation.ts checks a new one).
 * Who may record one: the administrator, or the head of the roles handed over (assignment.heads of a service).
 */
import { checkDelegation } from '../../engine/delegation.ts';
import type { Delegation } from '../../engine/types.ts';
import type { Actor } from '../../engine/types.ts';
import { withAddress } from '../audit/record.ts';
import { ADMIN_ROLE } from '../auth/users.ts';
import type { AppDeps, Done } from './deps.ts';

const KIND = 'delegation';

/** Every delegation recorded (revoked and past ones too: the engine only counts those in force at its `now`). */
export async function listDelegations(deps: Pick<AppDeps, 'store'>): Promise<Delegation[]> {
  const docs = await deps.store.records.query(KIND, { limit: 5000 });
  return docs.map((d) => d.data as unknown as Delegation);
}

/** The roles `actor` may hand to an acting official: every role for the administrator, else the roles they head. */
export function delegableRoles(deps: AppDeps, actor: Actor): Set<string> {
  const out = new Set<string>();
  for (const wf of deps.workflows.list()) {
    for (const role of Object.keys(wf.roles)) {
      if (actor.roles.includes(ADMIN_ROLE)) out.add(role);
      else if ((wf.assignment?.heads?.[role] ?? []).some((h) => actor.roles.includes(h))) out.add(role);
    }
  }
  return out;
}

export interface DelegationInput {
  official: string;
  acting: string;
  kind: string;
  roles: string[];
  /** ISO instants (the page turns office dates into them). */
  from: string;
  until: string;
  basis?: string;
}

let counter = 0;

/** Records a delegation; field → Indonesian message when it cannot be. */
export async function recordDelegation(deps: AppDeps, actor: Actor, input: DelegationInput): Promise<Done<Delegation>> {
  const allowed = delegableRoles(deps, actor);
  if (!allowed.size) return { ok: false, status: 403, error: 'Pelimpahan dicatat oleh administrator atau kepala dari peran yang dilimpahkan.' };
  const [official, acting] = await Promise.all([input.official ? deps.store.users.get(input.official) : undefined, input.acting ? deps.store.users.get(input.acting) : undefined]);
  const account = (u: typeof official) => (u ? { username: u.username, roles: u.roles, active: !u.disabled } : undefined);
  const existing = await listDelegations(deps);
  const fields = checkDelegation(
    { official: account(official), acting: account(acting), kind: input.kind, roles: input.roles, from: input.from, until: input.until, basis: input.basis },
    existing,
  );
  const foreign = input.roles.filter((r) => !allowed.has(r));
  if (!fields.roles && foreign.length) fields.roles = `Anda tidak dapat melimpahkan peran ${foreign.join(', ')}: pelimpahannya dicatat oleh kepala peran itu atau administrator.`;
  const basis = input.basis?.trim().replace(/\s+/g, ' ');
  if (basis && basis.length > 200) fields.basis = 'Dasar penunjukan paling panjang 200 huruf.';
  if (Object.keys(fields).length) return { ok: false, status: 422, error: 'Periksa isian pelimpahan.', fields };
  const now = deps.now();
  const d: Delegation = {
    id: `plh-${now.getTime().toString(36)}-${(counter++ % 1296).toString(36)}${Math.random().toString(36).slice(2, 6)}`,
    official: official!.username,
    acting: acting!.username,
    kind: input.kind as Delegation['kind'],
    roles: [...new Set(input.roles)],
    from: new Date(input.from).toISOString(),
    until: new Date(input.until).toISOString(),
    ...(basis ? { basis } : {}),
    createdBy: actor.username,
    createdAt: now.toISOString(),
  };
  await deps.store.transaction(async (tx) => {
    await tx.records.add({ kind: KIND, id: d.id, at: d.createdAt, data: d as unknown as Record<string, unknown> });
    await tx.audit.append(
      withAddress({
        at: d.createdAt,
        actor: actor.username,
        action: 'delegation.create',
        details: { id: d.id, official: d.official, acting: d.acting, kind: d.kind, roles: d.roles, from: d.from, until: d.until, ...(basis ? { basis } : {}) },
      }),
    );
  });
  return { ok: true, value: d };
}

/** Revokes a delegation from now on (work already done under it stays recorded as done on the official's behalf). */
export async function revokeDelegation(deps: AppDeps, actor: Actor, id: string): Promise<Done<Delegation>> {
  const doc = await deps.store.records.get(KIND, id);
  if (!doc) return { ok: false, status: 404, error: 'Pelimpahan ini tidak ada.' };
  const d = doc.data as unknown as Delegation;
  const allowed = delegableRoles(deps, actor);
  if (!d.roles.every((r) => allowed.has(r))) return { ok: false, status: 403, error: 'Pelimpahan ini dicabut oleh yang berwenang mencatatnya: kepala peran itu atau administrator.' };
  if (d.revokedAt) return { ok: false, status: 409, error: 'Pelimpahan ini sudah dicabut.' };
  const now = deps.now().toISOString();
  const revoked: Delegation = { ...d, revokedAt: now, revokedBy: actor.username };
  const done = await deps.store.transaction(async (tx) => {
    if (!(await tx.records.replace({ ...doc, data: revoked as unknown as Record<string, unknown> }))) return false;
    await tx.audit.append(withAddress({ at: now, actor: actor.username, action: 'delegation.revoke', details: { id: d.id, official: d.official, acting: d.acting } }));
    return true;
  });
  if (!done) return { ok: false, status: 404, error: 'Pelimpahan ini tidak ada.' };
  return { ok: true, value: revoked };
}
