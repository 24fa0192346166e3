/** Which failures of PostgreSQL mean "the database cannot be reached now" (503, recovers by itself) and the words for them. */
import { StoreUnavailableError } from '../../../engine/ports/store.ts';

const NETWORK = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'ENOENT']);

/** Whether `err` says the server is away (down, restarting, unreachable) rather than that a query was wrong. */
export function isUnavailable(err: unknown): boolean {
  if (err instanceof StoreUnavailableError) return true;
  const e = err as { code?: string; message?: string } | undefined;
  if (!e) return false;
  if (e.code && NETWORK.has(e.code)) return true;
  // Class 08: connection exception; 57P01-57P03: the server shuts down or is starting; 53300: too many connections.
  if (e.code && (/^08/.test(e.code) || ['57P01', '57P02', '57P03', '53300'].includes(e.code))) return true;
  const m = e.message ?? '';
  return /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|Connection closed|the database system is (starting up|shutting down)/i.test(m);
}

/** `err` as StoreUnavailableError when the server is away; otherwise `err` unchanged. */
export function unavailable(err: unknown, location: string): unknown {
  if (err instanceof StoreUnavailableError || !isUnavailable(err)) return err;
  return new StoreUnavailableError(`Basis data PostgreSQL (${location}) tidak dapat dihubungi: ${(err as Error).message || (err as { code?: string }).code}.`, err);
}
