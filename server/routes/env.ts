/** What every route can reach: the app's dependencies and, once authenticated, the user and session. */
import type { Actor } from '../../engine/types.ts';
import type { StoredSession } from '../../engine/ports/accounts.ts';
import type { AppDeps } from '../usecases/deps.ts';

export type { AppDeps };

/** The signed-in person as routes and the engine see them. */
export interface SessionUser extends Actor {
  name: string;
  /** An administrator reset the password: every page leads to choosing a new one first. */
  mustChangePassword?: boolean;
}

export type AppEnv = {
  Variables: {
    deps: AppDeps;
    user: SessionUser | undefined;
    session: StoredSession | undefined;
    /** The client secret of the current browser session (to end it at logout). */
    sessionSecret: string | undefined;
    /** The anti-forgery token of this browser (server/security/csrf.ts), once a page asked for it. */
    csrf?: string;
    /** The case a page showed (set by the route; the audit middleware records the view once the page is ready). */
    viewed?: { caseId: string; rev: number; identity: boolean; page?: string };
    /** For an administrator: the last integrity check when it found a break (every admin page shows it). */
    integrity?: import('../usecases/integrity.ts').IntegrityReport;
    /** Unread in-app notifications of the signed-in person (pages only; the menu's counter). */
    unread?: number;
  };
};
