/** The `alur` command line: a table of commands (each one file with `run(args)`), help in Indonesian, no stack traces. */
import { closest } from '../../engine/definition/suggest.ts';

/** What a command file exports. `run` resolves to the exit code (0 ok, 1 failed check, 2 wrong usage). */
export interface Command {
  run(args: string[]): Promise<number>;
  /** Longer usage text for `alur help NAME`; the table's summary is used when absent. */
  help?: string;
}

interface Entry {
  summary: string;
  load: () => Promise<Command>;
}

/**
 * One line per command; the module is loaded only when the command runs (so `alur validate` never loads the
 * web server). To add a command: create server/cli/NAME.ts exporting `run`, then add its line here.
 */
export const COMMANDS: Record<string, Entry> = {
  validate: { summary: 'periksa berkas definisi layanan: alur validate BERKAS.yaml|FOLDER …', load: () => import('./validate.ts') },
  simulate: { summary: 'simulasikan jalur sebuah kasus: alur simulate BERKAS.yaml --data DATA.json', load: () => import('./simulate.ts') },
  test: { summary: 'jalankan skenario uji: alur test workflows/ atau alur test BERKAS.scenarios.yaml', load: () => import('./test.ts') },
  serve: { summary: 'jalankan aplikasi web: alur serve [--port N] [--data FOLDER | --database URL] [--workflows FOLDER] [--demo]', load: () => import('./serve.ts') },
  user: { summary: 'kelola akun petugas: alur user add|list|password|disable|enable|reset|roles NAMA …', load: () => import('./user.ts') },
  audit: { summary: 'periksa keutuhan log audit: alur audit verify [--data FOLDER | --database URL]', load: () => import('./audit.ts') },
  pdp: { summary: 'pelindungan data pribadi: alur pdp export --name NAMA --request SURAT --out BERKAS | anonymise', load: () => import('./pdp.ts') },
  backup: { summary: 'cadangkan folder data ke satu berkas: alur backup BERKAS.tar.gz [--live]', load: () => import('./backup.ts') },
  migrate: { summary: 'pindahkan folder data ke PostgreSQL yang kosong: alur migrate --to postgres://… [--data FOLDER]', load: () => import('./migrate.ts') },
  keys: { summary: 'kunci enkripsi data: alur keys rotate|status [--data FOLDER]', load: () => import('./keys.ts') },
  restore: { summary: 'pulihkan folder data dari cadangan: alur restore BERKAS.tar.gz [--replace]', load: async () => (await import('./backup.ts')).restoreCommand },
};

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length));
  const lines = Object.entries(COMMANDS).map(([name, e]) => `  ${name.padEnd(width)}  ${e.summary}`);
  return [
    'alur: menjalankan layanan publik dari definisi YAML.',
    '',
    'Pemakaian: alur PERINTAH [ARGUMEN…]',
    '',
    'Perintah:',
    ...lines,
    `  ${'help'.padEnd(width)}  tampilkan bantuan: alur help PERINTAH`,
    '',
  ].join('\n');
}

function closestCommand(name: string): string | undefined {
  const names = Object.keys(COMMANDS);
  return names.find((c) => c.startsWith(name) || name.startsWith(c)) ?? closest(name, names);
}

/** Prints a failure without a stack trace (set ALUR_DEBUG=1 to see it). */
function reportCrash(err: unknown): void {
  const message = err instanceof Error ? err.message : String(err);
  if (err instanceof Error && err.name === 'KeyError') {
    // A missing or wrong master key is the operator's to fix, and the message says how: no "unexpected" about it.
    console.error(`alur: ${message}`);
    return;
  }
  console.error(`alur: terjadi kesalahan tak terduga: ${message}`);
  if (process.env.ALUR_DEBUG && err instanceof Error && err.stack) console.error(err.stack);
  else console.error('(Jalankan ulang dengan ALUR_DEBUG=1 untuk rincian teknis.)');
}

/** Runs one command line; resolves to the process exit code and never rejects. */
export async function main(argv: string[]): Promise<number> {
  try {
    const [name, ...args] = argv;
    if (!name || name === 'help' || name === '--help' || name === '-h') {
      const topic = name === 'help' ? args[0] : undefined;
      if (topic && COMMANDS[topic]) {
        const cmd = await COMMANDS[topic].load();
        console.log(cmd.help ?? `alur ${topic}: ${COMMANDS[topic].summary}`);
        return 0;
      }
      if (topic) {
        console.error(`alur: perintah "${topic}" tidak dikenal.\n`);
        console.error(usage());
        return 2;
      }
      console.log(usage());
      return name ? 0 : 2;
    }
    const entry = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
    if (!entry) {
      const near = closestCommand(name);
      console.error(`alur: perintah "${name}" tidak dikenal.${near ? ` Maksud Anda "alur ${near}"?` : ''}\n`);
      console.error(usage());
      return 2;
    }
    if (args.includes('--help') || args.includes('-h')) {
      const cmd = await entry.load();
      console.log(cmd.help ?? `alur ${name}: ${entry.summary}`);
      return 0;
    }
    const cmd = await entry.load();
    return await cmd.run(args);
  } catch (err) {
    reportCrash(err);
    return 1;
  }
}
