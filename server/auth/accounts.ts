/**
 * What an administrator does to accounts, from the users page or the CLI alike: add one, disable or enable it,
 * reset its password, change its roles. Each ends the sessions it must end and is written to the audit log with
 * who did it.
 */
import { recordAudit } from '../audit/record.ts';
import type { Store } from '../../engine/ports/store.ts';
import { UnknownUserError, type StoredUser } from '../../engine/ports/accounts.ts';
import { generatePassword } from './password.ts';
import { ADMIN_ROLE, createUser, rolesProblem, setPassword } from './users.ts';

/** `by`: the administrator's username, or "cli" for the command line on the server. */
type By = { by: string; now: Date };

/** Adds an account with a generated password the person must change at first sign-in; returns the password. */
export async function addAccount(store: Store, input: By & { username: string; displayName: string; roles: string[] }): Promise<string> {
  const password = generatePassword();
  await createUser(store.users, { username: input.username, roles: input.roles, password, displayName: input.displayName, now: input.now });
  await store.users.update(input.username, (u) => ({ ...u, mustChangePassword: true }));
  await recordAudit(store, { at: input.now.toISOString(), actor: input.by, action: 'user.add', details: { username: input.username, roles: input.roles } });
  return password;
}

/** Disables (or enables) an account; disabling ends every session and token at once. Returns sessions ended. */
export async function setDisabled(store: Store, input: By & { username: string; disabled: boolean }): Promise<number> {
  const at = input.now.toISOString();
  await store.users.update(input.username, (u): StoredUser => ({ ...u, disabled: input.disabled, updatedAt: at }));
  const ended = input.disabled ? await store.sessions.revokeAll(input.username, at) : 0;
  await recordAudit(store, { at, actor: input.by, action: input.disabled ? 'user.disable' : 'user.enable', details: { username: input.username, sessionsEnded: ended } });
  return ended;
}

/**
 * Gives an account a new random password, to be changed at the next sign-in, and ends its sessions and tokens.
 * Returns the temporary password (shown once to the administrator).
 */
export async function resetPassword(store: Store, input: By & { username: string }): Promise<{ password: string; sessionsEnded: number }> {
  if (!(await store.users.get(input.username))) throw new UnknownUserError(input.username);
  const password = generatePassword();
  const at = input.now.toISOString();
  await setPassword(store.users, input.username, password, input.now);
  await store.users.update(input.username, (u) => ({ ...u, mustChangePassword: true }));
  const sessionsEnded = await store.sessions.revokeAll(input.username, at);
  await recordAudit(store, { at, actor: input.by, action: 'user.reset', details: { username: input.username, sessionsEnded } });
  return { password, sessionsEnded };
}

/** An account may not be given these roles; the message says why, in Indonesian. */
export class RolesRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RolesRefusedError';
  }
}

/**
 * Why account `username` may not hold exactly `roles` from now on, or undefined. `known`: the roles an account
 * can be given (those the loaded workflows declare, and the administrator's); `users`: every account as stored.
 */
export function rolesChangeProblem(users: StoredUser[], input: { username: string; roles: string[]; known: Iterable<string> }): string | undefined {
  if (!input.roles.length) return 'Pilih paling sedikit satu peran. Untuk mencabut semua akses akun ini, nonaktifkan akunnya.';
  const known = new Set(input.known);
  const unknown = input.roles.filter((r) => !known.has(r));
  if (unknown.length) {
    return `Peran tidak dikenal: ${unknown.join(', ')}. Yang dapat diberikan hanya peran dari definisi layanan yang dimuat, dan administrator.`;
  }
  const mixed = rolesProblem(input.roles);
  if (mixed) return mixed;
  const account = users.find((u) => u.username === input.username);
  const isActiveAdmin = (u: StoredUser) => !u.disabled && u.roles.includes(ADMIN_ROLE);
  if (account && isActiveAdmin(account) && !input.roles.includes(ADMIN_ROLE) && !users.some((u) => u.username !== input.username && isActiveAdmin(u))) {
    return `Akun ${input.username} adalah satu-satunya administrator yang aktif: peran administrator tidak dicabut darinya, agar akun dan SOP tetap dapat dikelola. Buat atau aktifkan dulu akun administrator lain.`;
  }
  return undefined;
}

/**
 * Gives an account exactly these roles (a clerk moved to another post, a new Kepala UPTD PPA). Sessions and
 * tokens stay: roles are read on every request, so the account's next request already has the new ones. Throws
 * RolesRefusedError (see rolesChangeProblem; checked against the accounts as they are when the change is written,
 * so two administrators cannot each demote the other) or UnknownUserError. Recorded only when something changed.
 */
export async function changeRoles(
  store: Store,
  input: By & { username: string; roles: string[]; known: Iterable<string> },
): Promise<{ before: string[]; after: string[]; changed: boolean }> {
  const roles = [...new Set(input.roles.map((r) => r.trim()).filter(Boolean))];
  const known = [...input.known];
  const at = input.now.toISOString();
  let before: string[] = [];
  let changed = false;
  await store.users.update(input.username, (u, all): StoredUser => {
    const problem = rolesChangeProblem(all, { username: input.username, roles, known });
    if (problem) throw new RolesRefusedError(problem);
    before = u.roles;
    changed = before.length !== roles.length || before.some((r) => !roles.includes(r));
    return changed ? { ...u, roles, updatedAt: at } : u;
  });
  if (changed) await recordAudit(store, { at, actor: input.by, action: 'user.roles', details: { username: input.username, before, after: roles } });
  return { before, after: changed ? roles : before, changed };
}

/** Every account with how many live sessions and tokens it holds, for the administrator's list. */
export async function accountList(store: Store, now: Date, live: (s: import('../../engine/ports/accounts.ts').StoredSession) => boolean): Promise<Array<StoredUser & { liveSessions: number }>> {
  const sessions = (await store.sessions.list()).filter(live);
  return (await store.users.list()).map((u) => ({ ...u, liveSessions: sessions.filter((s) => s.username === u.username).length }));
}

export async function accountExists(store: Store, username: string): Promise<boolean> {
  return (await store.users.get(username)) !== undefined;
}

/** What a letter's signature block says of an account: full name (with degrees), jabatan, NIP. */
export interface SignatureDetails {
  name?: string;
  nip?: string;
  jabatan?: string;
}

/** The details as given, trimmed (NIP without spaces), with what is wrong with each, in Indonesian. */
export function signatureProblems(input: SignatureDetails): { value: SignatureDetails; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const value: SignatureDetails = {};
  if (input.name !== undefined) {
    value.name = input.name.trim();
    if (!value.name) errors.name = 'Isi nama lengkap.';
    else if (value.name.length > 100) errors.name = 'Paling banyak 100 karakter.';
  }
  if (input.nip !== undefined) {
    value.nip = input.nip.replace(/[\s.]/g, '');
    if (value.nip && !/^\d{18}$/.test(value.nip)) errors.nip = 'NIP terdiri dari 18 angka, misalnya 197001011990031001.';
  }
  if (input.jabatan !== undefined) {
    value.jabatan = input.jabatan.trim().replace(/\s+/g, ' ');
    if (value.jabatan.length > 200) errors.jabatan = 'Paling banyak 200 karakter.';
  }
  return { value, errors };
}

/**
 * Sets an account's name, NIP and jabatan as letters print them under the signature (an empty NIP or jabatan
 * removes it). Throws UnknownUserError. Recorded with what changed, only when something did.
 */
export async function setSignature(store: Store, input: By & { username: string } & SignatureDetails): Promise<{ changed: string[] }> {
  const at = input.now.toISOString();
  const changed: string[] = [];
  await store.users.update(input.username, (u): StoredUser => {
    const next: StoredUser = { ...u };
    if (input.name !== undefined && input.name !== u.displayName) {
      next.displayName = input.name;
      changed.push('name');
    }
    for (const [key, stored] of [['nip', 'nip'], ['jabatan', 'title']] as const) {
      const v = input[key];
      if (v === undefined || v === (u[stored] ?? '')) continue;
      if (v) next[stored] = v;
      else delete next[stored];
      changed.push(key);
    }
    return changed.length ? { ...next, updatedAt: at } : u;
  });
  if (changed.length) await recordAudit(store, { at, actor: input.by, action: 'user.profile', details: { username: input.username, changed } });
  return { changed };
}
