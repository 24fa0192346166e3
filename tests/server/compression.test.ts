/** Slow connections: compressed pages and fragments, fingerprinted static files kept by the browser, on a real server on loopback. */
import { request, type IncomingHttpHeaders } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen, type Listening } from '../../server/http.ts';
import { csrfOf, directIntake, formBody, makeBench, type Bench } from './helpers.ts';

let b: Bench;
let server: Listening;
let fo: string;

beforeAll(async () => {
  b = await makeBench();
  server = await listen(b.app, { port: 0, host: '127.0.0.1' });
  fo = await b.login('front_office');
});
afterAll(async () => {
  await server.close();
  await b.close();
});

interface Raw {
  status: number;
  headers: IncomingHttpHeaders;
  /** The bytes as sent. */
  body: Buffer;
  /** The body decompressed as its Content-Encoding says. */
  text: string;
}

/** One HTTP request with exactly these headers (no client that decompresses or adds its own). */
function raw(path: string, headers: Record<string, string> = {}, options: { method?: string; body?: string } = {}): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = request(`${server.url}${path}`, { method: options.method ?? 'GET', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (d: Buffer) => chunks.push(d));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        const enc = res.headers['content-encoding'];
        const plain = enc === 'gzip' ? gunzipSync(body) : enc === 'br' ? brotliDecompressSync(body) : body;
        resolve({ status: res.statusCode!, headers: res.headers, body, text: plain.toString('utf8') });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

/** What a browser sends when the app's own link or form made the request. */
const FROM_APP = { 'accept-encoding': 'gzip, deflate, br', 'sec-fetch-site': 'same-origin' };

function assetsOf(html: string): string[] {
  return [...html.matchAll(/(?:href|src)="(\/static\/[^"]+)"/g)].map((m) => m[1]!);
}

describe('compressed answers', () => {
  it('sends a page gzip’d, with every security header kept, when the app’s own page asked for it', async () => {
    const plain = await raw('/tugas', { cookie: fo });
    const r = await raw('/tugas', { ...FROM_APP, cookie: fo });
    expect(r.status).toBe(200);
    expect(r.headers['content-encoding']).toBe('gzip');
    expect(r.headers.vary).toMatch(/accept-encoding/i);
    expect(r.text).toBe(plain.text);
    expect(r.text).toContain('Tugas saya');
    expect(r.body.length).toBeLessThan(plain.body.length);
    for (const h of ['content-security-policy', 'x-content-type-options', 'x-frame-options', 'referrer-policy']) expect(r.headers[h], h).toBe(plain.headers[h]);
    expect(r.headers['cache-control']).toBe('no-store');
    expect(r.headers['content-type']).toMatch(/^text\/html/);
  });

  it('does not compress an answer to a request another site triggered (BREACH), nor for a client that does not accept it', async () => {
    const longPage = '/layanan/respon-kasus-anak';
    expect((await raw(longPage, { ...FROM_APP })).headers['content-encoding']).toBe('gzip');
    expect((await raw(longPage, { ...FROM_APP, 'sec-fetch-site': 'cross-site' })).headers['content-encoding']).toBeUndefined();
    expect((await raw(longPage, { ...FROM_APP, 'sec-fetch-site': 'same-site' })).headers['content-encoding']).toBeUndefined();
    expect((await raw(longPage, { 'sec-fetch-site': 'same-origin' })).headers['content-encoding']).toBeUndefined();
    // Typed in the address bar.
    expect((await raw(longPage, { ...FROM_APP, 'sec-fetch-site': 'none' })).headers['content-encoding']).toBe('gzip');
    // An old browser without Sec-Fetch-Site: only a Referer of this app counts.
    const old = { 'accept-encoding': 'gzip' };
    expect((await raw(longPage, { ...old, referer: `${server.url}/tugas` })).headers['content-encoding']).toBe('gzip');
    expect((await raw(longPage, { ...old, referer: 'https://contoh.example/' })).headers['content-encoding']).toBeUndefined();
    expect((await raw(longPage, old)).headers['content-encoding']).toBeUndefined();
  });

  it('compresses the API for a client with a token', async () => {
    const token = await b.token('front_office');
    const r = await raw('/api/v1/workflows/respon-kasus-anak', { authorization: `Bearer ${token}`, 'accept-encoding': 'gzip' });
    expect(r.status).toBe(200);
    expect(r.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(r.text).id).toBe('respon-kasus-anak');
  });

  it('keeps htmx working: a refused form comes back gzip’d with its 422, a saved one redirects with HX-Redirect', async () => {
    const headers = { ...FROM_APP, cookie: fo, 'content-type': 'application/x-www-form-urlencoded', origin: server.url, 'hx-request': 'true' };
    const refused = await raw('/lapor/respon-kasus-anak', headers, { method: 'POST', body: formBody({ _csrf: csrfOf(fo), ...directIntake({ kronologi: '' }) }).toString() });
    expect(refused.status).toBe(422);
    expect(refused.headers['content-encoding']).toBe('gzip');
    expect(refused.text).toContain('id="kesalahan"');
    expect(refused.text).not.toContain('<html');
    const saved = await raw('/lapor/respon-kasus-anak', headers, { method: 'POST', body: formBody({ _csrf: csrfOf(fo), ...directIntake() }).toString() });
    expect(saved.status).toBe(200);
    expect(saved.headers['hx-redirect']).toMatch(/^\/kasus\/[A-Z]+-\d{8}-[A-Z0-9]+\?baru=1$/);
    expect(saved.body.length).toBe(0);
  });
});

describe('static files', () => {
  it('are named by fingerprint and kept a year without asking again, compressed once in brotli or gzip', async () => {
    const page = await raw('/login', FROM_APP);
    const urls = assetsOf(page.text);
    expect(urls).toEqual([expect.stringMatching(/^\/static\/app\.[0-9a-f]{10}\.css$/), expect.stringMatching(/^\/static\/app\.[0-9a-f]{10}\.js$/)]);
    for (const url of urls) {
      const plain = await raw(url);
      const br = await raw(url, { 'accept-encoding': 'gzip, deflate, br' });
      const gz = await raw(url, { 'accept-encoding': 'gzip, deflate' });
      expect(plain.status).toBe(200);
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(br.headers['content-encoding']).toBe('br');
      expect(gz.headers['content-encoding']).toBe('gzip');
      expect(br.text).toBe(plain.text);
      expect(gz.text).toBe(plain.text);
      for (const r of [plain, br, gz]) {
        expect(r.headers['cache-control']).toBe('public, max-age=31536000, immutable');
        expect(r.headers.vary).toMatch(/accept-encoding/i);
        expect(r.headers.etag).toBe(plain.headers.etag);
        expect(r.headers['content-security-policy']).toContain("default-src 'self'");
      }
      if (plain.body.length > 1024) expect(br.body.length).toBeLessThan(plain.body.length / 2);
      // The browser asking again with its copy's ETag gets 304 and no body.
      const again = await raw(url, { 'if-none-match': plain.headers.etag as string, 'accept-encoding': 'gzip' });
      expect(again.status).toBe(304);
      expect(again.body.length).toBe(0);
    }
  });

  it('serve a plain or out-of-date name with today’s file, to be checked again each time', async () => {
    const css = await raw('/static/app.css');
    const named = assetsOf((await raw('/login')).text)[0]!;
    expect(css.text).toBe((await raw(named)).text);
    expect(css.headers['cache-control']).toBe('public, max-age=0, must-revalidate');
    expect(css.headers.etag).toMatch(/^"[0-9a-f]{10}"$/);
    const old = await raw('/static/app.0000000000.css');
    expect(old.status).toBe(200);
    expect(old.headers['cache-control']).toBe('public, max-age=0, must-revalidate');
    expect((await raw('/static/tidak.0000000000.css')).status).toBe(404);
    expect((await raw('/static/app.0000000000.css.map')).status).toBe(404);
  });

  it('load htmx only on pages with a form that uses it', async () => {
    const c = { cookie: fo };
    const token = await b.token('front_office');
    const started = await raw('/api/v1/cases', { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, { method: 'POST', body: JSON.stringify({ workflow: 'respon-kasus-anak', data: directIntake() }) });
    expect(started.status).toBe(201);
    const id = JSON.parse(started.text).id as string;
    for (const path of ['/layanan', '/login', '/tugas', '/kasus', `/kasus/${id}`]) {
      expect(assetsOf((await raw(path, c)).text).some((u) => u.includes('htmx')), path).toBe(false);
    }
    for (const path of ['/lapor/respon-kasus-anak', `/tugas/${id}/periksa-dokumen`]) {
      const html = (await raw(path, c)).text;
      expect(assetsOf(html).some((u) => /\/static\/htmx\.[0-9a-f]{10}\.min\.js$/.test(u)), path).toBe(true);
      expect(html, path).toContain('hx-post=');
    }
  });
});
