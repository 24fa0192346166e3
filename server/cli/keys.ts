/**
 * `alur keys rotate` and `alur keys status`: the master key that wraps the data keys (server/store/crypt).
 * A rotation makes a new master key, wraps every data key with it and adds a new data key for new values; old
 * values stay readable with their own data keys, so nothing stored is rewritten (the audit chain neither).
 * With a key file it runs while the server serves: the new key is written first in the file, the server (which
 * looks at the file every two seconds) wraps the keys again and then leaves only the new key in the file.
 */
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { openStore, StoreLockedError } from '../store/index.ts';
import { Keyring } from '../store/crypt/keyring.ts';
import { KeyError, loadMasterKeys, MASTER_KEY_ENV, newMasterKey, readKeyFile, writeKeyFile, type KeySource } from '../store/crypt/master-key.ts';
import { readKeyringRecord } from '../store/file/keyring-file.ts';
import { DATABASE_HELP, openFailure, storeLocation } from './data-dir.ts';
import { isDatabaseUrl } from '../store/open.ts';

export const help = [
  'Pemakaian:',
  '  alur keys rotate [--data FOLDER | --database URL] [--wait DETIK]',
  '  alur keys status [--data FOLDER | --database URL]',
  '',
  'Data anak di folder data dienkripsi (AES-256-GCM) dengan kunci data; kunci data dibungkus kunci induk yang',
  'disimpan DI LUAR folder data: berkas FOLDER.key di sampingnya (atau ALUR_KEY_FILE=BERKAS), atau ALUR_MASTER_KEY.',
  '',
  'rotate  membuat kunci induk baru, membungkus ulang kunci data dengannya, dan menambah kunci data baru untuk',
  '        nilai baru. Data lama tetap terbaca. Boleh saat server berjalan (berkas kunci): server memakai kunci',
  '        baru dalam beberapa detik, lalu kunci lama dihapus dari berkas. Simpan salinan berkas kunci yang baru.',
  '        Dengan ALUR_MASTER_KEY: kunci baru dicetak; pasang ALUR_MASTER_KEY="BARU,LAMA", jalankan ulang server,',
  '        lalu hapus LAMA.',
  'status  menampilkan kunci induk yang dipakai dan kunci data yang ada (tanpa isi kunci).',
  '',
  '  --data FOLDER   folder data (bawaan ./data; atau ALUR_DATA)',
  DATABASE_HELP,
  '                  PostgreSQL: kunci dari ALUR_KEY_FILE (atau ALUR_MASTER_KEY). Dengan beberapa server, salin dulu',
  '                  berkas kunci baru (kunci baru di baris pertama, lama di baris kedua) ke setiap server.',
  '  --wait DETIK    berapa lama menunggu server yang berjalan memakai kunci baru (bawaan 30)',
].join('\n');

async function status(dir: string): Promise<number> {
  if (isDatabaseUrl(dir)) {
    const store = await openStore(dir, { createKey: false });
    try {
      console.log(`Basis data: ${store.location}`);
      console.log(`Kunci induk ${store.keyring.masterId} (${store.keySource.describe}) membuka cincin kunci: ${store.keyring.size} kunci data, nilai baru memakai ${store.keyring.currentId}.`);
    } finally {
      await store.close();
    }
    return 0;
  }
  const source = await loadMasterKeys(dir, { create: false });
  const record = await readKeyringRecord(dir);
  console.log(`Folder data: ${dir}`);
  console.log(`Kunci induk: ${source.keys.length ? source.describe : `tidak ada (${source.describe})`}`);
  if (!record) {
    console.log('Cincin kunci: belum ada (dibuat saat server pertama kali dijalankan).');
    return 0;
  }
  const keyring = Keyring.open(record, source);
  console.log(`Kunci induk ${record.master} membuka cincin kunci: ${keyring.size} kunci data, nilai baru memakai ${record.current}${record.rotatedAt ? `; rotasi terakhir ${record.rotatedAt}` : ''}.`);
  return 0;
}

async function rotate(dir: string, waitSeconds: number): Promise<number> {
  const source = await loadMasterKeys(isDatabaseUrl(dir) ? undefined : dir, { create: false });
  if (!source.keys.length) throw new KeyError(`Kunci induk tidak ditemukan (${source.describe}); tidak ada yang dapat dirotasi.`);
  const fresh = newMasterKey();
  if (!source.file) {
    // From the environment: the operator changes it; the server wraps the keys again at its next start.
    const next: KeySource = { ...source, keys: [fresh, ...source.keys] };
    try {
      const store = await openStore(dir, { keys: next });
      await store.close();
    } catch (err) {
      if (!(err instanceof StoreLockedError)) throw err;
      console.log(`Server sedang berjalan. Pasang ${MASTER_KEY_ENV}="${fresh.key.toString('base64')},${source.keys[0]!.key.toString('base64')}" lalu jalankan ulang server;`);
      console.log(`setelah itu hapus kunci lama dari ${MASTER_KEY_ENV}. Simpan kunci baru di tempat yang aman.`);
      return 0;
    }
    console.log(`Kunci data dibungkus ulang dengan kunci induk baru ${fresh.id}. Ganti ${MASTER_KEY_ENV} dengan kunci ini (dicetak sekali):`);
    console.log(fresh.key.toString('base64'));
    return 0;
  }
  const file = source.file;
  const home = isDatabaseUrl(dir) ? undefined : dir;
  await writeKeyFile(file, [fresh, ...source.keys], home);
  try {
    const store = await openStore(dir, { keys: { ...source, keys: [fresh, ...source.keys] } });
    await store.close();
  } catch (err) {
    if (!(err instanceof StoreLockedError)) {
      // Nothing was wrapped again: the old key stays first, as it was.
      await writeKeyFile(file, source.keys, home);
      throw err;
    }
    console.log(`Server sedang berjalan; menunggu server memakai kunci baru ${fresh.id} (paling lama ${waitSeconds} detik)…`);
    for (let waited = 0; waited < waitSeconds * 4; waited++) {
      await sleep(250);
      const keys = await readKeyFile(file).catch(() => undefined);
      if (keys?.length === 1 && keys[0]!.id === fresh.id) {
        console.log(`Selesai: server memakai kunci induk ${fresh.id}; kunci lama dihapus dari ${file}. Simpan salinan berkas kunci yang baru.`);
        return 0;
      }
    }
    console.log(`Server belum memakai kunci baru. Berkas ${file} memuat kunci baru dan kunci lama; server memakai kunci baru paling lambat saat dijalankan ulang.`);
    return 1;
  }
  await writeKeyFile(file, [fresh], home);
  const record = home ? await readKeyringRecord(dir) : undefined;
  console.log(`Selesai: kunci data dibungkus ulang dengan kunci induk baru ${fresh.id}${record ? `; nilai baru memakai kunci data ${record.current}` : ''}.`);
  console.log(`Berkas kunci ${file} kini hanya memuat kunci baru. Simpan salinannya di tempat lain (kunci lama tidak berlaku lagi).`);
  return 0;
}

export async function run(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, options: { data: { type: 'string' }, database: { type: 'string' }, wait: { type: 'string' } }, strict: true, allowPositionals: true });
  } catch (err) {
    console.error(`alur keys: ${(err as Error).message}\n\n${help}`);
    return 2;
  }
  const [action, ...extra] = parsed.positionals;
  const wait = parsed.values.wait === undefined ? 30 : Number(parsed.values.wait);
  if ((action !== 'rotate' && action !== 'status') || extra.length || !Number.isFinite(wait) || wait < 0) {
    console.error(help);
    return 2;
  }
  const location = storeLocation(parsed.values);
  const dir = isDatabaseUrl(location) ? location : resolve(location);
  try {
    return action === 'rotate' ? await rotate(dir, wait) : await status(dir);
  } catch (err) {
    const reason = err instanceof KeyError ? `alur keys: ${err.message}` : openFailure('alur keys', err);
    if (reason) {
      console.error(reason);
      return 1;
    }
    throw err;
  }
}
