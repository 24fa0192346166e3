/**
 * The store contract: what every adapter of engine/ports must do, the same tests for each (file store,
 * PostgreSQL). A test file per adapter calls `storeContract` with a way to open a fresh store and reopen it.
 */
import { describe, expect, it } from 'vitest';
import { BadCursorError, CaseExistsError, UnknownUserError, UserExistsError } from '../../engine/ports/index.ts';
import type { StoredSession, StoredUser } from '../../engine/ports/accounts.ts';
import type { Store } from '../../engine/ports/store.ts';
import type { WorkflowVersionRecord } from '../../engine/ports/versions.ts';
import { changeCase, makeCase, nextRev, putCase, summaryOf } from '../server/store/fixtures/case.ts';

export { changeCase, putCase, summaryOf };

export interface StoreMaker {
  /** A fresh, empty store; `reopen` closes it and opens the same data again. */
  open(): Promise<{ store: Store; reopen(): Promise<Store> }>;
}

const user = (username: string, roles: string[]): StoredUser => ({
  username,
  displayName: `Petugas ${username}`,
  roles,
  password: { scheme: 'scrypt', salt: 'c2FsdA==', hash: 'aGFzaA==', params: { N: 16384, r: 8, p: 1 } },
  disabled: false,
  createdAt: '2026-11-30T02:00:00.000Z',
});

const session = (idHash: string, username: string, over: Partial<StoredSession> = {}): StoredSession => ({
  idHash,
  kind: 'session',
  username,
  createdAt: '2026-11-30T02:00:00.000Z',
  lastSeen: '2026-11-30T02:00:00.000Z',
  expiresAt: '2026-11-30T14:00:00.000Z',
  revoked: false,
  ...over,
});

const version = (v: number, active: boolean, workflow = 'respon-kasus-anak'): WorkflowVersionRecord => ({
  workflow,
  version: v,
  hash: String(v).repeat(64).slice(0, 64),
  source: `id: ${workflow}\nversion: ${v}\n`,
  decree: { number: 'KPTS.800/DISSOSP3A-Set/04', effective: '2026-01-02' },
  publishedBy: 'admin',
  publishedAt: `2026-11-0${v}T00:00:00.000Z`,
  active,
  summary: `Perubahan ${v}`,
});

const T = (minute: number) => `2026-11-30T02:${String(minute).padStart(2, '0')}:00.000Z`;

export function storeContract(name: string, maker: StoreMaker): void {
  describe(`${name}: cases`, () => {
    it('creates, reads, updates with the expected rev, and refuses a stale rev without writing', async () => {
      const { store } = await maker.open();
      try {
        const c = makeCase('RKA-20261130-AAAAA');
        await putCase(store, c);
        expect(await store.cases.get(c.id)).toEqual(c);
        expect(await store.cases.get('RKA-20261130-ZZZZZ')).toBeUndefined();
        expect(await store.cases.exists(c.id)).toBe(true);
        await expect(putCase(store, c)).rejects.toBeInstanceOf(CaseExistsError);
        const second = nextRev(c, { current: 'proses-laporan', data: { ...c.data, dokumen_lengkap: 'ya' } });
        expect(await changeCase(store, second, 1)).toBe(true);
        const rival = nextRev(c, { current: 'validasi-laporan' });
        expect(await changeCase(store, rival, 1)).toBe(false);
        expect(await store.cases.get(c.id)).toEqual(second);
        expect((await store.cases.summary(c.id))?.current).toBe('proses-laporan');
        await expect(changeCase(store, { ...nextRev(second), rev: 9 }, 2)).rejects.toThrow(/rev baru harus 3/);
      } finally {
        await store.close();
      }
    });

    it('lets exactly one of two simultaneous updates of the same rev win', async () => {
      const { store } = await maker.open();
      try {
        const c = makeCase('RKA-20261130-BBBBB');
        await putCase(store, c);
        const results = await Promise.all([changeCase(store, nextRev(c, { data: { by: 'fo1' } }), 1), changeCase(store, nextRev(c, { data: { by: 'fo2' } }), 1)]);
        expect(results.filter(Boolean)).toHaveLength(1);
        const stored = await store.cases.get(c.id);
        expect(stored?.rev).toBe(2);
        expect(stored?.data.by).toBe(results[0] ? 'fo1' : 'fo2');
      } finally {
        await store.close();
      }
    });

    it('keeps every case, its latest rev and its summary across a reopen', async () => {
      const { store, reopen } = await maker.open();
      const a = makeCase('RKA-20261130-CCCCC');
      await putCase(store, a);
      await changeCase(store, nextRev(a, { current: 'proses-laporan' }), 1);
      await putCase(store, makeCase('RKA-20261130-DDDDD'));
      const again = await reopen();
      try {
        expect(again.problems.filter((p) => p.severity === 'error')).toEqual([]);
        expect(await again.cases.count()).toBe(2);
        expect((await again.cases.get(a.id))?.rev).toBe(2);
        expect(await again.cases.summary(a.id)).toMatchObject({ current: 'proses-laporan', subject: [{ initials: 'A.R.' }], tasks: [{ step: 'proses-laporan', roles: ['front_office'] }] });
        expect(await changeCase(again, nextRev(a), 1)).toBe(false);
        expect(await changeCase(again, nextRev({ ...a, rev: 2 }), 2)).toBe(true);
      } finally {
        await again.close();
      }
    });

    it('refuses ids that cannot name a case safely', async () => {
      const { store } = await maker.open();
      try {
        for (const id of ['../etc/passwd', 'a/b', '', '.hidden', 'x'.repeat(65)]) {
          await expect(putCase(store, makeCase(id))).rejects.toThrow(/Nomor kasus tidak sah/);
          expect(await store.cases.get(id)).toBeUndefined();
        }
      } finally {
        await store.close();
      }
    });

    it('answers the list query: filters, newest first, paging by cursor, counts with a cap', async () => {
      const { store } = await maker.open();
      try {
        await putCase(store, makeCase('A-1', { createdAt: T(1) }));
        await putCase(store, makeCase('A-2', { createdAt: T(3), current: 'proses-laporan' }));
        await putCase(store, makeCase('A-3', { createdAt: T(2), status: 'closed', current: null, outcome: 'ditindaklanjuti' }));
        await putCase(store, makeCase('B-1', { createdAt: T(4), workflow: { id: 'pengaduan', version: 2, hash: 'b'.repeat(64) } }));
        const ids = async (q: Parameters<Store['cases']['query']>[0]) => (await store.cases.query(q)).items.map((s) => s.id);
        expect(await store.cases.count()).toBe(4);
        expect(await ids({})).toEqual(['B-1', 'A-2', 'A-3', 'A-1']);
        expect(await ids({ workflow: 'respon-kasus-anak' })).toEqual(['A-2', 'A-3', 'A-1']);
        expect(await ids({ status: 'closed' })).toEqual(['A-3']);
        expect(await ids({ step: 'proses-laporan' })).toEqual(['A-2']);
        expect(await ids({ number: 'a-' })).toEqual(['A-2', 'A-3', 'A-1']);
        expect(await ids({ readable: { versions: [{ workflow: 'pengaduan', versions: [2] }] } })).toEqual(['B-1']);
        expect(await ids({ readable: { versions: [{ workflow: 'pengaduan', versions: [1] }] } })).toEqual([]);
        // A role of the step a case waits at may list it, whatever the versions.
        expect(await ids({ readable: { versions: [], taskRoles: ['kepala_uptd'] } })).toEqual([]);
        await changeCase(store, nextRev(makeCase('A-1', { createdAt: T(1) }), { current: 'validasi-laporan' }), 1);
        expect(await ids({ readable: { versions: [], taskRoles: ['kepala_uptd'] } })).toEqual(['A-1']);

        const first = await store.cases.query({ limit: 2, countUpTo: 10 });
        expect(first.items.map((s) => s.id)).toEqual(['B-1', 'A-2']);
        expect(first).toMatchObject({ total: 4, totalCapped: false });
        expect(first.next).toBeTypeOf('string');
        const second = await store.cases.query({ limit: 2, after: first.next, countUpTo: 10 });
        expect(second.items.map((s) => s.id)).toEqual(['A-3', 'A-1']);
        expect(second.next).toBeUndefined();
        expect(second.total).toBe(4);
        expect(await store.cases.query({ countUpTo: 3 })).toMatchObject({ total: 3, totalCapped: true });
        await expect(store.cases.query({ after: 'bukan-penanda' })).rejects.toBeInstanceOf(BadCursorError);
      } finally {
        await store.close();
      }
    });

    it('answers the work-list query: open tasks of these roles or assigned to this person, most urgent first', async () => {
      const { store } = await maker.open();
      try {
        const due = (h: number) => `2026-12-01T${String(h).padStart(2, '0')}:00:00.000Z`;
        await putCase(store, makeCase('W-1', { createdAt: T(1) }), { nextDue: due(9), openDeadlines: [due(9)] });
        await putCase(store, makeCase('W-2', { createdAt: T(2) }), { nextDue: due(3), openDeadlines: [due(3)] });
        await putCase(store, makeCase('W-3', { createdAt: T(3) }), { priority: 3, priorityLabel: 'Darurat', nextDue: due(20), openDeadlines: [due(20)] });
        await putCase(store, makeCase('W-4', { createdAt: T(4) }), { nextDue: undefined, openDeadlines: [] });
        await putCase(store, makeCase('W-5', { createdAt: T(5), current: 'validasi-laporan' }));
        const c6 = makeCase('W-6', { createdAt: T(6) });
        await putCase(store, c6, { nextDue: undefined, openDeadlines: [], tasks: [{ step: 'periksa-dokumen', number: 2, title: 'x', roles: ['front_office'], openedAt: T(6), assignee: 'fo2' }] });
        await putCase(store, makeCase('W-7', { createdAt: T(7), status: 'closed', current: null }));
        const work = (roles: string[], username: string, extra = {}) => store.cases.query({ status: 'open', tasks: { roles, usernames: [username] }, order: 'urgent', ...extra });
        expect((await work(['front_office'], 'fo1')).items.map((s) => s.id)).toEqual(['W-3', 'W-2', 'W-1', 'W-4']);
        expect((await work(['front_office'], 'fo2')).items.map((s) => s.id)).toEqual(['W-3', 'W-2', 'W-1', 'W-4', 'W-6']);
        expect((await work(['kepala_uptd'], 'ku')).items.map((s) => s.id)).toEqual(['W-5']);
        expect((await work([], 'fo2')).items.map((s) => s.id)).toEqual(['W-6']);
        const page1 = await work(['front_office'], 'fo1', { limit: 2 });
        const page2 = await work(['front_office'], 'fo1', { limit: 2, after: page1.next });
        expect([...page1.items, ...page2.items].map((s) => s.id)).toEqual(['W-3', 'W-2', 'W-1', 'W-4']);
        expect(page2.next).toBeUndefined();
        // Overdue at an instant: a deadline still running and due before it (the plain cases' completion is due at
        // 02:00), also of a closed case (W-7 closed with its clock still running).
        expect((await store.cases.query({ overdueAt: due(10), order: 'newest' })).items.map((s) => s.id)).toEqual(['W-7', 'W-5', 'W-2', 'W-1']);
        expect((await store.cases.query({ overdueAt: due(1), order: 'newest' })).items.map((s) => s.id)).toEqual([]);
      } finally {
        await store.close();
      }
    });

    it('tallies a service by version and by the step its open tasks wait at', async () => {
      const { store } = await maker.open();
      try {
        await putCase(store, makeCase('T-1'));
        await putCase(store, makeCase('T-2', { current: 'proses-laporan' }));
        await putCase(store, makeCase('T-3', { status: 'closed', current: null }));
        await putCase(store, makeCase('T-4', { workflow: { id: 'respon-kasus-anak', version: 2, hash: 'c'.repeat(64) } }));
        await putCase(store, makeCase('T-5', { workflow: { id: 'lain', version: 1, hash: 'd'.repeat(64) } }));
        expect(await store.cases.tally('respon-kasus-anak')).toEqual({
          versions: [
            { version: 1, open: 2, closed: 1 },
            { version: 2, open: 1, closed: 0 },
          ],
          steps: [
            { version: 1, step: 'periksa-dokumen', open: 1 },
            { version: 1, step: 'proses-laporan', open: 1 },
            { version: 2, step: 'periksa-dokumen', open: 1 },
          ],
        });
      } finally {
        await store.close();
      }
    });

    it('hands every case and every summary out in batches', async () => {
      const { store } = await maker.open();
      try {
        for (let i = 0; i < 7; i++) await putCase(store, makeCase(`S-${i}`, { createdAt: T(i) }));
        const seen: string[] = [];
        for await (const batch of store.cases.scan(3)) {
          expect(batch.length).toBeLessThanOrEqual(3);
          seen.push(...batch.map((c) => c.id));
        }
        expect(seen.sort()).toEqual(['S-0', 'S-1', 'S-2', 'S-3', 'S-4', 'S-5', 'S-6']);
        let n = 0;
        for await (const batch of store.cases.summaries()) n += batch.length;
        expect(n).toBe(7);
      } finally {
        await store.close();
      }
    });

    it('recomputes the summaries a newer summarizer makes, and keeps them', async () => {
      const { store, reopen } = await maker.open();
      await putCase(store, makeCase('R-1'), { v: 0 });
      const refreshed = await store.refreshSummaries((c) => ({ ...summaryOf(c), kind: 'Kekerasan fisik' }));
      expect(refreshed).toBe(1);
      expect((await store.cases.summary('R-1'))?.kind).toBe('Kekerasan fisik');
      expect(await store.refreshSummaries((c) => summaryOf(c))).toBe(0);
      const again = await reopen();
      try {
        expect((await again.cases.summary('R-1'))?.kind).toBe('Kekerasan fisik');
      } finally {
        await again.close();
      }
    });
  });

  describe(`${name}: transactions`, () => {
    it('commits a case change and its audit entry together, or neither when the unit of work fails', async () => {
      const { store, reopen } = await maker.open();
      const c = makeCase('X-1');
      await store.transaction(async (tx) => {
        await tx.cases.create(c, summaryOf(c));
        await tx.audit.append({ at: T(1), actor: 'fo1', action: 'case.start', caseId: c.id });
      });
      await expect(
        store.transaction(async (tx) => {
          await tx.cases.update(nextRev(c), summaryOf(nextRev(c)), 1);
          await tx.audit.append({ at: T(2), actor: 'fo1', action: 'step.complete', caseId: c.id });
          throw new Error('gagal di tengah');
        }),
      ).rejects.toThrow('gagal di tengah');
      expect((await store.cases.get(c.id))?.rev).toBe(1);
      expect((await store.audit.head()).seq).toBe(1);
      const again = await reopen();
      try {
        expect((await again.cases.get(c.id))?.rev).toBe(1);
        expect(await again.audit.verify()).toMatchObject({ ok: true, entries: 1 });
      } finally {
        await again.close();
      }
    });

    it('gives gap-free numbers per sequence, never reused, also when transactions run at once or fail', async () => {
      const { store, reopen } = await maker.open();
      const got = await Promise.all(Array.from({ length: 8 }, () => store.transaction((tx) => tx.sequences.next('surat/2026'))));
      expect([...got].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      await expect(
        store.transaction(async (tx) => {
          await tx.sequences.next('surat/2026');
          throw new Error('batal');
        }),
      ).rejects.toThrow('batal');
      expect(await store.transaction((tx) => tx.sequences.next('surat/2026'))).toBe(9);
      expect(await store.transaction((tx) => tx.sequences.next('surat/2027'))).toBe(1);
      const again = await reopen();
      try {
        expect(await again.sequences.current('surat/2026')).toBe(9);
        expect(await again.transaction((tx) => tx.sequences.next('surat/2026'))).toBe(10);
      } finally {
        await again.close();
      }
    });

    it('holds a named lock until the transaction ends', async () => {
      const { store } = await maker.open();
      try {
        const order: string[] = [];
        let release!: () => void;
        const gate = new Promise<void>((r) => (release = r));
        const first = store.transaction(async (tx) => {
          await tx.lock('publish:x');
          order.push('first in');
          await gate;
          order.push('first out');
          await tx.kv.put('t', 'k', 1, { now: T(1) });
        });
        await new Promise((r) => setTimeout(r, 30));
        const second = store.transaction(async (tx) => {
          await tx.lock('publish:x');
          order.push('second in');
          await tx.kv.put('t', 'k', 2, { now: T(2) });
        });
        await new Promise((r) => setTimeout(r, 30));
        release();
        await Promise.all([first, second]);
        expect(order).toEqual(['first in', 'first out', 'second in']);
        expect((await store.kv.get('t', 'k'))?.value).toBe(2);
      } finally {
        await store.close();
      }
    });

    it('tells watchers when a transaction signalled their topic', async () => {
      const { store } = await maker.open();
      try {
        let woken = 0;
        const stop = store.watch('versions', () => woken++);
        await store.transaction(async (tx) => {
          await tx.versions.add(version(1, true));
          tx.signal('versions');
        });
        for (let i = 0; i < 50 && woken === 0; i++) await new Promise((r) => setTimeout(r, 20));
        expect(woken).toBeGreaterThanOrEqual(1);
        stop();
      } finally {
        await store.close();
      }
    });
  });

  describe(`${name}: accounts`, () => {
    it('adds, reads, changes and keeps accounts; refuses duplicates and unknown names; hands out copies', async () => {
      const { store, reopen } = await maker.open();
      await store.users.add(user('fo1', ['front_office']));
      await expect(store.users.add(user('fo1', ['sekretaris']))).rejects.toBeInstanceOf(UserExistsError);
      const changed = await store.users.update('fo1', (u) => ({ ...u, disabled: true, updatedAt: T(3) }));
      expect(changed.disabled).toBe(true);
      await expect(store.users.update('nobody', (u) => u)).rejects.toBeInstanceOf(UnknownUserError);
      await expect(store.users.update('fo1', (u) => ({ ...u, username: 'fo9' }))).rejects.toThrow(/tidak dapat diubah/);
      (await store.users.get('fo1'))!.roles.push('admin');
      expect((await store.users.get('fo1'))!.roles).toEqual(['front_office']);
      expect(await store.users.get('__proto__')).toBeUndefined();
      const again = await reopen();
      try {
        expect(await again.users.count()).toBe(1);
        expect(await again.users.get('fo1')).toMatchObject({ disabled: true, roles: ['front_office'], password: { scheme: 'scrypt' } });
      } finally {
        await again.close();
      }
    });

    it('changes one account at a time: the change sees every account as it is', async () => {
      const { store } = await maker.open();
      try {
        await store.users.add(user('a1', ['admin']));
        await store.users.add(user('a2', ['admin']));
        // Two administrators each take the other's role at once: the second sees the first's change.
        const demote = (name: string) =>
          store.users.update(name, (u, all) => {
            const others = all.filter((x) => x.username !== name && x.roles.includes('admin'));
            return others.length ? { ...u, roles: ['front_office'] } : u;
          });
        await Promise.all([demote('a1'), demote('a2')]);
        const admins = (await store.users.list()).filter((u) => u.roles.includes('admin'));
        expect(admins).toHaveLength(1);
      } finally {
        await store.close();
      }
    });

    it('stores names like __proto__ as plain accounts and sessions', async () => {
      const { store, reopen } = await maker.open();
      for (const n of ['__proto__', 'constructor', 'toString']) {
        expect(await store.users.get(n)).toBeUndefined();
        expect(await store.sessions.revoke(n, T(0))).toBe(false);
      }
      await store.users.add(user('__proto__', ['front_office']));
      await store.sessions.add(session('constructor', '__proto__'));
      const again = await reopen();
      try {
        expect((await again.users.get('__proto__'))?.roles).toEqual(['front_office']);
        expect((await again.sessions.get('constructor'))?.username).toBe('__proto__');
        expect(({} as Record<string, unknown>).roles).toBeUndefined();
      } finally {
        await again.close();
      }
    });

    it('stores, revokes and prunes sessions and tokens, and keeps lastSeen', async () => {
      const { store, reopen } = await maker.open();
      await store.sessions.add(session('h1', 'fo1'));
      await store.sessions.add(session('h2', 'fo1', { kind: 'token', label: 'integrasi', expiresAt: '2027-11-30T00:00:00.000Z' }));
      await store.sessions.add(session('h3', 'kd1', { expiresAt: '2026-11-30T03:00:00.000Z' }));
      await expect(store.sessions.add(session('h1', 'x'))).rejects.toThrow();
      await store.sessions.touch('h1', '2026-11-30T02:00:30.000Z');
      expect((await store.sessions.get('h1'))?.lastSeen).toBe('2026-11-30T02:00:30.000Z');
      expect(await store.sessions.revokeAll('fo1', '2026-11-30T02:05:00.000Z', 'session')).toBe(1);
      expect((await store.sessions.get('h2'))?.revoked).toBe(false);
      expect(await store.sessions.revoke('h2', '2026-11-30T02:06:00.000Z')).toBe(true);
      expect(await store.sessions.revoke('nope', '2026-11-30T02:06:00.000Z')).toBe(false);
      expect((await store.sessions.list('fo1')).map((s) => [s.idHash, s.revoked])).toEqual([
        ['h1', true],
        ['h2', true],
      ]);
      await store.sessions.touch('h3', '2026-11-30T02:10:00.000Z');
      const again = await reopen();
      try {
        expect((await again.sessions.get('h3'))?.lastSeen).toBe('2026-11-30T02:10:00.000Z');
        expect(await again.sessions.prune('2026-11-30T04:00:00.000Z')).toBe(3);
        expect(await again.sessions.list()).toEqual([]);
      } finally {
        await again.close();
      }
    });
  });

  describe(`${name}: versions`, () => {
    it('registers versions with one active per workflow, finds them by number and hash, rolls back, counts changes', async () => {
      const { store, reopen } = await maker.open();
      const g0 = await store.versions.generation();
      await store.versions.add(version(1, true));
      await store.versions.add(version(2, true));
      await store.versions.add(version(1, true, 'lain'));
      await expect(store.versions.add(version(2, false))).rejects.toThrow(/sudah terdaftar/);
      expect((await store.versions.active('respon-kasus-anak'))?.version).toBe(2);
      expect((await store.versions.active('lain'))?.version).toBe(1);
      expect((await store.versions.get('respon-kasus-anak', 1))?.active).toBe(false);
      expect((await store.versions.byHash('respon-kasus-anak', '1'.repeat(64)))?.version).toBe(1);
      const g1 = await store.versions.generation();
      expect(g1).toBeGreaterThan(g0);
      await store.versions.activate('respon-kasus-anak', 1);
      expect(await store.versions.generation()).toBeGreaterThan(g1);
      await expect(store.versions.activate('respon-kasus-anak', 7)).rejects.toThrow(/tidak terdaftar/);
      const again = await reopen();
      try {
        expect((await again.versions.list('respon-kasus-anak')).map((v) => [v.version, v.active])).toEqual([
          [1, true],
          [2, false],
        ]);
        expect((await again.versions.get('respon-kasus-anak', 2))?.source).toContain('version: 2');
        expect((await again.versions.list()).map((v) => v.workflow)).toEqual(['lain', 'respon-kasus-anak', 'respon-kasus-anak']);
      } finally {
        await again.close();
      }
    });
  });

  describe(`${name}: audit log`, () => {
    it('chains entries in commit order, verifies, lists newest first with filters and paging, and streams them', async () => {
      const { store, reopen } = await maker.open();
      for (let i = 1; i <= 9; i++) {
        await store.audit.append({ at: T(i), actor: i % 2 ? 'fo1' : 'kuptd', action: i % 3 ? 'case.view' : 'step.complete', caseId: `RKA-${i % 2}`, details: { n: i } });
      }
      const head = await store.audit.head();
      expect(head.seq).toBe(9);
      expect(await store.audit.verify()).toEqual({ ok: true, entries: 9, head: head.hash });
      expect(await store.audit.verify({ seq: 5, hash: (await store.audit.list({ limit: 1, before: 6 }))[0]!.hash })).toMatchObject({ ok: true });
      expect(await store.audit.verify({ seq: 5, hash: 'f'.repeat(64) })).toMatchObject({ ok: false, code: 'edited' });
      expect(await store.audit.verify({ seq: 12, hash: 'f'.repeat(64) })).toMatchObject({ ok: false, code: 'truncated' });
      expect((await store.audit.list({ caseId: 'RKA-1' })).map((e) => e.seq)).toEqual([9, 7, 5, 3, 1]);
      expect((await store.audit.list({ actor: 'kuptd', action: 'step.complete' })).map((e) => e.seq)).toEqual([6]);
      expect((await store.audit.list({ limit: 3 })).map((e) => e.seq)).toEqual([9, 8, 7]);
      expect((await store.audit.list({ limit: 3, before: 7 })).map((e) => e.seq)).toEqual([6, 5, 4]);
      const streamed: number[] = [];
      for await (const batch of store.audit.entries(4, 2)) streamed.push(...batch.map((e) => e.seq));
      expect(streamed).toEqual([4, 5, 6, 7, 8, 9]);
      const all = (await store.audit.list({ limit: 100 })).reverse();
      expect(all[0]!.prev).toBe('0'.repeat(64));
      for (let i = 1; i < all.length; i++) expect(all[i]!.prev).toBe(all[i - 1]!.hash);
      expect(all[3]!.details).toEqual({ n: 4 });
      const again = await reopen();
      try {
        const e = await again.audit.append({ at: T(30), actor: 'admin', action: 'user.disable', details: { username: 'fo2' } });
        expect(e.seq).toBe(10);
        expect(e.prev).toBe(head.hash);
        expect(await again.audit.verify()).toEqual({ ok: true, entries: 10, head: e.hash });
      } finally {
        await again.close();
      }
    });

    it('keeps one chain when many transactions append at once', async () => {
      const { store } = await maker.open();
      try {
        await Promise.all(
          Array.from({ length: 30 }, (_, i) => (i % 2 ? store.audit.append({ at: T(i), actor: 'a', action: 'case.view' }) : store.transaction((tx) => tx.audit.append({ at: T(i), actor: 'b', action: 'case.view' })))),
        );
        expect(await store.audit.verify()).toMatchObject({ ok: true, entries: 30 });
      } finally {
        await store.close();
      }
    });
  });

  describe(`${name}: small records`, () => {
    it('keeps keyed records with expiry, claims one exactly once, deletes', async () => {
      const { store, reopen } = await maker.open();
      await store.kv.put('lacak', 'kode-1', { caseId: 'A-1' }, { now: T(0) });
      await store.kv.put('lacak', 'kode-2', { caseId: 'A-2' }, { now: T(0), expiresAt: T(10) });
      expect((await store.kv.get('lacak', 'kode-1'))?.value).toEqual({ caseId: 'A-1' });
      expect(await store.kv.get('lacak', 'kode-2', T(11))).toBeUndefined();
      expect((await store.kv.get('lacak', 'kode-2', T(9)))?.value).toEqual({ caseId: 'A-2' });
      expect((await store.kv.list('lacak', { now: T(11) })).map((e) => e.key)).toEqual(['kode-1']);
      const claims = await Promise.all(Array.from({ length: 5 }, (_, i) => store.kv.claim('sekali', 'tautan-9', { by: i }, { now: T(1) })));
      expect(claims.filter((c) => c.claimed)).toHaveLength(1);
      const winner = claims.find((c) => c.claimed)!.entry.value;
      for (const c of claims) expect(c.entry.value).toEqual(winner);
      // An expired entry can be claimed again.
      expect((await store.kv.claim('lacak', 'kode-2', { caseId: 'A-9' }, { now: T(11) })).claimed).toBe(true);
      expect(await store.kv.delete('lacak', 'kode-1')).toBe(true);
      expect(await store.kv.delete('lacak', 'kode-1')).toBe(false);
      const again = await reopen();
      try {
        expect(await again.kv.get('lacak', 'kode-1')).toBeUndefined();
        expect((await again.kv.get('lacak', 'kode-2', T(11)))?.value).toEqual({ caseId: 'A-9' });
        expect((await again.kv.get('sekali', 'tautan-9'))?.value).toEqual(winner);
      } finally {
        await again.close();
      }
    });

    it('counts atomically inside a transaction (read, then write, with no other change in between)', async () => {
      const { store } = await maker.open();
      try {
        await Promise.all(
          Array.from({ length: 10 }, () =>
            store.transaction(async (tx) => {
              const n = (await tx.kv.get<number>('hitung', 'gagal'))?.value ?? 0;
              await tx.kv.put('hitung', 'gagal', n + 1, { now: T(0) });
            }),
          ),
        );
        expect((await store.kv.get('hitung', 'gagal'))?.value).toBe(10);
      } finally {
        await store.close();
      }
    });

    it('stores blobs by content, once, and removes them for good', async () => {
      const { store, reopen } = await maker.open();
      const data = new TextEncoder().encode('%PDF-1.4 contoh');
      const a = await store.blobs.put(data, T(0));
      const b = await store.blobs.put(data, T(1));
      expect(a.id).toMatch(/^[0-9a-f]{64}$/);
      expect(b.id).toBe(a.id);
      expect(a.size).toBe(data.length);
      expect(Buffer.from((await store.blobs.get(a.id))!).toString()).toBe('%PDF-1.4 contoh');
      expect(await store.blobs.get('0'.repeat(64))).toBeUndefined();
      expect(await store.blobs.get('../../etc/passwd')).toBeUndefined();
      const again = await reopen();
      try {
        expect((await again.blobs.info(a.id))?.size).toBe(data.length);
        const listed: string[] = [];
        for await (const batch of again.blobs.list()) listed.push(...batch.map((x) => x.id));
        expect(listed).toEqual([a.id]);
        expect(await again.blobs.delete(a.id)).toBe(true);
        expect(await again.blobs.get(a.id)).toBeUndefined();
        expect(await again.blobs.delete(a.id)).toBe(false);
      } finally {
        await again.close();
      }
    });

    it('keeps an outbox: enqueue (a key replaces a pending message), claim by one worker, mark sent or retry, cancel', async () => {
      const { store, reopen } = await maker.open();
      const base = { channel: 'email', to: 'kuptd@contoh.go.id', payload: { subject: 'Tugas baru' }, createdAt: T(0) };
      await store.outbox.enqueue({ ...base, id: 'm1', key: 'RKA-1/tugas', caseId: 'RKA-1', dueAt: T(1) });
      await store.outbox.enqueue({ ...base, id: 'm2', key: 'RKA-1/tugas', caseId: 'RKA-1', dueAt: T(2), payload: { subject: 'Tugas baru (2)' } });
      await store.outbox.enqueue({ ...base, id: 'm3', key: 'RKA-1/ingat', caseId: 'RKA-1', dueAt: T(30) });
      await store.outbox.enqueue({ ...base, id: 'm4', caseId: 'RKA-2', dueAt: T(3) });
      expect((await store.outbox.list({ status: 'pending' })).map((m) => [m.payload.subject, m.dueAt])).toEqual([
        ['Tugas baru (2)', T(2)],
        ['Tugas baru', T(3)],
        ['Tugas baru', T(30)],
      ]);
      const [w1, w2] = await Promise.all([
        store.outbox.claim({ now: T(5), limit: 10, leaseMs: 60_000, worker: 'a' }),
        store.outbox.claim({ now: T(5), limit: 10, leaseMs: 60_000, worker: 'b' }),
      ]);
      expect([...w1, ...w2].map((m) => m.payload.subject).sort()).toEqual(['Tugas baru', 'Tugas baru (2)']);
      expect(await store.outbox.claim({ now: T(5), limit: 10, leaseMs: 60_000, worker: 'c' })).toEqual([]);
      const [first, second] = [...w1, ...w2].sort((x, y) => (x.dueAt < y.dueAt ? -1 : 1));
      await store.outbox.sent(first!.id, T(6));
      await store.outbox.failed(second!.id, 'SMTP 421', T(20));
      // A late failure of a worker whose lease ran out leaves a sent message sent, and a second "sent" changes nothing.
      await store.outbox.failed(first!.id, 'SMTP lambat', T(40));
      await store.outbox.sent(first!.id, T(8));
      // The same key again once sent adds nothing.
      await store.outbox.enqueue({ ...base, id: 'm5', key: 'RKA-1/tugas', caseId: 'RKA-1', dueAt: T(7) });
      expect(await store.outbox.cancel({ caseId: 'RKA-1', keyPrefix: 'RKA-1/ingat' })).toBe(1);
      const again = await reopen();
      try {
        const all = await again.outbox.list();
        expect(all.map((m) => [m.payload.subject, m.status, m.attempts])).toEqual([
          ['Tugas baru (2)', 'sent', 1],
          ['Tugas baru', 'pending', 1],
          ['Tugas baru', 'cancelled', 0],
        ]);
        expect(all.find((m) => m.status === 'pending')).toMatchObject({ lastError: 'SMTP 421', dueAt: T(20) });
        expect(all.find((m) => m.status === 'sent')).toMatchObject({ sentAt: T(6) });
        expect(all.find((m) => m.status === 'sent')!.lastError).toBeUndefined();
        expect(await again.outbox.claim({ now: T(19), limit: 10, leaseMs: 1000, worker: 'a' })).toEqual([]);
        const retry = await again.outbox.claim({ now: T(21), limit: 10, leaseMs: 1000, worker: 'a' });
        expect(retry).toHaveLength(1);
        await again.outbox.failed(retry[0]!.id, 'SMTP 550');
        expect((await again.outbox.list({ status: 'failed' })).map((m) => m.lastError)).toEqual(['SMTP 550']);
      } finally {
        await again.close();
      }
    });

    it('keeps in-app notifications per person, newest first, read and unread', async () => {
      const { store, reopen } = await maker.open();
      for (let i = 1; i <= 4; i++) await store.inbox.add({ id: `n${i}`, username: i === 4 ? 'kd' : 'ku', at: T(i), text: `Tugas ${i}`, href: `/tugas/${i}` });
      expect(await store.inbox.unread('ku')).toBe(3);
      expect(await store.inbox.markRead('ku', T(9), ['n1'])).toBe(1);
      expect((await store.inbox.list('ku')).map((n) => [n.id, Boolean(n.readAt)])).toEqual([
        ['n3', false],
        ['n2', false],
        ['n1', true],
      ]);
      expect((await store.inbox.list('ku', { unread: true, limit: 1 })).map((n) => n.id)).toEqual(['n3']);
      const again = await reopen();
      try {
        expect(await again.inbox.markRead('ku', T(10))).toBe(2);
        expect(await again.inbox.unread('ku')).toBe(0);
        expect(await again.inbox.unread('kd')).toBe(1);
      } finally {
        await again.close();
      }
    });

    it('keeps records by kind, queried by service, case and period; refuses a taken id; replaces', async () => {
      const { store, reopen } = await maker.open();
      await store.records.add({ kind: 'ikm', id: 'r1', at: '2026-01-10T00:00:00.000Z', workflow: 'a', data: { u1: 3 } });
      await store.records.add({ kind: 'ikm', id: 'r2', at: '2026-02-10T00:00:00.000Z', workflow: 'a', data: { u1: 4 } });
      await store.records.add({ kind: 'ikm', id: 'r3', at: '2026-02-11T00:00:00.000Z', workflow: 'b', data: { u1: 2 } });
      await store.records.add({ kind: 'surat', id: 'r1', at: '2026-02-11T00:00:00.000Z', caseId: 'A-1', data: { nomor: '1/RKA/2026' } });
      await expect(store.records.add({ kind: 'ikm', id: 'r1', at: T(0), data: {} })).rejects.toThrow(/sudah ada/);
      expect((await store.records.query('ikm', { workflow: 'a' })).map((r) => r.id)).toEqual(['r1', 'r2']);
      expect((await store.records.query('ikm', { from: '2026-02-01T00:00:00.000Z', to: '2026-03-01T00:00:00.000Z' })).map((r) => r.id)).toEqual(['r2', 'r3']);
      expect((await store.records.query('surat', { caseId: 'A-1' })).map((r) => r.data.nomor)).toEqual(['1/RKA/2026']);
      expect(await store.records.replace({ kind: 'surat', id: 'r1', at: T(0), caseId: 'A-1', data: { nomor: '1/RKA/2026', dicabut: true } })).toBe(true);
      expect(await store.records.replace({ kind: 'surat', id: 'r9', at: T(0), data: {} })).toBe(false);
      const again = await reopen();
      try {
        expect((await again.records.get('surat', 'r1'))?.data.dicabut).toBe(true);
        expect(await again.records.get('ikm', 'r9')).toBeUndefined();
      } finally {
        await again.close();
      }
    });
  });
}
