/**
 * `alur backup FILE` and `alur restore FILE`: the whole data folder (cases, accounts, sessions, versions, audit
 * log) as one checked .tar.gz, and back. A backup while the server runs needs --live; a restore never
 * overwrites a data folder unless told to (--replace keeps the old one beside it).
 */
import { dataDir, storeLocation } from './data-dir.ts';
import { isDatabaseUrl } from '../store/open.ts';
import { describeDatabase } from '../store/postgres/store.ts';
import { parseArgs } from 'node:util';
import { backup, restore, StoreLockedError } from '../store/index.ts';

export const help = [
  'Pemakaian:',
  '  alur backup BERKAS.tar.gz [--data FOLDER] [--live]',
  '  alur restore BERKAS.tar.gz [--data FOLDER] [--replace]',
  '',
  'backup   menyalin seluruh folder data ke satu berkas .tar.gz beserta daftar isi bersidik (sha256).',
  '         --live: boleh saat server berjalan (setiap berkas diambil utuh); tanpa --live server harus berhenti.',
  'restore  memulihkan cadangan ke folder data; isi diperiksa dan dibuka dulu di samping sebelum dipasang.',
  '         Folder tujuan harus kosong/tidak ada, kecuali --replace (folder lama disimpan di sampingnya).',
  '         Server harus berhenti.',
  '',
  '  --data FOLDER   folder data (bawaan ./data; atau ALUR_DATA)',
  '  --database URL  PostgreSQL (atau ALUR_DATABASE_URL): dicadangkan dengan pg_dump; perintah ini menjelaskan caranya',
  '',
  'Cadangan harian (crontab pengguna yang menjalankan alur), 7 hari disimpan:',
  '  15 2 * * * /usr/bin/node /opt/alur/bin/alur.js backup /var/backups/alur/alur-$(date +\\%a).tar.gz --live --data /opt/alur/data',
].join('\n');

function options(args: string[]) {
  return parseArgs({
    args,
    options: { data: { type: 'string' }, database: { type: 'string' }, live: { type: 'boolean', default: false }, replace: { type: 'boolean', default: false } },
    strict: true,
    allowPositionals: true,
  });
}

const kb = (bytes: number) => `${Math.max(1, Math.round(bytes / 1024)).toLocaleString('id-ID')} KB`;

async function runBackup(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = options(args);
  } catch (err) {
    console.error(`alur backup: ${(err as Error).message}\n\n${help}`);
    return 2;
  }
  const [file, ...extra] = parsed.positionals;
  if (!file || extra.length || parsed.values.replace) {
    console.error(help);
    return 2;
  }
  const location = storeLocation(parsed.values);
  if (isDatabaseUrl(location)) return pgDumpRoute('backup', location);
  const dir = dataDir(parsed.values.data);
  try {
    const report = await backup(dir, file, { live: parsed.values.live });
    console.log(`Cadangan tersimpan: ${report.file} (${report.files} berkas, ${kb(report.bytes)}${report.live ? ', diambil saat server berjalan' : ''}).`);
    return 0;
  } catch (err) {
    if (err instanceof StoreLockedError) {
      console.error(`alur backup: ${err.message}\nServer sedang berjalan: tambahkan --live untuk mencadangkan tanpa menghentikannya.`);
      return 1;
    }
    console.error(`alur backup: ${(err as Error).message}`);
    return 1;
  }
}

async function runRestore(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = options(args);
  } catch (err) {
    console.error(`alur restore: ${(err as Error).message}\n\n${help}`);
    return 2;
  }
  const [file, ...extra] = parsed.positionals;
  if (!file || extra.length || parsed.values.live) {
    console.error(help);
    return 2;
  }
  const location = storeLocation(parsed.values);
  if (isDatabaseUrl(location)) return pgDumpRoute('restore', location);
  const dir = dataDir(parsed.values.data);
  try {
    const report = await restore(file, dir, { replace: parsed.values.replace });
    console.log(`Dipulihkan ke ${report.dir}: ${report.files} berkas, ${report.cases} kasus, ${report.auditEntries} catatan audit (rantai utuh).`);
    if (report.previous) console.log(`Folder data sebelumnya disimpan di ${report.previous}.`);
    const old = report.replacedAudit;
    if (old) {
      console.log(
        `Log audit folder lama (${old.entries} catatan${old.whole ? '' : ', rantainya rusak'}; ${old.notInBackup} di antaranya tidak ada di cadangan) ` +
          `disimpan sebagai ${old.file} di folder data.`,
      );
    }
    if (report.previous) console.log('Pemulihan ini tercatat di log audit (data.restore).');
    return 0;
  } catch (err) {
    if (err instanceof StoreLockedError) {
      console.error(`alur restore: ${err.message}\nHentikan server dulu, lalu ulangi.`);
      return 1;
    }
    console.error(`alur restore: ${(err as Error).message}`);
    return 1;
  }
}

/**
 * On PostgreSQL the database server's own tools make a consistent copy while every app server runs (pg_dump takes
 * one snapshot), so alur names them instead of copying tables itself.
 */
function pgDumpRoute(command: 'backup' | 'restore', url: string): number {
  const where = describeDatabase(url);
  console.error(
    [
      `alur ${command}: data ada di basis data PostgreSQL ${where}; cadangan dibuat dan dipulihkan dengan alat PostgreSQL.`,
      '',
      'Mencadangkan (boleh saat server berjalan; pg_dump mengambil satu potret yang konsisten):',
      `  pg_dump --format=custom --file=alur-$(date +%F).dump "$ALUR_DATABASE_URL"`,
      'Memulihkan ke basis data baru yang kosong (hentikan server alur dulu, lalu arahkan ke basis data itu):',
      '  createdb alur_pulih && pg_restore --no-owner --dbname="postgres://…/alur_pulih" alur-2026-12-01.dump',
      '  alur audit verify --database "postgres://…/alur_pulih" --cases',
      '',
      'Simpan jangkar dari "alur audit verify" di luar server: pemeriksaan setelah pemulihan membuktikan log audit utuh.',
      'Lihat README, bagian PostgreSQL.',
    ].join('\n'),
  );
  return 1;
}

/** `alur backup`. */
export const run = runBackup;

/** `alur restore` (registered in the command table as its own command). */
export const restoreCommand = { run: runRestore, help };
