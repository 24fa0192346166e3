/** Static files served from the app itself (no CDN): the stylesheet, the small script, and htmx from node_modules. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import { DIAGRAM_CSS_PATH } from '../../templates/diagram/index.tsx';
import type { AppEnv } from './env.ts';

const require = createRequire(import.meta.url);
const own = (name: string) => fileURLToPath(new URL(`../static/${name}`, import.meta.url));

/** app.css carries the diagram's rules and the SOP editor's (admin.css) too, so a page loads one stylesheet. */
const FILES: Record<string, { path: string | string[]; type: string }> = {
  'app.css': { path: [own('app.css'), fileURLToPath(DIAGRAM_CSS_PATH), own('admin.css')], type: 'text/css; charset=utf-8' },
  'app.js': { path: own('app.js'), type: 'text/javascript; charset=utf-8' },
  'admin.js': { path: own('admin.js'), type: 'text/javascript; charset=utf-8' },
  'htmx.min.js': { path: require.resolve('htmx.org/dist/htmx.min.js'), type: 'text/javascript; charset=utf-8' },
};

export function staticRoutes() {
  const app = new Hono<AppEnv>();
  // Read once at start: a handful of small files, served from memory.
  const cache = new Map(
    Object.entries(FILES).map(([name, f]) => [name, { body: Buffer.concat([f.path].flat().map((p) => readFileSync(p))), type: f.type }]),
  );
  app.get('/static/:name', (c) => {
    const file = cache.get(c.req.param('name'));
    if (!file) return c.text('Berkas tidak ditemukan.', 404);
    c.header('Content-Type', file.type);
    c.header('Cache-Control', 'public, max-age=3600');
    return c.body(new Uint8Array(file.body));
  });
  return app;
}
