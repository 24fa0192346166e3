/** A workflow's identity for pinning: sha256 over its canonical JSON, independent of key order and comments. */
import { createHash } from 'node:crypto';
import type { Workflow } from './types.ts';

/** JSON with object keys sorted, so two equal definitions always give the same text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.keys(value as object)
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

const cache = new WeakMap<Workflow, string>();

/** sha256 (hex) of the definition; cached per object since definitions are never mutated. */
export function workflowHash(workflow: Workflow): string {
  let h = cache.get(workflow);
  if (!h) {
    h = createHash('sha256').update(canonicalJson(workflow)).digest('hex');
    cache.set(workflow, h);
  }
  return h;
}
