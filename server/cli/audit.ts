/** `alur audit verify`: checks the audit log's hash chain; exit 0 when whole, 1 naming the first broken line. */
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { AUDIT_FILE, verifyAuditFile, type AuditAnchor } from '../store/index.ts';

export const help = [
  'Pemakaian: alur audit verify [--data FOLDER] [--anchor NOMOR:SIDIK]',
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
  '  --anchor NOMOR:SIDIK    jangkar dari pemeriksaan sebelumnya, misalnya 1532:9f86d081…',
].join('\n');

export async function run(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, options: { data: { type: 'string' }, anchor: { type: 'string' } }, strict: true, allowPositionals: true });
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
  const dir = resolve(parsed.values.data ?? process.env.ALUR_DATA ?? './data');
  const file = join(dir, AUDIT_FILE);
  let result;
  try {
    result = await verifyAuditFile(file, undefined, anchor);
  } catch (err) {
    console.error(`alur audit verify: ${file} tidak dapat dibaca: ${(err as Error).message}`);
    return 1;
  }
  if (result.ok) {
    console.log(`Log audit utuh: ${result.entries} catatan, rantai sidik tidak terputus (${file}).`);
    if (anchor) console.log(`Catatan ke-${anchor.seq} masih ada dengan sidik yang sama.`);
    console.log(`Jangkar untuk pemeriksaan berikutnya: ${result.entries}:${result.head}`);
    return 0;
  }
  console.error(`RUSAK: ${file} baris ${result.line}: ${result.message}`);
  console.error(`${result.entries} catatan sebelum baris itu utuh. Simpan salinan berkas ini, bandingkan dengan cadangan terakhir, dan laporkan kepada pimpinan.`);
  return 1;
}
