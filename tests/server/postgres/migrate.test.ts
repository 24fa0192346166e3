/**
 * Moving an office: `alur migrate --to postgres://…` copies a data folder that has been worked in (cases through
 * their steps, accounts, sessions, versions, the audit chain, keyed records, counters, an attachment, messages,
 * notifications, documents) into an empty database, checks the chain on arrival, and refuses a database that is
 * not empty. The office then works on from the database: the same passwords, the same cases.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run as backup, restoreCommand } from '../../../server/cli/backup.ts';
import { run as migrate } from '../../../server/cli/migrate.ts';
import { openStore, type Store } from '../../../server/store/index.ts';
import { freshDatabase } from '../../pg/database.ts';
import { directIntake, makeBench, type Bench } from '../helpers.ts';

let office: Bench;
let folder: string;
let caseId: string;
let rev: number;
let blobId: string;

async function cli(args: string[], command: (args: string[]) => Promise<number> = migrate): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const [log, error] = [console.log, console.error];
  console.log = (...a: unknown[]) => void out.push(a.join(' '));
  console.error = (...a: unknown[]) => void err.push(a.join(' '));
  try {
    return { code: await command(args), out: out.join('\n'), err: err.join('\n') };
  } finally {
    [console.log, console.error] = [log, error];
  }
}

beforeAll(async () => {
  office = await makeBench();
  folder = office.location;
  const token = await office.token('front_office');
  const call = async (path: string, body: unknown, t = token) =>
    (await office.app.request(`/api/v1${path}`, { method: 'POST', headers: { authorization: `Bearer ${t}`, 'content-type': 'application/json' }, body: JSON.stringify(body) })).json() as Promise<any>;
  const started = await call('/cases', { workflow: 'respon-kasus-anak', data: directIntake() });
  const checked = await call(`/cases/${started.id}/steps/periksa-dokumen`, { rev: started.rev, data: { dokumen_lengkap: 'ya' } });
  caseId = started.id;
  rev = checked.rev;
  await call('/cases', { workflow: 'respon-kasus-anak', data: directIntake({ saluran: 'tidak_langsung', media_pelaporan: 'telepon' }) });
  await office.login('kepala_uptd');
  const s = office.store;
  await s.kv.put('lacak', 'kode-1', { caseId }, { now: '2026-11-30T02:00:00.000Z' });
  await s.transaction(async (tx) => {
    await tx.sequences.next('surat/2026');
    await tx.sequences.next('surat/2026');
  });
  blobId = (await s.blobs.put(new TextEncoder().encode('%PDF-1.4 surat'), '2026-11-30T02:00:00.000Z')).id;
  await s.outbox.enqueue({ id: 'm1', key: `${caseId}/tugas`, channel: 'email', to: 'kuptd@contoh.go.id', payload: { subject: 'Tugas baru' }, caseId, dueAt: '2026-11-30T03:00:00.000Z', createdAt: '2026-11-30T02:00:00.000Z' });
  await s.inbox.add({ id: 'n1', username: 'kepala_uptd', at: '2026-11-30T02:00:00.000Z', text: 'Tugas baru', href: `/kasus/${caseId}`, caseId });
  await s.records.add({ kind: 'ikm', id: 'r1', at: '2026-11-30T02:00:00.000Z', workflow: 'respon-kasus-anak', data: { u1: 4 } });
  await office.store.close();
});
afterAll(async () => {
  await office.close().catch(() => undefined);
});

describe('alur migrate --to postgres://…', () => {
  it('copies everything into an empty database, checks the chain on arrival, and the office works on from it', async () => {
    const source = await openStore(folder);
    const expected = {
      head: await source.audit.head(),
      cases: await source.cases.count(),
      users: await source.users.list(),
      sessions: await source.sessions.list(),
      versions: await source.versions.list(),
      case: await source.cases.get(caseId),
      summary: await source.cases.summary(caseId),
      // Starting cases queues notices for the officials whose task opened; the test adds one more (m1).
      outbox: (await source.outbox.list()).map((m) => [m.id, m.status]),
    };
    await source.close();
    const url = await freshDatabase('migrate');
    const r = await cli(['--to', url, '--data', folder]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/Dipindahkan: 2 kasus, 8 akun, \d+ sesi\/token, 1 versi layanan, \d+ catatan audit, \d+ catatan kunci, 1 penomoran, 1 lampiran, (\d+) pesan keluar, 1 notifikasi, 1 dokumen/);
    expect(Number(/(\d+) pesan keluar/.exec(r.out)![1])).toBe(expected.outbox.length);
    expect(r.out).toContain(`Jangkar untuk pemeriksaan berikutnya: ${expected.head.seq}:${expected.head.hash}`);

    const db: Store = await openStore(url);
    try {
      expect(await db.audit.verify()).toEqual({ ok: true, entries: expected.head.seq, head: expected.head.hash });
      expect(await db.cases.count()).toBe(expected.cases);
      expect(await db.cases.get(caseId)).toEqual(expected.case);
      expect(await db.cases.summary(caseId)).toEqual(expected.summary);
      expect(await db.users.list()).toEqual(expected.users);
      expect(await db.sessions.list()).toEqual(expected.sessions);
      expect(await db.versions.list()).toEqual(expected.versions);
      expect((await db.kv.get('lacak', 'kode-1'))?.value).toEqual({ caseId });
      expect(await db.sequences.current('surat/2026')).toBe(2);
      expect(Buffer.from((await db.blobs.get(blobId))!).toString()).toBe('%PDF-1.4 surat');
      expect(expected.outbox).toContainEqual(['m1', 'pending']);
      expect((await db.outbox.list()).map((m) => [m.id, m.status])).toEqual(expected.outbox);
      expect((await db.inbox.list('kepala_uptd')).map((n) => n.id)).toEqual(['n1']);
      expect((await db.records.query('ikm')).map((x) => x.data)).toEqual([{ u1: 4 }]);
      // A new entry continues the same chain.
      const next = await db.audit.append({ at: '2026-11-30T03:00:00.000Z', actor: 'admin', action: 'case.view', caseId });
      expect(next).toMatchObject({ seq: expected.head.seq + 1, prev: expected.head.hash });
    } finally {
      await db.close();
    }

    // The office goes on from the database: same password, the case continues where it was.
    const moved = await makeBench({ database: url });
    try {
      const token = await moved.token('bidang_teknis');
      const res = await moved.app.request(`/api/v1/cases/${caseId}/steps/proses-laporan`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ rev, data: { hasil_asesmen: 'Luka memar.', kebutuhan_layanan: ['layanan_kesehatan'] } }),
      });
      expect(res.status, await res.clone().text()).toBe(200);
      expect(await moved.store.audit.verify()).toMatchObject({ ok: true });
    } finally {
      await moved.store.close();
    }

    // Again into the same database: refused, nothing written.
    const again = await cli(['--to', url, '--data', folder]);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/tidak kosong \(berisi 2 kasus, 8 akun/);
  });

  it('asks for a database URL', async () => {
    const r = await cli(['--data', folder]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--to postgres:\/\//);
  });

  it('names the pg_dump route for backup and restore on PostgreSQL, without the password', async () => {
    for (const command of [backup, restoreCommand.run]) {
      const r = await cli(['cadangan.tar.gz', '--database', 'postgres://alur:rahasia@db.dinsos.local/alur'], command);
      expect(r.code).toBe(1);
      expect(r.err).toContain('pg_dump --format=custom');
      expect(r.err).toContain('pg_restore');
      expect(r.err).toContain('postgres://alur@db.dinsos.local/alur');
      expect(r.err).not.toContain('rahasia');
    }
  });
});
