/**
 * PostgreSQL's text and jsonb cannot hold every JavaScript string: a NUL character and a lone surrogate are
 * refused. A form answer, a username typed at the sign-in page or an audit detail may hold either, and the file
 * store keeps them as given, so this store does too: such strings are written with a reversible escape in the
 * private-use character U+E000 (U+E000 itself doubled, NUL as U+E000 "0", a lone surrogate as U+E000 "u" and four
 * hex digits). A document that needed it is wrapped as { "\uE000": escaped } so plain documents (nearly all) pass
 * untouched both ways.
 */
const MARK = '\uE000';
const NEEDS = /[\u0000\uE000\uD800-\uDFFF]/;

function escapeString(s: string): string {
  if (!NEEDS.test(s)) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    if (ch === 0) out += MARK + '0';
    else if (ch === 0xe000) out += MARK + MARK;
    else if (ch >= 0xd800 && ch <= 0xdbff && i + 1 < s.length && s.charCodeAt(i + 1) >= 0xdc00 && s.charCodeAt(i + 1) <= 0xdfff) {
      out += s[i]! + s[i + 1]!;
      i++;
    } else if (ch >= 0xd800 && ch <= 0xdfff) out += MARK + 'u' + ch.toString(16).padStart(4, '0');
    else out += s[i]!;
  }
  return out;
}

function unescapeString(s: string): string {
  if (!s.includes(MARK)) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    if (s[i] !== MARK) {
      out += s[i]!;
      continue;
    }
    const next = s[i + 1];
    if (next === '0') {
      out += '\u0000';
      i++;
    } else if (next === MARK) {
      out += MARK;
      i++;
    } else if (next === 'u') {
      out += String.fromCharCode(parseInt(s.slice(i + 2, i + 6), 16));
      i += 5;
    } else out += MARK;
  }
  return out;
}

function walk(value: unknown, f: (s: string) => string): unknown {
  if (typeof value === 'string') return f(value);
  if (Array.isArray(value)) return value.map((v) => walk(v, f));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (v === undefined) continue;
      Object.defineProperty(out, f(k), { value: walk(v, f), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  return value;
}

/** The JSON text to store in a jsonb column for `value` (a parameter of a query). */
export function toJsonb(value: unknown): string {
  const text = JSON.stringify(value);
  if (!/\\u0000|\\ud[89a-f]|\uE000/i.test(text)) return text;
  return JSON.stringify({ [MARK]: walk(JSON.parse(text), escapeString) });
}

/** The value a jsonb column held (as node-postgres parsed it), as it was given to toJsonb. */
export function fromJsonb<T>(stored: unknown): T {
  if (stored && typeof stored === 'object' && !Array.isArray(stored) && Object.hasOwn(stored, MARK)) {
    // Fields set in SQL on an escaped document (jsonb_set of a status) sit beside the wrapped one and win.
    const { [MARK]: inner, ...set } = stored as Record<string, unknown>;
    const value = walk(inner, unescapeString);
    return (value && typeof value === 'object' && !Array.isArray(value) ? Object.assign(value, set) : value) as T;
  }
  return stored as T;
}

/** A string for a text column (a key, a username, a case number), escaped the same way. */
export function toText(s: string): string {
  return escapeString(s);
}

export function fromText(s: string): string {
  return unescapeString(s);
}
