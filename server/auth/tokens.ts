/** Random secrets for sessions and API tokens; only their SHA-256 is ever stored. */
import { createHash, randomBytes } from 'node:crypto';

/** 32 random bytes, base64url: the value a browser cookie or a bearer header carries. */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** What the store keeps instead of the secret: a leaked store file cannot be replayed as a session. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
