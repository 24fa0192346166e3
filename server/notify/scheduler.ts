/**
 * The scheduler: takes due messages from the outbox and sends them. Everything it works from is in the store, so
 * a restart or a crash loses nothing: a message is recorded before it is sent and marked once sent; one a
 * crash interrupted is taken again when its lease runs out. A lease is held through the store, so with several
 * app servers on one database each message is taken by one of them at a time. Messages are taken one at a time,
 * each under its own lease, and a send is given up after half the lease (sendBudgetMs): a slow mail server never
 * lets a lease run out while its server still works on the message, which another server would then send again.
 * A channel that fails is tried
 * again with growing pauses (30 s, 1 min, 2 min … up to 1 hour), and given up after `maxAttempts`, its last
 * error kept for the administrator. The timer only wakes it; the time it works with is the app's clock.
 */
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { OutboxMessage } from '../../engine/ports/misc.ts';
import { ChannelError } from './channels.ts';
import { deliverPlan, OUTBOX_TOPIC, PLAN_CHANNEL } from '../usecases/notify.ts';
import type { NotifierDeps } from '../usecases/deps.ts';

export interface SchedulerOptions {
  /** How often it looks for due messages (default 15 s); a committed change wakes it at once. */
  intervalMs?: number;
  /** How long a taken message is held before another server may take it (default 2 min). */
  leaseMs?: number;
  /** Attempts before a message is given up (default 10). */
  maxAttempts?: number;
  /** Name of this server among several (default host, process and a random part). */
  worker?: string;
  /** Where a failure of the scheduler itself is reported (default console.error). */
  logError?: (err: unknown) => void;
}

/** How long a taken message is held by default: 2 minutes. */
export const DEFAULT_LEASE_MS = 120_000;

/** Messages one round sends at most before it lets the timer start the next (other work gets its turn). */
const ROUND_MAX = 500;

/** How long one send may take under a lease of `leaseMs`: half of it, so the lease outlives every send. */
export function sendBudgetMs(leaseMs: number): number {
  return Math.max(1000, Math.floor(leaseMs / 2));
}

/** The pause before attempt `attempts + 1`: 30 s doubled per attempt already made, at most an hour. */
export function backoffMs(attempts: number): number {
  return Math.min(60 * 60_000, 30_000 * 2 ** Math.max(0, attempts - 1));
}

export class Scheduler {
  readonly worker: string;
  private readonly intervalMs: number;
  private readonly leaseMs: number;
  private readonly maxAttempts: number;
  private readonly logError: (err: unknown) => void;
  private timer: NodeJS.Timeout | undefined;
  private unwatch: (() => void) | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;

  constructor(
    private readonly deps: NotifierDeps,
    options: SchedulerOptions = {},
  ) {
    this.worker = options.worker ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    this.intervalMs = options.intervalMs ?? 15_000;
    this.leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
    this.maxAttempts = options.maxAttempts ?? 10;
    this.logError = options.logError ?? ((err) => console.error('alur: pengiriman pemberitahuan gagal:', err));
  }

  /** Starts the timer and listens for committed changes (on this server or another). */
  start(): this {
    this.stopped = false;
    this.timer = setInterval(() => this.wake(), this.intervalMs);
    this.timer.unref();
    this.unwatch = this.deps.store.watch(OUTBOX_TOPIC, () => this.wake());
    this.wake();
    return this;
  }

  /** Stops taking messages and waits for the round in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.unwatch?.();
    await this.running;
    for (const ch of this.deps.notify?.channels.values() ?? []) ch.close?.();
  }

  /** Runs a round soon (at most one at a time; a wake during a round runs another after it). */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = (async () => {
      do {
        this.again = false;
        try {
          await this.tick();
        } catch (err) {
          this.logError(err);
        }
      } while (this.again && !this.stopped);
    })().finally(() => {
      this.running = undefined;
    });
  }

  /** Waits for the round in progress, if any (tests). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /**
   * One round: takes due messages one by one until none is left and sends each; resolves with how many it handled.
   * One at a time because a lease starts when a message is taken: a message taken in a batch would wait behind
   * the others' sends while its lease runs, and another server could take and send it meanwhile.
   */
  async tick(): Promise<number> {
    let handled = 0;
    while (handled < ROUND_MAX && !this.stopped) {
      const [m] = await this.deps.store.outbox.claim({ now: this.deps.now().toISOString(), limit: 1, leaseMs: this.leaseMs, worker: this.worker });
      if (!m) break;
      await this.handle(m);
      handled++;
    }
    return handled;
  }

  private async handle(m: OutboxMessage): Promise<void> {
    try {
      if (m.channel === PLAN_CHANNEL) {
        await deliverPlan(this.deps, m);
      } else {
        const channel = this.deps.notify?.channels.get(m.channel);
        if (!channel) throw new ChannelError(`Saluran ${m.channel} belum diatur di server ini.`);
        const p = m.payload as { subject?: string; text?: string; link?: string };
        await withinBudget(channel.send({ id: m.id, to: m.to, subject: String(p.subject ?? ''), text: String(p.text ?? ''), ...(p.link ? { link: String(p.link) } : {}) }), sendBudgetMs(this.leaseMs));
      }
      await this.deps.store.outbox.sent(m.id, this.deps.now().toISOString());
    } catch (err) {
      const attempts = m.attempts + 1;
      const message = err instanceof Error ? err.message : String(err);
      if (!(err instanceof ChannelError)) this.logError(err);
      const retryAt = attempts < this.maxAttempts ? new Date(this.deps.now().getTime() + backoffMs(attempts)).toISOString() : undefined;
      await this.deps.store.outbox.failed(m.id, message.slice(0, 500), retryAt);
    }
  }
}

/** The send, or a ChannelError once `ms` passed without its answer (the message is then tried again later). */
function withinBudget(send: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ChannelError(`Server saluran tidak menjawab dalam ${Math.round(ms / 1000)} detik; dicoba lagi nanti.`)), ms);
  });
  return Promise.race([send, late]).finally(() => clearTimeout(timer));
}
