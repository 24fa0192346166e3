/**
 * Writes a few scalar values (version number, decree number and date) into a YAML source in place, touching only
 * those lines: comments, folded texts and the administrator's layout stay as they were.
 */
import { isMap, isScalar, parseDocument, stringify, type Node, type Pair, type YAMLMap } from 'yaml';

export interface ScalarEdit {
  /** Keys from the root, e.g. ['decree', 'number']. Every parent must be a block mapping. */
  path: string[];
  value: string | number;
  /** When the key is missing, add it right after this sibling key (default: after the last key). */
  after?: string;
}

/** Thrown when a value cannot be placed (e.g. the parent is written in flow style `{ … }`). */
export class SourceEditError extends Error {}

const keyOf = (p: Pair) => (isScalar(p.key) ? String(p.key.value) : undefined);

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function lineEnd(text: string, offset: number): number {
  const i = text.indexOf('\n', offset);
  return i < 0 ? text.length : i;
}

/** The YAML text of one scalar: plain when that reads back as the same string, quoted otherwise. */
function scalarText(value: string | number): string {
  const text = stringify(value).trimEnd();
  if (text.includes('\n')) throw new SourceEditError('Nilai harus satu baris.');
  return text;
}

function applyOne(source: string, edit: ScalarEdit): string {
  const doc = parseDocument(source);
  if (doc.errors.length) throw new SourceEditError(doc.errors[0]!.message);
  let map: unknown = doc.contents;
  for (const key of edit.path.slice(0, -1)) {
    if (!isMap(map) || (map as YAMLMap).flow) throw new SourceEditError(`Bagian ${key} harus berupa pemetaan blok.`);
    const pair = (map as YAMLMap<unknown, unknown>).items.find((p) => keyOf(p as Pair) === key) as Pair | undefined;
    if (!pair) throw new SourceEditError(`Bagian ${edit.path.slice(0, -1).join('.')} tidak ada.`);
    map = pair.value;
  }
  if (!isMap(map) || (map as YAMLMap).flow) throw new SourceEditError(`Bagian ${edit.path.slice(0, -1).join('.') || 'utama'} harus berupa pemetaan blok.`);
  const items = (map as YAMLMap<unknown, unknown>).items as Pair[];
  const last = edit.path[edit.path.length - 1]!;
  const text = scalarText(edit.value);
  const pair = items.find((p) => keyOf(p) === last);
  if (pair) {
    const value = pair.value as Node | null;
    if (value && isScalar(value) && value.range && value.range[1] > value.range[0]) {
      return source.slice(0, value.range[0]) + text + source.slice(value.range[1]);
    }
    if (value && !isScalar(value)) throw new SourceEditError(`${edit.path.join('.')} harus berupa satu nilai.`);
    // "key:" with nothing after it: write the value after the colon.
    const keyEnd = (pair.key as Node).range![1];
    const colon = source.indexOf(':', keyEnd);
    return `${source.slice(0, colon + 1)} ${text}${source.slice(lineEnd(source, colon))}`;
  }
  const anchor = items.find((p) => keyOf(p) === edit.after) ?? items[items.length - 1];
  if (!anchor) throw new SourceEditError(`Bagian ${edit.path.slice(0, -1).join('.')} kosong.`);
  const keyStart = (anchor.key as Node).range![0];
  const indent = source.slice(lineStart(source, keyStart), keyStart);
  if (/\S/.test(indent)) throw new SourceEditError(`Bagian ${edit.path.slice(0, -1).join('.')} ditulis dalam bentuk yang tidak dapat disunting otomatis.`);
  const anchorEnd = ((anchor.value as Node | null)?.range ?? (anchor.key as Node).range!)[1];
  const at = lineEnd(source, Math.max(keyStart, anchorEnd - 1));
  const line = `${indent}${last}: ${text}`;
  return at >= source.length ? `${source}${source.endsWith('\n') ? '' : '\n'}${line}\n` : `${source.slice(0, at + 1)}${line}\n${source.slice(at + 1)}`;
}

/** Applies the edits in order; throws SourceEditError with an Indonesian message when one cannot be placed. */
export function setScalars(source: string, edits: ScalarEdit[]): string {
  return edits.reduce(applyOne, source);
}
