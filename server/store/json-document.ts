/** A small JSON file kept in memory and rewritten durably through lowdb on each change, one change at a time. */
import { Low } from 'lowdb';
import { DurableJsonFile } from './durable-file.ts';
import { KeyedQueue } from './queue.ts';

export class JsonDocument<T> {
  private readonly queue = new KeyedQueue();

  private constructor(private readonly db: Low<T>) {}

  /** Reads `file` (or starts from `empty` when it does not exist). A file that is not JSON throws CorruptFileError. */
  static async open<T>(file: string, empty: T): Promise<JsonDocument<T>> {
    const db = new Low<T>(new DurableJsonFile<T>(file, { indent: 2 }), empty);
    await db.read();
    return new JsonDocument(db);
  }

  /** The current content. Treat as read-only: change it through `change`. */
  get data(): T {
    return this.db.data;
  }

  /**
   * Applies `mutate` to a copy of the content and writes it; the new content is visible only once it is
   * durable, and a failed write leaves the old content in place. Returns what `mutate` returns.
   */
  change<R>(mutate: (draft: T) => R): Promise<R> {
    return this.queue.run('doc', async () => {
      const draft = structuredClone(this.db.data);
      const result = mutate(draft);
      // Low.write() would write db.data, making the draft visible before it is durable: write it first.
      await this.db.adapter.write(draft);
      this.db.data = draft;
      return result;
    });
  }

  /** Waits for changes in progress. */
  idle(): Promise<void> {
    return this.queue.idle();
  }
}

/** Sets an own property even for keys like "__proto__", so a stored name can never reach an object's prototype. */
export function setOwn<T>(record: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
}

/** The record's own value for `key` (never something inherited, like "constructor"). */
export function getOwn<T>(record: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
