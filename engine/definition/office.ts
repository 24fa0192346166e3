/**
 * The office file (`workflows/office.yaml`): the office calendar and header every service of the folder uses unless
 * it writes its own. Checked like a service (located messages in Indonesian), then merged into each service's text:
 * the sections a service lacks are appended to it under a marked comment, so the text stored with a version holds
 * everything it runs on (a case pinned to it keeps its calendar when the office file changes later). Pure.
 */
import { isMap, isScalar } from 'yaml';
import { decodeSource } from './decode.ts';
import { byPosition, formatPath, type DefinitionError, type Problem } from './errors.ts';
import { locate, sourceAt } from './locate.ts';
import { parseYaml } from './parse.ts';
import { checkSchema } from './schema.ts';
import { checkTiming } from './timing.ts';
import type { OfficeCalendar, Workflow } from '../types.ts';

/** The name of the office file in a workflows folder. */
export const OFFICE_FILE = 'office.yaml';

/** The sections the office file may give a service. */
export const OFFICE_KEYS = ['calendar', 'service'] as const;

export interface Office {
  calendar?: OfficeCalendar;
  service?: Workflow['service'];
}

/** The first line of what the office file added to a service's text (everything from it on is the office's). */
export const OFFICE_MARK = '# --- Dari berkas kantor office.yaml';

export type OfficeResult = { ok: true; office: Office } | { ok: false; errors: DefinitionError[] };

/** Parses and checks the office file's text; `file` names it in the messages. Never throws. */
export function parseOffice(source: string | Uint8Array, file: string = OFFICE_FILE): OfficeResult {
  const decoded = decodeSource(source);
  if (!decoded.ok) return { ok: false, errors: [{ file, path: '', ...decoded.error }] };
  const yaml = parseYaml(decoded.text);
  if (!yaml.ok) return { ok: false, errors: yaml.errors.map((e) => ({ file, ...e })) };
  const { parsed } = yaml;
  const located = (problems: Problem[]): OfficeResult => ({
    ok: false,
    errors: problems
      .map((p) => ({ file, ...locate(parsed.doc, parsed.lineCounter, p.path, p.at), path: formatPath(p.path), message: p.message, ...(p.hint ? { hint: p.hint } : {}) }))
      .sort(byPosition),
  });
  const shape = checkSchema(parsed.value, (path) => sourceAt(parsed.doc, parsed.text, path), 'office');
  if (shape.length) return located(shape);
  const office = parsed.value as Office;
  // The calendar's own rules (a known time zone, hours that end after they start, real dates) as for a service.
  const timing = office.calendar ? checkTiming({ completion: { text: '', duration: 'P1D' }, steps: [], calendar: office.calendar } as unknown as Workflow) : [];
  if (timing.length) return located(timing);
  return { ok: true, office };
}

/** The top-level keys a service's text writes (empty when it is not a readable mapping: its own errors say why). */
function topKeys(text: string): Set<string> {
  const yaml = parseYaml(text);
  if (!yaml.ok || !isMap(yaml.parsed.doc.contents)) return new Set();
  return new Set(yaml.parsed.doc.contents.items.flatMap((p) => (isScalar(p.key) ? [String(p.key.value)] : [])));
}

/**
 * The service's text with the office's sections it lacks appended (one JSON line each, valid YAML); unchanged when
 * it writes them all, or when the office gives none of them. The service's own lines keep their numbers.
 */
export function composeWithOffice(text: string, office: Office | undefined): string {
  const own = stripOffice(text);
  if (!office) return own;
  const have = topKeys(own);
  const missing = OFFICE_KEYS.filter((k) => office[k] !== undefined && !have.has(k));
  if (!missing.length || !have.size) return own;
  const lines = missing.map((k) => `${k}: ${JSON.stringify(office[k])}`);
  return `${own}${own.endsWith('\n') ? '' : '\n'}\n${OFFICE_MARK} (berlaku bagi layanan yang tidak menulisnya sendiri) ---\n${lines.join('\n')}\n`;
}

/** The service's own text: what the office file added taken off (for the editor and the file). */
export function stripOffice(text: string): string {
  const at = text.indexOf(`\n${OFFICE_MARK}`);
  return at < 0 ? text : text.slice(0, at).replace(/\n+$/, '\n');
}
