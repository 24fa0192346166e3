/**
 * Costly definition work off the request thread: one worker thread per lane (published versions, drafts), jobs
 * one at a time in order, each within a time budget, the thread within a memory budget (resourceLimits). A job
 * over budget ends its thread (a new one starts for the next job) and is refused with a readable reason; the
 * server keeps answering meanwhile, and a SIGTERM need not wait for it.
 */
import { Worker } from 'node:worker_threads';
import type { Job } from './jobs.ts';

export interface Budget {
  /** Milliseconds one job may take, start-up of the thread not counted. */
  ms: number;
  /** Old-generation heap of the thread, in MiB. */
  heapMb: number;
}

/** A job the worker could not finish: over its time or memory budget, or failed. `reason` is for a person. */
export class OffloadError extends Error {
  constructor(
    readonly kind: 'timeout' | 'memory' | 'failed' | 'stopped',
    readonly reason: string,
  ) {
    super(reason);
  }
}

interface Pending {
  id: number;
  job: Job;
  resolve(value: unknown): void;
  reject(err: unknown): void;
}

const BOOT = new URL('./boot.mjs', import.meta.url);
const seconds = (ms: number) => Math.round(ms / 1000);

export class OffloadLane {
  private worker?: Worker;
  private ready?: Promise<void>;
  private queue: Pending[] = [];
  private current?: Pending;
  private timer?: NodeJS.Timeout;
  private nextId = 1;
  private stopped = false;

  constructor(
    readonly name: string,
    readonly budget: Budget,
  ) {}

  /** Runs `job` in the lane's thread after the jobs before it. */
  run<T>(job: Job): Promise<T> {
    if (this.stopped) return Promise.reject(new OffloadError('stopped', 'Server sedang berhenti.'));
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, job, resolve: resolve as (v: unknown) => void, reject });
      void this.pump();
    });
  }

  /** Ends the thread and refuses what waits (at shutdown). */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const p of this.queue.splice(0)) p.reject(new OffloadError('stopped', 'Server sedang berhenti.'));
    this.fail(new OffloadError('stopped', 'Server sedang berhenti.'));
  }

  private start(): Promise<void> {
    if (this.ready) return this.ready;
    const worker = new Worker(BOOT, {
      name: `alur-${this.name}`,
      resourceLimits: { maxOldGenerationSizeMb: this.budget.heapMb, maxYoungGenerationSizeMb: 32, stackSizeMb: 8 },
    });
    // An idle worker never keeps the process alive.
    worker.unref();
    this.worker = worker;
    this.ready = new Promise<void>((resolve, reject) => {
      const onReady = (m: { ready?: boolean }) => {
        if (!m.ready) return;
        worker.off('message', onReady);
        resolve();
      };
      worker.on('message', onReady);
      worker.once('error', reject);
    });
    worker.on('message', (m: { id?: number; ok?: boolean; value?: unknown; error?: string }) => {
      if (m.id === undefined || m.id !== this.current?.id) return;
      const done = this.current;
      this.finish();
      if (m.ok) done.resolve(m.value);
      else done.reject(new OffloadError('failed', m.error ?? 'Pekerjaan gagal.'));
      void this.pump();
    });
    worker.on('error', (err: Error & { code?: string }) => {
      const memory = err.code === 'ERR_WORKER_OUT_OF_MEMORY';
      this.fail(new OffloadError(memory ? 'memory' : 'failed', memory ? `Pekerjaan ini melebihi batas memori (${this.budget.heapMb} MiB).` : `Pekerjaan gagal: ${err.message}`));
    });
    worker.on('exit', () => {
      if (this.worker === worker) this.fail(new OffloadError('failed', 'Pekerjaan terhenti.'));
    });
    return this.ready;
  }

  private async pump(): Promise<void> {
    if (this.current || !this.queue.length || this.stopped) return;
    const next = this.queue.shift()!;
    this.current = next;
    try {
      await this.start();
    } catch (err) {
      if (this.current === next) this.fail(new OffloadError('failed', `Pekerja tidak dapat dimulai: ${(err as Error).message}`));
      return;
    }
    if (this.current !== next) return;
    this.worker!.ref();
    this.timer = setTimeout(() => this.fail(new OffloadError('timeout', `Pekerjaan ini melebihi batas waktu ${seconds(this.budget.ms)} detik.`)), this.budget.ms);
    this.worker!.postMessage({ id: next.id, job: next.job });
  }

  private finish(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.current = undefined;
    this.worker?.unref();
  }

  /** The current job fails with `err`; the thread is ended (a fresh one serves the next job). */
  private fail(err: OffloadError): void {
    const current = this.current;
    this.finish();
    const worker = this.worker;
    this.worker = undefined;
    this.ready = undefined;
    if (worker) void worker.terminate();
    current?.reject(err);
    void this.pump();
  }
}

/** Published versions (public pages, history) and administrators' drafts never wait on each other. */
export const lanes = {
  published: new OffloadLane('versi', { ms: 60_000, heapMb: 512 }),
  drafts: new OffloadLane('rancangan', { ms: 30_000, heapMb: 384 }),
};

/** Ends every lane's thread (server shutdown). */
export async function stopOffload(): Promise<void> {
  await Promise.all(Object.values(lanes).map((l) => l.stop()));
}
