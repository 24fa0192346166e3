/**
 * Login throttling: failed sign-ins are counted per account name (as typed, known or not, so the answer never
 * tells which accounts exist) and per client address. After a few free failures each further one locks the key
 * for twice as long as the last (30 s, 1 min, 2 min … up to 15 min); a successful sign-in clears the account's
 * count. The counters live in the store (kv "throttle"), so a restart does not reset them and every app server
 * counts the same failures.
 */
import type { Store } from '../../engine/ports/store.ts';

export interface ThrottleRule {
  /** Failures allowed before the first lock. */
  free: number;
  /** Length of the first lock; each further failure doubles it. */
  baseMs: number;
  maxMs: number;
  /** A key with no failure for this long starts again from zero. */
  forgetMs: number;
}

export const ACCOUNT_RULE: ThrottleRule = { free: 5, baseMs: 30_000, maxMs: 15 * 60_000, forgetMs: 60 * 60_000 };
/** An office shares one address behind its router: more room, same shape. */
export const ADDRESS_RULE: ThrottleRule = { free: 30, baseMs: 30_000, maxMs: 15 * 60_000, forgetMs: 60 * 60_000 };

interface KeyState {
  failures: number;
  last: number;
  lockedUntil: number;
}

const NS = 'throttle';

/** A counter of one rule over the store's keyed records. */
class Counter {
  constructor(
    private readonly store: Store,
    private readonly prefix: string,
    private readonly rule: ThrottleRule,
  ) {}

  private live(s: KeyState | undefined, now: number): KeyState | undefined {
    return s && !(now - s.last > this.rule.forgetMs && now >= s.lockedUntil) ? s : undefined;
  }

  /** Milliseconds until `key` may try again (0: now). */
  async wait(key: string, now: number): Promise<number> {
    const s = this.live((await this.store.kv.get<KeyState>(NS, this.prefix + key))?.value, now);
    return s ? Math.max(0, s.lockedUntil - now) : 0;
  }

  /** Counts a failure; returns the lock it starts (0: none yet). Atomic on every server. */
  fail(key: string, now: number): Promise<number> {
    return this.store.transaction(async (tx) => {
      const at = new Date(now).toISOString();
      const s = this.live((await tx.kv.get<KeyState>(NS, this.prefix + key))?.value, now) ?? { failures: 0, last: now, lockedUntil: 0 };
      s.failures++;
      s.last = now;
      const over = s.failures - this.rule.free;
      const lock = over > 0 ? Math.min(this.rule.maxMs, this.rule.baseMs * 2 ** Math.min(over - 1, 20)) : 0;
      if (lock) s.lockedUntil = now + lock;
      const expiresAt = new Date(Math.max(s.lockedUntil, now + this.rule.forgetMs)).toISOString();
      await tx.kv.put(NS, this.prefix + key, s, { expiresAt, now: at });
      return lock;
    });
  }

  async clear(key: string): Promise<void> {
    if (await this.store.kv.get(NS, this.prefix + key)) await this.store.kv.delete(NS, this.prefix + key);
  }
}

export interface ThrottleVerdict {
  /** Milliseconds to wait; 0 when the attempt may go ahead. */
  waitMs: number;
  /** What is locked, to say so. */
  scope?: 'account' | 'address';
}

export class LoginThrottle {
  private readonly accounts: Counter;
  private readonly addresses: Counter;

  constructor(store: Store, rules: { account?: ThrottleRule; address?: ThrottleRule } = {}) {
    this.accounts = new Counter(store, 'account:', rules.account ?? ACCOUNT_RULE);
    this.addresses = new Counter(store, 'address:', rules.address ?? ADDRESS_RULE);
  }

  /** Whether an attempt for `username` from `address` may be checked now. */
  async check(username: string, address: string, now: Date): Promise<ThrottleVerdict> {
    const t = now.getTime();
    const account = await this.accounts.wait(username.toLowerCase(), t);
    const addr = address === '-' ? 0 : await this.addresses.wait(address, t);
    if (!account && !addr) return { waitMs: 0 };
    return account >= addr ? { waitMs: account, scope: 'account' } : { waitMs: addr, scope: 'address' };
  }

  /** Records a failed attempt; returns the longest lock it started (0: none). */
  async fail(username: string, address: string, now: Date): Promise<number> {
    const t = now.getTime();
    const a = await this.accounts.fail(username.toLowerCase(), t);
    const b = address === '-' ? 0 : await this.addresses.fail(address, t);
    return Math.max(a, b);
  }

  /** A successful sign-in: the account starts again from zero (the address keeps its count). */
  succeed(username: string): Promise<void> {
    return this.accounts.clear(username.toLowerCase());
  }
}

/** "2 menit", "45 detik": how long to wait, rounded up, in Indonesian. */
export function waitText(ms: number): string {
  const s = Math.max(1, Math.ceil(ms / 1000));
  if (s < 60) return `${s} detik`;
  return `${Math.ceil(s / 60)} menit`;
}
