/** Shapes of what the server stores beside cases: accounts, sessions and API tokens, workflow versions, audit entries. */

/** Something found wrong while opening the data folder; `error` means data was skipped. */
export interface StoreProblem {
  file: string;
  /** Indonesian, for the operator. */
  message: string;
  severity: 'info' | 'error';
}

/** A password as the auth layer hashed it; the store keeps the fields and knows nothing of the scheme. */
export interface PasswordHash {
  /** e.g. "scrypt". */
  scheme: string;
  /** Encoded as the auth layer likes (base64, hex). */
  salt: string;
  hash: string;
  /** KDF parameters, e.g. { N: 16384, r: 8, p: 1, keylen: 64 }. */
  params?: Record<string, number | string>;
}

export interface StoredUser {
  username: string;
  displayName: string;
  /** Role ids as the workflows declare them, plus e.g. "admin". */
  roles: string[];
  /** null: no password set yet, the account cannot log in. */
  password: PasswordHash | null;
  disabled: boolean;
  /** The user must choose a new password at the next login (after a reset by an admin). */
  mustChangePassword?: boolean;
  createdAt: string;
  updatedAt?: string;
  passwordChangedAt?: string;
}

/** A browser session (cookie) or an API token. Only a hash of the secret is stored. */
export interface StoredSession {
  /** Hash of the random secret given to the client (the auth layer chooses the hash). */
  idHash: string;
  kind: 'session' | 'token';
  username: string;
  createdAt: string;
  /** Last use; persisted at most once per minute per session (see SessionStore.touch). */
  lastSeen: string;
  /** Absolute expiry. */
  expiresAt: string;
  revoked: boolean;
  revokedAt?: string;
  /** For tokens: what the token is for, as its owner named it. */
  label?: string;
}

/** One published version of a workflow definition. */
export interface WorkflowVersionRecord {
  workflow: string;
  version: number;
  /** sha256 of the canonical definition (engine workflowHash): cases pin it. */
  hash: string;
  /** The YAML text as published. */
  source: string;
  decree: { number: string; effective?: string };
  publishedBy: string;
  publishedAt: string;
  /** The version new cases start on; exactly one per workflow once any is active. */
  active: boolean;
  /** What changed, in the publisher's words. */
  summary: string;
}

/** What a caller gives to record an action in the audit log. */
export interface AuditInput {
  at: string;
  /** Username, or "-" for anonymous (e.g. a failed login for an unknown name is recorded with `details`). */
  actor: string;
  /** e.g. "login.ok", "login.failed", "case.view", "step.complete", "user.disable". */
  action: string;
  caseId?: string;
  /** Client address, when the action came over HTTP. */
  address?: string;
  details?: Record<string, unknown>;
}

/** An entry as written: numbered and chained to the one before it. */
export interface AuditEntry extends AuditInput {
  /** 1 for the first entry, then +1. */
  seq: number;
  /** `hash` of the previous entry (64 zeros for the first). */
  prev: string;
  /** sha256 of the entry's canonical JSON without `hash`. */
  hash: string;
}

export interface AuditFilter {
  caseId?: string;
  actor?: string;
  action?: string;
  /** Only entries with seq below this (paging backwards). */
  before?: number;
  /** At most this many, newest first (default 200). */
  limit?: number;
}

export type AuditVerification =
  /** `head`: the hash of the last entry (all zeros when empty): recorded off the machine, it anchors a later check. */
  | { ok: true; entries: number; head: string }
  | {
      ok: false;
      entries: number;
      /** 1-based line of the file where the chain breaks. */
      line: number;
      code: 'malformed' | 'edited' | 'missing' | 'reordered' | 'truncated';
      /** Indonesian, names the line. */
      message: string;
    };
