/** A minimal ustar writer and reader for backups: regular files only, checksums checked on reading. */

const BLOCK = 512;

/** Two zero blocks end an archive. */
export const TAR_END = Buffer.alloc(2 * BLOCK);

function octal(value: number, width: number): string {
  return value.toString(8).padStart(width - 1, '0') + '\0';
}

function splitName(name: string): { prefix: string; name: string } {
  if (Buffer.byteLength(name) <= 100) return { prefix: '', name };
  const cut = name.lastIndexOf('/', name.length - 1);
  const prefix = name.slice(0, cut);
  const rest = name.slice(cut + 1);
  if (cut <= 0 || Buffer.byteLength(prefix) > 155 || Buffer.byteLength(rest) > 100) throw new Error(`Nama berkas terlalu panjang untuk arsip: ${name}`);
  return { prefix, name: rest };
}

function checksum(header: Buffer): number {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : header[i]!;
  return sum;
}

/** The header block of a regular file `name` (a relative path with '/') of `size` bytes. */
export function tarHeader(name: string, size: number, mtime: Date, mode = 0o600): Buffer {
  const h = Buffer.alloc(BLOCK);
  const parts = splitName(name);
  h.write(parts.name, 0, 100, 'utf8');
  h.write(octal(mode, 8), 100, 8, 'ascii');
  h.write(octal(0, 8), 108, 8, 'ascii');
  h.write(octal(0, 8), 116, 8, 'ascii');
  h.write(octal(size, 12), 124, 12, 'ascii');
  h.write(octal(Math.floor(mtime.getTime() / 1000), 12), 136, 12, 'ascii');
  h.write('0', 156, 1, 'ascii');
  h.write('ustar\0', 257, 6, 'ascii');
  h.write('00', 263, 2, 'ascii');
  h.write(parts.prefix, 345, 155, 'utf8');
  h.write(octal(checksum(h), 7) + ' ', 148, 8, 'ascii');
  return h;
}

/** Zero bytes filling a file's content up to a whole block. */
export function tarPadding(size: number): Buffer {
  return Buffer.alloc((BLOCK - (size % BLOCK)) % BLOCK);
}

function field(h: Buffer, start: number, length: number): string {
  const raw = h.subarray(start, start + length);
  const nul = raw.indexOf(0);
  return raw.subarray(0, nul < 0 ? length : nul).toString('utf8');
}

export interface TarEntry {
  name: string;
  data: Buffer;
}

/** Reads the regular files of a tar stream. Throws on a damaged header or a stream that ends too early. */
export async function* readTar(chunks: AsyncIterable<Buffer>): AsyncGenerator<TarEntry> {
  let buffer: Buffer = Buffer.alloc(0);
  const iterator = chunks[Symbol.asyncIterator]();
  let done = false;
  const need = async (n: number): Promise<boolean> => {
    if (buffer.length >= n) return true;
    const parts: Buffer[] = [buffer];
    let length = buffer.length;
    while (length < n && !done) {
      const next = await iterator.next();
      if (next.done) done = true;
      else {
        parts.push(next.value);
        length += next.value.length;
      }
    }
    buffer = Buffer.concat(parts, length);
    return length >= n;
  };
  for (;;) {
    if (!(await need(BLOCK))) throw new Error('Arsip cadangan terpotong (tidak ada penanda akhir).');
    const header = buffer.subarray(0, BLOCK);
    if (header.every((b) => b === 0)) return;
    const stored = parseInt(field(header, 148, 8).trim(), 8);
    if (stored !== checksum(header)) throw new Error('Arsip cadangan rusak (checksum header tidak cocok).');
    const prefix = field(header, 345, 155);
    const name = (prefix ? `${prefix}/` : '') + field(header, 0, 100);
    const size = parseInt(field(header, 124, 12).trim() || '0', 8);
    const type = String.fromCharCode(header[156] || 0x30);
    const total = BLOCK + size + tarPadding(size).length;
    if (!(await need(total))) throw new Error(`Arsip cadangan terpotong di ${name}.`);
    const data = Buffer.from(buffer.subarray(BLOCK, BLOCK + size));
    buffer = buffer.subarray(total);
    if (type === '0') yield { name, data };
  }
}
