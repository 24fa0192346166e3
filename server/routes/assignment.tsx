/**
 * The forms of who holds a task, on the case and task pages: "Ambil tugas ini", "Serahkan ke…", "Lepaskan".
 * Plain posts that answer with a redirect (HX-Redirect under htmx), so they work without JavaScript.
 */
import { Hono } from 'hono';
import { requirePageUser } from '../auth/middleware.ts';
import { changeAssignment, type AssignmentKind } from '../usecases/assignment.ts';
import type { AppEnv } from './env.ts';
import { errorPage, formValues, redirectAfterPost } from './render.ts';

/** The path word of each action (the case page's flash reads it back). */
const ACTIONS: Record<string, AssignmentKind> = { ambil: 'claim', serahkan: 'assign', lepaskan: 'release' };

export function assignmentRoutes() {
  const app = new Hono<AppEnv>();
  app.use('/kasus/:id/tugas/*', requirePageUser());
  app.post('/kasus/:id/tugas/:step/:action{ambil|serahkan|lepaskan}', async (c) => {
    const { deps, user } = c.var;
    const id = c.req.param('id');
    const step = c.req.param('step');
    const word = c.req.param('action');
    const { values, meta } = await formValues(c);
    const rev = meta._rev !== undefined && /^\d+$/.test(meta._rev) ? Number(meta._rev) : undefined;
    const to = typeof values.akun === 'string' && values.akun ? values.akun : undefined;
    const back = { href: `/kasus/${id}`, text: `Kembali ke kasus ${id}` };
    if (word === 'serahkan' && !to) return errorPage(c, 422, 'Pilih dulu akun yang akan diserahi tugas ini, lalu tekan Serahkan.', back);
    const done = await changeAssignment(deps, ACTIONS[word]!, { id, step, actor: user!, rev, to });
    if (!done.ok) return errorPage(c, done.status, done.error, back);
    // The task stays at its step, so whoever changed its holder may still open the case. Whoever took the task goes on to its form; the others see the case with who holds it now.
    if (word === 'ambil') return redirectAfterPost(c, `/tugas/${id}/${encodeURIComponent(step)}?diambil=1`);
    return redirectAfterPost(c, `/kasus/${id}?${word === 'serahkan' ? 'diserahkan' : 'dilepas'}=${encodeURIComponent(step)}`);
  });
  return app;
}
