/** What a definition problem looks like (file:line:column, path, message, hint) and how it is printed. */

/** One problem in a workflow file, located for the person who has to fix it. */
export interface DefinitionError {
  file: string;
  /** 1-based; 0 when the problem concerns the file as a whole (not found, unreadable). */
  line: number;
  /** 1-based; 0 together with line 0. */
  column: number;
  /** Where in the definition, e.g. `steps[3].role`; empty for the file as a whole. */
  path: string;
  /** What is wrong, in plain Indonesian. */
  message: string;
  /** What to do about it. */
  hint?: string;
}

/** A key of a mapping or an index of a list, from the root of the document. */
export type PathSegment = string | number;

/** A problem found on the parsed document, not yet turned into line and column. */
export interface Problem {
  path: PathSegment[];
  message: string;
  hint?: string;
  /** Point at the key of the last segment instead of its value (e.g. an unknown key). */
  at?: 'key' | 'value';
}

/** "file:12:5 steps[3].role: Peran … \n  Saran: …" */
export function formatDefinitionError(e: DefinitionError): string {
  const where = e.line > 0 ? `${e.file}:${e.line}:${e.column}` : e.file;
  const head = e.path ? `${where} ${e.path}: ${e.message}` : `${where}: ${e.message}`;
  return e.hint ? `${head}\n  Saran: ${e.hint}` : head;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `steps[3].next[0].to`, `roles.front_office`, `roles["kepala uptd"]`. */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (IDENTIFIER.test(seg)) out += out ? `.${seg}` : seg;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

/** Orders errors as they appear in the file. */
export function byPosition(a: DefinitionError, b: DefinitionError): number {
  return a.line - b.line || a.column - b.column || a.path.localeCompare(b.path);
}
