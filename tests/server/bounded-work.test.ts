/**
 * Bounded work for definitions and diagrams: the count limits, one size limit at every door, and a server that
 * keeps answering its public pages while an administrator checks and previews the largest draft allowed, then
 * stops within seconds on SIGTERM even with a diagram being laid out.
 */
import { spawn } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_BYTES, MAX_FIELDS_PER_STEP, MAX_STEPS, parseWorkflow } from '../../engine/definition/index.ts';
import { createUser } from '../../server/auth/users.ts';
import { listen, type Listening } from '../../server/http.ts';
import { DIAGRAM_MAX_STEPS } from '../../server/offload/diagrams.tsx';
import { openStore } from '../../server/store/index.ts';
import { largeDraft } from '../fixtures/large-draft.ts';
import { csrfOf, FORM, makeBench, PASSWORD, preSession, SEED, type Bench } from './helpers.ts';

const ID = 'respon-kasus-anak';
const BASE = `/admin/layanan/${ID}`;
/** The largest draft the checks accept: every step allowed, fields up to the total, padded to just under the size limit. */
const biggest = () => largeDraft({ steps: MAX_STEPS, fieldsPerStep: 6, bytes: MAX_BYTES - 2048 });
/** The largest draft that is still drawn: as many steps as are drawn, padded the same way. */
const biggestDrawn = () => largeDraft({ steps: DIAGRAM_MAX_STEPS, fieldsPerStep: 10, bytes: MAX_BYTES - 2048 });

describe('count limits of a definition', () => {
  it('accepts the largest drafts used below and refuses one step or one field more, before the other checks', () => {
    for (const source of [biggest(), biggestDrawn()]) {
      expect(Buffer.byteLength(source)).toBeLessThanOrEqual(MAX_BYTES);
      const r = parseWorkflow(source, 'besar.yaml');
      expect(r.ok ? [] : r.errors).toEqual([]);
    }
    const steps = parseWorkflow(largeDraft({ steps: MAX_STEPS + 1 }), 'x.yaml');
    expect(steps.ok).toBe(false);
    if (!steps.ok) expect(steps.errors).toMatchObject([{ path: 'steps', message: `Layanan ini memuat ${MAX_STEPS + 1} langkah; paling banyak ${MAX_STEPS} langkah untuk satu layanan.` }]);
    const fields = parseWorkflow(largeDraft({ steps: 3, fieldsPerStep: MAX_FIELDS_PER_STEP + 1 }), 'x.yaml');
    expect(fields.ok).toBe(false);
    if (!fields.ok) expect(fields.errors[0]).toMatchObject({ path: 'steps[0].fields', message: expect.stringContaining(`paling banyak ${MAX_FIELDS_PER_STEP} isian`) });
  });
});

describe('the editor with drafts at and over the limits', () => {
  let b: Bench;
  let admin: string;
  beforeEach(async () => {
    b = await makeBench();
    admin = await b.login('admin');
  });
  afterEach(() => b.close());

  const post = async (path: string, body: Record<string, string>, htmx = true) => {
    const res = await b.app.request(path, { method: 'POST', headers: { cookie: admin, ...FORM, ...(htmx ? { 'hx-request': 'true' } : {}) }, body: new URLSearchParams({ _csrf: csrfOf(admin), ...body }) });
    return { status: res.status, html: await res.text() };
  };

  it('states the limits, and says "too large" in the check itself for a draft over them, never beside "Sah"', async () => {
    const page = await (await b.app.request(BASE, { headers: { cookie: admin } })).text();
    expect(page).toContain(`Batas satu layanan: ${MAX_BYTES / 1024} KiB teks, ${MAX_STEPS} langkah`);
    // Over the size limit but within what a browser may post: the check panel refuses it in the loader's words.
    const over = `# ${'x'.repeat(MAX_BYTES)}\n${biggest()}`;
    for (const htmx of [true, false]) {
      const checked = await post(`${BASE}/periksa`, { sumber: over }, htmx);
      expect(checked.status).toBe(200);
      expect(checked.html).toMatch(/terlalu besar \(\d+ KiB\); batasnya 512 KiB untuk satu layanan/);
      expect(checked.html).not.toContain('badge-ok');
    }
    // An upload over the limit is refused in the check panel; the editor keeps its text and shows no verdict on it.
    const form = new FormData();
    form.set('_csrf', csrfOf(admin));
    form.set('berkas', new File([over], 'besar.yaml', { type: 'application/yaml' }));
    const upload = await b.app.request(`${BASE}/unggah`, { method: 'POST', headers: { cookie: admin }, body: form });
    const html = await upload.text();
    expect(upload.status).toBe(422);
    expect(html).toMatch(/Berkas besar\.yaml terlalu besar \(\d+ KiB\); batasnya 512 KiB/);
    expect(html).not.toContain('badge-ok');
    // A draft too large to draw says so, with the flow in words, instead of laying it out.
    const drawn = await post(`${BASE}/diagram`, { sumber: biggest() });
    expect(drawn.status).toBe(200);
    expect(drawn.html).toContain(`Diagram tidak digambar: alur ini memiliki ${MAX_STEPS} langkah`);
    expect(drawn.html).toContain('Alur dalam bentuk teks');
    // The version in force is drawn beside it (the comparison); the draft itself is not laid out.
    expect(drawn.html.slice(0, drawn.html.indexOf('yang berlaku</h3>'))).not.toContain('<svg');
  }, 180_000);
});

describe('a server under the largest drafts', () => {
  let dir: string;
  let server: Listening | undefined;
  afterEach(async () => {
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('answers every public probe within a second while the largest drafts are checked and previewed', async () => {
    const b = await makeBench();
    dir = b.dir;
    server = await listen(b.app, { port: 0, host: '127.0.0.1' });
    try {
      const admin = await b.login('admin');
      const publicPage = `${server.url}/layanan/${ID}`;
      expect((await fetch(publicPage)).status).toBe(200); // the version in force is drawn once, as after any start
      const slowest: number[] = [];
      let working = true;
      const probes = (async () => {
        while (working) {
          const t = performance.now();
          const res = await fetch(publicPage);
          await res.text();
          expect(res.status).toBe(200);
          slowest.push(performance.now() - t);
          await new Promise((r) => setTimeout(r, 50));
        }
      })();
      const post = async (path: string, sumber: string, htmx = true) => {
        const res = await fetch(`${server!.url}${path}`, {
          method: 'POST',
          headers: { cookie: admin, ...FORM, origin: server!.url, 'sec-fetch-site': 'same-origin', ...(htmx ? { 'hx-request': 'true' } : {}) },
          body: new URLSearchParams({ _csrf: csrfOf(admin), sumber, nilai: '{}' }),
        });
        return { status: res.status, html: await res.text() };
      };
      try {
        const big = biggest();
        const drawn = biggestDrawn();
        const checked = await post(`${BASE}/periksa`, big);
        expect(checked.status).toBe(200);
        expect(checked.html).toContain('badge-ok');
        const page = await post(`${BASE}/periksa`, big, false);
        expect(page.status).toBe(200);
        expect((await post(`${BASE}/simulasi`, big)).status).toBe(200);
        expect((await post(`${BASE}/diagram`, big)).html).toContain('Diagram tidak digambar');
        const preview = await post(`${BASE}/diagram`, drawn);
        expect(preview.status).toBe(200);
        // Laid out in the drafts thread; on a machine loaded far beyond its two cores the layout may run past its
        // time budget, and then the refusal must be the readable one (the thread is ended, the server unaffected).
        expect(preview.html).toMatch(/<svg|Diagram rancangan tidak dapat dibuat: Pekerjaan ini melebihi batas waktu \d+ detik/);
      } finally {
        working = false;
        await probes;
      }
      expect(slowest.length).toBeGreaterThan(5);
      expect(Math.max(...slowest)).toBeLessThan(1000);
    } finally {
      await server.close();
      server = undefined;
      await b.store.close();
    }
  }, 240_000);

  it('stops within seconds on SIGTERM while the largest drawable draft is being laid out', async () => {
    dir = await mkdtemp(join(tmpdir(), 'alur-sigterm-'));
    await mkdir(join(dir, 'workflows'));
    await copyFile(SEED, join(dir, 'workflows', `${ID}.yaml`));
    const store = await openStore(join(dir, 'data'));
    await createUser(store.users, { username: 'pengelola', roles: ['admin'], password: PASSWORD, now: new Date() });
    await store.close();
    const bin = fileURLToPath(new URL('../../bin/alur.js', import.meta.url));
    const child = spawn(process.execPath, [bin, 'serve', '--port', '0', '--host', '127.0.0.1', '--data', join(dir, 'data'), '--workflows', join(dir, 'workflows')], { stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      let out = '';
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /di (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
          if (m) resolve(m[1]!);
        });
        child.once('exit', () => reject(new Error(`server ended: ${out}`)));
      });
      const pre = await preSession({ request: (path, init) => fetch(`${url}${path}`, init) });
      const signed = await fetch(`${url}/login`, { method: 'POST', redirect: 'manual', headers: { ...FORM, cookie: pre.cookie, origin: url }, body: new URLSearchParams({ username: 'pengelola', password: PASSWORD, _csrf: pre.csrf }) });
      const cookie = signed.headers.getSetCookie().find((c) => c.startsWith('alur_sesi='))!.split(';')[0]!;
      const preview = fetch(`${url}${BASE}/diagram`, {
        method: 'POST',
        headers: { cookie, ...FORM, origin: url, 'hx-request': 'true' },
        body: new URLSearchParams({ _csrf: csrfOf(cookie), sumber: biggestDrawn() }),
      }).then(
        (r) => r.status,
        () => 'closed',
      );
      await new Promise((r) => setTimeout(r, 1500));
      const t = performance.now();
      child.kill('SIGTERM');
      const code = await exited;
      expect(code).toBe(0);
      expect(performance.now() - t).toBeLessThan(10_000);
      expect(await preview).toBeDefined();
    } finally {
      child.kill('SIGKILL');
    }
  }, 120_000);
});
