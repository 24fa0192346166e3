/**
 * `alur audit verify`: checks the audit log's hash chain; exit 0 when whole, 1 naming the first broken line. With
 * --cases, also that the case files and the log tell the same story (audit/case-check.ts).
 */
import { dataDir, openFailure, storeLocation } from './data-dir.ts';
import { createReadStream, existsSync } from 'node:fs';
import { JOURNAL_FILE } from '../store/file/journal.ts';
import { openFileStore } from '../store/file/store.ts';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { checkCases, readOpenedCaseFiles, type CaseProblem } from '../audit/case-check.ts';
import { AUDIT_FILE, KeyError, openStore, StoreLockedError, verifyAuditFile, type AuditAnchor, type AuditEntry, type AuditVerification, type Store } from '../store/index.ts';
import { isDatabaseUrl } from '../store/open.ts';
import type { Case } from '../../engine/types.ts';

export const help = [
  'Pemakaian: alur audit verify [--data FOLDER | --database URL] [--anchor NOMOR:SIDIK] [--cases]',
  '',
  'Memeriksa rantai log audit (FOLDER/audit.jsonl): setiap catatan memuat sidik catatan sebelumnya, sehingga',
  'catatan yang diubah, dihapus, atau ditukar urutannya ketahuan. Aman dijalankan saat server berjalan.',
  'Keluar dengan kode 0 bila utuh, 1 bila rusak (baris pertama yang rusak disebutkan).',
  '',
  'Setiap pemeriksaan mencetak jangkar (nomor dan sidik catatan terakhir). Catat jangkar itu di luar server',
  '(buku log, surel harian); pemeriksaan berikutnya dengan --anchor memastikan catatan itu masih ada dan tidak',
  'berubah, sehingga catatan yang dipotong dari ujung log juga ketahuan.',
  '',
  '  --data FOLDER           folder data (bawaan ./data; atau ALUR_DATA)',
  '  --database URL          basis data PostgreSQL (atau ALUR_DATABASE_URL): rantai di tabel audit, aman saat server berjalan',
  '  --anchor NOMOR:SIDIK    jangkar dari pemeriksaan sebelumnya, misalnya 1532:9f86d081…',
  '  --cases                 periksa juga berkas kasus terhadap log: setiap laporan, langkah dan tenggat yang',
  '                          tercatat di berkas kasus punya catatan audit dengan isian yang sama, dan sebaliknya',
  '                          (berkas kasus yang disunting langsung, dihapus, atau dikembalikan ke versi lama).',
  '                          Butuh kunci induk (berkas kunci di samping folder data, ALUR_KEY_FILE atau',
  '                          ALUR_MASTER_KEY) untuk membandingkan isian terenkripsi; rantai log tidak butuh kunci.',
].join('\n');

/** Every entry of an audit file (lines that do not parse are the chain check's business). */
async function readEntries(file: string): Promise<AuditEntry[]> {
  const out: AuditEntry[] = [];
  const input = createReadStream(file, { encoding: 'utf8' });
  try {
    for await (const line of createInterface({ input, crlfDelay: Infinity })) {
      try {
        out.push(JSON.parse(line) as AuditEntry);
      } catch {
        // reported by verifyAuditFile
      }
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  return out;
}

/** Case files against the log; problems seen twice a second apart (a step being written while we read is not one). */
async function caseProblems(dir: string, file: string): Promise<{ cases: number; problems: CaseProblem[] }> {
  let problems: CaseProblem[] = [];
  let cases = 0;
  for (let attempt = 0; attempt < 2; attempt++) {
    if (attempt) await sleep(1000);
    // Cases first: a change is written to its case file before its audit entry, so the log read after holds it.
    const read = await readOpenedCaseFiles(dir);
    cases = read.cases.length;
    problems = [...read.problems, ...checkCases(read.cases, (await readEntries(file)).map(read.openEntry))];
    if (!problems.length) break;
  }
  return { cases, problems };
}

export async function run(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, options: { data: { type: 'string' }, database: { type: 'string' }, anchor: { type: 'string' }, cases: { type: 'boolean', default: false } }, strict: true, allowPositionals: true });
  } catch (err) {
    console.error(`alur audit: ${(err as Error).message}\n\n${help}`);
    return 2;
  }
  const [action, ...extra] = parsed.positionals;
  if (action !== 'verify' || extra.length) {
    console.error(help);
    return 2;
  }
  let anchor: AuditAnchor | undefined;
  if (parsed.values.anchor !== undefined) {
    const m = /^(\d+):([0-9a-f]{64})$/.exec(parsed.values.anchor.trim());
    if (!m) {
      console.error('alur audit: --anchor ditulis NOMOR:SIDIK, misalnya 1532:' + '9f86d081'.padEnd(64, '0') + ' (salin dari pemeriksaan sebelumnya).');
      return 2;
    }
    anchor = { seq: Number(m[1]), hash: m[2]! };
  }
  const location = storeLocation(parsed.values);
  if (isDatabaseUrl(location)) return verifyDatabase(location, anchor, parsed.values.cases);
  const dir = resolve(dataDir(parsed.values.data));
  const file = join(dir, AUDIT_FILE);
  // No server has the folder: open it once, so that a journal left by a crash is replayed into the files first.
  try {
    if (existsSync(join(dir, JOURNAL_FILE))) {
      const store = await openFileStore(dir);
      await store.close();
    }
  } catch (err) {
    if (!(err instanceof StoreLockedError)) {
      console.error(`alur audit verify: folder data ${dir} tidak dapat dibuka: ${(err as Error).message}`);
      return 1;
    }
  }
  let result;
  try {
    result = await verifyAuditFile(file, undefined, anchor);
  } catch (err) {
    console.error(`alur audit verify: ${file} tidak dapat dibaca: ${(err as Error).message}`);
    return 1;
  }
  let code = 0;
  if (result.ok) {
    console.log(`Log audit utuh: ${result.entries} catatan, rantai sidik tidak terputus (${file}).`);
    if (anchor) console.log(`Catatan ke-${anchor.seq} masih ada dengan sidik yang sama.`);
    console.log(`Jangkar untuk pemeriksaan berikutnya: ${result.entries}:${result.head}`);
  } else {
    console.error(`RUSAK: ${file} baris ${result.line}: ${result.message}`);
    console.error(`${result.entries} catatan sebelum baris itu utuh. Simpan salinan berkas ini, bandingkan dengan cadangan terakhir, dan laporkan kepada pimpinan.`);
    code = 1;
  }
  if (parsed.values.cases) {
    let checked;
    try {
      checked = await caseProblems(dir, file);
    } catch (err) {
      if (!(err instanceof KeyError)) throw err;
      console.error(`alur audit verify --cases: ${err.message}`);
      return 1;
    }
    const { cases, problems } = checked;
    if (!problems.length) {
      console.log(`Berkas kasus cocok dengan log audit: ${cases} kasus, setiap perubahan tercatat.`);
    } else {
      console.error(`TIDAK COCOK: ${problems.length} masalah antara berkas kasus dan log audit:`);
      for (const p of problems.slice(0, 50)) console.error(`  ${p.caseId}: ${p.message}`);
      if (problems.length > 50) console.error(`  … dan ${problems.length - 50} lainnya.`);
      console.error('Berkas kasus mungkin disunting di luar aplikasi. Bandingkan dengan cadangan terakhir dan laporkan kepada pimpinan.');
      code = 1;
    }
  }
  return code;
}

/** The report of a chain check, the same words for both stores. */
function report(result: AuditVerification, where: string, anchor: AuditAnchor | undefined): number {
  if (result.ok) {
    console.log(`Log audit utuh: ${result.entries} catatan, rantai sidik tidak terputus (${where}).`);
    if (anchor) console.log(`Catatan ke-${anchor.seq} masih ada dengan sidik yang sama.`);
    console.log(`Jangkar untuk pemeriksaan berikutnya: ${result.entries}:${result.head}`);
    return 0;
  }
  console.error(`RUSAK: ${where}: ${result.message}`);
  console.error(`${result.entries} catatan sebelumnya utuh. Simpan salinan basis data ini, bandingkan dengan cadangan terakhir, dan laporkan kepada pimpinan.`);
  return 1;
}

/** `alur audit verify --database URL`: the chain in the audit table, and with --cases the cases against it. */
async function verifyDatabase(url: string, anchor: AuditAnchor | undefined, withCases: boolean): Promise<number> {
  let store: Store;
  try {
    store = await openStore(url);
  } catch (err) {
    console.error(openFailure('alur audit verify', err) ?? `alur audit verify: ${(err as Error).message}`);
    return 1;
  }
  try {
    let code = report(await store.audit.verify(anchor), `basis data ${store.location}`, anchor);
    if (withCases) {
      let problems: CaseProblem[] = [];
      let count = 0;
      for (let attempt = 0; attempt < 2; attempt++) {
        if (attempt) await sleep(1000);
        // Cases first: a change and its audit entry commit together, so the entries read after hold every change read.
        const cases: Case[] = [];
        for await (const batch of store.cases.scan(500)) cases.push(...batch);
        const entries: AuditEntry[] = [];
        for await (const batch of store.audit.entries(1, 2000)) entries.push(...batch);
        count = cases.length;
        problems = checkCases(cases, entries);
        if (!problems.length) break;
      }
      if (!problems.length) console.log(`Kasus cocok dengan log audit: ${count} kasus, setiap perubahan tercatat.`);
      else {
        console.error(`TIDAK COCOK: ${problems.length} masalah antara kasus dan log audit:`);
        for (const p of problems.slice(0, 50)) console.error(`  ${p.caseId}: ${p.message}`);
        if (problems.length > 50) console.error(`  … dan ${problems.length - 50} lainnya.`);
        console.error('Kasus mungkin diubah langsung di basis data. Bandingkan dengan cadangan terakhir dan laporkan kepada pimpinan.');
        code = 1;
      }
    }
    return code;
  } finally {
    await store.close();
  }
}
