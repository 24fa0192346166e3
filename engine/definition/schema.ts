/** Checks the shape of a definition against workflows/schema.json (AJV) and explains each failure in Indonesian. */
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import formatsPlugin, { type FormatsPlugin } from 'ajv-formats';
import schema from '../../workflows/schema.json' with { type: 'json' };
import type { PathSegment, Problem } from './errors.ts';
import { closest, didYouMean, listNames } from './suggest.ts';

type SchemaNode = Record<string, unknown> & {
  properties?: Record<string, SchemaNode>;
  description?: string;
  $ref?: string;
  'x-hint'?: string;
};

let validator: ValidateFunction | undefined;
let officeValidator: ValidateFunction | undefined;

/** The compiled schema (compiled once, on first use); `office`: the office file's ($defs/office). */
function validate(which: 'workflow' | 'office' = 'workflow'): ValidateFunction {
  if (!validator) {
    const ajv = new Ajv2020({ allErrors: true, verbose: true, strict: true, strictRequired: false, allowUnionTypes: true });
    // ajv-formats is CommonJS: under NodeNext its default export is the module object, the plugin is `.default`.
    const addFormats = (formatsPlugin as unknown as { default: FormatsPlugin }).default;
    addFormats(ajv, ['date', 'email']);
    ajv.addKeyword({ keyword: 'x-hint', schemaType: 'string' });
    validator = ajv.compile(schema);
    officeValidator = ajv.getSchema(`${schema.$id}#/$defs/office`);
  }
  return which === 'office' ? officeValidator! : validator;
}

/** The JSON Schema itself, for editors and the browser (read-only). */
export const workflowSchema: Readonly<Record<string, unknown>> = schema;

function resolveRef(node: SchemaNode | undefined): SchemaNode | undefined {
  if (!node?.$ref) return node;
  const name = node.$ref.replace('#/$defs/', '');
  const defs = (schema as unknown as { $defs: Record<string, SchemaNode> }).$defs;
  return { ...defs[name], ...node };
}

/** First sentence of a schema description, for hints. */
function firstSentence(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const m = /^(.+?[.!?])(\s|$)/.exec(text);
  return m ? m[1] : text;
}

/** JSON pointer `/steps/3/role` to segments, numbers where the data is a list. */
function segmentsOf(pointer: string, root: unknown): PathSegment[] {
  if (!pointer) return [];
  const out: PathSegment[] = [];
  let cur: unknown = root;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(cur)) {
      const i = Number(key);
      out.push(i);
      cur = cur[i];
    } else {
      out.push(key);
      cur = cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[key] : undefined;
    }
  }
  return out;
}

const TYPE_WORDS: Record<string, string> = {
  string: 'teks',
  number: 'angka',
  integer: 'bilangan bulat',
  boolean: 'true atau false',
  array: 'daftar',
  object: 'pasangan kunci: nilai',
  null: 'kosong',
};

/** "teks \"abc\"", "angka 12", "daftar", … for the value actually found. */
function describeValue(data: unknown): string {
  if (data === null || data === undefined) return 'kosong';
  if (typeof data === 'string') return `teks "${data.length > 40 ? `${data.slice(0, 40)}…` : data}"`;
  if (typeof data === 'number') return `angka ${data}`;
  if (typeof data === 'boolean') return String(data);
  if (Array.isArray(data)) return 'daftar';
  return 'pasangan kunci: nilai';
}

function shown(data: unknown): string {
  const s = typeof data === 'string' ? data : JSON.stringify(data);
  return s.length > 60 ? `${s.slice(0, 60)}…` : s;
}

const CONDITION_KEYS = ['all', 'any', 'not', 'fact', 'operator', 'value', 'path'];

/** The source text of the scalar at a path, when the caller has it. */
export type SourceOf = (path: PathSegment[]) => string | undefined;

/** One AJV error as a located problem, or undefined when it only repeats another (if/then wrappers). */
function explain(e: ErrorObject, root: unknown, sourceOf: SourceOf): Problem | undefined {
  const at = segmentsOf(e.instancePath, root);
  const parent = (e.parentSchema ?? {}) as SchemaNode;
  const hint = parent['x-hint'];
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'if':
    case 'propertyNames':
      return undefined;
    case 'required': {
      const missing = String(params.missingProperty);
      const about = firstSentence(resolveRef(parent.properties?.[missing])?.description);
      return {
        path: [...at, missing],
        message: `Bagian \`${missing}\` wajib ada di sini tetapi belum ditulis.`,
        hint: about ? `Tambahkan \`${missing}:\`. ${about}` : `Tambahkan \`${missing}:\` beserta nilainya.`,
      };
    }
    case 'additionalProperties': {
      const extra = String(params.additionalProperty);
      const allowed = Object.keys(parent.properties ?? {});
      const single = allowed.length === 1 && ['all', 'any', 'not'].includes(allowed[0]);
      if (single) {
        return {
          path: [...at, extra],
          at: 'key',
          message: `Satu syarat hanya memuat satu dari all, any, not atau fact/operator/value; \`${extra}\` tidak boleh berdampingan dengan \`${allowed[0]}\`.`,
          hint: 'Gabungkan beberapa syarat di dalam satu daftar, misalnya all: [ { fact: …, operator: …, value: … }, { any: [ … ] } ].',
        };
      }
      if (extra === '<<') {
        return {
          path: [...at, extra],
          at: 'key',
          message: 'Penggabungan `<<: *nama` tidak didukung dalam definisi layanan.',
          hint: 'Tulis kunci-kuncinya secara langsung di bagian ini.',
        };
      }
      const known = allowed.includes('fact') ? CONDITION_KEYS : allowed;
      // `{ label: Media sosial (Facebook, Instagram) }`: the comma ended the text, the rest became keys.
      const stray = (e.data as Record<string, unknown> | null)?.[extra] === null && !closest(extra, known);
      return {
        path: [...at, extra],
        at: 'key',
        message: `Kunci \`${extra}\` tidak dikenal di bagian ini.`,
        hint: stray
          ? `Bila \`${extra}\` adalah lanjutan teks yang memuat koma di dalam { }, tulis seluruh teks di antara tanda kutip, misalnya label: "Media sosial (Facebook, Instagram)". Kunci yang boleh: ${listNames(known, 20)}.`
          : `${didYouMean(extra, known)}Kunci yang boleh: ${listNames(known, 20)}.`,
      };
    }
    case 'type': {
      const expected = String(params.type)
        .split(',')
        .map((t) => TYPE_WORDS[t] ?? t)
        .join(' atau ');
      let fix = hint ?? firstSentence(parent.description);
      if (e.data === null) fix = 'Bagian ini kosong: tulis nilainya sesudah titik dua, atau hapus kuncinya.';
      else if (String(params.type).includes('string') && (typeof e.data === 'number' || typeof e.data === 'boolean')) {
        const written = sourceOf(at) ?? String(e.data);
        fix = `Tulis di antara tanda kutip agar dibaca sebagai teks, persis seperti tertulis: "${written}".`;
      } else if (String(params.type) === 'array' && !Array.isArray(e.data)) {
        fix = 'Tulis sebagai daftar: [a, b] dalam satu baris, atau baris-baris yang diawali "- ".';
      }
      return { path: at, message: `Harus berupa ${expected}, bukan ${describeValue(e.data)}.`, hint: fix };
    }
    case 'enum': {
      const options = (params.allowedValues as unknown[]).map(String);
      return {
        path: at,
        message: `Nilai \`${shown(e.data)}\` tidak dikenal di sini.`,
        hint: `${typeof e.data === 'string' ? didYouMean(e.data, options) : ''}Pilihan: ${listNames(options, 20)}.`,
      };
    }
    case 'pattern':
      if (e.propertyName !== undefined) {
        return { path: [...at, e.propertyName], at: 'key', message: `Kode \`${e.propertyName}\` tidak sah.`, hint };
      }
      return { path: at, message: `Nilai \`${shown(e.data)}\` tidak sesuai bentuk yang diminta.`, hint: hint ?? `Bentuk yang diminta: ${String(params.pattern)}` };
    case 'format': {
      const what = params.format === 'date' ? 'Tanggal' : params.format === 'email' ? 'Alamat surel' : 'Nilai';
      return { path: at, message: `${what} \`${shown(e.data)}\` tidak sah.`, hint };
    }
    case 'minItems':
      return {
        path: at,
        message: Number(params.limit) === 1 ? 'Daftar ini tidak boleh kosong.' : `Daftar ini harus berisi paling sedikit ${String(params.limit)} butir.`,
        hint: firstSentence(parent.description),
      };
    case 'maxItems':
      return { path: at, message: `Daftar ini paling banyak berisi ${String(params.limit)} butir.`, hint: firstSentence(parent.description) };
    case 'minLength':
      return {
        path: at,
        message: Number(params.limit) === 1 ? 'Nilai ini tidak boleh kosong.' : `Nilai ini paling sedikit ${String(params.limit)} karakter.`,
        hint: firstSentence(parent.description),
      };
    case 'minProperties':
      return { path: at, message: 'Bagian ini tidak boleh kosong.', hint: firstSentence(parent.description) };
    case 'minimum':
    case 'maximum':
      return {
        path: at,
        message: `Nilai ${shown(e.data)} ${e.keyword === 'minimum' ? 'terlalu kecil; paling kecil' : 'terlalu besar; paling besar'} ${String(params.limit)}.`,
        hint: firstSentence(parent.description),
      };
    case 'uniqueItems': {
      const [i, j] = [Number(params.i), Number(params.j)].sort((a, b) => a - b);
      return {
        path: [...at, j],
        message: `Butir ke-${j + 1} sama dengan butir ke-${i + 1}; setiap butir cukup ditulis sekali.`,
        hint: 'Hapus butir yang berulang.',
      };
    }
    default:
      return { path: at, message: `Tidak sesuai aturan (${e.keyword}): ${e.message ?? ''}`.trim(), hint };
  }
}

/** Problems in the shape of the data (types, required and unknown keys, formats); empty when it conforms. */
export function checkSchema(value: unknown, sourceOf: SourceOf = () => undefined, which: 'workflow' | 'office' = 'workflow'): Problem[] {
  const check = validate(which);
  if (check(value)) return [];
  const problems: Problem[] = [];
  const errors = check.errors ?? [];
  // A misspelt key (`operater`) also makes the real one (`operator`) missing: report only the typo.
  const typoFor = new Set<string>();
  for (const e of errors) {
    if (e.keyword !== 'additionalProperties') continue;
    const parent = (e.parentSchema ?? {}) as SchemaNode;
    const known = Object.keys(parent.properties ?? {});
    const near = closest(String((e.params as Record<string, unknown>).additionalProperty), known.includes('fact') ? CONDITION_KEYS : known);
    if (near) typoFor.add(`${e.instancePath}\u0000${near}`);
  }
  const seen = new Set<string>();
  for (const e of errors) {
    if (e.keyword === 'required' && typoFor.has(`${e.instancePath}\u0000${String((e.params as Record<string, unknown>).missingProperty)}`)) continue;
    const p = explain(e, value, sourceOf);
    if (!p) continue;
    const key = `${p.path.join('/')}\u0000${p.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push(p);
  }
  return problems;
}
