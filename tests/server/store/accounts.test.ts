import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFile } from 'node:fs/promises';
import { CorruptFileError, openStore, UnknownUserError, UserExistsError } from '../../../server/store/index.ts';
import type { StoredSession, StoredUser, WorkflowVersionRecord } from '../../../server/store/types.ts';
import { tempDir } from './helpers.ts';

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

const version = (v: number, active: boolean): WorkflowVersionRecord => ({
  workflow: 'respon-kasus-anak',
  version: v,
  hash: String(v).repeat(64).slice(0, 64),
  source: `id: respon-kasus-anak\nversion: ${v}\n`,
  decree: { number: 'KPTS.800/DISSOSP3A-Set/04', effective: '2026-01-02' },
  publishedBy: 'admin',
  publishedAt: `2026-11-0${v}T00:00:00.000Z`,
  active,
  summary: `Perubahan ${v}`,
});

describe('users', () => {
  it('adds, reads, changes and keeps accounts across a reopen; refuses duplicates and unknown names', async () => {
    const dir = await tempDir();
    let store = await openStore(dir);
    await store.users.add(user('fo1', ['front_office']));
    await expect(store.users.add(user('fo1', ['sekretaris']))).rejects.toBeInstanceOf(UserExistsError);
    const changed = await store.users.update('fo1', (u) => ({ ...u, disabled: true, updatedAt: '2026-11-30T03:00:00.000Z' }));
    expect(changed.disabled).toBe(true);
    await expect(store.users.update('nobody', (u) => u)).rejects.toBeInstanceOf(UnknownUserError);
    await expect(store.users.update('fo1', (u) => ({ ...u, username: 'fo9' }))).rejects.toThrow(/tidak dapat diubah/);
    // A copy handed out cannot change the stored account behind the store's back.
    store.users.get('fo1')!.roles.push('admin');
    expect(store.users.get('fo1')!.roles).toEqual(['front_office']);
    expect(store.users.get('__proto__')).toBeUndefined();
    await store.close();
    store = await openStore(dir);
    expect(store.users.count()).toBe(1);
    expect(store.users.get('fo1')).toMatchObject({ disabled: true, roles: ['front_office'], password: { scheme: 'scrypt' } });
    await store.close();
    expect((await readFile(join(dir, 'users.json'), 'utf8'))).toContain('"fo1"');
  });

  it('stores names like __proto__ and constructor as plain accounts and sessions, touching no prototype', async () => {
    const dir = await tempDir();
    let store = await openStore(dir);
    for (const name of ['__proto__', 'constructor', 'toString']) {
      expect(store.users.get(name)).toBeUndefined();
      await expect(store.users.update(name, (u) => u)).rejects.toBeInstanceOf(UnknownUserError);
      expect(await store.sessions.revoke(name, '2026-11-30T02:00:00.000Z')).toBe(false);
      await store.sessions.touch(name, '2026-11-30T09:00:00.000Z');
    }
    await store.users.add(user('__proto__', ['front_office']));
    await store.sessions.add(session('constructor', '__proto__'));
    await store.close();
    store = await openStore(dir);
    expect(store.users.get('__proto__')?.roles).toEqual(['front_office']);
    expect(store.users.list().map((u) => u.username)).toEqual(['__proto__']);
    expect(store.sessions.get('constructor')?.username).toBe('__proto__');
    expect(({} as Record<string, unknown>).roles).toBeUndefined();
    expect((Object as unknown as Record<string, unknown>).revoked).toBeUndefined();
    await store.close();
  });

  it('refuses to open over a damaged users file, naming it', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'users.json'), '{"users": {"fo1": ');
    await expect(openStore(dir)).rejects.toBeInstanceOf(CorruptFileError);
    await expect(openStore(dir)).rejects.toThrow(/users\.json rusak/);
  });
});

describe('sessions and tokens', () => {
  it('stores, revokes and prunes sessions, and persists lastSeen at most once per interval', async () => {
    const dir = await tempDir();
    let store = await openStore(dir, { touchPersistMs: 60_000 });
    await store.sessions.add(session('h1', 'fo1'));
    await store.sessions.add(session('h2', 'fo1', { kind: 'token', label: 'integrasi', expiresAt: '2027-11-30T00:00:00.000Z' }));
    await store.sessions.add(session('h3', 'kd1', { expiresAt: '2026-11-30T03:00:00.000Z' }));
    await expect(store.sessions.add(session('h1', 'x'))).rejects.toThrow();

    await store.sessions.touch('h1', '2026-11-30T02:00:30.000Z');
    expect(store.sessions.get('h1')?.lastSeen).toBe('2026-11-30T02:00:30.000Z');
    const onDisk = async () => JSON.parse(await readFile(join(dir, 'sessions.json'), 'utf8')).sessions.h1.lastSeen;
    expect(await onDisk()).toBe('2026-11-30T02:00:00.000Z');
    await store.sessions.touch('h1', '2026-11-30T02:01:30.000Z');
    expect(await onDisk()).toBe('2026-11-30T02:01:30.000Z');

    expect(await store.sessions.revokeAll('fo1', '2026-11-30T02:05:00.000Z', 'session')).toBe(1);
    expect(store.sessions.get('h2')?.revoked).toBe(false);
    expect(await store.sessions.revoke('h2', '2026-11-30T02:06:00.000Z')).toBe(true);
    expect(await store.sessions.revoke('nope', '2026-11-30T02:06:00.000Z')).toBe(false);
    expect(store.sessions.list('fo1').map((s) => [s.idHash, s.revoked])).toEqual([['h1', true], ['h2', true]]);

    await store.sessions.touch('h3', '2026-11-30T02:10:00.000Z');
    await store.close(); // writes the pending lastSeen of h3
    store = await openStore(dir);
    expect(store.sessions.get('h3')?.lastSeen).toBe('2026-11-30T02:10:00.000Z');
    expect(await store.sessions.prune('2026-11-30T04:00:00.000Z')).toBe(3);
    expect(store.sessions.list()).toEqual([]);
    await store.close();
  });
});

describe('workflow versions', () => {
  it('registers versions with one active per workflow, finds them by number and hash, and rolls back', async () => {
    const dir = await tempDir();
    let store = await openStore(dir);
    await store.versions.add(version(1, true));
    await store.versions.add(version(2, true));
    await expect(store.versions.add(version(2, false))).rejects.toThrow(/sudah terdaftar/);
    expect(store.versions.active('respon-kasus-anak')?.version).toBe(2);
    expect(store.versions.get('respon-kasus-anak', 1)?.active).toBe(false);
    expect(store.versions.byHash('respon-kasus-anak', '1'.repeat(64))?.version).toBe(1);
    await store.versions.activate('respon-kasus-anak', 1);
    await expect(store.versions.activate('respon-kasus-anak', 7)).rejects.toThrow(/tidak terdaftar/);
    await store.close();
    store = await openStore(dir);
    expect(store.versions.list('respon-kasus-anak').map((v) => [v.version, v.active])).toEqual([[1, true], [2, false]]);
    expect(store.versions.get('respon-kasus-anak', 2)?.source).toContain('version: 2');
    await store.close();
  });
});
