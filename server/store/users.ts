/** Staff accounts (users.json): stored as given; hashing passwords and checking roles belong to server/auth. */
import { join } from 'node:path';
import { getOwn, JsonDocument, setOwn } from './json-document.ts';
import type { StoredUser } from './types.ts';

interface UsersFile {
  users: Record<string, StoredUser>;
}

export class UserExistsError extends Error {
  constructor(readonly username: string) {
    super(`Pengguna ${username} sudah ada.`);
    this.name = 'UserExistsError';
  }
}

export class UnknownUserError extends Error {
  constructor(readonly username: string) {
    super(`Pengguna ${username} tidak ditemukan.`);
    this.name = 'UnknownUserError';
  }
}

export class UserStore {
  private constructor(private readonly doc: JsonDocument<UsersFile>) {}

  static async open(dataDir: string): Promise<UserStore> {
    return new UserStore(await JsonDocument.open<UsersFile>(join(dataDir, 'users.json'), { users: {} }));
  }

  /** A copy of the account, or undefined. */
  get(username: string): StoredUser | undefined {
    const user = getOwn(this.doc.data.users, username);
    return user && structuredClone(user);
  }

  /** Every account (copies), by username. */
  list(): StoredUser[] {
    return Object.values(this.doc.data.users)
      .map((u) => structuredClone(u))
      .sort((a, b) => a.username.localeCompare(b.username));
  }

  count(): number {
    return Object.keys(this.doc.data.users).length;
  }

  /** Adds a new account; rejects with UserExistsError when the username is taken. */
  add(user: StoredUser): Promise<void> {
    return this.doc.change((d) => {
      if (Object.hasOwn(d.users, user.username)) throw new UserExistsError(user.username);
      setOwn(d.users, user.username, structuredClone(user));
    });
  }

  /**
   * Changes an account: `change` receives a copy and returns the new record (same username). Rejects with
   * UnknownUserError. Returns the stored record.
   */
  update(username: string, change: (user: StoredUser) => StoredUser): Promise<StoredUser> {
    return this.doc.change((d) => {
      const current = getOwn(d.users, username);
      if (!current) throw new UnknownUserError(username);
      const next = change(structuredClone(current));
      if (next.username !== username) throw new Error('Nama pengguna tidak dapat diubah.');
      setOwn(d.users, username, next);
      return structuredClone(next);
    });
  }

  /** Waits for writes in progress. */
  close(): Promise<void> {
    return this.doc.idle();
  }
}
