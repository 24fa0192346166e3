/**
 * Known browsers: after a successful sign-in the browser gets a signed cookie saying "this account signed in here".
 * With it, the right password always gets through, however many wrong guesses strangers made against the account
 * from elsewhere (they are throttled, the owner at their own desk is not). The cookie holds up to eight accounts
 * (a shared office PC), each entry `username:id:mac`, the mac an HMAC-SHA256 over the username, a random id and
 * the account's password date under a key kept in the store's kv (shared by every app server, kept across restarts):
 * changing or resetting a password makes the account's earlier browsers unknown again. Nothing secret is in it:
 * it only lifts throttling, never replaces the password.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { StoredUser } from '../../engine/ports/accounts.ts';
import type { Store } from '../../engine/ports/store.ts';

export const DEVICE_COOKIE = 'alur_perangkat';
/** How long a browser stays known without a sign-in. */
export const DEVICE_DAYS = 180;
const MAX_ENTRIES = 8;
const NS = 'device';

async function deviceKey(store: Store, now: Date): Promise<Buffer> {
  const existing = await store.kv.get<string>(NS, 'key');
  if (existing) return Buffer.from(existing.value, 'base64');
  // Two servers starting at once: one key wins and both use it.
  const { entry } = await store.kv.claim(NS, 'key', randomBytes(32).toString('base64'), { now: now.toISOString() });
  return Buffer.from(entry.value, 'base64');
}

function mac(key: Buffer, user: StoredUser, id: string): string {
  return createHmac('sha256', key).update(`${user.username}\n${id}\n${user.passwordChangedAt ?? user.createdAt}`).digest('base64url');
}

interface Entry {
  username: string;
  id: string;
  mac: string;
}

function parse(cookie: string | undefined): Entry[] {
  if (!cookie || cookie.length > 2000) return [];
  return cookie
    .split('~')
    .map((part) => /^([a-z0-9][a-z0-9._-]{1,31}):([A-Za-z0-9_-]{22}):([A-Za-z0-9_-]{43})$/.exec(part))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ username: m[1]!, id: m[2]!, mac: m[3]! }))
    .slice(0, MAX_ENTRIES);
}

/** The id of this browser for `user` when its cookie carries a valid entry for it; undefined otherwise. */
export async function knownDevice(store: Store, cookie: string | undefined, user: StoredUser | undefined, now: Date): Promise<string | undefined> {
  if (!user) return undefined;
  const entry = parse(cookie).find((e) => e.username === user.username);
  if (!entry) return undefined;
  const expected = Buffer.from(mac(await deviceKey(store, now), user, entry.id));
  const given = Buffer.from(entry.mac);
  return expected.length === given.length && timingSafeEqual(expected, given) ? entry.id : undefined;
}

/** The cookie value after `user` signed in on this browser: its entry renewed (or added), others kept. */
export async function rememberDevice(store: Store, cookie: string | undefined, user: StoredUser, now: Date): Promise<string> {
  const key = await deviceKey(store, now);
  const others = parse(cookie).filter((e) => e.username !== user.username);
  const id = others.length < parse(cookie).length ? parse(cookie).find((e) => e.username === user.username)!.id : randomBytes(16).toString('base64url');
  const entry = `${user.username}:${id}:${mac(key, user, id)}`;
  return [entry, ...others.slice(0, MAX_ENTRIES - 1).map((e) => `${e.username}:${e.id}:${e.mac}`)].join('~');
}
