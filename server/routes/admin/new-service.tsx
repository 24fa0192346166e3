/** Adding a service in the browser: the page that asks for its code, name and first draft, and opening that draft in the SOP editor. */
import { Hono, type Context } from 'hono';
import { slugOf } from '../../../engine/definition/edit/index.ts';
import { NewServicePage } from '../../../templates/admin/new-service.tsx';
import { newServiceDraft, type NewServiceStart } from '../../new-service.ts';
import type { AppEnv } from '../env.ts';
import { pageProps, renderPage } from '../render.ts';
import { editorPage } from './editor.tsx';

const text = (v: unknown) => (typeof v === 'string' ? v : '');

function page(c: Context<AppEnv>, values: { kode: string; judul: string; dasar: string }, fields?: Record<string, string>) {
  const services = c.var.deps.workflows.list().map((wf) => ({ id: wf.id, title: wf.title }));
  return renderPage(c, <NewServicePage {...pageProps(c)} services={services} values={values} fields={fields} />, fields ? 422 : 200);
}

export function newServiceRoutes() {
  const app = new Hono<AppEnv>();

  app.get('/admin/layanan-baru', (c) => page(c, { kode: '', judul: '', dasar: 'kosong' }));

  app.post('/admin/layanan-baru', async (c) => {
    const body = await c.req.parseBody();
    const judul = text(body.judul).trim();
    const kode = text(body.kode).trim() || (judul ? slugOf(judul, '-', 60) : '');
    const dasar = text(body.dasar) || 'kosong';
    const start: NewServiceStart = dasar.startsWith('salin:') ? { kind: 'salin', from: dasar.slice(6) } : { kind: 'kosong' };
    const draft = await newServiceDraft(c.var.deps.workflows, { id: kode, title: judul, start });
    if (!draft.ok) return page(c, { kode, judul, dasar }, draft.fields);
    return editorPage(c, draft.id, { source: draft.source, origin: draft.origin, scenarios: draft.scenarios });
  });

  app.post('/admin/layanan-baru/unggah', async (c) => {
    const body = await c.req.parseBody();
    const file = body.berkas;
    const upload: NewServiceStart = file instanceof File ? { kind: 'unggah', name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) } : { kind: 'unggah', name: '', bytes: new Uint8Array() };
    const draft = await newServiceDraft(c.var.deps.workflows, { id: '', title: '', start: upload });
    if (!draft.ok) return page(c, { kode: '', judul: '', dasar: 'kosong' }, draft.fields);
    return editorPage(c, draft.id, { source: draft.source, origin: draft.origin });
  });

  return app;
}
