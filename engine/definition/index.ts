/** Loading a service definition: YAML text or file → checked, typed Workflow, or located errors in plain Indonesian. */
import { readFileSync, statSync } from 'node:fs';
import { workflowHash } from '../hash.ts';
import type { Workflow } from '../types.ts';
import { decodeSource, MAX_BYTES } from './decode.ts';
import { byPosition, formatDefinitionError, formatPath, type DefinitionError, type Problem } from './errors.ts';
import { checkCounts } from './limits.ts';
import { locate, sourceAt } from './locate.ts';
import { parseYaml, type ParsedSource } from './parse.ts';
import { checkSchema } from './schema.ts';
import { checkSemantics } from './semantics.ts';
import { checkStandard } from './standard.ts';
import { composeWithOffice, type Office } from './office.ts';

export type { DefinitionError } from './errors.ts';
export { formatDefinitionError } from './errors.ts';
export { workflowHash } from '../hash.ts';
export { OPERATORS } from './conditions.ts';
export { MAX_BYTES } from './decode.ts';
export { MAX_BRANCHES, MAX_FIELDS, MAX_FIELDS_PER_STEP, MAX_STEPS } from './limits.ts';
export { workflowSchema } from './schema.ts';
export { STANDARD_COMPONENTS } from './standard.ts';
export { composeWithOffice, OFFICE_FILE, parseOffice, stripOffice, type Office, type OfficeResult } from './office.ts';

/** `warnings`: what the file lacks but may run without (e.g. components of the service standard not declared). */
export type ParseResult = { ok: true; workflow: Workflow; hash: string; warnings: DefinitionError[] } | { ok: false; errors: DefinitionError[] };

const DEFAULT_FILE = 'workflow.yaml';

function failed(errors: DefinitionError[]): ParseResult {
  return { ok: false, errors: errors.sort(byPosition) };
}

function located(file: string, parsed: ParsedSource, problems: Problem[]): DefinitionError[] {
  return problems.map((p) => ({
    file,
    ...locate(parsed.doc, parsed.lineCounter, p.path, p.at),
    path: formatPath(p.path),
    message: p.message,
    ...(p.hint ? { hint: p.hint } : {}),
  }));
}

/** A failure of the checker itself still reaches the person as a message, never as a stack trace. */
function unexpected(file: string, err: unknown, line = 1, column = 1): ParseResult {
  const reason = err instanceof Error ? err.message : String(err);
  return failed([
    {
      file,
      line,
      column,
      path: '',
      message: `Pemeriksaan berkas terhenti karena kesalahan tak terduga: ${reason}`,
      hint: 'Periksa bagian berkas yang terakhir diubah; bila berkas tampak benar, laporkan pesan ini kepada pengelola aplikasi.',
    },
  ]);
}

export interface ParseOptions {
  /** The office file of the folder (checked): its calendar and header for a service that lacks them. */
  office?: Office;
}

/**
 * Parses and checks one service definition. `source` is the file's text or its raw bytes (then it must be
 * UTF-8); `file` names it in the messages. Never throws.
 */
export function parseWorkflow(source: string | Uint8Array, file: string = DEFAULT_FILE, options: ParseOptions = {}): ParseResult {
  try {
    const decoded = decodeSource(source);
    if (!decoded.ok) return failed([{ file, path: '', ...decoded.error }]);

    const yaml = parseYaml(options.office ? composeWithOffice(decoded.text, options.office) : decoded.text);
    if (!yaml.ok) return failed(yaml.errors.map((e) => ({ file, ...e })));
    const parsed = yaml.parsed;

    const counts = checkCounts(parsed.value);
    if (counts.length) return failed(located(file, parsed, counts));

    const shape = checkSchema(parsed.value, (path) => sourceAt(parsed.doc, parsed.text, path));
    if (shape.length) return failed(located(file, parsed, shape));

    const workflow = parsed.value as unknown as Workflow;
    if (workflow.version === undefined) workflow.version = 1;
    let meaning: Problem[];
    try {
      meaning = checkSemantics(workflow);
    } catch (err) {
      return unexpected(file, err);
    }
    if (meaning.length) return failed(located(file, parsed, meaning));
    const warnings = located(file, parsed, checkStandard(workflow));
    return { ok: true, workflow, hash: workflowHash(workflow), warnings };
  } catch (err) {
    return unexpected(file, err);
  }
}

function fileProblem(file: string, message: string, hint?: string): ParseResult {
  return failed([{ file, line: 0, column: 0, path: '', message, ...(hint ? { hint } : {}) }]);
}

/** Reads and checks a definition file (the only file read in engine/). Never throws. */
export function loadWorkflowFile(path: string, options: ParseOptions = {}): ParseResult {
  try {
    const info = statSync(path);
    if (info.isDirectory()) return fileProblem(path, 'Ini folder, bukan berkas definisi layanan.', 'Sebutkan berkas .yaml di dalamnya.');
    if (!info.isFile()) return fileProblem(path, 'Ini bukan berkas biasa.');
    if (info.size > MAX_BYTES) {
      return fileProblem(
        path,
        `Berkas terlalu besar (${Math.ceil(info.size / 1024)} KiB); batasnya ${MAX_BYTES / 1024} KiB untuk satu layanan.`,
        'Periksa apakah berkas yang dipilih benar berkas definisi layanan (YAML).',
      );
    }
    return parseWorkflow(readFileSync(path), path, options);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return fileProblem(path, 'Berkas tidak ditemukan.', 'Periksa nama dan folder berkas.');
    if (code === 'EACCES' || code === 'EPERM') return fileProblem(path, 'Berkas tidak dapat dibaca (tidak ada izin).', 'Periksa hak akses berkas.');
    return fileProblem(path, `Berkas tidak dapat dibaca: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** All of a result's errors, one formatted message each (for logs and the CLI). */
export function formatErrors(errors: DefinitionError[]): string[] {
  return errors.map(formatDefinitionError);
}
