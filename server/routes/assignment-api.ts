/**
 * JSON API of who holds a task: POST /api/v1/cases/ID/tasks/STEP/claim, /assign {to, rev?}, /release {rev?}.
 * The answer names the case's open tasks and their holders (no case data); a refusal is {error, fields?} with a 4xx.
 */
import { Hono, type Context } from 'hono';
import { tasksOf } from '../../engine/tasks.ts';
import { requireApiUser } from '../auth/middleware.ts';
import { changeAssignment, type AssignmentKind } from '../usecases/assignment.ts';
import type { AppEnv } from './env.ts';

type Body = { rev?: number; to?: string };

/** The body: nothing, or a JSON object with `rev` (an integer) and, to assign, `to` (a username). */
async function readBody(c: Context<AppEnv>): Promise<Body | { error: string; fields?: Record<string, string> }> {
  const text = await c.req.text().catch(() => '');
  if (!text.trim()) return {};
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { error: 'Badan permintaan bukan JSON yang sah; kirim misalnya {"to": "nama_akun", "rev": 3}.' };
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { error: 'Badan permintaan harus berupa objek JSON.' };
  const { rev, to } = body as Record<string, unknown>;
  if (rev !== undefined && (!Number.isInteger(rev) || (rev as number) < 0)) return { error: '"rev" harus bilangan bulat revisi kasus.', fields: { rev: 'Harus bilangan bulat.' } };
  if (to !== undefined && (typeof to !== 'string' || !/^[A-Za-z0-9._-]{1,80}$/.test(to))) return { error: '"to" harus nama akun (username).', fields: { to: 'Nama akun.' } };
  return { ...(rev !== undefined ? { rev: rev as number } : {}), ...(to !== undefined ? { to: to as string } : {}) };
}

export function assignmentApiRoutes() {
  const api = new Hono<AppEnv>();
  api.use('/cases/:id/tasks/*', requireApiUser());
  for (const kind of ['claim', 'assign', 'release'] as const satisfies readonly AssignmentKind[]) {
    api.post(`/cases/:id/tasks/:step/${kind}`, async (c) => {
      const body = await readBody(c);
      if ('error' in body) return c.json(body, 400);
      if (kind === 'assign' && !body.to) return c.json({ error: 'Kirim {"to": "nama_akun"}: akun yang diserahi tugas ini.', fields: { to: 'Wajib diisi.' } }, 422);
      const done = await changeAssignment(c.var.deps, kind, { id: c.req.param('id'), step: c.req.param('step'), actor: c.var.user!, rev: body.rev, to: body.to });
      if (!done.ok) return c.json({ error: done.error, ...(done.fields ? { fields: done.fields } : {}) }, done.status);
      const k = done.value;
      const tasks = tasksOf(k).map((t) => ({ id: t.id, step: t.step, assignee: t.assignee ?? null }));
      return c.json({ id: k.id, rev: k.rev, task: tasks.find((t) => t.step === c.req.param('step')) ?? null, tasks });
    });
  }
  return api;
}
