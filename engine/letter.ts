/**
 * An outcome's product as an official letter: its number, and what it says (header, addressee, body with the
 * case's values filled in, the fields it carries, place and date, who signs). Pure: the case, its definition,
 * the signer and the issue facts (number, code, instant) come in; the same input gives the same letter. The
 * PDF, the print page and the public check all render what this computes, nothing else.
 */
import { valueLabel } from './explain.ts';
import { fieldIndex } from './explain.ts';
import { timeZoneOf } from './time.ts';
import type { Case, Field, LetterRule, Outcome, Workflow } from './types.ts';

/** Names a body may use besides the letter's fields. */
export const LETTER_WORDS: Record<string, string> = {
  nomor_kasus: 'nomor kasus',
  tanggal_laporan: 'tanggal laporan dicatat',
  tanggal_selesai: 'tanggal kasus selesai',
  layanan: 'nama layanan',
  hasil: 'hasil akhir kasus',
};

/** `{name}` placeholders of a text, in order. */
export function placeholders(text: string): string[] {
  return [...text.matchAll(/\{([^{}\s]+)\}/g)].map((m) => m[1]!);
}

/** Placeholders a letter number may use. */
export const NUMBER_WORDS = ['seq', 'year', 'month'];

/** The outcome's letter with its sequence id (the outcome id when the YAML names none). */
export function letterOf(wf: Workflow, outcomeId: string | undefined): { outcome: Outcome; rule: LetterRule; id: string } | undefined {
  const outcome = wf.outcomes.find((o) => o.id === outcomeId);
  if (!outcome?.letter) return undefined;
  return { outcome, rule: outcome.letter, id: outcome.letter.id ?? outcome.id };
}

/** Roles that may revoke a letter of this rule (the administrator may as well; access decides that). */
export function revokingRoles(rule: LetterRule): string[] {
  return rule.revoke ?? [rule.signer];
}

const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII'];

/** Year and month (1-12) of an instant in the office's time zone. */
export function localYearMonth(at: Date, timeZone: string): { year: number; month: number } {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit' }).formatToParts(at);
  return { year: Number(parts.find((p) => p.type === 'year')!.value), month: Number(parts.find((p) => p.type === 'month')!.value) };
}

/** The name of the yearly number sequence of a letter: one per service, letter and year. */
export function sequenceName(wf: Pick<Workflow, 'id'>, letterId: string, year: number): string {
  return `surat:${wf.id}:${letterId}:${year}`;
}

/** "7/RKA/DISSOSP3A/2026" from the format, the sequence number and the issue instant. */
export function letterNumber(format: string, seq: number, at: Date, timeZone: string): string {
  const { year, month } = localYearMonth(at, timeZone);
  return format.replace(/\{(seq|year|month)\}/g, (_, w: string) => (w === 'seq' ? String(seq) : w === 'year' ? String(year) : ROMAN[month - 1]!));
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** "2 Desember 2026": a calendar date (YYYY-MM-DD, no zone shift) or an instant in the office's zone. */
export function indonesianDate(value: string | Date, timeZone: string): string {
  let d: Date;
  let zone = timeZone;
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    d = new Date(`${value}T12:00:00Z`);
    zone = 'UTC';
  } else d = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(d.getTime())) return String(value);
  let f = dateFormats.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('id-ID', { timeZone: zone, day: 'numeric', month: 'long', year: 'numeric' });
    dateFormats.set(zone, f);
  }
  return f.format(d);
}

/** Who signs, as the account says (full name, jabatan, NIP) and the role they sign for. */
export interface LetterSigner {
  role: string;
  username?: string;
  name?: string;
  jabatan?: string;
  nip?: string;
}

export interface IssueFacts {
  number: string;
  code: string;
  /** ISO instant the letter was issued (the closing step's instant). */
  issuedAt: string;
  /** The public verification address the QR code carries. */
  verifyUrl: string;
}

/** A letter as it is printed: every text already final. */
export interface LetterContent {
  title: string;
  number: string;
  code: string;
  verifyUrl: string;
  issuedAt: string;
  header: { government: string; agency: string; address: string; contact: string };
  service: string;
  caseId: string;
  subject?: string;
  addressee: string[];
  paragraphs: string[];
  /** The fields the YAML lists, those with a value, with their labels. */
  facts: Array<{ label: string; text: string }>;
  /** "Pasir Pengaraian, 2 Desember 2026". */
  dateLine: string;
  /** Date alone ("2 Desember 2026"), for the public check. */
  date: string;
  signer: { jabatan: string; name: string; nip?: string; roleTitle: string };
  /** Whether the letter may carry identities (handed to the family itself). */
  family: boolean;
}

function lines(text: string | string[]): string[] {
  return Array.isArray(text) ? text : [text];
}

function empty(v: unknown): boolean {
  return v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
}

/** A value as a letter writes it: option labels, Indonesian dates, "Ya"/"Tidak". */
function valueText(field: Field | undefined, value: unknown, timeZone: string): string {
  if (typeof value === 'string' && field?.type === 'date') return indonesianDate(value, timeZone);
  if (typeof value === 'string' && field?.type === 'datetime') {
    const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})/.exec(value);
    if (m && !value.endsWith('Z') && !/[+-]\d{2}:\d{2}$/.test(value)) return `${indonesianDate(m[1]!, timeZone)} pukul ${m[2]}.${m[3]}`;
    return indonesianDate(value, timeZone);
  }
  return valueLabel(field, value);
}

/**
 * The letter of case `c` (closed with an outcome that issues one), signed by `signer`, with the issue facts.
 * Only the fields the YAML lists are read, and an identity (`sensitive`) field only when the letter is for the
 * family itself; a paragraph (or addressee line, or subject) whose placeholders have no value on this case is
 * left out. Listed fields the texts do not name are printed as a table of label and value.
 */
export function composeLetter(wf: Workflow, c: Case, signer: LetterSigner, issue: IssueFacts): LetterContent {
  const found = letterOf(wf, c.outcome);
  if (!found) throw new Error(`Hasil ${c.outcome ?? '-'} layanan ${wf.id} tidak menerbitkan surat.`);
  const { outcome, rule } = found;
  const tz = timeZoneOf(wf);
  const fields = fieldIndex(wf);
  const carried = (rule.fields ?? []).filter((name) => rule.family || !fields.get(name)?.sensitive);
  const values = new Map<string, string>();
  for (const name of carried) {
    const v = c.data[name];
    if (!empty(v)) values.set(name, valueText(fields.get(name), v, tz));
  }
  const words: Record<string, string> = {
    nomor_kasus: c.id,
    tanggal_laporan: indonesianDate(c.createdAt, tz),
    tanggal_selesai: indonesianDate(c.closedAt ?? issue.issuedAt, tz),
    layanan: wf.title,
    hasil: outcome.label,
  };
  const fill = (text: string): string | undefined => {
    let missing = false;
    const out = text.replace(/\{([^{}\s]+)\}/g, (all, name: string) => {
      const v = values.get(name) ?? words[name];
      if (v === undefined) {
        missing = true;
        return all;
      }
      return v;
    });
    return missing ? undefined : out;
  };
  const subject = rule.subject === undefined ? undefined : fill(rule.subject);
  const used = new Set([rule.subject ?? '', ...lines(rule.addressee), ...lines(rule.body)].flatMap(placeholders));
  const s = wf.service;
  const contact = [s.phone ? `Telp. ${s.phone}` : '', s.email ?? '', s.website ?? ''].filter(Boolean).join(' · ');
  const date = indonesianDate(issue.issuedAt, tz);
  return {
    title: rule.title,
    number: issue.number,
    code: issue.code,
    verifyUrl: issue.verifyUrl,
    issuedAt: issue.issuedAt,
    header: { government: s.government, agency: s.agency, address: s.address, contact },
    service: wf.title,
    caseId: c.id,
    ...(subject !== undefined ? { subject } : {}),
    addressee: lines(rule.addressee).flatMap((l) => fill(l) ?? []),
    paragraphs: lines(rule.body).flatMap((p) => fill(p) ?? []),
    // Fields the texts already say are not listed again.
    facts: carried.filter((n) => values.has(n) && !used.has(n)).map((n) => ({ label: fields.get(n)?.label ?? n, text: values.get(n)! })),
    dateLine: `${rule.place}, ${date}`,
    date,
    signer: {
      roleTitle: wf.roles[rule.signer] ?? rule.signer,
      jabatan: signer.jabatan || wf.roles[rule.signer] || rule.signer,
      name: signer.name ?? '',
      ...(signer.nip ? { nip: signer.nip } : {}),
    },
    family: Boolean(rule.family),
  };
}

/**
 * Who signs a letter of this rule on case `c`: the person who closed it, if they hold the signing role; else
 * the last person who acted on the case in that role; else the first (by username) of `holders`, the active
 * accounts holding it. Undefined when nobody holds the role (the letter then names the role only).
 */
export function chooseSigner(rule: LetterRule, c: Case, holders: string[]): { username: string } | undefined {
  const acted = [...c.history].reverse().find((e) => e.type === 'completed' && e.role === rule.signer);
  if (acted && acted.type === 'completed') return { username: acted.actor };
  const first = [...holders].sort()[0];
  return first ? { username: first } : undefined;
}
