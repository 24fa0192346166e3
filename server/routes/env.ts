/** What every route can reach: the app's dependencies and, once authenticated, the user and session. */
import type { Actor } from '../../engine/types.ts';
import type { SessionPolicy } from '../auth/sessions.ts';
import type { Store } from '../store/index.ts';
import type { StoredSession } from '../store/types.ts';
import type { WorkflowRegistry } from '../workflows.ts';

export interface AppDeps {
  store: Store;
  workflows: WorkflowRegistry;
  /** The clock; tests pass a fixed or stepping one. */
  now: () => Date;
  policy: SessionPolicy;
  /** Mark the session cookie Secure (the app is served over HTTPS, directly or behind a proxy). */
  secureCookies: boolean;
  /** Demo mode: a banner on every page and the demo accounts listed on the sign-in page. */
  demo?: { password: string };
  /** Where unexpected errors are reported. */
  logError?: (err: unknown) => void;
  /**
   * A reverse proxy in front sets X-Forwarded-For/-Proto/-Host and is trusted for them (client address for
   * login throttling and audit, HTTPS for Secure cookies). Off: those headers are ignored.
   */
  trustProxy?: boolean;
}

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
  };
};
