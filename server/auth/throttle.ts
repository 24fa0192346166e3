/**
 * Login throttling that slows guessing without letting a stranger lock the owner out. Failed sign-ins are counted
 *  - per account name and client address together (5 free, then 30 s, 1 min, 2 min … up to 15 min): a guesser at
 *    one address is slowed on that account, the owner at another address is not;
 *  - per account name from any address (20 free): many addresses guessing one account are slowed too;
 *  - per client address, whatever the names (30 free: a whole office may share one address);
 *  - per known browser (see devices.ts; 10 free): a browser where the account signed in before is held only by
 *    its own failures, so the owner with the right password at their own desk always gets in.
 * Names are counted as typed, known or not, so the answer never tells which accounts exist. After the free
 * failures each further one locks the key for twice as long as the last; a successful sign-in clears the
 * account's counts (not the address's). The counters live in the store (kv "throttle"), so a restart does not
 * reset them and every app server counts the same failures.
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

/** One account from one address. */
export const ACCOUNT_RULE: ThrottleRule = { free: 5, baseMs: 30_000, maxMs: 15 * 60_000, forgetMs: 60 * 60_000 };
/** One account from every address together (a guesser with many addresses). */
export const SPREAD_RULE: ThrottleRule = { free: 20, baseMs: 30_000, maxMs: 15 * 60_000, forgetMs: 60 * 60_000 };
/** One account on a browser where it signed in before. */
export const DEVICE_RULE: ThrottleRule = { free: 10, baseMs: 30_000, maxMs: 15 * 60_000, forgetMs: 60 * 60_000 };
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

type Scope = NonNullable<ThrottleVerdict['scope']>;

export class LoginThrottle {
  private readonly pairs: Counter;
  private readonly accounts: Counter;
  private readonly addresses: Counter;
  private readonly devices: Counter;

  constructor(store: Store, rules: { account?: ThrottleRule; spread?: ThrottleRule; address?: ThrottleRule; device?: ThrottleRule } = {}) {
    this.pairs = new Counter(store, 'pair:', rules.account ?? ACCOUNT_RULE);
    this.accounts = new Counter(store, 'account:', rules.spread ?? SPREAD_RULE);
    this.addresses = new Counter(store, 'address:', rules.address ?? ADDRESS_RULE);
    this.devices = new Counter(store, 'device:', rules.device ?? DEVICE_RULE);
  }

  /** The counters an attempt is held by, each with the scope it is reported as. */
  private keys(username: string, address: string, device: string | undefined): Array<[Counter, string, Scope]> {
    const name = username.toLowerCase();
    if (device) return [[this.devices, `${name}|${device}`, 'account']];
    const keys: Array<[Counter, string, Scope]> = [
      [this.pairs, `${name}|${address}`, 'account'],
      [this.accounts, name, 'account'],
    ];
    if (address !== '-') keys.push([this.addresses, address, 'address']);
    return keys;
  }

  /**
   * Whether an attempt for `username` from `address` may be checked now. `device`: the id of a browser known
   * for this account (devices.ts), whose attempts only its own failures hold up.
   */
  async check(username: string, address: string, now: Date, device?: string): Promise<ThrottleVerdict> {
    const t = now.getTime();
    let verdict: ThrottleVerdict = { waitMs: 0 };
    for (const [counter, key, scope] of this.keys(username, address, device)) {
      const wait = await counter.wait(key, t);
      if (wait > verdict.waitMs) verdict = { waitMs: wait, scope };
    }
    return verdict;
  }

  /** Records a failed attempt; returns the longest lock it started (0: none). */
  async fail(username: string, address: string, now: Date, device?: string): Promise<number> {
    const t = now.getTime();
    let lock = 0;
    for (const [counter, key] of this.keys(username, address, device)) lock = Math.max(lock, await counter.fail(key, t));
    return lock;
  }

  /**
   * A successful sign-in: the account starts again from zero here (the address keeps its count). From a known
   * browser only that browser's count is cleared: the owner getting in does not give a stranger at the same
   * address fresh guesses.
   */
  async succeed(username: string, address: string, device?: string): Promise<void> {
    const name = username.toLowerCase();
    if (device) {
      await this.devices.clear(`${name}|${device}`);
      return;
    }
    await this.pairs.clear(`${name}|${address}`);
    await this.accounts.clear(name);
  }
}

/** "2 menit", "45 detik": how long to wait, rounded up, in Indonesian. */
export function waitText(ms: number): string {
  const s = Math.max(1, Math.ceil(ms / 1000));
  if (s < 60) return `${s} detik`;
  return `${Math.ceil(s / 60)} menit`;
}
