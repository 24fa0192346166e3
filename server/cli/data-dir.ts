/**
 * Where every command finds the store: --database URL, else --data FOLDER, else ALUR_DATABASE_URL, else
 * ALUR_DATA, else ./data (the demo's own default aside). A flag wins over the environment.
 */
export function dataDir(flag: string | undefined, fallback = './data'): string {
  return flag ?? process.env.ALUR_DATA ?? fallback;
}

/** The store location of a command: a PostgreSQL URL or a data folder (see openStore). */
export function storeLocation(flags: { data?: string; database?: string }, fallback = './data'): string {
  if (flags.database !== undefined) return flags.database;
  if (flags.data !== undefined) return flags.data;
  return process.env.ALUR_DATABASE_URL || dataDir(undefined, fallback);
}

/** The help line of --database, the same in every command. */
export const DATABASE_HELP = '  --database URL      basis data PostgreSQL (postgres://pengguna:sandi@host:5432/alur; atau ALUR_DATABASE_URL)\n                      sebagai ganti folder data: beberapa server pada satu basis data';

/** Why a store could not be opened, for the operator (a database away, a schema too new, a folder in use). */
export function openFailure(command: string, err: unknown): string | undefined {
  const name = (err as Error | undefined)?.name;
  if (name === 'StoreUnavailableError' || name === 'SchemaTooNewError' || name === 'StoreLockedError' || name === 'KeyError') return `${command}: ${(err as Error).message}`;
  return undefined;
}
