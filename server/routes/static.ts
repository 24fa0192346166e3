/**
 * Static files served from the app itself (no CDN): the stylesheet, the small scripts, and htmx from node_modules.
 * Pages name them by a fingerprinted URL (`/static/app.3f9c0a1b2d.css`) that the browser keeps for a year without
 * asking again; a new release changes the fingerprint. Each file is compressed once at start (brotli and gzip).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import { Hono } from 'hono';
import { DIAGRAM_CSS_PATH } from '../../templates/diagram/index.tsx';
import type { AssetName, AssetUrls } from '../../templates/layout.tsx';
import type { AppEnv } from './env.ts';

const require = createRequire(import.meta.url);
const own = (name: string) => fileURLToPath(new URL(`../static/${name}`, import.meta.url));

/** app.css carries the diagram's rules and the SOP editor's (admin.css) too, so a page loads one stylesheet. */
const FILES: Record<AssetName, { path: string | string[]; type: string }> = {
  'app.css': { path: [own('app.css'), fileURLToPath(DIAGRAM_CSS_PATH), own('admin.css')], type: 'text/css; charset=utf-8' },
  'app.js': { path: own('app.js'), type: 'text/javascript; charset=utf-8' },
  'admin.js': { path: own('admin.js'), type: 'text/javascript; charset=utf-8' },
  'htmx.min.js': { path: require.resolve('htmx.org/dist/htmx.min.js'), type: 'text/javascript; charset=utf-8' },
};

/** A fingerprinted URL never changes its content: kept a year, never revalidated. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';
/** A plain URL (`/static/app.css`) may change at the next release: kept, but checked with its ETag each time. */
export const REVALIDATE = 'public, max-age=0, must-revalidate';

interface Asset {
  name: AssetName;
  type: string;
  body: Buffer;
  gzip: Buffer;
  br: Buffer;
  /** First 10 hex digits of the SHA-256 of the content. */
  hash: string;
  etag: string;
  url: string;
}

let loaded: Map<string, Asset> | undefined;

/** Read, fingerprinted and compressed once, on first use: a handful of small files, served from memory. */
function assets(): Map<string, Asset> {
  if (loaded) return loaded;
  loaded = new Map();
  for (const [name, f] of Object.entries(FILES) as Array<[AssetName, (typeof FILES)[AssetName]]>) {
    const body = Buffer.concat([f.path].flat().map((p) => readFileSync(p)));
    const hash = createHash('sha256').update(body).digest('hex').slice(0, 10);
    const dot = name.indexOf('.');
    loaded.set(name, {
      name,
      type: f.type,
      body,
      gzip: gzipSync(body, { level: 9 }),
      br: brotliCompressSync(body, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: body.length } }),
      hash,
      etag: `"${hash}"`,
      url: `/static/${name.slice(0, dot)}.${hash}${name.slice(dot)}`,
    });
  }
  return loaded;
}

/** The URL pages use for each static file (fingerprinted). */
export function assetUrls(): AssetUrls {
  return Object.fromEntries([...assets().values()].map((a) => [a.name, a.url])) as AssetUrls;
}

/** `app.3f9c0a1b2d.css` → the file `app.css` and the fingerprint asked for; a plain name has none. */
function lookup(requested: string): { asset: Asset; fingerprint?: string } | undefined {
  const plain = assets().get(requested);
  if (plain) return { asset: plain };
  const m = /^([a-z]+)\.([0-9a-f]{10})\.([a-z.]+)$/.exec(requested);
  const asset = m ? assets().get(`${m[1]}.${m[3]}`) : undefined;
  return asset ? { asset, fingerprint: m![2] } : undefined;
}

/** The best encoding the browser accepts: brotli, then gzip, else none. */
function encodingFor(accept: string | undefined): 'br' | 'gzip' | undefined {
  const offered = (accept ?? '')
    .toLowerCase()
    .split(',')
    .map((p) => p.trim().split(';'))
    .filter(([, q]) => !q || !/^\s*q=0(\.0*)?\s*$/.test(q))
    .map(([name]) => name!.trim());
  if (offered.includes('br')) return 'br';
  if (offered.includes('gzip') || offered.includes('*')) return 'gzip';
  return undefined;
}

export function staticRoutes() {
  const app = new Hono<AppEnv>();
  app.get('/static/:name', (c) => {
    const found = lookup(c.req.param('name'));
    if (!found) return c.text('Berkas tidak ditemukan.', 404);
    const { asset, fingerprint } = found;
    // An old fingerprint (a page from before an update) gets today's file, checked again next time.
    c.header('Cache-Control', fingerprint === asset.hash ? IMMUTABLE : REVALIDATE);
    c.header('ETag', asset.etag);
    c.header('Vary', 'Accept-Encoding');
    const match = c.req.header('if-none-match');
    if (match && match.split(',').some((t) => t.trim().replace(/^W\//, '') === asset.etag)) return c.body(null, 304);
    c.header('Content-Type', asset.type);
    const encoding = encodingFor(c.req.header('accept-encoding'));
    const body = encoding === 'br' ? asset.br : encoding === 'gzip' ? asset.gzip : asset.body;
    if (encoding) c.header('Content-Encoding', encoding);
    return c.body(new Uint8Array(body));
  });
  return app;
}
