/** Who someone is on a page: an account's display name (the username itself when none, or for "cli"/"-"). */
import type { AppDeps } from './deps.ts';

const SPECIAL: Record<string, string> = { cli: 'baris perintah server', sistem: 'sistem (terjadwal)', '-': 'tanpa akun' };

export async function displayName(deps: Pick<AppDeps, 'store'>, username: string): Promise<string> {
  if (SPECIAL[username]) return SPECIAL[username];
  return (await deps.store.users.get(username))?.displayName || username;
}

/** Display names of every account, to name many people on one page with one read. */
export async function displayNames(deps: Pick<AppDeps, 'store'>): Promise<(username: string) => string> {
  const names = new Map((await deps.store.users.list()).map((u) => [u.username, u.displayName || u.username]));
  return (username) => names.get(username) ?? SPECIAL[username] ?? username;
}
