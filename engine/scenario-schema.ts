/**
 * Checking a scenario file's text (*.scenarios.yaml) against workflows/scenarios.schema.json: every problem at its
 * line and column, with the path in the file and what to write, in Indonesian (as the service files are checked).
 */
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import schema from '../workflows/scenarios.schema.json' with { type: 'json' };
import { decodeSource } from './definition/decode.ts';
import { byPosition, formatPath, type DefinitionError, type PathSegment } from './definition/errors.ts';
import { locate } from './definition/locate.ts';
import { parseYaml } from './definition/parse.ts';
import { closest } from './definition/suggest.ts';
import type { ScenarioFile } from './scenario.ts';

type Node = { description?: string; properties?: Record<string, Node>; 'x-required'?: string; 'x-oneof'?: string; enum?: unknown[] };

let validator: ValidateFunction | undefined;

function validate(): ValidateFunction {
  if (!validator) {
    const ajv = new Ajv2020({ allErrors: true, verbose: true, strict: true, strictRequired: false, allowUnionTypes: true });
    for (const keyword of ['x-required', 'x-oneof']) ajv.addKeyword({ keyword, schemaType: 'string' });
    validator = ajv.compile(schema);
  }
  return validator;
}

/** The scenario file schema, for editors (read-only). */
export const scenariosSchema: Readonly<Record<string, unknown>> = schema;

const defs = (schema as unknown as { $defs: Record<string, Node> }).$defs;
const resolve = (n: Node | undefined): Node | undefined => {
  const ref = (n as { $ref?: string } | undefined)?.$ref;
  return ref ? { ...defs[ref.replace('#/$defs/', '')], ...n } : n;
};

function segments(pointer: string, root: unknown): PathSegment[] {
  if (!pointer) return [];
  let cur: unknown = root;
  return pointer
    .slice(1)
    .split('/')
    .map((raw) => {
      const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
      const seg: PathSegment = Array.isArray(cur) ? Number(key) : key;
      cur = cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[key] : undefined;
      return seg;
    });
}

const TYPE: Record<string, string> = { string: 'teks', object: 'pemetaan (kunci: nilai)', array: 'daftar', number: 'angka', integer: 'bilangan bulat', boolean: 'true atau false' };

/** `path`: where it is located; `shown`: the path printed (a missing key's own, located at its parent). */
function explain(e: ErrorObject, root: unknown): { path: PathSegment[]; shown?: PathSegment[]; message: string; hint?: string; at?: 'key' } | undefined {
  const at = segments(e.instancePath, root);
  const parent = resolve(e.parentSchema as Node) ?? {};
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required': {
      const name = String(params.missingProperty);
      const prop = resolve(parent.properties?.[name]);
      return { path: at, shown: [...at, name], message: prop?.['x-required'] ?? `tulis \`${name}\``, hint: prop?.description };
    }
    case 'additionalProperties': {
      const name = String(params.additionalProperty);
      const known = Object.keys(parent.properties ?? {});
      const near = closest(name, known);
      return { path: [...at, name], at: 'key', message: `Kunci \`${name}\` tidak dikenal di sini.${near ? ` Maksud Anda \`${near}\`?` : ''}`, hint: `Kunci yang dikenal: ${known.join(', ')}.` };
    }
    case 'oneOf':
      return parent['x-oneof'] ? { path: at, message: parent['x-oneof'] } : undefined;
    case 'type':
      return { path: at, message: `Harus berupa ${TYPE[String(params.type)] ?? params.type}.`, hint: parent.description };
    case 'enum':
      return { path: at, message: `Nilai tidak dikenal; pilih salah satu: ${(params.allowedValues as unknown[]).join(', ')}.`, hint: parent.description };
    case 'pattern':
    case 'minLength':
    case 'minItems':
      return { path: at, message: e.keyword === 'minItems' ? 'Daftar ini tidak boleh kosong.' : e.keyword === 'minLength' ? 'Tidak boleh kosong.' : 'Bentuknya tidak sesuai.', hint: parent.description };
    default:
      // The branches of oneOf repeat what x-oneof says.
      return undefined;
  }
}

export type ScenarioSourceResult = { ok: true; file: ScenarioFile } | { ok: false; errors: DefinitionError[] };

/** Parses and checks a scenario file's text; `file` names it in the messages. Never throws. */
export function checkScenarioSource(source: string | Uint8Array, file: string): ScenarioSourceResult {
  const decoded = decodeSource(source);
  if (!decoded.ok) return { ok: false, errors: [{ file, path: '', ...decoded.error }] };
  const yaml = parseYaml(decoded.text);
  if (!yaml.ok) return { ok: false, errors: yaml.errors.map((e) => ({ file, ...e })) };
  const { doc, lineCounter, value } = yaml.parsed;
  const check = validate();
  if (check(value)) return { ok: true, file: value as unknown as ScenarioFile };
  const seen = new Set<string>();
  const errors: DefinitionError[] = [];
  // Inside oneOf's branches AJV also reports each branch's missing key: the one x-oneof line says it.
  for (const e of (check.errors ?? []).filter((x) => !x.schemaPath.includes('/oneOf/'))) {
    const p = explain(e, value);
    if (!p) continue;
    const key = `${p.path.join('/')}\u0000${p.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    errors.push({ file, ...locate(doc, lineCounter, p.path, p.at), path: formatPath(p.shown ?? p.path), message: p.message, ...(p.hint ? { hint: p.hint } : {}) });
  }
  return { ok: false, errors: errors.sort(byPosition) };
}
