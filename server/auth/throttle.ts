/**
 * Login throttling: failed sign-ins are counted per account name (as typed, known or not, so the answer never
 * tells which accounts exist) and per client address. After a few free failures each further one locks the key
 * for twice as long as the last (30 s, 1 min, 2 min … up to 15 min); a successful sign-in clears the account's
 * count. Kept in memory: a restart forgets it, which only ever helps the rightful user.
 */

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

/** Most keys kept; the oldest are dropped first (a flood of random names cannot exhaust memory). */
const MAX_KEYS = 20_000;

class Counter {
  private readonly keys = new Map<string, KeyState>();
  constructor(private readonly rule: ThrottleRule) {}

  private state(key: string, now: number): KeyState | undefined {
    const s = this.keys.get(key);
    if (s && now - s.last > this.rule.forgetMs && now >= s.lockedUntil) {
      this.keys.delete(key);
      return undefined;
    }
    return s;
  }

  /** Milliseconds until `key` may try again (0: now). */
  wait(key: string, now: number): number {
    const s = this.state(key, now);
    return s ? Math.max(0, s.lockedUntil - now) : 0;
  }

  /** Counts a failure; returns the lock it starts (0: none yet). */
  fail(key: string, now: number): number {
    const s = this.state(key, now) ?? { failures: 0, last: now, lockedUntil: 0 };
    s.failures++;
    s.last = now;
    const over = s.failures - this.rule.free;
    const lock = over > 0 ? Math.min(this.rule.maxMs, this.rule.baseMs * 2 ** Math.min(over - 1, 20)) : 0;
    if (lock) s.lockedUntil = now + lock;
    this.keys.delete(key);
    this.keys.set(key, s);
    while (this.keys.size > MAX_KEYS) this.keys.delete(this.keys.keys().next().value!);
    return lock;
  }

  clear(key: string): void {
    this.keys.delete(key);
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

  constructor(rules: { account?: ThrottleRule; address?: ThrottleRule } = {}) {
    this.accounts = new Counter(rules.account ?? ACCOUNT_RULE);
    this.addresses = new Counter(rules.address ?? ADDRESS_RULE);
  }

  /** Whether an attempt for `username` from `address` may be checked now. */
  check(username: string, address: string, now: Date): ThrottleVerdict {
    const t = now.getTime();
    const account = this.accounts.wait(username.toLowerCase(), t);
    const addr = address === '-' ? 0 : this.addresses.wait(address, t);
    if (!account && !addr) return { waitMs: 0 };
    return account >= addr ? { waitMs: account, scope: 'account' } : { waitMs: addr, scope: 'address' };
  }

  /** Records a failed attempt; returns the longest lock it started (0: none). */
  fail(username: string, address: string, now: Date): number {
    const t = now.getTime();
    const a = this.accounts.fail(username.toLowerCase(), t);
    const b = address === '-' ? 0 : this.addresses.fail(address, t);
    return Math.max(a, b);
  }

  /** A successful sign-in: the account starts again from zero (the address keeps its count). */
  succeed(username: string): void {
    this.accounts.clear(username.toLowerCase());
  }
}

/** "2 menit", "45 detik": how long to wait, rounded up, in Indonesian. */
export function waitText(ms: number): string {
  const s = Math.max(1, Math.ceil(ms / 1000));
  if (s < 60) return `${s} detik`;
  return `${Math.ceil(s / 60)} menit`;
}
