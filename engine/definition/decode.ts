/** Raw file contents to text: size limit, UTF-8 only (strictly decoded), byte-order mark removed. */

/** Definitions larger than this are refused before any parsing (a service standard is a few dozen KiB). */
export const MAX_BYTES = 512 * 1024;

export interface DecodeFailure {
  line: number;
  column: number;
  message: string;
  hint?: string;
}

export type Decoded = { ok: true; text: string } | { ok: false; error: DecodeFailure };

const KIB = 1024;

function tooLarge(bytes: number): Decoded {
  return {
    ok: false,
    error: {
      line: 1,
      column: 1,
      message: `Berkas terlalu besar (${Math.ceil(bytes / KIB)} KiB); batasnya ${MAX_BYTES / KIB} KiB untuk satu layanan.`,
      hint: 'Periksa apakah berkas yang dipilih benar berkas definisi layanan (YAML), bukan lampiran atau hasil ekspor.',
    },
  };
}

/** Length in bytes of the sequence starting with `lead`, or 0 when `lead` cannot start one. */
function sequenceLength(lead: number): number {
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

/** Offset of the first byte that is not part of well-formed UTF-8 (RFC 3629), or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i];
    const n = sequenceLength(lead);
    if (n === 0 || i + n > bytes.length) return i;
    for (let k = 1; k < n; k++) {
      const b = bytes[i + k];
      let lo = 0x80;
      let hi = 0xbf;
      if (k === 1) {
        if (lead === 0xe0) lo = 0xa0; // no overlong three-byte forms
        if (lead === 0xed) hi = 0x9f; // no surrogates
        if (lead === 0xf0) lo = 0x90; // no overlong four-byte forms
        if (lead === 0xf4) hi = 0x8f; // nothing above U+10FFFF
      }
      if (b < lo || b > hi) return i;
    }
    i += n;
  }
  return -1;
}

/** Line and column (1-based, in characters) of a byte offset in valid UTF-8 text preceding it. */
function positionOf(bytes: Uint8Array, offset: number): { line: number; column: number } {
  const before = new TextDecoder('utf-8').decode(bytes.subarray(0, offset));
  const lines = before.split('\n');
  return { line: lines.length, column: [...lines[lines.length - 1]].length + 1 };
}

/** Decodes the contents of a definition file; a string is taken as already decoded. */
export function decodeSource(source: string | Uint8Array): Decoded {
  if (typeof source === 'string') {
    // A UTF-16 string of n code units never needs more than 3n bytes: measure only when it might be too large.
    if (source.length > MAX_BYTES || source.length * 3 > MAX_BYTES) {
      const bytes = new TextEncoder().encode(source).length;
      if (bytes > MAX_BYTES) return tooLarge(bytes);
    }
    return checkText(source.charCodeAt(0) === 0xfeff ? source.slice(1) : source);
  }
  if (source.length > MAX_BYTES) return tooLarge(source.length);
  if ((source[0] === 0xff && source[1] === 0xfe) || (source[0] === 0xfe && source[1] === 0xff)) {
    return {
      ok: false,
      error: {
        line: 1,
        column: 1,
        message: 'Berkas disimpan dengan pengodean UTF-16; alur hanya membaca UTF-8.',
        hint: 'Buka berkas di penyunting teks lalu simpan ulang dengan pengodean "UTF-8".',
      },
    };
  }
  const bad = firstInvalidUtf8(source);
  if (bad >= 0) {
    const at = positionOf(source, bad);
    return {
      ok: false,
      error: {
        ...at,
        message: `Berkas bukan teks UTF-8: byte 0x${source[bad].toString(16).padStart(2, '0').toUpperCase()} pada posisi ini tidak dapat dibaca.`,
        hint: 'Simpan ulang berkas dengan pengodean "UTF-8" (misalnya dari Notepad: Simpan Sebagai, Pengodean UTF-8), lalu periksa huruf di sekitar posisi ini.',
      },
    };
  }
  // fatal: true throws on anything the scan above let through; ignoreBOM false drops a leading BOM.
  const text = new TextDecoder('utf-8', { fatal: true }).decode(source);
  return checkText(text);
}

/** Text that decoded fine but is not a text file (NUL characters betray binary content). */
function checkText(text: string): Decoded {
  const nul = text.indexOf('\u0000');
  if (nul >= 0) {
    const lines = text.slice(0, nul).split('\n');
    return {
      ok: false,
      error: {
        line: lines.length,
        column: [...lines[lines.length - 1]].length + 1,
        message: 'Berkas berisi karakter NUL: ini bukan berkas teks YAML.',
        hint: 'Pilih berkas .yaml yang disunting dengan penyunting teks biasa.',
      },
    };
  }
  return { ok: true, text };
}
