/** Writing a whole list (branches, options, channels, products) back item by item, so unchanged items keep their text. */
import { KEY_ORDER, keysBefore, mapKind, SERVICE_FLOW } from './shape.ts';
import { deleteIn, insertIn, setIn, valueAt, type Path } from './source.ts';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
/** The key order of the map at `path` (none known: new keys go last). */
const orderOf = (path: Path): readonly string[] => {
  const kind = mapKind(path);
  return kind ? KEY_ORDER[kind] : [];
};

export const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Sets one key of the map at `path` in its place in the key order, or removes it when `value` is undefined. */
export function setKey(text: string, path: Path, key: string, value: unknown): string {
  const current = valueAt(text, [...path, key]);
  if (value === undefined) return current === undefined ? text : deleteIn(text, [...path, key]);
  if (same(current, value)) return text;
  return setIn(text, [...path, key], value, { after: keysBefore(orderOf(path), key), flow: SERVICE_FLOW });
}

/** Makes the list at `path` equal `desired`: changed keys set in place, new items inserted, extra items removed. */
export function syncList(text: string, path: Path, desired: unknown[]): string {
  const current = valueAt(text, path);
  if (!Array.isArray(current)) return desired.length ? setIn(text, path, desired, { flow: SERVICE_FLOW }) : text;
  let out = text;
  const common = Math.min(current.length, desired.length);
  for (let i = 0; i < common; i++) {
    const was = current[i];
    const want = desired[i];
    if (same(was, want)) continue;
    if (isRecord(was) && isRecord(want)) {
      const order = orderOf([...path, i]);
      for (const k of Object.keys(want)) {
        if (same(was[k], want[k])) continue;
        out = setIn(out, [...path, i, k], want[k], { after: keysBefore(order, k), flow: SERVICE_FLOW });
      }
      for (const k of Object.keys(was)) if (!(k in want)) out = deleteIn(out, [...path, i, k]);
    } else out = setIn(out, [...path, i], want, { flow: SERVICE_FLOW });
  }
  for (let i = current.length; i < desired.length; i++) out = insertIn(out, path, i, desired[i], { flow: SERVICE_FLOW });
  for (let i = current.length - 1; i >= desired.length; i--) out = deleteIn(out, [...path, i]);
  return out;
}

/** A branch as written: `to` or `end`, then `when`, then `label`. */
export interface BranchValue {
  to?: string;
  end?: string;
  when?: unknown;
  label?: string;
}

/**
 * Writes a step's route: one plain target as `next: id` or `end: outcome`, anything else as a list of
 * branches under `next`; the other key is removed.
 */
export function writeRoute(text: string, stepPath: Path, branches: BranchValue[]): string {
  const plain = branches.length === 1 && branches[0]!.when === undefined && !branches[0]!.label;
  const next = valueAt(text, [...stepPath, 'next']);
  const end = valueAt(text, [...stepPath, 'end']);
  if (plain) {
    const b = branches[0]!;
    if (b.to !== undefined) {
      if (same(next, b.to) && end === undefined) return text;
      return setKey(setKey(text, stepPath, 'end', undefined), stepPath, 'next', b.to);
    }
    if (same(end, b.end) && next === undefined) return text;
    return setKey(setKey(text, stepPath, 'next', undefined), stepPath, 'end', b.end);
  }
  let out = setKey(text, stepPath, 'end', undefined);
  if (!branches.length) return setKey(out, stepPath, 'next', undefined);
  const list = branches.map((b) => Object.fromEntries(Object.entries(b).filter(([, v]) => v !== undefined)));
  if (!Array.isArray(valueAt(out, [...stepPath, 'next']))) return setKey(setKey(out, stepPath, 'next', undefined), stepPath, 'next', list);
  out = syncList(out, [...stepPath, 'next'], list);
  return out;
}
