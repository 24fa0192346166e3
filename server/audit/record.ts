/**
 * Recording an action in the audit log from anywhere in the server: the client address of the request being
 * served is attached by itself (the request context is carried by an AsyncLocalStorage set in app.ts), so the
 * code that records a step completion does not need to know about HTTP.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../routes/env.ts';
import { clientAddress } from '../security/client.ts';
import type { Store } from '../../engine/ports/store.ts';
import type { AuditEntry, AuditInput } from '../../engine/ports/audit.ts';

const current = new AsyncLocalStorage<{ address: string }>();

/** Serves the rest of the request inside a context that knows the client's address. */
export function auditContext(): MiddlewareHandler<AppEnv> {
  return (c, next) => current.run({ address: clientAddress(c) }, next);
}

/** Appends `input` to the audit log, with the address of the request being served (unless given). */
export function recordAudit(store: Store, input: AuditInput): Promise<AuditEntry> {
  return store.audit.append(withAddress(input));
}

/** `input` with the address of the request being served (unless given): for entries written inside a transaction. */
export function withAddress(input: AuditInput): AuditInput {
  const address = input.address ?? current.getStore()?.address;
  return address !== undefined && address !== '-' ? { ...input, address } : input;
}

/**
 * What a step changed, for the log: the values it recorded (`after`) and what those names held before
 * (`before`, only names that held something).
 */
export function changeOf(before: Record<string, unknown>, after: Record<string, unknown>): { before: Record<string, unknown>; after: Record<string, unknown> } {
  const prior: Record<string, unknown> = {};
  for (const name of Object.keys(after)) if (Object.hasOwn(before, name)) prior[name] = before[name];
  return { before: prior, after: { ...after } };
}
