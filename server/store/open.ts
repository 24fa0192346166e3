/** Opens the whole data folder under its lock: cases, users, sessions, workflow versions and the audit log. */
import { join, resolve } from 'node:path';
import { AuditLog } from './audit.ts';
import { FileCaseStore } from './cases.ts';
import { ensureDir, removeTempFiles } from './durable-file.ts';
import { acquireLock } from './lock.ts';
import { SessionStore } from './sessions.ts';
import type { StoreProblem } from './types.ts';
import { UserStore } from './users.ts';
import { VersionStore } from './versions.ts';

export const CASES_DIR = 'cases';

export interface Store {
  /** Absolute path of the data folder. */
  dir: string;
  cases: FileCaseStore;
  users: UserStore;
  sessions: SessionStore;
  versions: VersionStore;
  audit: AuditLog;
  /** What opening found and repaired or skipped (temp files, cut-off audit line, unreadable case files). */
  problems: StoreProblem[];
  /** Waits for writes in progress, closes everything and releases the lock. */
  close(): Promise<void>;
}

export interface OpenStoreOptions {
  /** See SessionStore.open. */
  touchPersistMs?: number;
}

/**
 * Opens data folder `dir` (created if missing) for this process alone; throws StoreLockedError when another
 * process has it open. Unreadable case files are reported in `problems`; an unreadable users, sessions or
 * versions file throws CorruptFileError (those cannot be skipped safely).
 */
export async function openStore(dir: string, options: OpenStoreOptions = {}): Promise<Store> {
  const root = resolve(dir);
  await ensureDir(root);
  const lock = await acquireLock(root);
  const opened: Array<{ close(): Promise<void> }> = [];
  try {
    const problems: StoreProblem[] = (await removeTempFiles(root)).map((name) => ({
      file: join(root, name),
      message: 'Berkas sementara dari penulisan yang terputus dibuang (penulisan itu belum pernah dikonfirmasi).',
      severity: 'info' as const,
    }));
    const users = await UserStore.open(root);
    opened.push(users);
    const sessions = await SessionStore.open(root, { touchPersistMs: options.touchPersistMs });
    opened.push(sessions);
    const versions = await VersionStore.open(root);
    opened.push(versions);
    const audit = await AuditLog.open(root);
    opened.push(audit.log);
    problems.push(...audit.problems);
    const cases = await FileCaseStore.open(join(root, CASES_DIR));
    opened.push(cases.store);
    problems.push(...cases.problems);
    let closing: Promise<void> | undefined;
    return {
      dir: root,
      cases: cases.store,
      users,
      sessions,
      versions,
      audit: audit.log,
      problems,
      close() {
        closing ??= (async () => {
          try {
            for (const part of opened) await part.close();
          } finally {
            await lock.release();
          }
        })();
        return closing;
      },
    };
  } catch (err) {
    for (const part of opened) await part.close().catch(() => undefined);
    await lock.release();
    throw err;
  }
}
