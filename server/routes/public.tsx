/** Public pages, no login: the list of services and each service standard, generated from the YAML. */
import type { Context } from 'hono';
import { Hono } from 'hono';
import { workflowHash } from '../../engine/hash.ts';
import type { Workflow } from '../../engine/types.ts';
import { PromiseCache } from '../../templates/cache.ts';
import { diagramMarkup } from '../offload/diagrams.tsx';
import { documentOf } from '../../templates/layout.tsx';
import { ServicePage } from '../../templates/service.tsx';
import { ServicesPage } from '../../templates/services.tsx';
import { complaintTarget } from '../usecases/complaint.ts';
import { latestFigures } from '../usecases/figures.ts';
import type { AppEnv } from './env.ts';
import { errorPage, pageProps, renderPage } from './render.ts';

/**
 * The standard page as a visitor who is not signed in gets it, per published version (the definition's hash, so a
 * publish makes a new key) and per everything else it is rendered from (demo banner, static file URLs...).
 * Signed-in staff get their own menu and form token, so their page is rendered per request (from the kept diagram).
 */
const publicStandards = new PromiseCache<{ html: string; whole: boolean }>(64);

/** The standard's diagram; the standard stays readable without its picture: the procedure is written out above it. */
async function diagramOf(c: Context<AppEnv>, wf: Workflow) {
  try {
    return await diagramMarkup(wf);
  } catch (err) {
    c.var.deps.logError?.(err);
    return undefined;
  }
}

export function publicRoutes() {
  const app = new Hono<AppEnv>();

  app.get('/', (c) => c.redirect(c.var.user ? '/tugas' : '/layanan', 303));

  app.get('/layanan', async (c) => renderPage(c, <ServicesPage {...pageProps(c)} workflows={c.var.deps.workflows.list()} />));

  app.get('/layanan/:id', async (c) => {
    const wf = c.var.deps.workflows.get(c.req.param('id'));
    if (!wf) return errorPage(c, 404, `Layanan "${c.req.param('id')}" tidak ada.`, { href: '/layanan', text: 'Daftar layanan' });
    // Everything the page shows beside the definition and its diagram goes into `props`: for a visitor it is part
    // of the key of the kept page (add new inputs here, not as attributes below, or the kept page would go stale).
    const complaint = complaintTarget(c.var.deps, wf.id);
    const props = {
      ...pageProps(c),
      // The latest figures (aggregates, kept 10 minutes in kv) and the doors of the public: part of the page's key.
      figures: await latestFigures(c.var.deps, wf),
      complaintHref: complaint ? `/layanan/${encodeURIComponent(wf.id)}/pengaduan` : undefined,
      trackHref: '/lacak',
    };
    if (props.viewer) return renderPage(c, <ServicePage {...props} workflow={wf} diagram={await diagramOf(c, wf)} />);
    const key = `${workflowHash(wf)} ${JSON.stringify(props)}`;
    const page = await publicStandards.get(key, async () => {
      const diagram = await diagramOf(c, wf);
      return { html: String(await documentOf(<ServicePage {...props} workflow={wf} diagram={diagram} />)), whole: diagram !== undefined };
    });
    // A page missing its diagram is served but not kept: the next visitor's request tries the drawing again.
    if (!page.whole) publicStandards.delete(key);
    c.header('Cache-Control', 'no-store');
    return c.html(page.html);
  });

  return app;
}
