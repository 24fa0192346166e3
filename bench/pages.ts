/**
 * Page weight: the bytes a browser on a slow connection receives for the main staff and public pages (the HTML,
 * then the stylesheet and scripts it names), on a real server on loopback with the demo's accounts and cases.
 * Bytes, not time: they do not depend on the machine.
 */
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../server/app.ts';
import { DEMO_PASSWORD, seedDemoCases, seedDemoUsers } from '../server/demo.ts';
import { listen } from '../server/http.ts';
import { openStore } from '../server/store/index.ts';
import { loadWorkflows } from '../server/workflows.ts';

/** What Chromium sends over HTTPS; over plain HTTP it leaves out br (the server then answers gzip). */
const ACCEPT_ENCODING = 'gzip, deflate, br';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** Body bytes as sent (compressed when the server compressed). */
  wire: number;
  /** Body bytes after decompression (= wire when not compressed). */
  raw: number;
  text: string;
}

/** One request like a browser's link click or form post from the app's own page; counts the body bytes sent. */
function fetchBytes(base: string, path: string, options: { cookie?: string; method?: string; body?: string; headers?: Record<string, string> } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, base);
    const req = request(
      url,
      {
        method: options.method ?? 'GET',
        headers: {
          'accept-encoding': ACCEPT_ENCODING,
          'sec-fetch-site': 'same-origin',
          ...(options.cookie ? { cookie: options.cookie } : {}),
          ...(options.body !== undefined ? { 'content-type': 'application/x-www-form-urlencoded', origin: base } : {}),
          ...options.headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (d: Buffer) => chunks.push(d));
        res.on('end', async () => {
          const body = Buffer.concat(chunks);
          const { brotliDecompressSync, gunzipSync, inflateSync } = await import('node:zlib');
          const enc = res.headers['content-encoding'];
          const plain = enc === 'br' ? brotliDecompressSync(body) : enc === 'gzip' ? gunzipSync(body) : enc === 'deflate' ? inflateSync(body) : body;
          resolve({ status: res.statusCode ?? 0, headers: res.headers, wire: body.length, raw: plain.length, text: plain.toString('utf8') });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

/** The stylesheet and script URLs a page names. */
function assetsOf(html: string): string[] {
  const urls = [...html.matchAll(/<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"/g), ...html.matchAll(/<script[^>]+src="([^"]+)"/g)].map((m) => m[1]!);
  return [...new Set(urls)];
}

function cookiesOf(a: Answer): string {
  const set = a.headers['set-cookie'] ?? [];
  return (Array.isArray(set) ? set : [set]).map((c) => c.split(';')[0]).join('; ');
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

/**
 * The same bench run on 2026-11-29 at commit 361120a, before compression and fingerprinted static files: nothing
 * was compressed, every page loaded app.css, app.js and htmx.min.js (58.8 KB), kept one hour with no validator.
 */
const BEFORE = [
  '| page | HTML on the wire | first visit on the wire |',
  '| --- | ---: | ---: |',
  '| Standar layanan (public list) | 2.3 KB | 61.1 KB |',
  '| Respon Kasus Anak standard with diagram (public) | 22.2 KB | 81.0 KB |',
  '| Masuk (sign-in) | 2.4 KB | 61.2 KB |',
  '| Tugas saya (inbox) | 1.8 KB | 60.6 KB |',
  '| Laporan baru: intake form | 14.4 KB | 73.1 KB |',
  '| Task form (step 2) | 5.4 KB | 64.2 KB |',
  '| Daftar kasus | 6.3 KB | 65.0 KB |',
  '| Case page | 4.0 KB | 62.8 KB |',
  '| Printable Respon Kasus | 5.6 KB | 64.4 KB |',
  '',
  'Refused intake form as an htmx fragment: 15.7 KB on the wire. The 9 pages in this order, each asset fetched once:',
  '123.2 KB in 12 requests; an hour later every static file was downloaded whole again (58.8 KB).',
];

export async function pagesBench(): Promise<string[]> {
  const dir = await mkdtemp(join(tmpdir(), 'alur-bench-pages-'));
  await cp(new URL('../workflows/', import.meta.url), join(dir, 'workflows'), { recursive: true });
  const store = await openStore(join(dir, 'data'));
  const now = new Date('2026-11-30T03:00:00Z');
  const workflows = await loadWorkflows(join(dir, 'workflows'), { versions: store.versions, now });
  await seedDemoUsers(store, workflows, now);
  await seedDemoCases(store, workflows, now);
  const server = await listen(createApp({ store, workflows, now: () => now, demo: { password: DEMO_PASSWORD }, logError: () => undefined }), { port: 0, host: '127.0.0.1' });
  try {
    const base = server.url;
    // Sign in as the front office through the form, like a browser.
    const form = await fetchBytes(base, '/login');
    const pre = cookiesOf(form);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.text)?.[1] ?? '';
    const signed = await fetchBytes(base, '/login', { method: 'POST', cookie: pre, body: new URLSearchParams({ _csrf: csrf, username: 'front_office', password: DEMO_PASSWORD }).toString() });
    const cookie = cookiesOf(signed);
    if (signed.status !== 303 || !cookie) throw new Error(`pages bench: sign-in answered ${signed.status}`);

    const cases = (await store.cases.query({ workflow: 'respon-kasus-anak', limit: 1000 })).items;
    const open = cases.find((s) => s.current === 'periksa-dokumen');
    const closed = cases.find((s) => s.status === 'closed' && s.outcome);
    if (!open || !closed) throw new Error('pages bench: the demo cases are not what this bench expects');

    const pages: Array<{ label: string; path: string; cookie?: string }> = [
      { label: 'Standar layanan (public list)', path: '/layanan' },
      { label: 'Respon Kasus Anak standard with diagram (public)', path: '/layanan/respon-kasus-anak' },
      { label: 'Masuk (sign-in)', path: '/login' },
      { label: 'Tugas saya (inbox)', path: '/tugas', cookie },
      { label: 'Laporan baru: intake form', path: '/lapor/respon-kasus-anak', cookie },
      { label: 'Task form (step 2)', path: `/tugas/${open.id}/periksa-dokumen`, cookie },
      { label: 'Daftar kasus', path: '/kasus', cookie },
      { label: 'Case page', path: `/kasus/${open.id}`, cookie },
      { label: 'Printable Respon Kasus', path: `/kasus/${closed.id}/dokumen`, cookie },
    ];
    const assetCache = new Map<string, Answer>();
    const rows: string[] = [];
    // A session that visits the pages in this order with the browser's cache: each asset fetched once.
    let session = 0;
    let sessionRequests = 0;
    for (const p of pages) {
      const page = await fetchBytes(base, p.path, { cookie: p.cookie });
      if (page.status !== 200) throw new Error(`pages bench: ${p.path} answered ${page.status}`);
      let assetsRaw = 0;
      let assetsWire = 0;
      const names: string[] = [];
      session += page.wire;
      sessionRequests++;
      for (const url of assetsOf(page.text)) {
        let a = assetCache.get(url);
        if (!a) {
          a = await fetchBytes(base, url);
          assetCache.set(url, a);
          session += a.wire;
          sessionRequests++;
        }
        assetsRaw += a.raw;
        assetsWire += a.wire;
        names.push(url.replace(/^\/static\//, ''));
      }
      rows.push(`| ${p.label} | ${kb(page.raw)} | ${kb(page.wire)} | ${names.join(', ')} | ${kb(assetsRaw)} | ${kb(assetsWire)} | ${kb(page.wire + assetsWire)} |`);
    }

    // A refused form swapped in by htmx: only the form comes back.
    const intake = await fetchBytes(base, '/lapor/respon-kasus-anak', { cookie });
    const token = /name="_csrf" value="([^"]+)"/.exec(intake.text)?.[1] ?? '';
    const refused = await fetchBytes(base, '/lapor/respon-kasus-anak', { method: 'POST', cookie, body: new URLSearchParams({ _csrf: token }).toString(), headers: { 'hx-request': 'true' } });
    if (refused.status !== 422) throw new Error(`pages bench: the refused intake answered ${refused.status}`);

    // How each static file may be kept by the browser.
    const caching = [...assetCache.entries()].map(([url, a]) => {
      const cc = a.headers['cache-control'];
      const etag = a.headers.etag ? ', ETag' : '';
      return `\`${url}\`: \`${Array.isArray(cc) ? cc.join(', ') : (cc ?? 'none')}\`${etag}, ${a.headers['content-encoding'] ? `sent ${a.headers['content-encoding']}` : 'sent uncompressed'}`;
    });

    return [
      '## Page weight',
      '',
      '`npm run bench -- pages`: a real server on 127.0.0.1 with the demo\'s accounts and cases; each page fetched as the',
      `front office would (signed in through the form, \`Accept-Encoding: ${ACCEPT_ENCODING}\`, \`Sec-Fetch-Site: same-origin\` as`,
      'for a click inside the app), then each stylesheet and script the page names. "Raw" is the size after',
      'decompression, "on the wire" what was sent. Bytes, not time, so the figures do not depend on the machine.',
      '',
      '| page | HTML raw | HTML on the wire | assets named | assets raw | assets on the wire | first visit on the wire |',
      '| --- | ---: | ---: | --- | ---: | ---: | ---: |',
      ...rows,
      '',
      `Refused intake form as an htmx fragment (422): ${kb(refused.raw)} raw, ${kb(refused.wire)} on the wire.`,
      `The ${pages.length} pages in this order, each asset fetched once: ${kb(session)} on the wire in ${sessionRequests} requests.`,
      '',
      'Caching of the static files (a later visit asks for nothing until a release changes a fingerprint):',
      '',
      ...caching.map((c) => `- ${c}`),
      '',
      'Pages, fragments and JSON are compressed only for requests made by the app\'s own pages (`Sec-Fetch-Site:',
      'same-origin` or `none`, else a Referer of the app) or by an API client with its token: a page compressed for a',
      'request another site triggered could leak its secrets through its size (BREACH). See `server/compression.ts`.',
      '',
      '### Before (no compression, no fingerprints, htmx on every page)',
      '',
      ...BEFORE,
      '',
    ];
  } finally {
    await server.close();
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
}
