/**
 * The structured editor's buttons: remove a part, move it up or down its list, add a requirement to the intake
 * checklist, and put the new official's title in a text that still names the old one.
 */
import { addToChecklist } from './additions.ts';
import { resolveAddress } from './shape.ts';
import { dataOf, deleteIn, EditError, moveIn, setIn, valueAt } from './source.ts';

/**
 * What one button asks for: `hapus:ADDRESS`, `naik:ADDRESS`, `turun:ADDRESS`, `ceklis:REQUIREMENT`, and
 * `ganti:ADDRESS:OLD_ROLE:NEW_ROLE` (the text at ADDRESS names the old role's title: write the new one's).
 */
export interface EditorAction {
  verb: 'hapus' | 'naik' | 'turun' | 'ceklis' | 'ganti';
  address: string;
  roles?: [string, string];
}

const VERBS = new Set(['hapus', 'naik', 'turun', 'ceklis', 'ganti']);

/** The action a button value names; undefined for anything else. */
export function parseAction(value: string | undefined): EditorAction | undefined {
  const m = /^([a-z]+):([A-Za-z0-9_./-]{1,300})(?::([A-Za-z0-9_-]{1,60}):([A-Za-z0-9_-]{1,60}))?$/.exec(value ?? '');
  if (!m || !VERBS.has(m[1]!) || (m[1] === 'ganti') !== (m[3] !== undefined)) return undefined;
  return { verb: m[1] as EditorAction['verb'], address: m[2]!, ...(m[3] ? { roles: [m[3], m[4]!] as [string, string] } : {}) };
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The text at `address` with the old role's title replaced by the new role's. */
function renameRole(text: string, action: EditorAction): string {
  const data = dataOf(text) as { roles?: Record<string, string> } | undefined;
  const [from, to] = action.roles!;
  const oldTitle = data?.roles?.[from];
  const newTitle = data?.roles?.[to];
  const path = resolveAddress(data, action.address);
  const current = path ? valueAt(text, path) : undefined;
  if (!oldTitle || !newTitle || !path || typeof current !== 'string') throw new EditError('Teks yang dimaksud tidak ada lagi; periksa di teks YAML.');
  const replaced = current.replace(new RegExp(`(^|[^\\p{L}])${escape(oldTitle)}(?=$|[^\\p{L}])`, 'giu'), (_, lead: string) => `${lead}${newTitle}`);
  return replaced === current ? text : setIn(text, path, replaced);
}

/** Applies one action; throws EditError (Indonesian) when its part is not in the text. */
export function applyAction(text: string, action: EditorAction): string {
  if (action.verb === 'ceklis') return addToChecklist(text, action.address);
  if (action.verb === 'ganti') return renameRole(text, action);
  const path = resolveAddress(dataOf(text), action.address);
  const last = path?.[path.length - 1];
  if (!path || typeof last !== 'number') throw new EditError('Bagian yang dimaksud tidak ada lagi di teks; muat ulang editor.');
  if (action.verb === 'hapus') return deleteIn(text, path);
  return moveIn(text, path.slice(0, -1), last, action.verb === 'naik' ? last - 1 : last + 1);
}
