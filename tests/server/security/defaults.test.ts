/**
 * Safe defaults of `alur serve`, as an operator runs it (real processes, a temp data folder): it listens on
 * 127.0.0.1 unless told otherwise, and `--production` refuses every setup that is not the README's recipe,
 * saying each point at once.
 */
import { spawn } from 'node:child_process';
import { chmod, copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED } from '../helpers.ts';

const BIN = fileURLToPath(new URL('../../../bin/alur.js', import.meta.url));
let dir: string;
let wfDir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'alur-defaults-'));
  wfDir = join(dir, 'workflows');
  await mkdir(wfDir);
  await copyFile(SEED, join(wfDir, 'respon-kasus-anak.yaml'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

function environment(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = { ...process.env, ...extra };
  for (const k of ['HOST', 'ALUR_SECURE_COOKIES', 'ALUR_TRUST_PROXY', 'ALUR_PRODUCTION', 'ALUR_DATA', 'PORT']) if (!(k in extra)) delete env[k];
  return env;
}

/** Starts `alur serve ARGS`; resolves with the URL it prints, or with its exit when it refuses. */
function serve(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--workflows', wfDir, ...args], { env: environment(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  const started = new Promise<{ url?: string; code?: number | null }>((resolve) => {
    child.stdout.on('data', (d) => {
      out += d;
      const m = /alur melayani \d+ layanan di (http:\/\/\S+?) /.exec(out);
      if (m) resolve({ url: m[1] });
    });
    void exited.then((code) => resolve({ code }));
  });
  return {
    started,
    output: () => ({ out, err }),
    async stop() {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

function reachable(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 2000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

describe('alur serve defaults', () => {
  it('listens on 127.0.0.1 when neither --host nor HOST says otherwise, and not on the network', async () => {
    const s = serve(['--data', join(dir, 'plain')]);
    const { url } = await s.started;
    try {
      expect(url, JSON.stringify(s.output())).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const port = Number(new URL(url!).port);
      expect((await fetch(`${url}/layanan`)).status).toBe(200);
      const outside = Object.values(networkInterfaces())
        .flat()
        .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
      if (outside) expect(await reachable(outside, port)).toBe(false);
      expect(s.output().err).not.toContain('PERINGATAN: alur mendengar');
    } finally {
      expect(await s.stop()).toBe(0);
    }
  });

  it('warns when told to listen beyond the machine over plain HTTP', async () => {
    const s = serve(['--data', join(dir, 'open')], { HOST: '0.0.0.0' });
    const { url } = await s.started;
    try {
      expect(url).toMatch(/^http:\/\/localhost:\d+$/);
      expect(s.output().err).toContain('PERINGATAN: alur mendengar di 0.0.0.0 lewat HTTP biasa');
    } finally {
      await s.stop();
    }
  });

  it('help names the default and what --production checks', async () => {
    const child = spawn(process.execPath, [BIN, 'serve', '--tidak-ada'], { env: environment(), stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    await new Promise((resolve) => child.on('close', resolve));
    expect(err).toContain('bawaan 127.0.0.1');
    expect(err).toContain('--production');
    expect(err).toContain('--secure-cookies: cookie sesi hanya dikirim lewat HTTPS');
  });
});

describe('alur serve --production', () => {
  it('refuses an unsafe setup, naming every point at once, before it touches the data', async () => {
    const data = join(dir, 'prod-unsafe');
    const s = serve(['--production', '--demo', '--host', '0.0.0.0', '--data', data]);
    const result = await s.started;
    expect(result.url).toBeUndefined();
    expect(result.code).toBe(1);
    const { err } = s.output();
    expect(err).toContain('resep produksi belum dipenuhi');
    expect(err).toContain('mode demo');
    expect(err).toContain('alamat dengar 0.0.0.0');
    expect(err).toContain('--trust-proxy tidak diberikan');
    expect(err).toContain('--secure-cookies tidak diberikan');
    // The same through the environment, and a data folder others can read.
    await mkdir(join(dir, 'prod-open'), { mode: 0o755 });
    await chmod(join(dir, 'prod-open'), 0o755);
    const env = serve(['--data', join(dir, 'prod-open')], { ALUR_PRODUCTION: '1', ALUR_TRUST_PROXY: '1', ALUR_SECURE_COOKIES: '1' });
    const r2 = await env.started;
    expect(r2.code).toBe(1);
    expect(env.output().err).toContain('dapat dibaca pengguna lain (mode 0755)');
    expect(env.output().err).not.toContain('--trust-proxy tidak diberikan');
  });

  it('starts when the recipe holds: loopback, --trust-proxy, --secure-cookies, a closed data folder', async () => {
    const s = serve(['--production', '--trust-proxy', '--secure-cookies', '--data', join(dir, 'prod-ok')]);
    const { url } = await s.started;
    try {
      expect(url, JSON.stringify(s.output())).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(s.output().out).toContain('Mode produksi');
      // Behind the proxy: the session cookie is Secure.
      const res = await fetch(`${url}/login`, { headers: { 'x-forwarded-proto': 'https' } });
      expect(res.headers.getSetCookie().join('\n')).toMatch(/Secure/);
    } finally {
      expect(await s.stop()).toBe(0);
    }
  });
});
