/** The shared test cluster: a fresh database per call, empty and apart from every other. */
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { freshDatabase } from './database.ts';

describe('test PostgreSQL cluster', () => {
  it('hands out new empty databases that do not share tables', async () => {
    const [a, b] = await Promise.all([freshDatabase('harness-a'), freshDatabase('harness-b')]);
    expect(a).not.toBe(b);
    const ca = new pg.Client({ connectionString: a });
    const cb = new pg.Client({ connectionString: b });
    await ca.connect();
    await cb.connect();
    try {
      await ca.query('CREATE TABLE catatan (n int)');
      await ca.query('INSERT INTO catatan VALUES (1)');
      expect((await ca.query('SELECT count(*)::int AS n FROM catatan')).rows[0].n).toBe(1);
      await expect(cb.query('SELECT * FROM catatan')).rejects.toThrow(/does not exist/);
      expect((await cb.query("SELECT current_setting('fsync') AS f")).rows[0].f).toBe('off');
    } finally {
      await ca.end();
      await cb.end();
    }
  });
});
