/**
 * Demo mode gives every role an account with a published password. Started by mistake on the office's real data
 * folder (`alur serve --demo --data ./data`), it would open every child's case to anyone who read the README: it
 * must refuse a folder holding an account with a password of its own, and change nothing in it.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createUser } from '../../../server/auth/users.ts';
import { openStore } from '../../../server/store/index.ts';

const BIN = fileURLToPath(new URL('../../../bin/alur.js', import.meta.url));
const WORKFLOWS = fileURLToPath(new URL('../../../workflows/', import.meta.url));
const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

function serve(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, 'serve', '--host', '127.0.0.1', '--port', '0', '--workflows', WORKFLOWS, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    // A server that starts is stopped once it says so (the refusal is what this test is about).
    child.stdout.on('data', () => out.includes('alur melayani') && child.kill('SIGTERM'));
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

describe('alur serve --demo', () => {
  it('refuses a data folder that holds a real account, and adds no demo account to it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'alur-demo-guard-'));
    dirs.push(dir);
    const data = join(dir, 'data');
    const store = await openStore(data);
    await createUser(store.users, { username: 'admin', roles: ['admin'], password: 'rahasia-kantor-yang-panjang', displayName: 'Administrator', now: new Date() });
    await store.close();

    const r = await serve(['--demo', '--data', data]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/mode demo/i);
    expect(r.out).not.toContain('alur melayani');
    const after = await openStore(data);
    try {
      expect((await after.users.list()).map((u) => u.username)).toEqual(['admin']);
    } finally {
      await after.close();
    }
  });

  it('still starts on its own folder, again and again', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'alur-demo-guard-'));
    dirs.push(dir);
    const data = join(dir, 'data-demo');
    const first = await serve(['--demo', '--data', data]);
    expect(first.out).toContain('MODE DEMO');
    expect(first.out).toContain('alur melayani');
    const second = await serve(['--demo', '--data', data]);
    expect(second.out).toContain('alur melayani');
  });
});

describe('the first start', () => {
  it('prints the first administrator password once, and it must be changed at the first sign-in (a console log keeps it)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'alur-first-'));
    dirs.push(dir);
    const data = join(dir, 'data');
    const r = await serve(['--data', data]);
    const password = /kata sandi:\s+(\S+)/.exec(r.out)?.[1];
    expect(password).toBeDefined();
    const store = await openStore(data);
    try {
      expect((await store.users.get('admin'))?.mustChangePassword).toBe(true);
    } finally {
      await store.close();
    }
  });
});
