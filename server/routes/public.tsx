/** Public pages, no login: the list of services and each service standard, generated from the YAML. */
import { Hono } from 'hono';
import { renderDiagram } from '../../templates/diagram/index.tsx';
import { ServicePage } from '../../templates/service.tsx';
import { ServicesPage } from '../../templates/services.tsx';
import { complaintTarget } from '../usecases/complaint.ts';
import { latestFigures } from '../usecases/figures.ts';
import type { AppEnv } from './env.ts';
import { errorPage, pageProps, renderPage } from './render.ts';

export function publicRoutes() {
  const app = new Hono<AppEnv>();

  app.get('/', (c) => c.redirect(c.var.user ? '/tugas' : '/layanan', 303));

  app.get('/layanan', async (c) => renderPage(c, <ServicesPage {...pageProps(c)} workflows={c.var.deps.workflows.list()} />));

  app.get('/layanan/:id', async (c) => {
    const wf = c.var.deps.workflows.get(c.req.param('id'));
    if (!wf) return errorPage(c, 404, `Layanan "${c.req.param('id')}" tidak ada.`, { href: '/layanan', text: 'Daftar layanan' });
    let diagram;
    try {
      diagram = await renderDiagram(wf);
    } catch (err) {
      // The standard stays readable without its picture: the procedure is written out above it.
      c.var.deps.logError?.(err);
    }
    const complaint = complaintTarget(c.var.deps, wf.id);
    return renderPage(
      c,
      <ServicePage
        {...pageProps(c)}
        workflow={wf}
        diagram={diagram}
        figures={await latestFigures(c.var.deps, wf)}
        complaintHref={complaint ? `/layanan/${encodeURIComponent(wf.id)}/pengaduan` : undefined}
        trackHref="/lacak"
      />,
    );
  });

  return app;
}
