/** Browser sessions and API tokens (sessions.json), kept by a hash of their secret; expiry rules belong to server/auth. */
import { join } from 'node:path';
import { getOwn, JsonDocument, setOwn } from './json-document.ts';
import type { StoredSession } from './types.ts';

interface SessionsFile {
  sessions: Record<string, StoredSession>;
}

export class SessionStore {
  /** lastSeen values newer than what is on disk (see touch). */
  private readonly seen = new Map<string, string>();

  private constructor(
    private readonly doc: JsonDocument<SessionsFile>,
    private readonly touchPersistMs: number,
  ) {}

  /**
   * `touchPersistMs`: a session's lastSeen is written to disk when it moved at least this far (default one
   * minute), so serving a page does not rewrite the file each time; in memory it is always exact.
   */
  static async open(dataDir: string, options: { touchPersistMs?: number } = {}): Promise<SessionStore> {
    const doc = await JsonDocument.open<SessionsFile>(join(dataDir, 'sessions.json'), { sessions: {} });
    return new SessionStore(doc, options.touchPersistMs ?? 60_000);
  }

  private withSeen(s: StoredSession): StoredSession {
    const copy = structuredClone(s);
    const seen = this.seen.get(s.idHash);
    if (seen && seen > copy.lastSeen) copy.lastSeen = seen;
    return copy;
  }

  /** A copy of the session or token, revoked or expired ones included (the caller decides), or undefined. */
  get(idHash: string): StoredSession | undefined {
    const s = getOwn(this.doc.data.sessions, idHash);
    return s && this.withSeen(s);
  }

  /** Sessions and tokens of one user (or all), newest first. */
  list(username?: string): StoredSession[] {
    return Object.values(this.doc.data.sessions)
      .filter((s) => username === undefined || s.username === username)
      .map((s) => this.withSeen(s))
      .sort((a, b) => (a.createdAt !== b.createdAt ? (a.createdAt < b.createdAt ? 1 : -1) : a.idHash < b.idHash ? -1 : 1));
  }

  add(session: StoredSession): Promise<void> {
    return this.doc.change((d) => {
      if (Object.hasOwn(d.sessions, session.idHash)) throw new Error('Sesi dengan hash ini sudah ada.');
      setOwn(d.sessions, session.idHash, structuredClone(session));
    });
  }

  /** Records a use at `at` (ISO); resolves once it is durable when it was written. */
  async touch(idHash: string, at: string): Promise<void> {
    const stored = getOwn(this.doc.data.sessions, idHash);
    if (!stored || at <= (this.seen.get(idHash) ?? stored.lastSeen)) return;
    this.seen.set(idHash, at);
    if (Date.parse(at) - Date.parse(stored.lastSeen) < this.touchPersistMs) return;
    await this.doc.change((d) => {
      const s = getOwn(d.sessions, idHash);
      if (s && at > s.lastSeen) s.lastSeen = at;
    });
  }

  /** Marks one session or token revoked; false when unknown. */
  revoke(idHash: string, at: string): Promise<boolean> {
    return this.doc.change((d) => {
      const s = getOwn(d.sessions, idHash);
      if (!s) return false;
      if (!s.revoked) Object.assign(s, { revoked: true, revokedAt: at });
      return true;
    });
  }

  /** Revokes every session (and, unless kind says otherwise, token) of a user; returns how many. */
  revokeAll(username: string, at: string, kind?: StoredSession['kind']): Promise<number> {
    return this.doc.change((d) => {
      let n = 0;
      for (const s of Object.values(d.sessions)) {
        if (s.username !== username || s.revoked || (kind && s.kind !== kind)) continue;
        Object.assign(s, { revoked: true, revokedAt: at });
        n++;
      }
      return n;
    });
  }

  /** Deletes sessions and tokens that expired or were revoked before `before` (ISO); returns how many. */
  prune(before: string): Promise<number> {
    return this.doc.change((d) => {
      let n = 0;
      for (const [key, s] of Object.entries(d.sessions)) {
        if (s.expiresAt < before || (s.revoked && (s.revokedAt ?? s.lastSeen) < before)) {
          delete d.sessions[key];
          this.seen.delete(key);
          n++;
        }
      }
      return n;
    });
  }

  /** Writes pending lastSeen values, then waits for writes in progress. */
  async close(): Promise<void> {
    const pending = [...this.seen].filter(([k, at]) => {
      const s = getOwn(this.doc.data.sessions, k);
      return s && at > s.lastSeen;
    });
    if (pending.length > 0) {
      await this.doc.change((d) => {
        for (const [k, at] of pending) {
          const s = getOwn(d.sessions, k);
          if (s && at > s.lastSeen) s.lastSeen = at;
        }
      });
    }
    await this.doc.idle();
  }
}
