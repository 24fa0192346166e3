/** The account ports: staff accounts, and browser sessions and API tokens, stored as given (hashing belongs to server/auth). */

/** A password as the auth layer hashed it; the store keeps the fields and knows nothing of the scheme. */
export interface PasswordHash {
  /** e.g. "scrypt". */
  scheme: string;
  salt: string;
  hash: string;
  /** KDF parameters, e.g. { N: 16384, r: 8, p: 1, keylen: 64 }. */
  params?: Record<string, number | string>;
}

export interface StoredUser {
  username: string;
  displayName: string;
  /** Role ids as the workflows declare them, plus "admin". */
  roles: string[];
  /** null: no password set yet, the account cannot sign in. */
  password: PasswordHash | null;
  disabled: boolean;
  /** The user must choose a new password at the next sign-in (first account, reset by an administrator). */
  mustChangePassword?: boolean;
  createdAt: string;
  updatedAt?: string;
  passwordChangedAt?: string;
  /** Contact and signature details (notifications, letters). */
  email?: string;
  phone?: string;
  /** Nomor Induk Pegawai and official title (jabatan), for a letter's signature block. */
  nip?: string;
  title?: string;
  /** Channels the person turned off ("email", "gateway", "inapp"). */
  optOut?: string[];
}

/** A browser session (cookie) or an API token. Only a hash of the secret is stored. */
export interface StoredSession {
  idHash: string;
  kind: 'session' | 'token';
  username: string;
  createdAt: string;
  /** Last use; written at most about once a minute per session. */
  lastSeen: string;
  expiresAt: string;
  revoked: boolean;
  revokedAt?: string;
  /** For tokens: what the token is for, as its owner named it. */
  label?: string;
}

export interface UserRepo {
  get(username: string): Promise<StoredUser | undefined>;
  /** Every account, by username. */
  list(): Promise<StoredUser[]>;
  count(): Promise<number>;
  /** Rejects with UserExistsError when the username is taken. */
  add(user: StoredUser): Promise<void>;
  /**
   * Changes an account atomically (no other change to it in between, on any server): `change` gets a copy and
   * every account as stored now, and returns the new record. Rejects with UnknownUserError.
   */
  update(username: string, change: (user: StoredUser, all: StoredUser[]) => StoredUser): Promise<StoredUser>;
}

export interface SessionRepo {
  /** Revoked and expired ones included (the caller decides). */
  get(idHash: string): Promise<StoredSession | undefined>;
  /** Sessions and tokens of one user (or all), newest first. */
  list(username?: string): Promise<StoredSession[]>;
  add(session: StoredSession): Promise<void>;
  /** Records a use at `at`; cheap when called on every request. */
  touch(idHash: string, at: string): Promise<void>;
  revoke(idHash: string, at: string): Promise<boolean>;
  /** Revokes every session (and, unless `kind` says otherwise, token) of a user; returns how many. */
  revokeAll(username: string, at: string, kind?: StoredSession['kind']): Promise<number>;
  /** Deletes those expired or revoked before `before`; returns how many. */
  prune(before: string): Promise<number>;
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
