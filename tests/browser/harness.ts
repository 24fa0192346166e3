/**
 * What every browser test stands on: a real alur server on 127.0.0.1 (its store and workflows folder in a temp
 * folder, staff accounts made), an office clock, and Debian's Chromium driven by playwright-core.
 */
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { createApp } from '../../server/app.ts';
import { createUser } from '../../server/auth/users.ts';
import { listen, type Listening } from '../../server/http.ts';
import { openStore, type Store } from '../../server/store/index.ts';
import type { NotifyDeps } from '../../server/usecases/deps.ts';
import { loadWorkflows, type WorkflowRegistry } from '../../server/workflows.ts';

/** Flags that keep Chromium off the network (this machine has none) and fit a container. */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

/** Chromium with a fresh profile in `profileDir`, in Indonesian and the office's time zone. */
export function launchBrowser(profileDir: string, viewport: { width: number; height: number }, options: { javaScriptEnabled?: boolean; hasTouch?: boolean } = {}): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profileDir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    viewport,
    javaScriptEnabled: options.javaScriptEnabled ?? true,
    hasTouch: options.hasTouch ?? false,
    locale: 'id-ID',
    timezoneId: 'Asia/Jakarta',
    args: ['--lang=id-ID', ...CHROMIUM_ARGS],
  });
}

/** A clock that reads `start` when the test begins and then runs normally (so deadlines read like office time). */
export function officeClock(start: string): () => Date {
  const at = Date.parse(start);
  const startedAt = Date.now();
  return () => new Date(at + (Date.now() - startedAt));
}

/** The staff of the test office: one account per role of Respon Kasus Anak, with the names a clerk would see. */
export const OFFICE_STAFF: Record<string, { roles: string[]; name: string }> = {
  'fo.sari': { roles: ['front_office'], name: 'Sari Wulandari' },
  'bt.yusuf': { roles: ['bidang_teknis'], name: 'Yusuf Harahap' },
  'bo.dewi': { roles: ['back_office'], name: 'Dewi Lestari' },
  'uptd.rahmat': { roles: ['kepala_uptd'], name: 'Rahmat Hidayat' },
  'sek.lina': { roles: ['sekretaris'], name: 'Lina Marlina' },
  'kadis.hadi': { roles: ['kepala_dinas'], name: 'Hadi Saputra' },
};

export interface Harness {
  dir: string;
  workflowsDir: string;
  store: Store;
  workflows: WorkflowRegistry;
  server: Listening;
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

export interface HarnessOptions {
  /** Workflow files copied into the server's own workflows folder. */
  workflowFiles: string[];
  /** username → roles and display name. */
  staff: Record<string, { roles: string[]; name: string }>;
  password: string;
  now: () => Date;
  viewport: { width: number; height: number };
  /** A touch screen (a phone): taps instead of clicks. */
  hasTouch?: boolean;
  /** The message channels the app shows (e-mail, gateway); in-app notifications need none. */
  notify?: NotifyDeps;
}

/** Starts the server and the browser; `close()` stops both and removes the temp folder. */
export async function startHarness(options: HarnessOptions): Promise<Harness> {
  const dir = await mkdtemp(join(tmpdir(), 'alur-browser-'));
  const workflowsDir = join(dir, 'workflows');
  await mkdir(workflowsDir);
  for (const file of options.workflowFiles) await copyFile(file, join(workflowsDir, basename(file)));
  const store = await openStore(join(dir, 'data'));
  const now = options.now();
  const workflows = await loadWorkflows(workflowsDir, { versions: store.versions, now });
  for (const [username, s] of Object.entries(options.staff)) {
    await createUser(store.users, { username, roles: s.roles, password: options.password, displayName: s.name, now });
  }
  const server = await listen(createApp({ store, workflows, now: options.now, ...(options.notify ? { notify: options.notify } : {}) }), { port: 0, host: '127.0.0.1' });
  const context = await launchBrowser(join(dir, 'profile'), options.viewport, { hasTouch: options.hasTouch });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    dir,
    workflowsDir,
    store,
    workflows,
    server,
    context,
    page,
    async close() {
      await context.close();
      await server.close();
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
