/** Test bench for the web app: a real store in a temp folder, the seed workflow, one account per role, a settable clock. */
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../server/app.ts';
import { createUser } from '../../server/auth/users.ts';
import { csrfTokenFor } from '../../server/security/csrf.ts';
import { openStore, type Store } from '../../server/store/index.ts';
import { loadWorkflows, summarizer, type WorkflowRegistry } from '../../server/workflows.ts';
import { freshDatabase } from '../pg/database.ts';

/** The stores a suite that touches storage runs on (see `describe.each(STORES)` in tests/server/security). */
export const STORES = ['file', 'postgres'] as const;
export type StoreKind = (typeof STORES)[number];
import type { NotifyDeps } from '../../server/usecases/deps.ts';

export const PASSWORD = 'kata-sandi-uji-123';
export const SEED = new URL('../../workflows/respon-kasus-anak.yaml', import.meta.url);
export const ROLES = ['front_office', 'bidang_teknis', 'back_office', 'kepala_uptd', 'sekretaris', 'kepala_dinas', 'admin'];

export interface Bench {
  app: ReturnType<typeof createApp>;
  store: Store;
  workflows: WorkflowRegistry;
  dir: string;
  /** Where the store is: the data folder, or the PostgreSQL URL (open a second server on it with makeBench({ database })). */
  location: string;
  clock: { now: Date };
  /** Advances the clock by `ms`. */
  tick(ms: number): void;
  /** Signs in through the login form; returns the Cookie header value. */
  login(username: string): Promise<string>;
  /** Signs in through the API; returns the bearer token. */
  token(username: string): Promise<string>;
  close(): Promise<void>;
}

export interface BenchOptions {
  /** Notification channels of the app (none: in-app only). */
  notify?: NotifyDeps;
  secureCookies?: boolean;
  demo?: boolean;
  logError?: (err: unknown) => void;
  trustProxy?: boolean;
  /** Other shipped services to load beside the seed, e.g. pengaduan-layanan.yaml. */
  alsoWorkflows?: string[];
  /** The store: a data folder in the bench's temp folder (default), or a fresh PostgreSQL database. */
  store?: StoreKind;
  /**
   * A PostgreSQL database to open instead (a second app server on another bench's database: `bench.location`);
   * the accounts are made only when it has none yet.
   */
  database?: string;
}

export async function makeBench(options: BenchOptions = {}): Promise<Bench> {
  const dir = await mkdtemp(join(tmpdir(), 'alur-web-'));
  const wfDir = join(dir, 'workflows');
  await mkdir(wfDir);
  await copyFile(SEED, join(wfDir, 'respon-kasus-anak.yaml'));
  for (const name of options.alsoWorkflows ?? []) await copyFile(new URL(`../../workflows/${name}`, import.meta.url), join(wfDir, name));
  const location = options.database ?? (options.store === 'postgres' ? await freshDatabase('bench') : join(dir, 'data'));
  const store = await openStore(location);
  const clock = { now: new Date('2026-11-30T02:00:00.000Z') };
  const workflows = await loadWorkflows(wfDir, { versions: store.versions, now: clock.now, shared: store.kind === 'postgres' });
  await store.refreshSummaries(summarizer(workflows));
  if ((await store.users.count()) === 0) {
    for (const role of ROLES) {
      await createUser(store.users, { username: role, roles: [role], password: PASSWORD, displayName: `Uji ${role}`, now: clock.now });
    }
    await createUser(store.users, { username: 'fo2', roles: ['front_office'], password: PASSWORD, displayName: 'Petugas Kedua', now: clock.now });
  }
  const app = createApp({
    store,
    workflows,
    now: () => clock.now,
    secureCookies: options.secureCookies,
    trustProxy: options.trustProxy,
    notify: options.notify,
    demo: options.demo ? { password: PASSWORD } : undefined,
    logError: options.logError ?? (() => undefined),
  });
  const bench: Bench = {
    app,
    store,
    workflows,
    dir,
    location,
    clock,
    tick(ms) {
      clock.now = new Date(clock.now.getTime() + ms);
    },
    async login(username) {
      const pre = await preSession(app);
      const res = await app.request('/login', {
        method: 'POST',
        body: new URLSearchParams({ username, password: PASSWORD, _csrf: pre.csrf }),
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: pre.cookie },
      });
      if (res.status !== 303) throw new Error(`login ${username}: ${res.status}`);
      const cookie = res.headers.getSetCookie().find((c) => c.startsWith('alur_sesi='))!;
      return cookie.split(';')[0]!;
    },
    async token(username) {
      const res = await app.request('/api/v1/login', {
        method: 'POST',
        body: JSON.stringify({ username, password: PASSWORD }),
        headers: { 'content-type': 'application/json' },
      });
      if (res.status !== 200) throw new Error(`api login ${username}: ${res.status}`);
      return ((await res.json()) as { token: string }).token;
    },
    async close() {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
  return bench;
}

/**
 * What the sign-in page gives a browser before it signs in: the pre-session cookie and the anti-forgery token
 * its form carries (as a real browser gets them).
 */
export async function preSession(app: { request: (path: string, init?: RequestInit) => Response | Promise<Response> }): Promise<{ cookie: string; csrf: string }> {
  const res = await app.request('/login');
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('alur_pra='))!.split(';')[0]!;
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await res.text())![1]!;
  return { cookie, csrf };
}

/** The anti-forgery token the pages give the browser holding session cookie `cookie` ("alur_sesi=..."). */
export function csrfOf(cookie: string): string {
  return csrfTokenFor(cookie.replace(/^alur_sesi=/, ''));
}

/** Intake data of a direct report (fictitious initials only). */
export const directIntake = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  sumber_laporan: 'masyarakat',
  saluran: 'langsung',
  diterima_pada: '2026-11-30T09:00',
  pelapor_nama: 'Ibu S.W.',
  pelapor_hubungan: 'tetangga',
  anak_nama: 'Rina Anggraini',
  anak_jenis_kelamin: 'perempuan',
  anak_perkiraan_usia: 9,
  jenis_kasus: ['kekerasan_fisik'],
  kronologi: 'Tetangga mendengar anak dipukul berulang kali.',
  tingkat_risiko: 'tinggi',
  ...over,
});

/** The same as an HTML form would send it. */
export function formBody(values: Record<string, unknown>): URLSearchParams {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) {
    if (Array.isArray(v)) for (const item of v) body.append(k, String(item));
    else if (v !== undefined) body.append(k, String(v));
  }
  return body;
}

export const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
