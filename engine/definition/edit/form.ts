/**
 * The structured editor's form posted back: each input names a place of the service (`u:steps/ID/role`,
 * `u:completion/duration#n`); what differs from the text is written into it, the rest stays byte for byte.
 * Inputs that cannot be used get a message and leave their place as it was.
 */
import { addNewItems } from './additions.ts';
import { same, setKey, syncList, writeRoute, type BranchValue } from './lists.ts';
import { conditionView, durationView, isoDuration, outlineOf, type DurationUnit, type FactView } from './outline.ts';
import { resolveAddress, slugOf, uniqueId } from './shape.ts';
import { dataOf, EditError, type Path, valueAt } from './source.ts';

/** The form's inputs of the structured editor: name without the `u:` prefix → every value posted under it. */
export type EditorInputs = Map<string, string[]>;

export interface FormOutcome {
  text: string;
  /** Address → why that input was not written (Indonesian). */
  errors: Record<string, string>;
  /** Addresses whose place in the text changed (the editor keeps their sections open). */
  changed: string[];
}

/** Every `u:` input of a posted form, by name without the prefix. */
export function editorInputs(entries: Iterable<[string, unknown]>): EditorInputs {
  const out: EditorInputs = new Map();
  for (const [name, raw] of entries) {
    if (!name.startsWith('u:')) continue;
    const values = (Array.isArray(raw) ? raw : [raw]).filter((v): v is string => typeof v === 'string').map((v) => v.replace(/\r\n?/g, '\n'));
    out.set(name.slice(2), [...(out.get(name.slice(2)) ?? []), ...values]);
  }
  return out;
}

/** One input group: the parts of an address (`#n`, `#u`…; '' for the plain input). */
type Parts = Map<string, string[]>;

function groups(inputs: EditorInputs): Map<string, Parts> {
  const out = new Map<string, Parts>();
  for (const [name, values] of inputs) {
    const hash = name.indexOf('#');
    const address = hash < 0 ? name : name.slice(0, hash);
    const part = hash < 0 ? '' : name.slice(hash + 1);
    if (!out.has(address)) out.set(address, new Map());
    out.get(address)!.set(part, values);
  }
  return out;
}

const one = (parts: Parts, part = '') => {
  const values = parts.get(part);
  return values?.length ? values[values.length - 1]! : '';
};
const has = (parts: Parts, part: string) => parts.has(part);
/** A checkbox after its hidden "0": checked when a "1" came too. */
const checked = (parts: Parts, part = '') => (parts.get(part) ?? []).includes('1');

/** The pattern of an address with item ids replaced: `steps/*\/fields/*\/label`. */
function patternOf(path: Path): string {
  return path.map((p) => (typeof p === 'number' ? '*' : p)).join('/');
}

const OPTIONAL_TEXT = new Set(['description', 'service/phone', 'service/email', 'service/website', 'decree/title', 'complaints/text', 'steps/*/description', 'steps/*/fields/*/section', 'steps/*/fields/*/help', 'steps/*/deadlines/*/metLabel']);
const REQUIRED_TEXT = new Set(['title', 'service/agency', 'service/government', 'service/address', 'fee', 'completion/text', 'start', 'steps/*/title', 'steps/*/fields/*/label', 'steps/*/fields/*/type', 'steps/*/deadlines/*/label', 'steps/*/deadlines/*/calendar', 'requirements/*/text', 'outcomes/*/label', 'completion/calendar']);
const FLAGS = new Set(['steps/*/fields/*/required', 'steps/*/fields/*/sensitive', 'steps/*/deadlines/*/blocking', 'steps/*/deadlines/*/endsWithCase', 'outcomes/*/product']);
const DURATIONS = new Set(['completion/duration', 'steps/*/deadlines/*/duration']);
const CONDITIONS = new Set(['steps/*/fields/*/when', 'steps/*/deadlines/*/when']);
const ROLE_LISTS = new Set(['access/read', 'access/sensitive', 'access/subject']);

const UNIT_SET = new Set<DurationUnit>(['menit', 'jam', 'hari', 'minggu']);

/** A number and unit from the form, as ISO-8601; a message when they are not a whole number of a unit. */
function durationFrom(parts: Parts): { iso: string } | { error: string } {
  if (has(parts, 'iso') && !has(parts, 'n')) {
    const iso = one(parts, 'iso').trim().toUpperCase();
    return /^P/.test(iso) ? { iso } : { error: 'Tulis durasi ISO-8601, misalnya P2D (2 hari) atau PT72H (72 jam).' };
  }
  const n = one(parts, 'n').trim();
  const unit = one(parts, 'u') as DurationUnit;
  if (!/^\d{1,4}$/.test(n) || Number(n) < 1) return { error: 'Tulis jumlah waktu sebagai angka bulat, paling sedikit 1.' };
  if (!UNIT_SET.has(unit)) return { error: 'Pilih satuan waktu: menit, jam, hari atau minggu.' };
  return { iso: isoDuration(Number(n), unit) };
}

const UNIT_WORDS: Record<DurationUnit, string> = { menit: 'menit', jam: 'jam', hari: 'hari', minggu: 'minggu' };

/** The completion text ("1 Hari") said again for a new duration, when it said the old one; undefined otherwise. */
export function restatedText(text: string, before: string, after: string): string | undefined {
  const old = durationView(before);
  const now = durationView(after);
  const m = /^(\s*)(\d+)(\s+)(\p{L}+)(.*)$/su.exec(text);
  if (!m || !old.unit || !now.unit || Number(m[2]) !== old.amount || m[4]!.toLowerCase() !== UNIT_WORDS[old.unit]) return undefined;
  const word = UNIT_WORDS[now.unit];
  const cased = m[4]![0] === m[4]![0]!.toUpperCase() ? word[0]!.toUpperCase() + word.slice(1) : word;
  return `${m[1]}${now.amount}${m[3]}${cased}${m[5]}`;
}

/** A condition from its rows; undefined when no row names a fact. `current` keeps values whose text did not change. */
export function conditionFrom(parts: Parts, prefix: string, facts: FactView[], current: unknown): { value?: unknown } | { error: string } {
  if (checked(parts, `${prefix}keep`) || one(parts, `${prefix}keep`) === 'ya') return { value: current };
  const mode = one(parts, `${prefix}mode`) === 'any' ? 'any' : 'all';
  const was = conditionView(current);
  const clauses: Array<Record<string, unknown>> = [];
  for (let k = 0; has(parts, `${prefix}fact.${k}`); k++) {
    const fact = one(parts, `${prefix}fact.${k}`).trim();
    if (!fact) continue;
    const operator = one(parts, `${prefix}op.${k}`) || 'equal';
    const text = one(parts, `${prefix}value.${k}`).trim();
    const f = facts.find((x) => x.name === fact);
    const prior = was?.editable ? was.clauses[clauses.length] : undefined;
    const rawPrior = prior && prior.fact === fact && prior.operator === operator && prior.value === text ? priorValue(current, clauses.length) : undefined;
    let value: unknown = rawPrior;
    if (value === undefined) {
      if (operator === 'in' || operator === 'notIn') value = text.split(',').map((x) => x.trim()).filter(Boolean).map((x) => typed(x, f));
      else value = typed(text, f);
      if (text === '' && operator !== 'in' && operator !== 'notIn') return { error: `Tulis nilai pembanding untuk "${f?.label ?? fact}".` };
      if (f?.type === 'number' && typeof value !== 'number' && !Array.isArray(value)) return { error: `Nilai untuk "${f.label}" harus berupa angka.` };
    }
    clauses.push({ fact, operator, value });
  }
  if (!clauses.length) return { value: undefined };
  const value = { [mode]: clauses };
  // The same test written without `all: [...]` stays as it was.
  if (was?.editable && current && !('all' in (current as object)) && !('any' in (current as object)) && mode === 'all' && clauses.length === 1 && same(clauses[0], current)) return { value: current };
  return { value };
}

function priorValue(current: unknown, index: number): unknown {
  if (current && typeof current === 'object' && 'fact' in current) return index === 0 ? (current as unknown as { value: unknown }).value : undefined;
  const list = (current as { all?: unknown[]; any?: unknown[] } | undefined)?.all ?? (current as { any?: unknown[] } | undefined)?.any;
  return (list?.[index] as { value?: unknown } | undefined)?.value;
}

function typed(text: string, f: FactView | undefined): unknown {
  if (f?.type === 'number' && /^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  if (f?.type === 'checkbox' && (text === 'true' || text === 'false')) return text === 'true';
  return text;
}

/** Applies the structured form's inputs to `text`. */
export function applyForm(text: string, inputs: EditorInputs): FormOutcome {
  const errors: Record<string, string> = {};
  const changed: string[] = [];
  const read = outlineOf(text);
  if (!read.ok) return { text, errors: inputs.size ? { '': read.message } : {}, changed };
  const facts = read.outline.facts;
  let out = text;
  const all = groups(inputs);
  const root = () => dataOf(out);
  // Durations last: the completion text is said again for a new duration only if it was left as it was.
  const ordered = [...all].sort(([a], [b]) => Number(a.endsWith('/duration')) - Number(b.endsWith('/duration')));
  for (const [address, parts] of ordered) {
    const before = out;
    try {
      out = applyGroup(out, address, parts, facts, root(), errors);
    } catch (err) {
      if (!(err instanceof EditError)) throw err;
      errors[address] = err.message;
      out = before;
    }
    if (out !== before) changed.push(address);
  }
  const added = addNewItems(out, all, errors);
  if (added.text !== out) changed.push(...added.changed);
  return { text: added.text, errors, changed };
}

function applyGroup(text: string, address: string, parts: Parts, facts: FactView[], value: unknown, errors: Record<string, string>): string {
  const path = resolveAddress(value, address);
  if (!path) return text;
  const pattern = patternOf(path);
  const parent = path.slice(0, -1);
  const key = String(path[path.length - 1]);
  const current = valueAt(text, path);
  const fail = (message: string) => {
    errors[address] = message;
    return text;
  };

  if (pattern === 'roles' || pattern === 'requirements' || pattern === 'outcomes' || pattern === 'steps' || /\/(fields|deadlines)$/.test(pattern)) return text; // new rows: additions.ts
  if (pattern.startsWith('roles/') && path.length === 2) {
    const title = one(parts).trim();
    if (!title) return fail('Nama peran tidak boleh kosong.');
    return same(current, title) ? text : setKey(text, ['roles'], key, title);
  }
  if (OPTIONAL_TEXT.has(pattern) || REQUIRED_TEXT.has(pattern)) {
    const v = one(parts).trim();
    if (!v && OPTIONAL_TEXT.has(pattern)) return setKey(text, parent, key, undefined);
    if (!v && typeof current === 'string' && current) return fail('Bagian ini wajib diisi; teks lama tetap dipakai.');
    return same(current, v) ? text : setKey(text, parent, key, v);
  }
  if (pattern === 'steps/*/number') {
    const v = one(parts).trim();
    if (!v) return fail('Nomor langkah wajib diisi.');
    const n: unknown = /^\d+$/.test(v) ? Number(v) : v;
    return same(current, n) ? text : setKey(text, parent, key, n);
  }
  if (FLAGS.has(pattern)) {
    const on = checked(parts);
    if (on) return current === true ? text : setKey(text, parent, key, true);
    if (current === undefined || current === false) return text;
    return setKey(text, parent, key, key === 'blocking' ? false : undefined);
  }
  if (pattern === 'steps/*/deadlines/*/starts') {
    // `completed` is the default: written only when the clock starts when the step opens.
    const v = one(parts) === 'opened' ? 'opened' : undefined;
    return (current ?? undefined) === v || (current === 'completed' && v === undefined) ? text : setKey(text, parent, key, v);
  }
  if (pattern === 'steps/*/role') {
    const roles = (parts.get('') ?? []).filter(Boolean);
    if (!roles.length) return fail('Pilih paling sedikit satu peran yang mengerjakan langkah ini.');
    const v = roles.length === 1 ? roles[0] : roles;
    return same(current, v) ? text : setKey(text, parent, key, v);
  }
  if (ROLE_LISTS.has(pattern)) {
    const v = (parts.get('') ?? []).filter(Boolean);
    if (same(current ?? [], v)) return text;
    return setKey(text, parent, key, v.length ? v : undefined);
  }
  if (DURATIONS.has(pattern)) {
    const d = durationFrom(parts);
    if ('error' in d) return fail(d.error);
    if (same(current, d.iso)) return text;
    let out = setKey(text, parent, key, d.iso);
    if (pattern === 'completion/duration' && typeof current === 'string') {
      const said = valueAt(out, ['completion', 'text']);
      const restated = typeof said === 'string' ? restatedText(said, current, d.iso) : undefined;
      if (restated) out = setKey(out, ['completion'], 'text', restated);
    }
    return out;
  }
  if (CONDITIONS.has(pattern)) {
    const c = conditionFrom(parts, '', facts, current);
    if ('error' in c) return fail(c.error);
    return same(current, c.value) ? text : setKey(text, parent, key, c.value);
  }
  if (pattern === 'steps/*/fields/*/options') {
    const taken: string[] = [];
    const rows: Array<{ value: string; label: string }> = [];
    for (let k = 0; has(parts, `label.${k}`) || has(parts, `value.${k}`); k++) {
      const label = one(parts, `label.${k}`).trim();
      let v = one(parts, `value.${k}`).trim();
      if (!label && !v) continue;
      if (!v) v = uniqueId(slugOf(label, '_'), taken, '_');
      taken.push(v);
      rows.push({ value: v, label: label || v });
    }
    return syncList(text, path, rows);
  }
  if (pattern === 'products') {
    const rows: string[] = [];
    for (let k = 0; has(parts, String(k)); k++) if (one(parts, String(k)).trim()) rows.push(one(parts, String(k)).trim());
    if (!rows.length) return fail('Tulis paling sedikit satu produk layanan.');
    return syncList(text, path, rows);
  }
  if (pattern === 'complaints/channels') {
    const rows: Array<Record<string, string>> = [];
    for (let k = 0; has(parts, `value.${k}`); k++) {
      const v = one(parts, `value.${k}`).trim();
      if (!v) continue;
      const channel = one(parts, `channel.${k}`) || 'lainnya';
      rows.push({ channel, label: one(parts, `label.${k}`).trim() || channel, value: v });
    }
    return syncList(text, path, rows);
  }
  if (pattern === 'steps/*/route') {
    const stepPath = parent;
    const current = (valueAt(text, [...stepPath, 'next']) as unknown[]) ?? [];
    const branches: BranchValue[] = [];
    for (let n = 0; has(parts, `target.${n}`); n++) {
      const target = one(parts, `target.${n}`);
      if (!target) continue;
      const b: BranchValue = target.startsWith('end:') ? { end: target.slice(4) } : { to: target.replace(/^step:/, '') };
      const prior = Array.isArray(current) ? (current[n] as { when?: unknown } | undefined)?.when : undefined;
      const c = conditionFrom(parts, `${n}.`, facts, prior);
      if ('error' in c) return fail(c.error);
      if (c.value !== undefined) b.when = c.value;
      const label = one(parts, `label.${n}`).trim();
      if (label) b.label = label;
      branches.push(b);
    }
    if (!branches.length) return fail('Pilih langkah berikutnya, atau "selesai" dengan hasil akhirnya.');
    return writeRoute(text, stepPath, branches);
  }
  return text;
}
