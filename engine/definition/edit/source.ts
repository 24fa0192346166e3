/**
 * Edits of a YAML text that touch only what changes: the `yaml` library's Document API finds the node and its
 * place, and the new text is spliced in there, so comments, blank lines, quoting and layout elsewhere stay
 * exactly as the administrator wrote them. Every result is parsed again before it is returned.
 */
import { isMap, isScalar, isSeq, parseDocument, type Document, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import { blockText, flowText, itemText, scalarText, valueAfterKey, type FlowRule } from './render.ts';

/** Keys and list indexes from the root, e.g. ['steps', 6, 'role']. */
export type Path = ReadonlyArray<string | number>;

/** An edit that cannot be made on this text; the message is Indonesian, for the administrator. */
export class EditError extends Error {}

/** Options of one edit. */
export interface EditOptions {
  /** A new key goes after the last of these keys the map already has (else at the end of the map). */
  after?: readonly string[];
  /** Which new collections are written on one line. */
  flow?: FlowRule;
}

const NO_FLOW: FlowRule = () => false;

const keyOf = (p: Pair) => (isScalar(p.key) ? String(p.key.value) : undefined);
const lineStart = (text: string, at: number) => text.lastIndexOf('\n', at - 1) + 1;
const lineEndAt = (text: string, at: number) => {
  const i = text.indexOf('\n', at);
  return i < 0 ? text.length : i;
};
/** The offset just after the line holding the last character before `end` (its newline included). */
const afterLineOf = (text: string, end: number) => {
  if (end > 0 && text[end - 1] === '\n') return end;
  const e = lineEndAt(text, end);
  return e < text.length ? e + 1 : e;
};
const column = (text: string, at: number) => at - lineStart(text, at);

/** The last few texts read, with their documents: one form post reads the same text many times. */
const cache = new Map<string, { doc: Document.Parsed; data?: unknown }>();

function read(text: string) {
  let hit = cache.get(text);
  if (hit) {
    cache.delete(text);
    cache.set(text, hit);
    return hit;
  }
  hit = { doc: parseDocument(text) };
  cache.set(text, hit);
  if (cache.size > 4) cache.delete(cache.keys().next().value!);
  return hit;
}

/** The parsed document of `text` (never changed by the editor: every edit makes a new text). */
function parse(text: string): Document.Parsed {
  const { doc } = read(text);
  if (doc.errors.length) throw new EditError('Teks YAML belum dapat dibaca; perbaiki kesalahan penulisannya dulu di teks.');
  return doc;
}

/** The whole text as plain data (read once per text); undefined when it is not readable YAML. */
export function dataOf(text: string): unknown {
  const hit = read(text);
  if (hit.doc.errors.length) return undefined;
  if (!('data' in hit)) hit.data = hit.doc.toJS({ maxAliasCount: 100 });
  return hit.data;
}

/** The text after an edit, checked to read back as YAML (a failure is a fault of the edit, reported plainly). */
function checked(text: string): string {
  if (read(text).doc.errors.length) throw new EditError('Perubahan ini tidak dapat ditulis ke teks YAML dengan aman; lakukan di teks YAML.');
  return text;
}

const describe = (path: Path) => path.map((p) => (typeof p === 'number' ? `[${p + 1}]` : p)).join('.') || 'utama';

/** The node at `path` (undefined when a key or item is missing). */
function nodeAt(doc: Document.Parsed, path: Path): Node | null | undefined {
  let node: unknown = doc.contents;
  for (const seg of path) {
    if (isMap(node)) {
      const pair = (node as YAMLMap).items.find((p) => keyOf(p as Pair) === String(seg)) as Pair | undefined;
      if (!pair) return undefined;
      node = pair.value;
    } else if (isSeq(node) && typeof seg === 'number') {
      if (seg < 0 || seg >= node.items.length) return undefined;
      node = node.items[seg];
    } else return undefined;
  }
  return node as Node | null;
}

function pairAt(doc: Document.Parsed, path: Path): { map: YAMLMap; pair: Pair | undefined } {
  const map = nodeAt(doc, path.slice(0, -1));
  if (!isMap(map)) throw new EditError(`Bagian ${describe(path.slice(0, -1))} tidak ada atau bukan pemetaan.`);
  return { map, pair: (map.items as Pair[]).find((p) => keyOf(p) === String(path[path.length - 1])) };
}

/** The key path with list positions as `[]`, as flow rules read it. */
const flowKeys = (path: Path) => path.map((p) => (typeof p === 'number' ? '[]' : p));

/** Whether `node` lies inside a flow collection of the document (commas there need quoting). */
function insideFlow(doc: Document.Parsed, path: Path): boolean {
  for (let i = 0; i < path.length; i++) {
    const n = nodeAt(doc, path.slice(0, i));
    if ((isMap(n) || isSeq(n)) && (n as YAMLMap).flow) return true;
  }
  return false;
}

/** The value of the node at `path` as plain data (undefined when missing). */
export function valueAt(text: string, path: Path): unknown {
  let v = dataOf(text);
  if (v === undefined) parse(text);
  for (const seg of path) {
    if (Array.isArray(v) && typeof seg === 'number') v = v[seg];
    else if (typeof v === 'object' && v !== null && !Array.isArray(v)) v = (v as Record<string, unknown>)[String(seg)];
    else return undefined;
  }
  return v;
}

/** Sets the value at `path`, adding the key (and missing parent maps) when absent. */
export function setIn(text: string, path: Path, value: unknown, options: EditOptions = {}): string {
  if (!path.length) throw new EditError('Seluruh isi tidak dapat diganti lewat formulir.');
  const doc = parse(text);
  const flow = options.flow ?? NO_FLOW;
  // The longest prefix of the path that exists; what is missing below it is written as one nested value.
  let depth = path.length - 1;
  while (depth > 0 && nodeAt(doc, path.slice(0, depth)) === undefined) depth--;
  let nested = value;
  for (let i = path.length - 1; i > depth; i--) {
    const key = path[i]!;
    if (typeof key === 'number') throw new EditError(`Butir ${describe(path.slice(0, i + 1))} tidak ada.`);
    nested = { [key]: nested };
  }
  const target = path.slice(0, depth + 1);
  const parent = nodeAt(doc, path.slice(0, depth));
  const last = target[target.length - 1]!;
  if (parent === null) return replaceNode(text, doc, path.slice(0, depth), typeof last === 'number' ? [nested] : { [last]: nested }, flow);
  if (isSeq(parent)) {
    if (typeof last !== 'number' || last >= parent.items.length) throw new EditError(`Butir ${describe(target)} tidak ada.`);
    return replaceNode(text, doc, target, nested, flow);
  }
  if (!isMap(parent)) throw new EditError(`Bagian ${describe(path.slice(0, depth))} bukan pemetaan.`);
  const { pair } = pairAt(doc, target);
  return pair ? replaceNode(text, doc, target, nested, flow) : addKey(text, doc, target, nested, options);
}

/** Replaces the node at `path` (its key stays where it is). */
function replaceNode(text: string, doc: Document.Parsed, path: Path, value: unknown, flow: FlowRule): string {
  const node = nodeAt(doc, path);
  const current = node === null || node === undefined ? node : (node as Node).toJSON();
  if (JSON.stringify(current) === JSON.stringify(value)) return text;
  const inFlow = insideFlow(doc, path);
  const last = path[path.length - 1];
  const parent = nodeAt(doc, path.slice(0, -1)) as YAMLMap | YAMLSeq;
  if (inFlow) {
    if (!node || !node.range) throw new EditError(`Nilai ${describe(path)} tidak dapat diganti di sini.`);
    const written = isScalar(value) || typeof value !== 'object' || value === null ? scalarText(value, { inFlow: true, like: node }) : flowText(value);
    return checked(text.slice(0, node.range[0]) + written + text.slice(node.range[1]));
  }
  if (isSeq(parent) && typeof last === 'number') {
    // A list item: everything after its `- `.
    const start = node?.range?.[0];
    if (start === undefined) throw new EditError(`Butir ${describe(path)} tidak dapat diganti.`);
    const end = node!.range![1];
    const dash = column(text, start);
    const written = itemText(value, dash, flowKeys(path), flow);
    return checked(text.slice(0, start) + written + text.slice(end));
  }
  const pair = (parent as YAMLMap).items.find((p) => keyOf(p as Pair) === String(last)) as Pair;
  const key = pair.key as Node;
  const keyIndent = column(text, key.range![0]);
  const keyEnd = text.indexOf(':', key.range![1]) + 1;
  const end = node && node.range ? node.range[1] : keyEnd;
  const written = valueAfterKey(value, keyIndent, flowKeys(path), flow, node);
  // A block value ends with its last line's newline: the line that followed it must still start a line.
  const needsBreak = end > 0 && text[end - 1] === '\n' && !written.endsWith('\n');
  return checked(text.slice(0, keyEnd) + written + (needsBreak ? '\n' : '') + text.slice(end));
}

/** Adds `key: value` to the map at path[:-1], after the last `options.after` key present. */
function addKey(text: string, doc: Document.Parsed, path: Path, value: unknown, options: EditOptions): string {
  const flow = options.flow ?? NO_FLOW;
  const { map } = pairAt(doc, path);
  const key = String(path[path.length - 1]);
  const items = map.items as Pair[];
  if (map.flow) {
    const closing = text.lastIndexOf('}', map.range![1]);
    let at = closing;
    while (at > 0 && /\s/.test(text[at - 1]!)) at--;
    const sep = items.length ? ', ' : ' ';
    return checked(`${text.slice(0, at)}${sep}${scalarText(key, { inFlow: true })}: ${flowText(value)} ${text.slice(closing)}`);
  }
  if (!items.length) throw new EditError(`Bagian ${describe(path.slice(0, -1))} kosong; tambahkan di teks YAML.`);
  let anchor = items[items.length - 1]!;
  for (const k of options.after ?? []) {
    const found = items.find((p) => keyOf(p) === k);
    if (found) anchor = found;
  }
  const keyStart = (anchor.key as Node).range![0];
  const indent = column(text, keyStart);
  const anchorEnd = ((anchor.value as Node | null)?.range ?? (anchor.key as Node).range!)[1];
  const at = afterLineOf(text, anchorEnd);
  const line = `${' '.repeat(indent)}${scalarText(key)}:${valueAfterKey(value, indent, flowKeys(path), flow)}\n`;
  const before = text.slice(0, at);
  return checked(`${before}${before.endsWith('\n') || !before ? '' : '\n'}${line}${text.slice(at)}`);
}

/** Removes the key or list item at `path` with its own comment lines. Missing: nothing changes. */
export function deleteIn(text: string, path: Path): string {
  const doc = parse(text);
  const last = path[path.length - 1];
  const parent = nodeAt(doc, path.slice(0, -1));
  if (typeof last === 'number') {
    if (!isSeq(parent) || last >= parent.items.length) return text;
    if (parent.flow) return setIn(text, path.slice(0, -1), (parent.toJSON() as unknown[]).filter((_, i) => i !== last));
    if (parent.items.length === 1) return replaceNode(text, doc, path.slice(0, -1), [], NO_FLOW);
    const chunks = chunksOf(text, parent);
    const c = chunks[last]!;
    // Remove one separating blank line too, so the list keeps its rhythm.
    const gapAfter = last + 1 < chunks.length ? text.slice(c.end, chunks[last + 1]!.start) : '';
    const end = c.end + (/^\s*\n/.test(gapAfter) && gapAfter.trim() === '' ? gapAfter.length : 0);
    return checked(text.slice(0, c.start) + text.slice(end));
  }
  if (!isMap(parent)) return text;
  const pair = (parent.items as Pair[]).find((p) => keyOf(p) === String(last));
  if (!pair) return text;
  if (parent.flow || parent.items.length === 1) {
    if (path.length === 1) throw new EditError('Bagian terakhir tidak dapat dihapus.');
    const rest = { ...(parent.toJSON() as Record<string, unknown>) };
    delete rest[String(last)];
    if (parent.flow) return replaceNode(text, doc, path.slice(0, -1), rest, () => true);
    return replaceNode(text, doc, path.slice(0, -1), {}, NO_FLOW);
  }
  const keyStart = (pair.key as Node).range![0];
  const start = withCommentsAbove(text, lineStart(text, keyStart), column(text, keyStart));
  const valueNode = pair.value as Node | null;
  const end = afterLineOf(text, (valueNode?.range ?? (pair.key as Node).range!)[1]);
  return checked(text.slice(0, start) + text.slice(end));
}

/** Extends `start` (a line start) upward over the comment lines written directly above it at `indent` or deeper. */
function withCommentsAbove(text: string, start: number, indent: number): number {
  let at = start;
  while (at > 0) {
    const prev = lineStart(text, at - 1);
    const line = text.slice(prev, at - 1);
    const m = /^( *)#/.exec(line);
    if (!m || m[1]!.length < indent) break;
    at = prev;
  }
  return at;
}

interface Chunk {
  start: number;
  end: number;
}

/** Each item of a block list as whole lines: its own comment lines above, the dash line, its last line. */
function chunksOf(text: string, seq: YAMLSeq): Chunk[] {
  return (seq.items as Node[]).map((item) => {
    const first = item.range![0];
    const dashLine = lineStart(text, first);
    const dashColumn = text.slice(dashLine, first).indexOf('-');
    return { start: withCommentsAbove(text, dashLine, Math.max(0, dashColumn)), end: afterLineOf(text, item.range![1]) };
  });
}

/** Whether the items of a block list are separated by blank lines. */
function blankSeparated(text: string, chunks: Chunk[]): boolean {
  return chunks.length > 1 && /\n\s*\n/.test(`\n${text.slice(chunks[0]!.end, chunks[1]!.start)}`);
}

/** Inserts `value` as item `index` of the list at `path` (index = length appends); creates the list if absent. */
export function insertIn(text: string, path: Path, index: number, value: unknown, options: EditOptions = {}): string {
  const doc = parse(text);
  const flow = options.flow ?? NO_FLOW;
  const seq = nodeAt(doc, path);
  if (seq === undefined || seq === null || (isSeq(seq) && seq.items.length === 0)) return setIn(text, path, [value], options);
  if (!isSeq(seq)) throw new EditError(`Bagian ${describe(path)} bukan daftar.`);
  const items = seq.toJSON() as unknown[];
  const at = Math.max(0, Math.min(index, items.length));
  if (seq.flow) return setIn(text, path, [...items.slice(0, at), value, ...items.slice(at)], options);
  const chunks = chunksOf(text, seq);
  const ref = (seq.items[Math.min(at, items.length - 1)] as Node).range![0];
  const dashLine = lineStart(text, ref);
  const dash = text.slice(dashLine, ref).indexOf('-');
  // A new item looks like its neighbours: one line `{ … }` when they are written so.
  const neighbour = seq.items[Math.min(at, items.length - 1)];
  const likeFlow = (isMap(neighbour) || isSeq(neighbour)) && (neighbour as YAMLMap).flow;
  const keys = flowKeys([...path, 0]);
  const body = likeFlow ? flowText(value) : itemText(value, dash + 2, keys, flow);
  const written = `${' '.repeat(dash)}- ${body}\n`;
  const blank = blankSeparated(text, chunks);
  if (at < chunks.length) {
    const pos = chunks[at]!.start;
    return checked(text.slice(0, pos) + written + (blank ? '\n' : '') + text.slice(pos));
  }
  const pos = chunks[chunks.length - 1]!.end;
  const before = text.slice(0, pos);
  return checked(`${before}${before.endsWith('\n') ? '' : '\n'}${blank ? '\n' : ''}${written}${text.slice(pos)}`);
}

/** Moves item `from` of the list at `path` to position `to`; the text of every item travels whole. */
export function moveIn(text: string, path: Path, from: number, to: number): string {
  const doc = parse(text);
  const seq = nodeAt(doc, path);
  if (!isSeq(seq)) throw new EditError(`Bagian ${describe(path)} bukan daftar.`);
  const n = seq.items.length;
  if (from < 0 || from >= n || to < 0 || to >= n || from === to) return text;
  if (seq.flow) {
    const items = seq.toJSON() as unknown[];
    const [moved] = items.splice(from, 1);
    items.splice(to, 0, moved);
    return setIn(text, path, items);
  }
  const chunks = chunksOf(text, seq);
  // Every piece ends its last line, even the file's last item written without a final newline.
  const lastEnded = text.slice(0, chunks[n - 1]!.end).endsWith('\n');
  const pieces = chunks.map((c) => text.slice(c.start, c.end)).map((p) => (p.endsWith('\n') ? p : `${p}\n`));
  const gaps = chunks.slice(0, -1).map((c, i) => text.slice(c.end, chunks[i + 1]!.start));
  const [moved] = pieces.splice(from, 1);
  pieces.splice(to, 0, moved!);
  let middle = '';
  pieces.forEach((p, i) => (middle += p + (i < gaps.length ? gaps[i] : '')));
  if (!lastEnded) middle = middle.slice(0, -1);
  return checked(text.slice(0, chunks[0]!.start) + middle + text.slice(chunks[n - 1]!.end));
}

/** A whole new block map as text at column `indent` (for templates of new services and steps). */
export function blockYaml(value: unknown, indent = 0, flow: FlowRule = NO_FLOW): string {
  return `${blockText(value, indent, [], flow)}\n`;
}
