/**
 * Whether a new password is strong enough, with every reason it is not, in Indonesian. One check for every door
 * that sets a password: the first sign-in and "Akun saya" (/akun/sandi), and `alur user add|password`; the
 * administrator's reset and `--generate` make random passwords that pass it.
 *
 * The estimate is zxcvbn's (@zxcvbn-ts/core: patterns, keyboard walks, dates, l33t, about 30,000 common passwords),
 * with English and Indonesian word lists, a list of Indonesian words people put in passwords here that the
 * language package lacks, and the office's own words (its name, Kabupaten, website, decree codes) taken from the
 * loaded services' YAML: an outsider guesses "dinsosrohul2026" first.
 */
import { ZxcvbnFactory, type ZxcvbnResult } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as en from '@zxcvbn-ts/language-en';
import * as id from '@zxcvbn-ts/language-id';
import type { Workflow } from '../../engine/types.ts';

export const MIN_LENGTH = 10;
export const MAX_LENGTH = 200;
/** zxcvbn's top score: at least 10^10 guesses, which at scrypt's cost is years for one machine. */
const MIN_SCORE = 4;

/** Words an Indonesian office picks that the Indonesian package's lists rank low or lack. */
const INDONESIAN = [
  'sandi', 'katasandi', 'rahasia', 'sayang', 'cinta', 'bismillah', 'alhamdulillah', 'indonesia', 'merdeka', 'garuda',
  'pancasila', 'jakarta', 'pekanbaru', 'riau', 'sumatera', 'kantor', 'dinas', 'pemda', 'pemkab', 'kabupaten',
  'bupati', 'pegawai', 'petugas', 'admin', 'administrator', 'masuk', 'selamat', 'pagi', 'siang', 'malam', 'rumah',
  'anak', 'keluarga', 'ibu', 'bapak', 'ayah', 'kakak', 'adik', 'sekretaris', 'kepala', 'uptd', 'ppa', 'sosial',
  'perlindungan', 'perempuan', 'pemberdayaan', 'layanan', 'pelayanan', 'kasus', 'laporan', 'alur', 'rohul',
  'rokanhulu', 'dinsos', 'dinsosp3a', 'dissosp3a', 'p3a', 'pasirpengaraian', 'pasir', 'pengaraian',
];

/** The office's own words: `names` (Kabupaten, website, decree codes) are refused outright, `words` only weigh. */
export interface OfficeWords {
  names: string[];
  words: string[];
}

/** Names every office of this deployment is known by, whatever its YAML says. */
const OFFICE_NAMES = ['rokan', 'hulu', 'rohul', 'rokanhulu', 'dinsos', 'dinsosp3a', 'dissosp3a'];

function tokens(text: string): string[] {
  return text.toLowerCase().split(/[^a-z0-9]+/).filter((w) => w.length >= 3 && /[a-z]/.test(w));
}

/** The office's own words from the loaded services' YAML: its Kabupaten, website and decree codes, and its name. */
export function officeWords(workflows: readonly Workflow[]): OfficeWords {
  const names = new Set<string>();
  const words = new Set<string>();
  const generic = new Set(['www', 'com', 'org', 'net', 'gov', 'kab', 'kota', 'set', 'kpts', 'pemerintah', 'kabupaten', 'provinsi']);
  for (const wf of workflows) {
    const place = wf.service.government.toLowerCase().replace(/^pemerintah\s+(kabupaten|kota|provinsi)\s+/, '');
    for (const w of tokens(place)) names.add(w);
    if (tokens(place).length > 1) names.add(tokens(place).join(''));
    const site = [wf.service.website ?? '', (wf.service.email ?? '').split('@')[1] ?? ''].join(' ');
    for (const w of [...tokens(site), ...tokens(wf.decree.number)]) if (!generic.has(w) && w.length >= 4) names.add(w);
    for (const w of [...tokens(wf.service.agency), ...tokens(wf.service.address), ...tokens(wf.title)]) if (!names.has(w)) words.add(w);
  }
  return { names: [...names], words: [...words] };
}

let factory: { words: string; z: ZxcvbnFactory } | undefined;

function estimator(extra: string[]): ZxcvbnFactory {
  const words = extra.join(' ');
  if (factory?.words === words) return factory.z;
  const z = new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...en.dictionary, ...id.dictionary, 'kantor-id': [...OFFICE_NAMES, ...INDONESIAN, ...extra] },
    graphs: common.adjacencyGraphs,
    translations: id.translations,
    maxLength: MAX_LENGTH,
  });
  factory = { words, z };
  return z;
}

export interface PasswordContext {
  username?: string;
  displayName?: string;
  /** The office's words (officeWords of the loaded services); the built-in names are always refused. */
  office?: OfficeWords;
  /** The password it replaces: the new one must differ. */
  current?: string;
}

/** The office word a password is built on, if any (the first one found, longest first). */
function officeWordIn(password: string, words: string[]): string | undefined {
  const plain = password.toLowerCase().replace(/[@4]/g, 'a').replace(/3/g, 'e').replace(/[1!|]/g, 'i').replace(/0/g, 'o').replace(/5|\$/g, 's');
  const raw = password.toLowerCase();
  return [...words].filter((w) => w.length >= 4).sort((a, b) => b.length - a.length).find((w) => raw.includes(w) || plain.includes(w));
}

/**
 * Every reason `password` is refused, all at once (empty: accepted). Each is a sentence in Indonesian that says
 * what to do.
 */
export function passwordProblems(password: string, context: PasswordContext = {}): string[] {
  const problems: string[] = [];
  if (password.length < MIN_LENGTH) problems.push(`Kata sandi paling sedikit ${MIN_LENGTH} karakter (yang ini ${password.length}).`);
  if (password.length > MAX_LENGTH) {
    problems.push(`Kata sandi paling banyak ${MAX_LENGTH} karakter.`);
    return problems;
  }
  const lower = password.toLowerCase();
  if (context.current !== undefined && password === context.current) problems.push('Sama dengan kata sandi sekarang: pilih yang berbeda.');
  const user = context.username?.toLowerCase();
  if (user && user.length >= 2 && lower.includes(user)) problems.push('Memuat nama pengguna Anda: orang lain mencobanya lebih dulu.');
  const nameParts = (context.displayName ?? '').toLowerCase().split(/[^a-z0-9]+/).filter((w) => w.length >= 3 && w !== user);
  const namePart = nameParts.find((w) => lower.includes(w));
  if (namePart) problems.push(`Memuat nama Anda ("${namePart}"): orang yang mengenal Anda mencobanya lebih dulu.`);
  const word = officeWordIn(password, [...OFFICE_NAMES, ...(context.office?.names ?? [])]);
  if (word) problems.push(`Memuat nama kantor atau daerah ("${word}"): kata pertama yang dicoba orang luar.`);
  if (/^(.)\1+$/.test(password)) problems.push('Hanya satu karakter yang diulang.');
  else if (/^\d+$/.test(password)) problems.push('Hanya angka: tambahkan kata-kata.');

  if (password.length) {
    const office = [...(context.office?.names ?? []), ...(context.office?.words ?? [])];
    const inputs = [context.username, context.displayName].filter((x): x is string => Boolean(x));
    const result: ZxcvbnResult = estimator(office).check(password, inputs);
    if (result.score < MIN_SCORE) {
      const weak = `Mudah ditebak: ditaksir tertebak dalam sekitar 10^${Math.max(0, Math.floor(result.guessesLog10))} percobaan, perlu paling sedikit 10^10.`;
      problems.push(weak);
      const warning = result.feedback.warning;
      if (warning && !problems.includes(warning)) problems.push(warning);
      for (const s of result.feedback.suggestions) if (!problems.includes(s)) problems.push(s);
      problems.push('Saran: gabungkan tiga atau empat kata yang tidak berhubungan, misalnya "kopi-sepeda-awan-jendela".');
    }
  }
  return problems;
}

/** The first problem only, for callers that show one line (kept for older callers). */
export function passwordProblem(password: string, context: PasswordContext = {}): string | undefined {
  return passwordProblems(password, context)[0];
}
