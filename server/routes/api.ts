/**
 * JSON API /api/v1 for integrations and scripts: bearer-token login, workflows, cases, tasks, step completion.
 * Same rules as the pages (casework.ts, need-to-know masking); every error is JSON {error, fields?}.
 */
import { Hono, type Context } from 'hono';
import { maskData } from '../../engine/access.ts';
import { COMPLETION, deadlineStatus } from '../../engine/deadlines.ts';
import { openTasks, rolesOf, stepOf } from '../../engine/tasks.ts';
import type { Case, Field, HistoryEntry, Step, Workflow } from '../../engine/types.ts';
import { requireApiUser } from '../auth/middleware.ts';
import { closeSession } from '../auth/sessions.ts';
import { recordAudit } from '../audit/record.ts';
import { signIn } from '../auth/signin.ts';
import { clientAddress } from '../security/client.ts';
import { completeCaseStep, loadCase, mayRead, startNewCase, viewOf, type Refused } from '../casework.ts';
import type { AppEnv, SessionUser } from './env.ts';
import { tasksFor } from './tasks.tsx';

type Json = Record<string, unknown>;

/** Reads a JSON object body; a 400 response for anything else (malformed JSON, an array, nothing). */
async function readObject(c: Context<AppEnv>): Promise<{ body: Json } | { response: Response }> {
  let text: string;
  try {
    text = await c.req.text();
  } catch {
    return { response: c.json({ error: 'Badan permintaan tidak dapat dibaca.' }, 400) };
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (err) {
    return { response: c.json({ error: `Badan permintaan bukan JSON yang sah: ${(err as Error).message}` }, 400) };
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { response: c.json({ error: 'Badan permintaan harus berupa objek JSON, misalnya {"data": {...}}.' }, 400) };
  }
  return { body: body as Json };
}

function refusal(c: Context<AppEnv>, r: Refused) {
  return c.json({ error: r.error, ...(r.fields ? { fields: r.fields } : {}) }, r.status);
}

/** A field as the API describes it. */
function fieldJson(f: Field) {
  return {
    name: f.name,
    type: f.type,
    label: f.label,
    required: Boolean(f.required),
    ...(f.options ? { options: f.options.map((o) => ({ value: o.value, label: o.label })) } : {}),
    ...(f.help ? { help: f.help } : {}),
    ...(f.sensitive ? { sensitive: true } : {}),
    ...(f.when ? { when: f.when } : {}),
    ...(f.min !== undefined ? { min: f.min } : {}),
    ...(f.max !== undefined ? { max: f.max } : {}),
    ...(f.minLength !== undefined ? { minLength: f.minLength } : {}),
    ...(f.maxLength !== undefined ? { maxLength: f.maxLength } : {}),
    ...(f.pattern ? { pattern: f.pattern, patternMessage: f.patternMessage } : {}),
  };
}

function stepJson(wf: Workflow, s: Step) {
  return {
    id: s.id,
    number: s.number,
    title: s.title,
    description: s.description,
    roles: rolesOf(s),
    role: rolesOf(s).length === 1 ? rolesOf(s)[0] : rolesOf(s),
    fields: (s.fields ?? []).map(fieldJson),
    next: s.next,
    end: s.end,
    deadlines: s.deadlines,
  };
}

function workflowJson(wf: Workflow) {
  const start = stepOf(wf, wf.start)!;
  return {
    ...wf,
    start: { step: start.id, title: start.title, roles: rolesOf(start), fields: (start.fields ?? []).map(fieldJson) },
    steps: [...wf.steps].sort((a, b) => a.number - b.number).map((s) => stepJson(wf, s)),
  };
}

/** History with the values hidden from these roles masked, like the data. */
function maskedHistory(wf: Workflow, history: HistoryEntry[], roles: string[]): HistoryEntry[] {
  return history.map((e) =>
    e.type === 'completed'
      ? { ...e, data: maskData(wf, e.data, roles), ...(e.before ? { before: maskData(wf, e.before, roles) } : {}) }
      : e,
  );
}

/** The case as `user` may see it; `wf` is the definition to mask with (casework.ts viewOf). */
function caseJson(wf: Workflow, k: Case, user: SessionUser, now: Date) {
  return {
    id: k.id,
    workflow: k.workflow.id,
    version: k.workflow.version,
    status: k.status,
    outcome: k.outcome ?? null,
    current: k.current,
    data: maskData(wf, k.data, user.roles),
    tasks: openTasks(wf, k),
    history: maskedHistory(wf, k.history, user.roles),
    deadlines: deadlineStatus(k, now),
    rev: k.rev,
    createdAt: k.createdAt,
    updatedAt: k.updatedAt,
    ...(k.closedAt ? { closedAt: k.closedAt } : {}),
  };
}

export function apiRoutes() {
  const api = new Hono<AppEnv>();

  api.post('/login', async (c) => {
    const read = await readObject(c);
    if ('response' in read) return read.response;
    const { username, password, label } = read.body;
    if (typeof username !== 'string' || typeof password !== 'string' || !username || !password) {
      return c.json({ error: 'Kirim {"username": "...", "password": "..."} sebagai teks.' }, 400);
    }
    if (label !== undefined && (typeof label !== 'string' || label.length > 80)) {
      return c.json({ error: '"label" (nama token, misalnya "skrip laporan bulanan") berupa teks paling banyak 80 karakter.', fields: { label: 'Teks, paling banyak 80 karakter.' } }, 422);
    }
    const result = await signIn(c.var.deps, { username, password, address: clientAddress(c), via: 'api', kind: 'token', label: label || 'api' });
    if (!result.ok) {
      if (result.retryAfterS) c.header('Retry-After', String(result.retryAfterS));
      return c.json({ error: result.error }, result.status);
    }
    const { user, secret, session } = result;
    return c.json({ token: secret, expiresAt: session.expiresAt, user: { username: user.username, roles: user.roles } });
  });

  api.use('*', requireApiUser());

  api.post('/logout', async (c) => {
    const header = c.req.header('authorization') ?? '';
    const token = /^Bearer\s+(\S+)/i.exec(header)?.[1] ?? '';
    await closeSession(c.var.deps.store.sessions, token, c.var.deps.now());
    await recordAudit(c.var.deps.store, { at: c.var.deps.now().toISOString(), actor: c.var.user!.username, action: 'logout', details: { via: 'api' } });
    return c.json({ ok: true });
  });

  api.get('/me', (c) => {
    const u = c.var.user!;
    return c.json({ username: u.username, name: u.name, roles: u.roles });
  });

  api.get('/workflows', (c) => c.json(c.var.deps.workflows.list().map((wf) => ({ id: wf.id, version: wf.version, title: wf.title }))));

  api.get('/workflows/:id', (c) => {
    const wf = c.var.deps.workflows.get(c.req.param('id'));
    if (!wf) return c.json({ error: `Layanan "${c.req.param('id')}" tidak ada.` }, 404);
    return c.json(workflowJson(wf));
  });

  api.post('/cases', async (c) => {
    const read = await readObject(c);
    if ('response' in read) return read.response;
    const { workflow, data } = read.body;
    if (typeof workflow !== 'string' || !workflow) return c.json({ error: 'Isi "workflow" dengan id layanan, misalnya "respon-kasus-anak".', fields: { workflow: 'Wajib diisi.' } }, 422);
    if (data !== undefined && (typeof data !== 'object' || data === null || Array.isArray(data))) {
      return c.json({ error: '"data" harus berupa objek isian.', fields: { data: 'Harus berupa objek.' } }, 422);
    }
    const user = c.var.user!;
    const done = await startNewCase(c.var.deps, workflow, (data as Json | undefined) ?? {}, user);
    if (!done.ok) return refusal(c, done);
    const wf = c.var.deps.workflows.forCase(done.value.workflow)!;
    c.header('Location', `/api/v1/cases/${done.value.id}`);
    return c.json(caseJson(viewOf(c.var.deps, wf), done.value, user, c.var.deps.now()), 201);
  });

  api.get('/cases/:id', async (c) => {
    const user = c.var.user!;
    const loaded = await loadCase(c.var.deps, c.req.param('id'), user);
    if (!loaded.ok) return refusal(c, loaded);
    return c.json(caseJson(loaded.value.view, loaded.value.case, user, c.var.deps.now()));
  });

  api.post('/cases/:id/steps/:step', async (c) => {
    const read = await readObject(c);
    if ('response' in read) return read.response;
    const { data, rev } = read.body;
    if (typeof data !== 'object' || data === null || Array.isArray(data)) {
      return c.json({ error: 'Kirim {"data": {...}} berisi isian langkah.', fields: { data: 'Harus berupa objek.' } }, 422);
    }
    if (rev !== undefined && (!Number.isInteger(rev) || (rev as number) < 0)) {
      return c.json({ error: '"rev" harus bilangan bulat revisi kasus.', fields: { rev: 'Harus bilangan bulat.' } }, 422);
    }
    const user = c.var.user!;
    const done = await completeCaseStep(c.var.deps, { id: c.req.param('id'), step: c.req.param('step'), data: data as Json, actor: user, rev: rev as number | undefined });
    if (!done.ok) return refusal(c, done);
    const wf = c.var.deps.workflows.forCase(done.value.workflow)!;
    const k = done.value;
    // Someone whose role may open the case only while it waits for them gets where it went, not its contents.
    if (!mayRead(c.var.deps, wf, k, user.roles)) {
      return c.json({ id: k.id, workflow: k.workflow.id, version: k.workflow.version, status: k.status, outcome: k.outcome ?? null, current: k.current, rev: k.rev, updatedAt: k.updatedAt });
    }
    return c.json(caseJson(viewOf(c.var.deps, wf), k, user, c.var.deps.now()));
  });

  api.get('/tasks', async (c) => {
    const user = c.var.user!;
    const now = c.var.deps.now();
    const tasks = await tasksFor(c.var.deps, user, 1000);
    return c.json(
      tasks.map(({ case: k, workflow: wf, step }) => {
        const due = deadlineStatus(k, now).find((d) => d.id === COMPLETION && !d.metAt);
        return {
          caseId: k.id,
          workflow: wf.id,
          step: step.id,
          number: step.number,
          title: step.title,
          role: rolesOf(step).find((r) => user.roles.includes(r)) ?? rolesOf(step)[0],
          roles: rolesOf(step),
          due: due?.due ?? null,
          overdue: due?.overdue ?? false,
          rev: k.rev,
          fields: (step.fields ?? []).map(fieldJson),
        };
      }),
    );
  });

  return api;
}
