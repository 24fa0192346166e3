/**
 * `alur migrate --to postgres://…`: moves an office from its data folder to an EMPTY PostgreSQL database (cases,
 * accounts, sessions, versions, the audit chain, keyed records, counters, attachments, messages, notifications,
 * documents), in one transaction, then checks on arrival that the chain is whole and ends where the folder's did.
 * The folder is only read; it stays as it was, as a fallback.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { dataDir, openFailure } from './data-dir.ts';
import { FileStore } from '../store/file/store.ts';
import { isDatabaseUrl } from '../store/open.ts';
import { PgStore } from '../store/postgres/store.ts';
import { loadMasterKeys } from '../store/crypt/master-key.ts';

export const summary = 'pindahkan folder data ke PostgreSQL: alur migrate --to postgres://… [--data FOLDER]';

export const help = [
  'Pemakaian: alur migrate --to postgres://pengguna:sandi@host:5432/alur [--data FOLDER]',
  '',
  'Memindahkan seluruh isi folder data (kasus, akun, sesi, versi layanan, log audit, penomoran, lampiran,',
  'pesan keluar, notifikasi, dokumen) ke basis data PostgreSQL yang KOSONG, dalam satu transaksi: semuanya',
  'pindah atau tidak sama sekali. Setelah itu rantai log audit diperiksa di basis data: harus utuh dan berakhir',
  'pada catatan yang sama dengan di folder. Folder data hanya dibaca dan tetap utuh sebagai cadangan.',
  '',
  '  --to URL        basis data tujuan (harus kosong: buat dengan `createdb alur`)',
  '  --data FOLDER   folder data sumber (bawaan ./data; atau ALUR_DATA)',
  '',
  'Hentikan server yang memakai folder itu dulu. Sesudahnya jalankan server dengan --database URL',
  '(atau ALUR_DATABASE_URL) dan simpan jangkar log audit yang dicetak di luar server.',
].join('\n');

export async function run(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, options: { to: { type: 'string' }, data: { type: 'string' } }, strict: true, allowPositionals: false });
  } catch (err) {
    console.error(`alur migrate: ${(err as Error).message}\n\n${help}`);
    return 2;
  }
  const to = parsed.values.to;
  if (!to || !isDatabaseUrl(to)) {
    console.error(`alur migrate: tulis basis data tujuan dengan --to postgres://…\n\n${help}`);
    return 2;
  }
  const dir = resolve(dataDir(parsed.values.data));
  let source: FileStore;
  try {
    source = await FileStore.open(dir);
  } catch (err) {
    const reason = openFailure('alur migrate', err);
    console.error(reason ? `${reason}${(err as Error).name === 'StoreLockedError' ? '\nHentikan server yang memakai folder ini dulu, lalu ulangi.' : ''}` : `alur migrate: folder data ${dir} tidak dapat dibuka: ${(err as Error).message}`);
    return 1;
  }
  let target: PgStore | undefined;
  try {
    for (const p of source.problems) if (p.severity === 'error') console.error(`PERINGATAN: ${p.message}`);
    const before = await source.audit.verify();
    if (!before.ok) {
      console.error(`alur migrate: log audit di folder data rusak (${before.message}); tidak dipindahkan. Periksa dengan "alur audit verify" dan pulihkan dari cadangan dulu.`);
      return 1;
    }
    try {
      target = await PgStore.open(to);
    } catch (err) {
      console.error(openFailure('alur migrate', err) ?? `alur migrate: ${(err as Error).message}`);
      return 1;
    }
    const held = await target.holdings();
    if (held.length) {
      console.error(`alur migrate: basis data tujuan ${target.location} tidak kosong (berisi ${held.join(', ')}). Pindahkan hanya ke basis data baru yang kosong (createdb); tidak ada yang ditulis.`);
      return 1;
    }
    console.log(`Memindahkan ${dir} ke ${target.location}…`);
    const n = await target.importFrom(source.export());
    const after = await target.audit.verify();
    if (!after.ok || after.entries !== before.entries || after.head !== before.head) {
      console.error(
        `alur migrate: pemeriksaan di tujuan GAGAL: ${after.ok ? `rantai berakhir pada catatan ke-${after.entries} (${after.head.slice(0, 12)}…), di folder ke-${before.entries} (${before.head.slice(0, 12)}…)` : after.message}. ` +
          'Jangan memakai basis data ini; hapus dan ulangi, lalu laporkan.',
      );
      return 1;
    }
    if ((await target.cases.count()) !== n.cases) {
      console.error('alur migrate: jumlah kasus di tujuan tidak sama dengan yang dipindahkan. Jangan memakai basis data ini; hapus dan ulangi.');
      return 1;
    }
    console.log(
      `Dipindahkan: ${n.cases} kasus, ${n.users} akun, ${n.sessions} sesi/token, ${n.versions} versi layanan, ${n.auditEntries} catatan audit, ` +
        `${n.kv} catatan kunci, ${n.sequences} penomoran, ${n.blobs} lampiran, ${n.outbox} pesan keluar, ${n.inbox} notifikasi, ${n.records} dokumen.`,
    );
    console.log(`Log audit utuh di basis data: ${after.entries} catatan, berakhir dengan sidik yang sama seperti di folder.`);
    console.log(`Jangkar untuk pemeriksaan berikutnya: ${after.entries}:${after.head}`);
    console.log(`Jalankan server dengan: alur serve --database "${to.replace(/:[^:@/]*@/, ':***@')}" (atau ALUR_DATABASE_URL). Folder ${dir} tidak diubah.`);
    // The data moved sealed, with its keyring: the same master key opens it, named now (a database has no folder beside).
    const keys = await loadMasterKeys(dir, { create: false });
    if (keys.file) console.log(`Data tetap terenkripsi dengan kunci induk yang sama: jalankan server dengan ALUR_KEY_FILE=${keys.file}.`);
    return 0;
  } catch (err) {
    console.error(openFailure('alur migrate', err) ?? `alur migrate: ${(err as Error).message}`);
    return 1;
  } finally {
    await target?.close();
    await source.close();
  }
}
