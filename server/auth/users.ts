/** Staff accounts: creating them with a hashed password, and checking a sign-in. */
import { ADMINISTRATOR_ROLE } from '../../engine/access.ts';
import type { StoredUser, UserRepo } from '../../engine/ports/accounts.ts';

type UserStore = UserRepo;
import { burnPasswordCheck, generatePassword, hashPassword, verifyPassword } from './password.ts';

/** The role that administers alur itself (accounts, SOP versions); not a workflow role (see engine/access.ts). */
export const ADMIN_ROLE = ADMINISTRATOR_ROLE;

/**
 * Why an account may not hold these roles together, or undefined: the administrator sees no case data, so one
 * account is either the administrator's or a case worker's (a person who is both gets two accounts, each audited).
 */
export function rolesProblem(roles: string[]): string | undefined {
  return roles.includes(ADMIN_ROLE) && roles.some((r) => r !== ADMIN_ROLE)
    ? 'Peran administrator tidak digabung dengan peran layanan dalam satu akun: administrator tidak membuka data kasus. Buat dua akun bila orangnya sama.'
    : undefined;
}

const USERNAME = /^[a-z0-9][a-z0-9._-]{1,31}$/;

/** Why a user name is refused, or undefined. */
export function usernameProblem(username: string): string | undefined {
  return USERNAME.test(username)
    ? undefined
    : 'Nama pengguna 2-32 karakter: huruf kecil, angka, titik, garis bawah atau tanda hubung, diawali huruf atau angka.';
}

/** Adds an account with a hashed password (throws UserExistsError when taken). */
export async function createUser(
  users: UserStore,
  input: { username: string; roles: string[]; password: string; displayName?: string; email?: string; phone?: string; now: Date },
): Promise<StoredUser> {
  const problem = usernameProblem(input.username) ?? rolesProblem(input.roles) ?? contactProblems({ email: input.email, phone: input.phone })[0]?.message;
  if (problem) throw new Error(problem);
  const at = input.now.toISOString();
  const user: StoredUser = {
    username: input.username,
    displayName: input.displayName ?? input.username,
    roles: [...new Set(input.roles)],
    password: await hashPassword(input.password),
    disabled: false,
    createdAt: at,
    passwordChangedAt: at,
    ...(input.email ? { email: input.email.trim() } : {}),
    ...(input.phone ? { phone: input.phone.trim() } : {}),
  };
  await users.add(user);
  return user;
}

/** What is wrong with an e-mail address or phone number for notifications (empty: nothing; both may be left out). */
export function contactProblems(input: { email?: string; phone?: string }): Array<{ field: 'email' | 'phone'; message: string }> {
  const out: Array<{ field: 'email' | 'phone'; message: string }> = [];
  const email = input.email?.trim();
  const phone = input.phone?.trim();
  if (email && (email.length > 254 || !/^[^\s@<>",;]+@[^\s@<>",;]+\.[^\s@<>",;]+$/.test(email))) out.push({ field: 'email', message: `Alamat surel "${email.slice(0, 80)}" tidak sah; tulis seperti nama@dinsos.rokanhulukab.go.id.` });
  if (phone && !/^\+?[0-9][0-9 ()-]{5,19}$/.test(phone)) out.push({ field: 'phone', message: `Nomor telepon "${phone.slice(0, 40)}" tidak sah; tulis dengan angka, misalnya 0812 3456 7890 atau +62 812 3456 7890.` });
  return out;
}

/** Sets a new password on an existing account. */
export async function setPassword(users: UserStore, username: string, password: string, now: Date): Promise<StoredUser> {
  const hash = await hashPassword(password);
  const at = now.toISOString();
  return users.update(username, (u) => ({ ...u, password: hash, passwordChangedAt: at, updatedAt: at, mustChangePassword: false }));
}

/** The account when the name and password match an enabled account; undefined otherwise, in the same time. */
export async function checkCredentials(users: UserStore, username: string, password: string): Promise<StoredUser | undefined> {
  const user = typeof username === 'string' ? await users.get(username) : undefined;
  if (!user || user.disabled || !user.password || typeof password !== 'string') {
    await burnPasswordCheck(String(password ?? ''));
    return undefined;
  }
  return (await verifyPassword(password, user.password)) ? user : undefined;
}

/**
 * On a first start (no account at all) creates `admin` with a random password and returns it, so the
 * console can show it once; undefined when accounts exist. The console's log (journald, a log file) keeps
 * what it showed, so the password must be changed at the first sign-in.
 */
export async function ensureFirstAdmin(users: UserStore, now: Date): Promise<string | undefined> {
  if ((await users.count()) > 0) return undefined;
  const password = generatePassword();
  try {
    await createUser(users, { username: 'admin', roles: [ADMIN_ROLE], password, displayName: 'Administrator', now });
  } catch (err) {
    // Another server on the same database made the first account at the same moment: it printed the password.
    if ((err as Error).name === 'UserExistsError') return undefined;
    throw err;
  }
  await users.update('admin', (u) => ({ ...u, mustChangePassword: true }));
  return password;
}
