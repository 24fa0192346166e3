/**
 * The file store's blobs (attachments): blobs/<aa>/<sha256>, content-addressed, sealed through the codec, each
 * made durable before `put` resolves (a transaction that names a blob commits only after it is on disk).
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { BlobInfo, BlobRepo } from '../../../engine/ports/misc.ts';
import type { DocumentCodec } from '../../../engine/ports/store.ts';
import { ensureDir, fsyncDir, isTempFile, writeFileDurably } from '../durable-file.ts';

export const BLOBS_DIR = 'blobs';
const ID = /^[0-9a-f]{64}$/;

export class FileBlobs implements BlobRepo {
  constructor(
    private readonly dir: string,
    private readonly codec: DocumentCodec,
  ) {}

  private path(id: string): string {
    return join(this.dir, id.slice(0, 2), id);
  }

  async put(data: Uint8Array, now: string): Promise<BlobInfo> {
    const id = createHash('sha256').update(data).digest('hex');
    const existing = await this.info(id);
    if (existing) return existing;
    await ensureDir(join(this.dir, id.slice(0, 2)));
    await writeFileDurably(this.path(id), this.codec.encodeBytes(data, `blob:${id}`));
    return { id, size: data.length, createdAt: now };
  }

  async get(id: string): Promise<Uint8Array | undefined> {
    if (!ID.test(id)) return undefined;
    let raw: Buffer;
    try {
      raw = await readFile(this.path(id));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
    return this.codec.decodeBytes(new Uint8Array(raw), `blob:${id}`);
  }

  async info(id: string): Promise<BlobInfo | undefined> {
    if (!ID.test(id)) return undefined;
    const s = await stat(this.path(id)).catch(() => undefined);
    if (!s) return undefined;
    const data = await this.get(id);
    return data && { id, size: data.length, createdAt: s.mtime.toISOString() };
  }

  async delete(id: string): Promise<boolean> {
    if (!ID.test(id)) return false;
    try {
      await unlink(this.path(id));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw err;
    }
    await fsyncDir(join(this.dir, id.slice(0, 2)));
    return true;
  }

  async *list(): AsyncGenerator<BlobInfo[]> {
    let shards: string[];
    try {
      shards = (await readdir(this.dir)).filter((s) => /^[0-9a-f]{2}$/.test(s)).sort();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw err;
    }
    for (const shard of shards) {
      const out: BlobInfo[] = [];
      for (const name of (await readdir(join(this.dir, shard))).sort()) {
        if (isTempFile(name) || !ID.test(name)) continue;
        const info = await this.info(name);
        if (info) out.push(info);
      }
      if (out.length) yield out;
    }
  }
}
