/** From a path in the definition (`steps[3].role`) back to the line and column of the YAML that wrote it. */
import { isAlias, isMap, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';
import type { PathSegment } from './errors.ts';

export interface Position {
  line: number;
  column: number;
}

/** 1-based line and column of a character offset. */
export function positionAt(lineCounter: LineCounter, offset: number): Position {
  const { line, col } = lineCounter.linePos(Math.max(0, offset));
  return { line, column: col };
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return key.value === null ? undefined : String(key.value);
  return undefined;
}

/**
 * The offset where the value at `path` is written (or its key, with at = 'key'). When the path leads
 * somewhere the document does not have (a missing key), the deepest existing node is used instead.
 */
export function offsetOf(doc: Document, path: readonly PathSegment[], at: 'key' | 'value' = 'value'): number {
  let node: unknown = doc.contents;
  let offset = (doc.contents as Node | null)?.range?.[0] ?? 0;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    const last = i === path.length - 1;
    // An alias points at its anchor: the problem is written there.
    for (let hops = 0; isAlias(node) && hops < 100; hops++) node = node.resolve(doc);
    if (isMap(node)) {
      const pair = node.items.find((p) => keyText(p.key) === String(seg));
      if (!pair) break;
      const keyOffset = (pair.key as Node | null)?.range?.[0];
      if (last && at === 'key' && keyOffset !== undefined) return keyOffset;
      const value = pair.value as Node | null;
      // `role:` with nothing after it: point at the key, the value has no place of its own.
      const isEmpty = !value || !value.range || (isScalar(value) && value.value === null && value.range[0] === value.range[1]);
      offset = isEmpty ? (keyOffset ?? offset) : (value.range?.[0] ?? offset);
      node = value;
    } else if (isSeq(node)) {
      const index = typeof seg === 'number' ? seg : Number(seg);
      const item = node.items[index] as Node | undefined;
      if (!item) break;
      offset = item.range?.[0] ?? offset;
      node = item;
    } else {
      break;
    }
  }
  return offset;
}

/** The text exactly as written for the scalar at `path` (e.g. `081365466531` before YAML read it as a number). */
export function sourceAt(doc: Document, text: string, path: readonly PathSegment[]): string | undefined {
  let node: unknown = doc.contents;
  for (const seg of path) {
    for (let hops = 0; isAlias(node) && hops < 100; hops++) node = node.resolve(doc);
    if (isMap(node)) node = node.items.find((p) => keyText(p.key) === String(seg))?.value;
    else if (isSeq(node)) node = node.items[typeof seg === 'number' ? seg : Number(seg)];
    else return undefined;
  }
  if (!isScalar(node) || !node.range) return undefined;
  return text.slice(node.range[0], node.range[1]);
}

export function locate(doc: Document, lineCounter: LineCounter, path: readonly PathSegment[], at: 'key' | 'value' = 'value'): Position {
  return positionAt(lineCounter, offsetOf(doc, path, at));
}
