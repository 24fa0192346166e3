/**
 * The PostgreSQL store's schema: versioned migrations (migrations/NNNN_name.sql) run by node-pg-migrate when a
 * store opens, under its advisory lock so two servers starting at once migrate once. A database migrated by a newer
 * alur (a migration this code does not have) is refused with a reason the operator can act on, before anything
 * is written.
 */
import { readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runner } from 'node-pg-migrate';
import type pg from 'pg';

export const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'migrations');
export const MIGRATIONS_TABLE = 'alur_migrations';

/** The schema is newer than this code: refused at start. */
export class SchemaTooNewError extends Error {
  constructor(readonly unknown: string[]) {
    super(
      `Basis data ini sudah dimigrasikan oleh versi alur yang lebih baru (migrasi ${unknown.join(', ')} tidak dikenal versi ini). ` +
        'alur tidak dijalankan agar data tidak rusak: pasang versi alur yang sama atau lebih baru dengan server lain yang memakai basis data ini.',
    );
    this.name = 'SchemaTooNewError';
  }
}

/** Migration names this code has, oldest first (file names without .sql). */
export async function knownMigrations(): Promise<string[]> {
  return (await readdir(MIGRATIONS_DIR)).filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f)).map((f) => f.replace(/\.sql$/, '')).sort();
}

/** Migrations recorded as run in the database (none when it was never migrated). */
export async function appliedMigrations(client: pg.ClientBase): Promise<string[]> {
  const exists = await client.query<{ t: string | null }>(`SELECT to_regclass($1) AS t`, [MIGRATIONS_TABLE]);
  if (!exists.rows[0]?.t) return [];
  const rows = await client.query<{ name: string }>(`SELECT name FROM ${MIGRATIONS_TABLE} ORDER BY run_on, id`);
  return rows.rows.map((r) => r.name);
}

/** Brings the schema up to date; returns the migrations it ran. Throws SchemaTooNewError first if it must. */
export async function migrate(client: pg.ClientBase): Promise<string[]> {
  const known = await knownMigrations();
  const check = async () => {
    const unknown = (await appliedMigrations(client)).filter((n) => !known.includes(n));
    if (unknown.length) throw new SchemaTooNewError(unknown);
  };
  await check();
  const ran = await runner({
    dbClient: client,
    dir: MIGRATIONS_DIR,
    migrationsTable: MIGRATIONS_TABLE,
    direction: 'up',
    checkOrder: true,
    singleTransaction: true,
    advisoryLockMode: 'wait',
    log: () => undefined,
  });
  return ran.map((m) => m.name);
}
