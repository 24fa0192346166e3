/** New YAML text for a value placed into an existing file: scalars, flow collections and indented blocks. */
import { Document, Scalar, isScalar, type Node } from 'yaml';

/** Which new collections are written on one line (`{ value: x, label: X }`, `[a, b]`): by key path. */
export type FlowRule = (keys: readonly string[]) => boolean;

/** Folded text (`>-`) wraps at this width, like the shipped services. */
export const FOLD_WIDTH = 100;

/** Lists of plain scalars short enough for one line are written `[a, b]`. */
const FLOW_LIST_MAX = 80;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isPlainList = (v: unknown): v is unknown[] => Array.isArray(v) && v.every((x) => !isRecord(x) && !Array.isArray(x));

/**
 * One scalar as YAML text. `inFlow`: inside `[ ]` or `{ }`, where commas and braces need quotes. `like`: the
 * node it replaces, whose quoting style is kept when the new value allows it.
 */
export function scalarText(value: unknown, options: { inFlow?: boolean; like?: Node | null } = {}): string {
  const doc = new Document();
  const node = doc.createNode(value) as Scalar;
  const old = options.like && isScalar(options.like) ? options.like.type : undefined;
  if (typeof value === 'string' && (old === Scalar.QUOTE_DOUBLE || old === Scalar.QUOTE_SINGLE)) node.type = old;
  if (options.inFlow) {
    doc.contents = doc.createNode([node]);
    (doc.contents as { flow?: boolean }).flow = true;
    const text = doc.toString({ lineWidth: 0, flowCollectionPadding: false }).trim();
    return text.slice(1, -1);
  }
  doc.contents = node;
  return doc.toString({ lineWidth: 0 }).replace(/\n$/, '');
}

/** A collection on one line in the style of the shipped files: `{ a: 1, b: [x, y] }`. */
export function flowText(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(flowText).join(', ')}]`;
  if (isRecord(value)) {
    const pairs = Object.entries(value).map(([k, v]) => `${scalarText(k, { inFlow: true })}: ${flowText(v)}`);
    return pairs.length ? `{ ${pairs.join(', ')} }` : '{}';
  }
  return scalarText(value, { inFlow: true });
}

/** A long one-paragraph text as a folded block (`>-`) whose lines start at `indent` spaces. */
export function foldedText(value: string, indent: number): string {
  const pad = ' '.repeat(indent);
  const lines: string[] = [];
  let line = '';
  for (const word of value.split(' ')) {
    if (line && pad.length + line.length + 1 + word.length > FOLD_WIDTH + indent / 2) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return `>-\n${lines.map((l) => pad + l).join('\n')}`;
}

/** A text with line breaks as a literal block (`|-`). */
function literalText(value: string, indent: number): string {
  const pad = ' '.repeat(indent);
  return `|-\n${value.split('\n').map((l) => (l ? pad + l : '')).join('\n')}`;
}

/** Whether a string is better written as a block: several lines, or one paragraph too long for its line. */
function blockKind(value: unknown, column: number): 'literal' | 'folded' | undefined {
  if (typeof value !== 'string') return undefined;
  if (value.includes('\n')) return 'literal';
  if (column + value.length > FOLD_WIDTH + 20 && !/\s\s|^\s|\s$/.test(value) && value.includes(' ')) return 'folded';
  return undefined;
}

/**
 * The text after `key:` for a value whose key sits at column `indent`: ` scalar`, ` [flow]`, or a block on the
 * following lines (starting with a newline). `keys` is the key path of the value, for the flow rule.
 */
export function valueAfterKey(value: unknown, indent: number, keys: readonly string[], flow: FlowRule, like?: Node | null): string {
  const child = indent + 2;
  if (isRecord(value) || Array.isArray(value)) {
    if (Array.isArray(value) && value.length === 0) return ' []';
    if (isRecord(value) && Object.keys(value).length === 0) return ' {}';
    if (flow(keys) || (isPlainList(value) && flowText(value).length <= FLOW_LIST_MAX)) return ` ${flowText(value)}`;
    // Lists under a key are indented by two, as in the shipped files (`steps:` then `  - id: …`).
    return `\n${blockText(value, child, keys, flow)}`;
  }
  const kind = blockKind(value, indent + keys[keys.length - 1]!.length + 2);
  if (kind === 'literal') return ` ${literalText(value as string, child)}`;
  if (kind === 'folded') return ` ${foldedText(value as string, child)}`;
  return ` ${scalarText(value, { like })}`;
}

/** A map or list written as lines at `indent` spaces (no trailing newline). */
export function blockText(value: unknown, indent: number, keys: readonly string[], flow: FlowRule): string {
  const pad = ' '.repeat(indent);
  if (Array.isArray(value)) return value.map((item) => `${pad}- ${itemText(item, indent + 2, [...keys, '[]'], flow)}`).join('\n');
  if (isRecord(value)) {
    return Object.entries(value)
      .map(([k, v]) => `${pad}${scalarText(k)}:${valueAfterKey(v, indent, [...keys, k], flow)}`)
      .join('\n');
  }
  return pad + scalarText(value);
}

/**
 * A list item's text after `- `, its continuation lines at `indent` spaces (the column after `- `): a flow
 * collection, a scalar, or a block map whose first key shares the dash's line.
 */
export function itemText(value: unknown, indent: number, keys: readonly string[], flow: FlowRule): string {
  if (isRecord(value) && Object.keys(value).length && !flow(keys)) return blockText(value, indent, keys, flow).slice(indent);
  if (Array.isArray(value) && value.length && !flow(keys) && !isPlainList(value)) return blockText(value, indent, keys, flow).slice(indent);
  if (isRecord(value) || Array.isArray(value)) return flowText(value);
  const kind = blockKind(value, indent);
  if (kind === 'literal') return literalText(value as string, indent);
  if (kind === 'folded') return foldedText(value as string, indent);
  return scalarText(value);
}
