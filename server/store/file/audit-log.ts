/**
 * The file store's audit log (audit.jsonl): append-only JSON lines, each entry numbered and carrying the hash of the
 * one before it, so an edited, deleted or reordered entry breaks the chain at a line `verifyAuditFile` names. Entries
 * are numbered and chained when their transaction commits, written here from the journal (which made them durable
 * first) and synced at a checkpoint. Cutting entries off the end leaves a valid shorter chain: an anchor (an entry's
 * number and hash, recorded off the machine) given to `verifyAuditFile` catches that too.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { canonicalJson } from '../../../engine/hash.ts';
import { createInterface } from 'node:readline';
import { GENESIS, type AuditAnchor, type AuditEntry, type AuditFilter, type AuditInput, type AuditVerification } from '../../../engine/ports/audit.ts';
import type { StoreProblem } from '../../../engine/ports/store.ts';
import { FILE_MODE, fsyncDir } from '../durable-file.ts';

export const AUDIT_FILE = 'audit.jsonl';
export { GENESIS };

/** The hash an entry must carry: sha256 of its canonical JSON without `hash`. */
export function entryHash(entry: Omit<AuditEntry, 'hash'> & { hash?: string }): string {
  const { hash: _ignored, ...rest } = entry;
  return createHash('sha256').update(canonicalJson(rest)).digest('hex');
}

/** The lines of `file`, or of its first `size` bytes. */
async function* lines(file: string, size?: number): AsyncGenerator<string> {
  if (size === 0) return;
  const input = createReadStream(file, { encoding: 'utf8', end: size === undefined ? undefined : size - 1 });
  const reader = createInterface({ input, crlfDelay: Infinity });
  try {
    for await (const line of reader) yield line;
  } finally {
    reader.close();
    input.destroy();
  }
}

export type { AuditAnchor };

/**
 * Checks the whole chain of an audit file, or of its first `size` bytes (read-only; safe while the server runs),
 * and, given an anchor, that the entry it names is still there with the same hash. A missing file is an empty log.
 */
export async function verifyAuditFile(file: string, size?: number, anchor?: AuditAnchor): Promise<AuditVerification> {
  try {
    await stat(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    if (anchor && anchor.seq > 0) return { ok: false, entries: 0, line: 1, code: 'truncated', message: `Log audit kosong, padahal catatan ke-${anchor.seq} pernah tercatat: catatan telah dipotong.` };
    return { ok: true, entries: 0, head: GENESIS };
  }
  let line = 0;
  let prev = GENESIS;
  const fail = (code: Extract<AuditVerification, { ok: false }>['code'], message: string): AuditVerification => ({
    ok: false,
    entries: line - 1,
    line,
    code,
    message: `Log audit baris ${line}: ${message}`,
  });
  for await (const text of lines(file, size)) {
    line++;
    let entry: AuditEntry;
    try {
      entry = JSON.parse(text) as AuditEntry;
      if (typeof entry !== 'object' || entry === null || typeof entry.hash !== 'string' || typeof entry.seq !== 'number') throw new Error();
    } catch {
      return fail('malformed', 'bukan catatan audit yang sah (baris rusak atau disisipkan).');
    }
    if (entryHash(entry) !== entry.hash) return fail('edited', 'isi catatan telah diubah (hash tidak cocok dengan isinya).');
    if (entry.seq > line) {
      const missing = entry.seq - line;
      return fail('missing', `${missing} catatan sebelum baris ini hilang (dihapus): diharapkan nomor ${line}, tertulis ${entry.seq}.`);
    }
    if (entry.seq < line) return fail('reordered', `nomor catatan ${entry.seq} muncul lagi atau urutannya diubah (diharapkan ${line}).`);
    if (entry.prev !== prev) {
      return fail('edited', `rantai putus: catatan sebelumnya (baris ${line - 1}) telah diubah atau diganti.`);
    }
    if (anchor && entry.seq === anchor.seq && entry.hash !== anchor.hash) {
      return fail('edited', `catatan ke-${anchor.seq} tidak sama dengan sidik yang dicatat sebelumnya: log telah ditulis ulang sejak itu.`);
    }
    prev = entry.hash;
  }
  if (anchor && line < anchor.seq) {
    line++;
    return fail('truncated', `log berakhir pada catatan ke-${line - 1}, padahal catatan ke-${anchor.seq} pernah tercatat: ${anchor.seq - line + 1} catatan terakhir telah dipotong.`);
  }
  return { ok: true, entries: line, head: prev };
}

/** Reads backwards from `end` until a newline is found; returns its offset or -1. */
async function lastNewlineBefore(fh: FileHandle, end: number): Promise<number> {
  const chunk = Buffer.alloc(64 * 1024);
  let pos = end;
  while (pos > 0) {
    const start = Math.max(0, pos - chunk.length);
    const { bytesRead } = await fh.read(chunk, 0, pos - start, start);
    const i = chunk.subarray(0, bytesRead).lastIndexOf(0x0a);
    if (i >= 0) return start + i;
    pos = start;
  }
  return -1;
}

/** The entry `input` becomes when it follows `head` in the chain. */
export function chainEntry(head: AuditAnchor, input: AuditInput): AuditEntry {
  const body: Omit<AuditEntry, 'hash'> = { seq: head.seq + 1, prev: head.hash, at: input.at, actor: input.actor, action: input.action };
  if (input.caseId !== undefined) body.caseId = input.caseId;
  if (input.address !== undefined) body.address = input.address;
  if (input.details !== undefined) body.details = input.details;
  return { ...body, hash: entryHash(body) };
}

export class AuditLog {
  private constructor(
    readonly file: string,
    private readonly fh: FileHandle,
    private size: number,
    private seq: number,
    private prev: string,
  ) {}

  /**
   * Opens (creating) the log in `dataDir`. A last line cut short by a crash was never acknowledged: it is cut off
   * and reported (the journal writes it again). The full chain is not checked here (that is `verify`).
   */
  static async open(dataDir: string): Promise<{ log: AuditLog; problems: StoreProblem[] }> {
    const file = join(dataDir, AUDIT_FILE);
    const problems: StoreProblem[] = [];
    let created = false;
    try {
      await stat(file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      created = true;
    }
    const fh = await open(file, 'a+', FILE_MODE);
    try {
      if (created) await fsyncDir(dataDir);
      let size = (await fh.stat()).size;
      if (size > 0) {
        const last = Buffer.alloc(1);
        await fh.read(last, 0, 1, size - 1);
        if (last[0] !== 0x0a) {
          const cut = (await lastNewlineBefore(fh, size)) + 1;
          await fh.truncate(cut);
          await fh.sync();
          problems.push({ file, message: `Catatan audit terakhir terpotong oleh gangguan (${size - cut} bita, belum pernah dikonfirmasi) dan dibuang.`, severity: 'info' });
          size = cut;
        }
      }
      let seq = 0;
      let prev = GENESIS;
      if (size > 0) {
        const start = (await lastNewlineBefore(fh, size - 1)) + 1;
        const buf = Buffer.alloc(size - 1 - start);
        await fh.read(buf, 0, buf.length, start);
        const text = buf.toString('utf8');
        try {
          const entry = JSON.parse(text) as AuditEntry;
          if (typeof entry.seq !== 'number' || typeof entry.hash !== 'string') throw new Error('bukan catatan audit');
          seq = entry.seq;
          prev = entry.hash;
        } catch {
          // Keep appending on a chain anchored to the damaged line; `verify` will name it.
          for await (const _ of lines(file)) seq++;
          prev = createHash('sha256').update(text).digest('hex');
          problems.push({ file, message: `Catatan audit terakhir (baris ${seq}) rusak; jalankan "alur audit verify".`, severity: 'error' });
        }
      }
      return { log: new AuditLog(file, fh, size, seq, prev), problems };
    } catch (err) {
      await fh.close();
      throw err;
    }
  }

  /** Writes entries that follow the last one (numbered and chained by the caller); synced at the next `sync`. */
  async write(entries: AuditEntry[]): Promise<void> {
    if (!entries.length) return;
    if (entries[0]!.seq !== this.seq + 1 || entries[0]!.prev !== this.prev) {
      throw new Error(`Log audit: catatan ke-${entries[0]!.seq} tidak menyambung ke catatan terakhir (${this.seq}).`);
    }
    const data = Buffer.from(entries.map((e) => JSON.stringify(e) + '\n').join(''), 'utf8');
    try {
      await this.fh.write(data, 0, data.length, null);
    } catch (err) {
      // Leave no half line for the next entry to be glued to.
      await this.fh.truncate(this.size).catch(() => undefined);
      throw err;
    }
    this.size += data.length;
    const last = entries[entries.length - 1]!;
    this.seq = last.seq;
    this.prev = last.hash;
  }

  /** Makes every entry written so far durable (a checkpoint). */
  async sync(): Promise<void> {
    await this.fh.datasync();
  }

  /** The number and hash of the last entry. */
  head(): AuditAnchor {
    return { seq: this.seq, hash: this.prev };
  }

  /** Checks the chain of every entry written so far, without holding up appends. */
  verify(anchor?: AuditAnchor): Promise<AuditVerification> {
    return verifyAuditFile(this.file, this.size, anchor);
  }

  /** Every entry from `fromSeq`, oldest first, in batches. */
  async *entries(fromSeq = 1, batch = 500): AsyncGenerator<AuditEntry[]> {
    let out: AuditEntry[] = [];
    for await (const text of lines(this.file, this.size)) {
      const e = JSON.parse(text) as AuditEntry;
      if (e.seq < fromSeq) continue;
      out.push(e);
      if (out.length >= batch) {
        yield out;
        out = [];
      }
    }
    if (out.length) yield out;
  }

  /** Entries matching `filter`, newest first (reads the file: meant for the audit page, not for every request). */
  async list(filter: AuditFilter = {}): Promise<AuditEntry[]> {
    const limit = filter.limit ?? 200;
    const kept: AuditEntry[] = [];
    for await (const text of lines(this.file, this.size)) {
      let e: AuditEntry;
      try {
        e = JSON.parse(text) as AuditEntry;
      } catch {
        continue;
      }
      if (filter.before !== undefined && e.seq >= filter.before) break;
      if (filter.caseId !== undefined && e.caseId !== filter.caseId) continue;
      if (filter.actor !== undefined && e.actor !== filter.actor) continue;
      if (filter.action !== undefined && e.action !== filter.action) continue;
      kept.push(e);
      if (kept.length > limit) kept.shift();
    }
    return kept.reverse();
  }

  async close(): Promise<void> {
    await this.fh.close();
  }
}
