/** A deep copy of a case's plain JSON data, for transitions that must never touch the case they were given. */

/**
 * A deep copy of a case, so a transition never touches the case it was given. A case is plain JSON data (it is
 * stored as JSON), which a walk over objects and arrays copies several times faster than structuredClone;
 * anything else (a Date a caller left in) still goes through structuredClone.
 */
export function copyCase<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    const out = new Array(value.length);
    for (let i = 0; i < value.length; i++) out[i] = copyCase(value[i]);
    return out as T;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return structuredClone(value);
  const out: Record<string, unknown> = {};
  for (const k in value) out[k] = copyCase((value as Record<string, unknown>)[k]);
  return out as T;
}
