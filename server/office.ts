/**
 * Reading a workflows folder's office file (office.yaml: the office calendar and header its services share), for
 * the server's loader and the CLI. A broken office file is an error naming its lines, never a stack trace.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { formatDefinitionError, OFFICE_FILE, parseOffice, type DefinitionError, type Office } from '../engine/definition/index.ts';

/** The office file of `dir` could not be used: its located errors, formatted. */
export class OfficeFileError extends Error {
  constructor(
    readonly file: string,
    readonly errors: DefinitionError[],
  ) {
    super(`Berkas kantor ${file} memuat kesalahan; layanan di folder itu tidak dimuat sampai berkas itu diperbaiki:\n${errors.map((e) => (e.line > 0 ? formatDefinitionError(e) : `${e.file}: ${e.message}`)).join('\n')}`);
  }
}

/** The office file of folder `dir`: undefined when there is none; OfficeFileError when it is broken. */
export function readOffice(dir: string): Office | undefined {
  const file = join(dir, OFFICE_FILE);
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    throw new OfficeFileError(file, [{ file, line: 0, column: 0, path: '', message: `Berkas tidak dapat dibaca (${code ?? (err as Error).message}).` }]);
  }
  const parsed = parseOffice(bytes, file);
  if (!parsed.ok) throw new OfficeFileError(file, parsed.errors);
  return parsed.office;
}

/** The office file beside definition `file` (for the CLI): its office, or the message to print when it is broken. */
export function officeBeside(file: string): { office?: Office; error?: string } {
  try {
    return { office: readOffice(dirname(file)) };
  } catch (err) {
    if (err instanceof OfficeFileError) return { error: err.message };
    throw err;
  }
}
