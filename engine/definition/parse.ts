/** YAML text to a plain object with its source positions kept, refusing the hazards of untrusted YAML. */
import {
  Composer,
  isAlias,
  isCollection,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  Parser,
  type CST,
  type Document,
  type Node,
} from 'yaml';
import { positionAt } from './locate.ts';
import { explainYamlError, unclosedBracket } from './yaml-errors.ts';

/** A problem with its position, before the file name is attached. */
export interface Located {
  line: number;
  column: number;
  path: string;
  message: string;
  hint?: string;
}

export interface ParsedSource {
  doc: Document.Parsed;
  lineCounter: LineCounter;
  /** The decoded text the document was read from. */
  text: string;
  /** The document as plain JSON data (aliases expanded, no shared references). */
  value: Record<string, unknown>;
}

export type ParseOutcome = { ok: true; parsed: ParsedSource } | { ok: false; errors: Located[] };

/** Nesting of mappings and lists allowed; a service needs about ten. */
export const MAX_DEPTH = 64;
/** Nodes allowed once aliases are expanded; the seed service has about two thousand. */
export const MAX_NODES = 50_000;
/** Errors reported from one syntax pass before the rest are summarised. */
const MAX_REPORTED = 20;

const ALLOWED_TAGS = new Set(['str', 'int', 'float', 'bool', 'null', 'map', 'seq'].map((t) => `tag:yaml.org,2002:${t}`));

/** Plain YAML 1.2 core types only: no timestamps, binary, sets; duplicate keys are errors. */
const COMPOSE_OPTIONS = { schema: 'core', version: '1.2', uniqueKeys: true, prettyErrors: false, merge: false, strict: true } as const;

function fail(errors: Located[]): ParseOutcome {
  return { ok: false, errors };
}

/** Tabs before the first character of a line: YAML forbids them as indentation, editors hide them. */
function tabIndents(text: string): Located[] {
  const out: Located[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length && out.length < MAX_REPORTED; i++) {
    const m = /^[ ]*\t[ \t]*/.exec(lines[i]);
    if (!m) continue;
    const rest = lines[i].slice(m[0].length).trim();
    if (rest === '' || rest.startsWith('#')) continue;
    out.push({
      line: i + 1,
      column: m[0].indexOf('\t') + 1,
      path: '',
      message: 'Tab dipakai untuk indentasi; YAML hanya menerima spasi di awal baris.',
      hint: 'Ganti tab di awal baris dengan spasi (atur penyunting teks agar tombol Tab menulis spasi).',
    });
  }
  return out;
}

/** Offset of the first collection nested deeper than MAX_DEPTH in the syntax tree (walked without recursion). */
function tooDeep(tokens: CST.Token[]): number | undefined {
  const stack: Array<[CST.Token, number]> = tokens.map((t) => [t, 0]);
  while (stack.length) {
    const [token, depth] = stack.pop()!;
    if (token.type === 'document') {
      if (token.value) stack.push([token.value, depth]);
    } else if (token.type === 'block-map' || token.type === 'block-seq' || token.type === 'flow-collection') {
      const d = depth + 1;
      if (d > MAX_DEPTH) return token.offset;
      for (const item of token.items as CST.CollectionItem[]) {
        if (item.key) stack.push([item.key, d]);
        if (item.value) stack.push([item.value, d]);
      }
    }
  }
  return undefined;
}

function tagName(tag: string): string {
  return tag.startsWith('tag:yaml.org,2002:') ? `!!${tag.slice('tag:yaml.org,2002:'.length)}` : tag;
}

/**
 * Walks the composed document with aliases expanded (without recursion) and reports what cannot become
 * plain data safely: unknown tags, non-text keys, infinite numbers, alias cycles, alias bombs, deep nesting.
 */
function unsafeContent(doc: Document.Parsed, lineCounter: LineCounter): Located[] {
  const out: Located[] = [];
  const at = (offset: number) => positionAt(lineCounter, offset);
  const report = (offset: number, message: string, hint?: string) => out.push({ ...at(offset), path: '', message, hint });
  type Frame = { node: unknown; depth: number; alias?: number; exit?: boolean };
  const stack: Frame[] = [{ node: doc.contents, depth: 0 }];
  const onPath = new Set<unknown>();
  let count = 0;
  while (stack.length && out.length < MAX_REPORTED) {
    const frame = stack.pop()!;
    const { node, depth } = frame;
    if (frame.exit) {
      onPath.delete(node);
      continue;
    }
    if (node === null || node === undefined) continue;
    if (++count > MAX_NODES) {
      report(
        frame.alias ?? 0,
        'Isi berkas terlalu besar setelah alias (*nama) diuraikan: ini ciri "bom alias".',
        'Tulis isinya secara langsung, atau kurangi pemakaian alias (*nama) yang merujuk ke bagian yang juga berisi alias.',
      );
      break;
    }
    if (isAlias(node)) {
      const offset = node.range?.[0] ?? 0;
      const target = node.resolve(doc);
      if (!target) {
        report(offset, `Alias *${node.source} merujuk ke anchor &${node.source} yang belum ditulis sebelumnya.`, 'Tulis anchor (&nama) sebelum alias (*nama) yang memakainya, atau tulis nilainya secara langsung.');
      } else if (onPath.has(target)) {
        report(offset, `Alias *${node.source} merujuk ke bagian yang memuat alias itu sendiri (berputar tanpa akhir).`, 'Hapus alias ini dan tulis nilainya secara langsung.');
      } else {
        stack.push({ node: target, depth, alias: frame.alias ?? offset });
      }
      continue;
    }
    const n = node as Node;
    const offset = n.range?.[0] ?? 0;
    if (n.tag && !ALLOWED_TAGS.has(n.tag)) {
      report(offset, `Tag YAML ${tagName(n.tag)} tidak didukung dalam definisi layanan.`, 'Hapus tag (!...) dan tulis nilainya sebagai teks, angka, true/false, daftar atau pemetaan biasa.');
      continue;
    }
    if (isScalar(n)) {
      if (typeof n.value === 'number' && !Number.isFinite(n.value)) {
        report(offset, 'Angka tak hingga atau bukan-angka (.inf, .nan) tidak dapat dipakai.', 'Tulis angka biasa, atau tulis teksnya di antara tanda kutip.');
      }
      continue;
    }
    if (isCollection(n)) {
      const d = depth + 1;
      if (d > MAX_DEPTH) {
        report(frame.alias ?? offset, `Bagian ini bertingkat lebih dari ${MAX_DEPTH} lapis.`, 'Definisi layanan tidak memerlukan tingkatan sedalam ini; periksa alias (*nama) dan tanda [ { yang tidak ditutup.');
        continue;
      }
      onPath.add(n);
      stack.push({ node: n, depth, exit: true });
      if (isMap(n)) {
        for (const pair of n.items) {
          if (!isPair(pair)) continue;
          const key = pair.key;
          if (!isScalar(key) || key.value === null || typeof key.value === 'object') {
            const keyOffset = (key as Node | null)?.range?.[0] ?? offset;
            report(keyOffset, 'Kunci harus berupa teks biasa.', 'Tulis kunci sebagai kata, misalnya `label:`; jangan memakai ? [..] atau kunci kosong.');
            continue;
          }
          stack.push({ node: pair.value, depth: d, alias: frame.alias });
        }
      } else if (isSeq(n)) {
        for (const item of n.items) stack.push({ node: item, depth: d, alias: frame.alias });
      }
    }
  }
  return out;
}

/** The offset just after the last written character before `offset`, skipping blank lines and comments. */
function endOfContentBefore(text: string, offset: number): number {
  let end = Math.min(offset, text.length);
  while (end > 0) {
    const start = text.lastIndexOf('\n', end - 1) + 1;
    const content = text.slice(start, end).replace(/(^|\s)#.*$/, '').trimEnd();
    if (content.trim()) return start + content.length;
    end = start - 1;
  }
  return offset;
}

/** Parses the text of one definition; never throws for any input text. */
export function parseYaml(text: string): ParseOutcome {
  const tabs = tabIndents(text);
  if (tabs.length) return fail(tabs);

  const lineCounter = new LineCounter();
  const at = (offset: number) => positionAt(lineCounter, offset);
  const tokens = Array.from(new Parser(lineCounter.addNewLine).parse(text));

  const deep = tooDeep(tokens);
  if (deep !== undefined) {
    return fail([
      {
        ...at(deep),
        path: '',
        message: `Bagian ini bertingkat lebih dari ${MAX_DEPTH} lapis; berkas tidak dibaca lebih lanjut.`,
        hint: 'Periksa tanda [ atau { yang tidak ditutup, dan indentasi yang terus bertambah.',
      },
    ]);
  }

  const docs = Array.from(new Composer(COMPOSE_OPTIONS).compose(tokens)) as Document.Parsed[];
  const syntax: Located[] = [];
  for (const doc of docs) {
    for (const e of [...doc.errors, ...doc.warnings]) {
      const { message, hint } = explainYamlError(e.code, e.message);
      // An unclosed [ or { is noticed lines later (after comments and blank lines): point where it should close.
      const offset = unclosedBracket(e.message) ? endOfContentBefore(text, e.pos[0]) : e.pos[0];
      syntax.push({ ...at(offset), path: '', message, hint });
    }
  }
  if (syntax.length) {
    const seen = new Set<string>();
    const unique = syntax.filter((e) => {
      const k = `${e.line}:${e.column}:${e.message}`;
      return seen.has(k) ? false : (seen.add(k), true);
    });
    unique.sort((a, b) => a.line - b.line || a.column - b.column);
    const shown = unique.slice(0, MAX_REPORTED);
    if (unique.length > shown.length) {
      const last = shown[shown.length - 1];
      shown.push({ ...last, message: `… dan ${unique.length - shown.length} kesalahan penulisan lain sesudah ini.`, hint: 'Perbaiki kesalahan di atas terlebih dahulu, lalu periksa lagi.' });
    }
    return fail(shown);
  }

  if (docs.length === 0 || (docs.length === 1 && docs[0].contents === null)) {
    return fail([
      {
        line: 1,
        column: 1,
        path: '',
        message: 'Berkas kosong: tidak ada definisi layanan di dalamnya.',
        hint: 'Mulailah dari contoh workflows/respon-kasus-anak.yaml: id, title, service, steps, dan seterusnya.',
      },
    ]);
  }
  if (docs.length > 1) {
    return fail([
      {
        ...at(docs[1].range[0]),
        path: '',
        message: `Berkas berisi ${docs.length} dokumen YAML (dipisah baris ---); satu berkas hanya untuk satu layanan.`,
        hint: 'Hapus baris --- beserta isinya di bawahnya, atau pindahkan layanan lain ke berkasnya sendiri.',
      },
    ]);
  }
  const doc = docs[0];
  const root = doc.contents as Node;
  if (!isMap(root)) {
    const kind = isSeq(root) ? 'sebuah daftar (baris diawali -)' : isAlias(root) ? 'sebuah alias' : 'sebuah teks';
    return fail([
      {
        ...at(root.range?.[0] ?? 0),
        path: '',
        message: `Isi berkas adalah ${kind}; definisi layanan harus berupa pasangan kunci: nilai (id:, title:, steps: …).`,
        hint: 'Tulis bagian-bagian layanan di awal baris tanpa indentasi, misalnya `id: respon-kasus-anak`.',
      },
    ]);
  }

  const unsafe = unsafeContent(doc, lineCounter);
  if (unsafe.length) return fail(unsafe);

  let value: Record<string, unknown>;
  try {
    const js = doc.toJS({ maxAliasCount: 1000 });
    value = JSON.parse(JSON.stringify(js)) as Record<string, unknown>;
  } catch (err) {
    const reason = err instanceof Error ? err.message.split('\n')[0] : String(err);
    return fail([
      {
        ...at(root.range?.[0] ?? 0),
        path: '',
        message: `Isi berkas tidak dapat diubah menjadi data (YAML: ${reason}).`,
        hint: 'Periksa alias (*nama) dan anchor (&nama); tulis nilainya secara langsung bila ragu.',
      },
    ]);
  }
  return { ok: true, parsed: { doc, lineCounter, text, value } };
}
