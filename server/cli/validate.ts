/** `alur validate FILE|FOLDER…`: checks service definitions and prints each error located, or OK with a summary. */
import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { formatDefinitionError, loadWorkflowFile, OFFICE_FILE } from '../../engine/definition/index.ts';
import { officeBeside } from '../office.ts';

export const help = [
  'Pemakaian: alur validate BERKAS.yaml|FOLDER …',
  '',
  'Memeriksa berkas definisi layanan: penulisan YAML, bagian yang wajib, kode langkah, peran,',
  'syarat (when), durasi dan kalender. Sebuah folder berarti setiap berkas .yaml di dalamnya,',
  'kecuali berkas skenario (*.scenarios.yaml).',
  '',
  'Komponen standar pelayanan (Permenpan RB 15/2014) atau maklumat pelayanan yang belum diisi dilaporkan sebagai',
  'PERINGATAN: berkas tetap benar dan layanan tetap berjalan.',
  '',
  'Keluar dengan kode 0 bila semua berkas benar, 1 bila ada kesalahan, 2 bila perintah salah tulis.',
].join('\n');

/** Definition files of a folder, sorted (scenario files sit beside them and are skipped). */
function definitionsIn(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => /\.ya?ml$/i.test(name) && !/\.scenarios\.ya?ml$/i.test(name) && !name.startsWith('.') && !/^office\.ya?ml$/i.test(name))
    .sort()
    .map((name) => join(dir, name));
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

export async function run(args: string[]): Promise<number> {
  const targets = args.filter((a) => !a.startsWith('-'));
  const unknownOptions = args.filter((a) => a.startsWith('-'));
  if (unknownOptions.length || targets.length === 0) {
    if (unknownOptions.length) console.error(`alur validate: pilihan ${unknownOptions.join(' ')} tidak dikenal.\n`);
    console.error(help);
    return 2;
  }
  const files: string[] = [];
  for (const target of targets) {
    if (isDirectory(target)) {
      const found = definitionsIn(target);
      if (found.length === 0) {
        console.error(`${target}: tidak ada berkas definisi layanan (.yaml) di folder ini.`);
        return 1;
      }
      files.push(...found);
    } else {
      files.push(target);
    }
  }

  let failed = 0;
  // The office file of each folder (office.yaml): checked once, then merged into the services that lack its sections.
  const offices = new Map<string, ReturnType<typeof officeBeside>>();
  const officeOf = (file: string) => {
    const dir = dirname(file);
    if (!offices.has(dir)) {
      const got = officeBeside(file);
      offices.set(dir, got);
      if (got.error) console.error(`${got.error}\nGAGAL ${join(dir, OFFICE_FILE)}.\n`);
      else if (got.office && (targets.some(isDirectory) || files.some((f) => /(^|\/)office\.ya?ml$/i.test(f)))) console.log(`OK ${join(dir, OFFICE_FILE)} (berkas kantor: ${Object.keys(got.office).join(', ') || 'kosong'})`);
    }
    return offices.get(dir)!;
  };
  for (const file of files) {
    const office = officeOf(file);
    if (office.error) {
      failed++;
      continue;
    }
    if (/(^|\/)office\.ya?ml$/i.test(file)) continue;
    const result = loadWorkflowFile(file, { office: office.office });
    if (result.ok) {
      const wf = result.workflow;
      console.log(`OK ${file} (${wf.id} versi ${wf.version}, ${wf.steps.length} langkah)`);
      // Missing components of the published standard: the service runs, but its public page is incomplete.
      for (const w of result.warnings) console.log(`PERINGATAN ${formatDefinitionError(w)}`);
    } else {
      failed++;
      for (const e of result.errors) console.error(formatDefinitionError(e));
      console.error(`GAGAL ${file}: ${result.errors.length} kesalahan.\n`);
    }
  }
  if (files.length > 1) console.log(`${files.length} berkas diperiksa: ${files.length - failed} benar, ${failed} salah.`);
  return failed ? 1 : 0;
}
