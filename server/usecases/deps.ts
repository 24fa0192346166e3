/** What every use case works with: the store (through its ports), the loaded services, the clock and the settings. */
import type { Store } from '../../engine/ports/store.ts';
import type { SessionPolicy } from '../auth/sessions.ts';
import type { WorkflowRegistry } from '../workflows.ts';
import type { Channel } from '../notify/channels.ts';

/** How messages leave the app: the channels this server sends by (e-mail, gateway) and its public address. */
export interface NotifyDeps {
  channels: Map<string, Channel>;
  /** For absolute links in messages (ALUR_PUBLIC_URL); paths only when absent. */
  publicUrl?: string;
}

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
  /**
   * The address the public reaches this app at (e.g. https://layanan.dinsosp3a.rokanhulukab.go.id), printed in a
   * letter's QR code; unset: the address the request came in on.
   */
  publicUrl?: string;
  /** Notification channels (none configured: in-app notifications only). */
  notify?: NotifyDeps;
}

/** What sending notifications needs (the scheduler runs beside the app with the same store and clock). */
export type NotifierDeps = Pick<AppDeps, 'store' | 'workflows' | 'now' | 'notify'>;

/** A refusal as the edges answer it: an HTTP status and an Indonesian message (with field messages for forms). */
export type Refused = { ok: false; status: 400 | 403 | 404 | 409 | 422 | 503; error: string; fields?: Record<string, string> };
export type Done<T> = { ok: true; value: T } | Refused;
