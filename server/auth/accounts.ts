/**
 * What an administrator does to accounts, from the users page or the CLI alike: add one, disable or enable it,
 * reset its password. Each ends the sessions it must end and is written to the audit log with who did it.
 */
import { recordAudit } from '../audit/record.ts';
import type { Store } from '../store/index.ts';
import { UnknownUserError } from '../store/users.ts';
import type { StoredUser } from '../store/types.ts';
import { generatePassword } from './password.ts';
import { createUser, setPassword } from './users.ts';

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
  if (!store.users.get(input.username)) throw new UnknownUserError(input.username);
  const password = generatePassword();
  const at = input.now.toISOString();
  await setPassword(store.users, input.username, password, input.now);
  await store.users.update(input.username, (u) => ({ ...u, mustChangePassword: true }));
  const sessionsEnded = await store.sessions.revokeAll(input.username, at);
  await recordAudit(store, { at, actor: input.by, action: 'user.reset', details: { username: input.username, sessionsEnded } });
  return { password, sessionsEnded };
}
