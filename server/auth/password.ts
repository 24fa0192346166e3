/** Password hashing with node's scrypt: random salt, memory-hard cost, constant-time comparison. */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import type { PasswordHash } from '../../engine/ports/accounts.ts';

/** N = 2^15 with r = 8 needs 32 MiB per hash: about a tenth of a second on an office PC, costly to guess at scale. */
const DEFAULT = { N: 2 ** 15, r: 8, p: 1, keylen: 32 };
/** The weakest parameters a stored hash may carry and still be accepted. */
const MIN_N = 2 ** 15;
const MAX_MEMORY = 256 * 1024 * 1024;

function derive(password: string, salt: Buffer, N: number, r: number, p: number, keylen: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, keylen, { N, r, p, maxmem: MAX_MEMORY }, (err, key) =>
      err ? reject(err) : resolve(key),
    );
  });
}

/** A fresh salt and the scrypt hash of `password`, with the parameters that made it. */
export async function hashPassword(password: string): Promise<PasswordHash> {
  const salt = randomBytes(16);
  const { N, r, p, keylen } = DEFAULT;
  const key = await derive(password, salt, N, r, p, keylen);
  return { scheme: 'scrypt', salt: salt.toString('base64'), hash: key.toString('base64'), params: { N, r, p, keylen } };
}

function param(stored: PasswordHash, name: string): number {
  const v = Number(stored.params?.[name]);
  return Number.isInteger(v) && v > 0 ? v : NaN;
}

/** True when `password` produces `stored`; false for a wrong password or a hash this code does not accept. */
export async function verifyPassword(password: string, stored: PasswordHash): Promise<boolean> {
  if (stored.scheme !== 'scrypt') return false;
  const [N, r, p, keylen] = ['N', 'r', 'p', 'keylen'].map((k) => param(stored, k));
  if ([N, r, p, keylen].some(Number.isNaN) || N < MIN_N || keylen < 16 || 128 * N * r > MAX_MEMORY) return false;
  const expected = Buffer.from(stored.hash, 'base64');
  if (expected.length !== keylen) return false;
  const actual = await derive(password, Buffer.from(stored.salt, 'base64'), N, r, p, keylen);
  return timingSafeEqual(actual, expected);
}

/** A stored hash no password matches, with the current parameters: checking against it costs what a real check costs. */
const DUMMY: PasswordHash = {
  scheme: 'scrypt',
  salt: randomBytes(16).toString('base64'),
  hash: randomBytes(DEFAULT.keylen).toString('base64'),
  params: { ...DEFAULT },
};

/**
 * Spends the time of a real check (one scrypt with the same parameters, from the first call on), so an unknown or
 * disabled account cannot be told apart by timing.
 */
export async function burnPasswordCheck(password: string): Promise<false> {
  await verifyPassword(password, DUMMY);
  return false;
}

/** A random password that is easy to read out and type: four groups of four letters and digits (about 79 bits). */
export function generatePassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  const groups: string[] = [];
  for (let g = 0; g < 4; g++) {
    let group = '';
    while (group.length < 4) {
      const [b] = randomBytes(1);
      if (b! < 248) group += alphabet[b! % alphabet.length]; // 248 = 8 × 31: no modulo bias
    }
    groups.push(group);
  }
  return groups.join('-');
}
