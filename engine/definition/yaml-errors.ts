/** The yaml library's syntax errors and warnings, told in plain Indonesian with what to do. */
import type { ErrorCode } from 'yaml';

interface Explanation {
  message: string;
  hint?: string;
}

const QUOTE_HINT = 'Teks yang memuat titik dua diikuti spasi (": "), tanda pagar (#), atau diawali [ { * & ! | > \' " % @ ` tulis di antara tanda kutip, misalnya label: "Jam: 08.00".';

const EXPLAIN: Record<ErrorCode, Explanation> = {
  ALIAS_PROPS: { message: 'Alias (*nama) tidak boleh diberi anchor (&) atau tag (!).' },
  BAD_ALIAS: { message: 'Alias (*nama) ini tidak sah.', hint: 'Nama alias harus sama dengan anchor (&nama) yang ditulis sebelumnya.' },
  BAD_DIRECTIVE: { message: 'Direktif YAML (baris yang diawali %) tidak dikenal.', hint: 'Hapus baris yang diawali %.' },
  BAD_DQ_ESCAPE: {
    message: 'Teks dalam tanda kutip ganda memuat garis miring terbalik (\\) yang tidak sah.',
    hint: 'Gunakan tanda kutip tunggal \'...\', atau tulis \\\\ untuk satu garis miring terbalik.',
  },
  BAD_INDENT: {
    message: 'Indentasi (jumlah spasi di awal baris) tidak sesuai dengan baris-baris di sekitarnya.',
    hint: 'Samakan jumlah spasi dengan baris lain pada tingkat yang sama; gunakan spasi, bukan tab.',
  },
  BAD_PROP_ORDER: { message: 'Anchor (&) atau tag (!) harus ditulis sebelum nilainya.' },
  BAD_SCALAR_START: { message: 'Nilai tidak boleh diawali karakter ini.', hint: QUOTE_HINT },
  BLOCK_AS_IMPLICIT_KEY: {
    message: 'Sebuah blok dipakai sebagai kunci.',
    hint: 'Periksa titik dua (:) dan indentasi pada baris ini dan baris sebelumnya.',
  },
  BLOCK_IN_FLOW: {
    message: 'Blok bertingkat tidak boleh ditulis di dalam [ ] atau { }.',
    hint: 'Tulis isi [ ] atau { } dalam satu baris, atau ubah menjadi daftar dengan tanda -.',
  },
  DUPLICATE_KEY: {
    message: 'Kunci ini sudah ditulis sebelumnya di bagian yang sama.',
    hint: 'Setiap kunci hanya boleh muncul sekali per bagian: hapus salah satu atau gabungkan isinya.',
  },
  IMPOSSIBLE: { message: 'Struktur YAML pada posisi ini tidak dapat dibaca.' },
  KEY_OVER_1024_CHARS: { message: 'Kunci lebih panjang dari 1024 karakter.', hint: 'Periksa titik dua (:) yang hilang di baris sebelumnya.' },
  MISSING_CHAR: {
    message: 'Tanda penutup tidak ditemukan (misalnya ], } atau tanda kutip).',
    hint: 'Pastikan setiap [ ditutup ], setiap { ditutup }, dan setiap tanda kutip ditutup.',
  },
  MULTILINE_IMPLICIT_KEY: {
    message: 'Kunci ditulis lebih dari satu baris, atau titik dua (:) berada di tempat yang tidak diharapkan.',
    hint: QUOTE_HINT,
  },
  MULTIPLE_ANCHORS: { message: 'Satu nilai diberi lebih dari satu anchor (&).' },
  MULTIPLE_DOCS: { message: 'Berkas berisi lebih dari satu dokumen YAML.', hint: 'Satu berkas hanya untuk satu layanan: hapus baris --- tambahan.' },
  MULTIPLE_TAGS: { message: 'Satu nilai diberi lebih dari satu tag (!).' },
  NON_STRING_KEY: { message: 'Kunci harus berupa teks.' },
  RESOURCE_EXHAUSTION: {
    message: 'Struktur berkas terlalu dalam atau terlalu besar untuk dibaca.',
    hint: 'Definisi layanan tidak memerlukan tingkatan sedalam ini; periksa tanda [ { yang tidak ditutup.',
  },
  TAB_AS_INDENT: { message: 'Tab dipakai untuk indentasi; YAML hanya menerima spasi.', hint: 'Ganti setiap tab di awal baris dengan spasi.' },
  TAG_RESOLVE_FAILED: { message: 'Tag YAML (!...) ini tidak dikenal.', hint: 'Hapus tag; tulis nilainya saja.' },
  UNEXPECTED_TOKEN: { message: 'Ada karakter yang tidak diharapkan di posisi ini.', hint: QUOTE_HINT },
  BAD_COLLECTION_TYPE: { message: 'Jenis bagian ini tidak sesuai dengan tag yang diberikan.' },
};

/** "Flow map … must … end with a }": a bracket opened and never closed, whatever the code says. */
export function unclosedBracket(original: string): '}' | ']' | undefined {
  const closing = /^Flow (?:sequence|map)\b.*end with an? ([\]}])/.exec(original)?.[1];
  return closing as '}' | ']' | undefined;
}

/** The library's syntax error (code and English text) told in Indonesian only, with what to do. */
export function explainYamlError(code: ErrorCode, original: string): Explanation {
  const closing = unclosedBracket(original);
  if (closing) {
    const list = closing === ']';
    return {
      message: `${list ? 'Daftar' : 'Pemetaan'} yang dibuka dengan ${list ? '[' : '{'} tidak ditutup: tanda ${closing} penutup tidak ada.`,
      hint: list
        ? 'Tulis ] di akhir baris ini; isi [ ] ditulis dalam satu baris. Untuk daftar yang panjang, tulis satu butir per baris dengan tanda - di depannya.'
        : 'Tulis } di akhir baris ini; isi { } ditulis dalam satu baris. Atau tulis satu `kunci: nilai` per baris tanpa { }.',
    };
  }
  return EXPLAIN[code] ?? { message: 'Kesalahan penulisan YAML.', hint: QUOTE_HINT };
}
