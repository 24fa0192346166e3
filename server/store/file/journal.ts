/**
 * The file store's journal (journal.jsonl): every transaction is one line, written and fsync'd before it is
 * acknowledged, many transactions sharing one fsync when they arrive together (group commit). The case files,
 * the audit log and the other files are written from it afterwards without waiting for the disk; after a crash
 * the journal is replayed over them, so a transaction is either wholly there or not at all. A checkpoint makes
 * those files durable and empties the journal.
 */
import { createHash } from 'node:crypto';
import { open, readFile, type FileHandle } from 'node:fs/promises';
import { FILE_MODE, fsyncDir } from '../durable-file.ts';
import type { DocumentCodec } from '../../../engine/ports/store.ts';
import { dirname } from 'node:path';

export const JOURNAL_FILE = 'journal.jsonl';

/** One transaction as journalled: its number and its writes (see ops.ts). */
export interface JournalRecord<Op> {
  n: number;
  ops: Op[];
}

const sum = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16);

export class Journal<Op> {
  private constructor(
    readonly file: string,
    private readonly fh: FileHandle,
    private readonly codec: DocumentCodec,
    private bytes: number,
  ) {}

  /**
   * Opens (creating) the journal and reads what it holds. A last line cut short by a crash was never
   * acknowledged: it is dropped. A damaged line before the end is a problem the caller reports.
   */
  static async open<Op>(file: string, codec: DocumentCodec): Promise<{ journal: Journal<Op>; records: Array<JournalRecord<Op>>; damaged?: number }> {
    let text = '';
    let created = false;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      created = true;
    }
    const records: Array<JournalRecord<Op>> = [];
    // Complete lines end with "\n"; what follows the last one was cut short by a crash.
    const lines = text.split('\n').slice(0, -1);
    let good = 0;
    let damaged: number | undefined;
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      try {
        const rec = JSON.parse(line) as { n: number; c: string; p: string };
        if (typeof rec.p !== 'string' || sum(rec.p) !== rec.c) throw new Error('checksum');
        records.push({ n: rec.n, ops: codec.decode(rec.p, 'journal') as Op[] });
        good += Buffer.byteLength(line, 'utf8') + 1;
      } catch {
        // The last line may be a write cut short before its fsync (never acknowledged); any other is damage.
        if (i < lines.length - 1) damaged = i + 1;
        break;
      }
    }
    const fh = await open(file, 'a+', FILE_MODE);
    if (created) await fsyncDir(dirname(file));
    const size = (await fh.stat()).size;
    if (size !== good && damaged === undefined) {
      // A torn last line: cut it so the next record starts on a line of its own.
      await fh.truncate(good);
      await fh.datasync();
    }
    return { journal: new Journal<Op>(file, fh, codec, damaged === undefined ? good : size), records, damaged };
  }

  /** Bytes held (a checkpoint empties it). */
  get size(): number {
    return this.bytes;
  }

  /** Appends these records and makes them durable with one fsync. */
  async write(records: Array<JournalRecord<Op>>): Promise<void> {
    const text = records
      .map((r) => {
        const p = this.codec.encode(r.ops, 'journal');
        return `${JSON.stringify({ n: r.n, c: sum(p), p })}\n`;
      })
      .join('');
    const data = Buffer.from(text, 'utf8');
    try {
      await this.fh.write(data, 0, data.length, null);
      await this.fh.datasync();
    } catch (err) {
      await this.fh.truncate(this.bytes).catch(() => undefined);
      throw err;
    }
    this.bytes += data.length;
  }

  /** Empties the journal once everything it held is durable elsewhere. */
  async reset(): Promise<void> {
    await this.fh.truncate(0);
    await this.fh.datasync();
    this.bytes = 0;
  }

  close(): Promise<void> {
    return this.fh.close();
  }
}
