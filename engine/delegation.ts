/** Checking a new delegation to an acting official (Plt. / Plh.) before it is stored: messages per field, in Indonesian. */
import type { Delegation } from './types.ts';

/** The longest period one delegation may cover; a longer absence gets a new order (and a new delegation). */
export const MAX_DELEGATION_DAYS = 366;

export interface DelegationAccount {
  username: string;
  roles: string[];
  active: boolean;
}

export interface DelegationDraft {
  official?: DelegationAccount;
  acting?: DelegationAccount;
  kind: string;
  roles: string[];
  from: string;
  until: string;
  basis?: string;
}

/**
 * Problems of a delegation, keyed by its fields (official, acting, kind, roles, from, until); empty when it may be
 * stored. The roles handed over must be roles the official holds; no one acts for themselves; the period ends after
 * it starts and within a year. `existing`: delegations already stored, so the same official is not handed to two
 * acting officials for the same roles at once.
 */
export function checkDelegation(d: DelegationDraft, existing: readonly Delegation[] = []): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!d.official) errors.official = 'Pilih pejabat yang diwakili.';
  else if (!d.official.active) errors.official = 'Akun pejabat ini dinonaktifkan.';
  if (!d.acting) errors.acting = 'Pilih pelaksana (Plt. / Plh.).';
  else if (!d.acting.active) errors.acting = 'Akun pelaksana ini dinonaktifkan.';
  else if (d.official && d.acting.username === d.official.username) errors.acting = 'Pelaksana tidak boleh pejabat itu sendiri.';
  if (d.kind !== 'plt' && d.kind !== 'plh') errors.kind = 'Pilih Plt. (pelaksana tugas) atau Plh. (pelaksana harian).';
  if (!d.roles.length) errors.roles = 'Pilih paling sedikit satu peran yang diwakilkan.';
  else if (d.official) {
    const foreign = d.roles.filter((r) => !d.official!.roles.includes(r));
    if (foreign.length) errors.roles = `Pejabat ini tidak memegang peran ${foreign.join(', ')}.`;
  }
  const from = Date.parse(d.from);
  const until = Date.parse(d.until);
  if (Number.isNaN(from)) errors.from = 'Tulis tanggal mulai.';
  if (Number.isNaN(until)) errors.until = 'Tulis tanggal selesai.';
  else if (!Number.isNaN(from) && until <= from) errors.until = 'Tanggal selesai harus sesudah tanggal mulai.';
  else if (!Number.isNaN(from) && until - from > MAX_DELEGATION_DAYS * 86_400_000) errors.until = `Paling lama ${MAX_DELEGATION_DAYS} hari; untuk masa yang lebih lama buat pelimpahan baru.`;
  if (!errors.from && !errors.until && !errors.roles && d.official) {
    const clash = existing.find(
      (e) => !e.revokedAt && e.official === d.official!.username && e.roles.some((r) => d.roles.includes(r)) && Date.parse(e.from) < until && from < Date.parse(e.until),
    );
    if (clash) errors.from = `Pejabat ini sudah diwakili ${clash.acting} pada sebagian masa itu; cabut pelimpahan itu dulu.`;
  }
  return errors;
}
