/**
 * What the structured editor knows of a service file's layout: the order keys are written in, which parts are
 * written on one line, which lists are addressed by an id, and how new ids are made from Indonesian labels.
 */
import type { FlowRule } from './render.ts';
import type { Path } from './source.ts';

/** The order keys are written in, per kind of map (new keys go to their place). */
export const KEY_ORDER = {
  root: ['id', 'title', 'version', 'description', 'service', 'decree', 'requirements', 'roles', 'access', 'completion', 'fee', 'products', 'complaints', 'calendar', 'outcomes', 'start', 'steps'],
  service: ['agency', 'government', 'address', 'phone', 'email', 'website'],
  decree: ['number', 'title', 'effective'],
  completion: ['text', 'duration', 'calendar'],
  complaints: ['text', 'channels'],
  access: ['read', 'sensitive', 'subject'],
  step: ['id', 'number', 'title', 'role', 'description', 'fields', 'deadlines', 'next', 'end'],
  field: ['name', 'section', 'label', 'type', 'required', 'sensitive', 'default', 'min', 'max', 'minLength', 'maxLength', 'pattern', 'patternMessage', 'help', 'options', 'when'],
  branch: ['to', 'end', 'when', 'label'],
  deadline: ['id', 'label', 'duration', 'calendar', 'starts', 'blocking', 'metLabel', 'metBy', 'endsWithCase', 'when'],
  outcome: ['id', 'label', 'product', 'letter'],
} as const;

/** Keys written before `key` in its map's order: a new `key` goes after the last of them present. */
export function keysBefore(order: readonly string[], key: string): string[] {
  const i = order.indexOf(key);
  return i < 0 ? [...order] : order.slice(0, i);
}

const ITEM_KINDS: Record<string, keyof typeof KEY_ORDER> = { steps: 'step', fields: 'field', next: 'branch', deadlines: 'deadline', outcomes: 'outcome' };

/** The kind of the map at `path` (e.g. ['steps', 3] is a step), for KEY_ORDER; undefined when none applies. */
export function mapKind(path: Path): keyof typeof KEY_ORDER | undefined {
  if (!path.length) return 'root';
  const last = path[path.length - 1]!;
  if (typeof last === 'number') return ITEM_KINDS[String(path[path.length - 2])];
  return last in KEY_ORDER ? (last as keyof typeof KEY_ORDER) : undefined;
}

/** Written on one line as in the shipped services: conditions, options, channels, holidays, office hours. */
export const SERVICE_FLOW: FlowRule = (keys) => {
  const last = keys[keys.length - 1];
  const parent = keys[keys.length - 2];
  if (last === 'when' || last === 'hours') return true;
  return last === '[]' && (parent === 'options' || parent === 'channels' || parent === 'holidays');
};

/** Lists whose items are addressed by a key of their own rather than by position. */
const KEYED: Record<string, string> = { steps: 'id', requirements: 'id', outcomes: 'id', fields: 'name', deadlines: 'id' };

/** The key that names an item of the list `list` (undefined: addressed by position). */
export function itemKey(list: string): string | undefined {
  return KEYED[list];
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * An address of the editor's forms (`steps/arahan-kepala-dinas/fields/arahan/label`, `complaints/channels/0`) as a
 * path of the document, looking items up by their id; undefined when an item named is not there.
 */
export function resolveAddress(value: unknown, address: string): Path | undefined {
  const path: Array<string | number> = [];
  let node: unknown = value;
  let list: string | undefined;
  for (const seg of address.split('/')) {
    if (Array.isArray(node)) {
      const key = list ? itemKey(list) : undefined;
      const index = key ? node.findIndex((x) => isRecord(x) && String(x[key]) === seg) : /^\d+$/.test(seg) ? Number(seg) : -1;
      if (index < 0 || index > node.length) return undefined;
      path.push(index);
      node = node[index];
      list = undefined;
    } else {
      path.push(seg);
      list = seg;
      node = isRecord(node) ? node[seg] : undefined;
    }
  }
  return path;
}

/** An id from a label: `Surat pengantar RT/RW` → `surat-pengantar-rt-rw` (`_` instead of `-` for field and role names). */
export function slugOf(label: string, sep: '-' | '_' = '-', max = 40): string {
  const ascii = label
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
  const words = ascii.split(/[^a-z0-9]+/).filter(Boolean);
  let out = '';
  for (const w of words) {
    const next = out ? `${out}${sep}${w}` : w;
    if (next.length > max) break;
    out = next;
  }
  if (!out) out = sep === '_' ? 'isian' : 'butir';
  return /^[a-z]/.test(out) ? out : `${sep === '_' ? 'n' : 'n'}${sep}${out}`;
}

/** `base`, or `base-2`, `base-3`… the first not in `taken`. */
export function uniqueId(base: string, taken: Iterable<string>, sep: '-' | '_' = '-'): string {
  const used = new Set(taken);
  if (!used.has(base)) return base;
  for (let i = 2; ; i++) if (!used.has(`${base}${sep}${i}`)) return `${base}${sep}${i}`;
}
