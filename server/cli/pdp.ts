/**
 * `alur pdp export|anonymise`: personal data protection operations on the store, for the operator on the server
 * (stop the server first with a data folder). Both are recorded in the audit log.
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { openStore, StoreLockedError, type Store } from '../store/index.ts';
import { anonymiseDueCases, exportPersonData } from '../usecases/privacy.ts';
import { loadWorkflows } from '../workflows.ts';
import { DATABASE_HELP, openFailure, storeLocation } from './data-dir.ts';

export const help = [
  'Pemakaian:',
  '  alur pdp export (--name "NAMA" | --nik NIK) --request "NOMOR SURAT, TANGGAL" --out BERKAS.json',
  '      salinan data pribadi seseorang atas permintaan tertulisnya (UU 27/2022): setiap kasus yang menyebut',
  '      namanya atau NIK-nya, dengan isian miliknya dan isian kasus yang tidak mengenali siapa pun (identitas',
  '      orang lain, misalnya pelapor, tidak ikut). Dicatat di log audit dengan nomor permintaannya, tanpa nama.',
  '  alur pdp anonymise [--now YYYY-MM-DDTHH:MM:SSZ]',
  '      hapus sekarang identitas kasus yang masa simpannya (privacy.retention di YAML) sudah lewat; server juga',
  '      menjalankannya sendiri setiap jam. --now untuk uji: waktu yang dipakai sebagai "sekarang".',
  '',
  'Pilihan umum: --data FOLDER (atau ALUR_DATA; bawaan ./data), --workflows FOLDER (atau ALUR_WORKFLOWS).',
  DATABASE_HELP,
  'Dengan folder data, server harus dihentikan dulu.',
].join('\n');

async function withStore(location: string, work: (store: Store) => Promise<number>): Promise<number> {
  let store: Store;
  try {
    store = await openStore(location);
  } catch (err) {
    if (err instanceof StoreLockedError) {
      console.error(`alur pdp: ${err.message}\nHentikan server dulu (Ctrl+C), lalu ulangi perintah ini.`);
      return 1;
    }
    const reason = openFailure('alur pdp', err);
    if (reason) {
      console.error(reason);
      return 1;
    }
    throw err;
  }
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

export async function run(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      options: {
        name: { type: 'string' },
        nik: { type: 'string' },
        request: { type: 'string' },
        out: { type: 'string' },
        now: { type: 'string' },
        data: { type: 'string' },
        database: { type: 'string' },
        workflows: { type: 'string' },
      },
      strict: true,
      allowPositionals: true,
    });
  } catch (err) {
    console.error(`alur pdp: ${(err as Error).message}\n\n${help}`);
    return 2;
  }
  const o = parsed.values;
  const [action, ...extra] = parsed.positionals;
  if ((action !== 'export' && action !== 'anonymise') || extra.length) {
    console.error(help);
    return 2;
  }
  const location = storeLocation(o);
  const workflowsDir = o.workflows ?? process.env.ALUR_WORKFLOWS ?? './workflows';

  if (action === 'export') {
    if (!o.name?.trim() && !o.nik?.trim()) {
      console.error('alur pdp export: sebutkan --name "NAMA" atau --nik NIK orang yang meminta datanya.');
      return 2;
    }
    if (!o.request?.trim()) {
      console.error('alur pdp export: sebutkan permintaan tertulisnya, misalnya --request "Surat 12/2026, 1 Desember 2026". Ekspor hanya atas permintaan yang tercatat.');
      return 2;
    }
    if (!o.out) {
      console.error('alur pdp export: sebutkan --out BERKAS.json (berkas berisi data pribadi: simpan dan serahkan dengan aman).');
      return 2;
    }
  }
  let now = new Date();
  if (o.now !== undefined) {
    now = new Date(o.now);
    if (Number.isNaN(now.getTime())) {
      console.error(`alur pdp: --now "${o.now}" bukan waktu; tulis misalnya 2036-12-01T00:00:00Z.`);
      return 2;
    }
  }

  return withStore(location, async (store) => {
    const workflows = await loadWorkflows(workflowsDir, { versions: store.versions, now: new Date() });
    if (action === 'anonymise') {
      const run = await anonymiseDueCases({ store, workflows }, now);
      if (!run.anonymised.length) console.log('Tidak ada kasus yang masa simpan identitasnya sudah lewat.');
      for (const a of run.anonymised) console.log(`Kasus ${a.id}: ${a.paths.length} isian identitas dan ${a.attachments} lampiran dihapus.`);
      return 0;
    }
    const data = await exportPersonData({ store, workflows }, { name: o.name, nik: o.nik }, { request: o.request!, by: 'cli', now });
    await writeFile(o.out!, JSON.stringify(data, null, 2) + '\n', { mode: 0o600 });
    console.log(`${data.cases.length} kasus menyebut orang ini; salinan ditulis ke ${o.out} (mode 0600). Permintaan "${o.request}" dicatat di log audit.`);
    if (data.contact) console.log(`Penanggung jawab: ${data.contact.join('; ')}`);
    return 0;
  });
}
