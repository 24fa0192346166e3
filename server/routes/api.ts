/**
 * JSON API /api/v1 for integrations and scripts: bearer-token login, workflows, cases, tasks, step completion.
 * Same use cases as the pages (server/usecases) and the same projection of a case (engine/view.ts); every error is JSON {error, fields?}.
 */
import { Hono, type Context } from 'hono';
import { BadCursorError } from '../../engine/ports/cases.ts';
import { stepsInOrder } from '../../engine/order.ts';
import { rolesOf, stepOf } from '../../engine/tasks.ts';
import type { Case, Field, Step, Workflow } from '../../engine/types.ts';
import type { CaseView } from '../../engine/view.ts';
import { allowedText, FILE_KINDS, ruleOf, type AttachmentRule } from '../../engine/attachments.ts';
import { requireApiUser } from '../auth/middleware.ts';
import { closeSession } from '../auth/sessions.ts';
import { recordAudit } from '../audit/record.ts';
import { signIn } from '../auth/signin.ts';
import { clientAddress, expectedOrigin } from '../security/client.ts';
import { letterPdf } from '../../templates/letter-pdf.ts';
import { letterFileName, letterOfCase, printable, type IssuedLetter } from '../usecases/letters.ts';
import { intakeWithDefaults, stepWithDefaults } from '../usecases/defaults.ts';
import { completeCaseStep, mayStillOpen, openCase, startNewCase, viewAfterWithFiles, viewRecord, type Refused } from '../usecases/casework.ts';
import { listCases, workList } from '../usecases/lists.ts';
import { summaryOverdue } from '../../engine/summary.ts';
import type { AppEnv } from './env.ts';

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
function fieldJson(f: Field): Record<string, unknown> {
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
    ...(f.inputmode ? { inputmode: f.inputmode } : {}),
    ...(f.compute ? { compute: f.compute, ...(f.hidden ? { hidden: true } : {}) } : {}),
    ...(f.fields ? { fields: f.fields.map(fieldJson), ...(f.addLabel ? { addLabel: f.addLabel } : {}) } : {}),
    ...(f.type === 'file' ? { upload: uploadJson(ruleOf(f)) } : {}),
  };
}

/** What an upload input takes, for a client that wants to check before sending. */
function uploadJson(rule: AttachmentRule) {
  return { accept: rule.accept.map((k) => FILE_KINDS[k].mime), maxBytes: rule.maxBytes, multiple: rule.multiple, ...(rule.capture ? { capture: rule.capture } : {}), allowed: allowedText(rule) };
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
    steps: stepsInOrder(wf).map((s) => stepJson(wf, s)),
  };
}

/** A closed case's letter: its number and code, whether it still holds, where to check it and get its PDF. */
function letterJson(c: Context<AppEnv>, letter: IssuedLetter | undefined) {
  if (!letter) return {};
  const base = c.var.deps.publicUrl ?? expectedOrigin(c);
  return {
    letter: {
      title: letter.content.title,
      number: letter.number,
      code: letter.code,
      issuedAt: letter.issuedAt,
      valid: !letter.revoked,
      verifyUrl: printable(letter, base).verifyUrl,
      pdf: `/api/v1/cases/${letter.caseId}/letter.pdf`,
    },
  };
}

/** The case as the engine's projection lets the viewer see it. */
function caseJson(view: CaseView, k: Case, letter: ReturnType<typeof letterJson> = {}) {
  return {
    id: k.id,
    workflow: k.workflow.id,
    version: k.workflow.version,
    status: k.status,
    outcome: k.outcome ?? null,
    current: view.tasks[0]?.step ?? null,
    data: view.data,
    tasks: view.tasks.map((t) => {
      const { mayAct: _, actions: _a, ...task } = t;
      return task;
    }),
    history: view.history,
    deadlines: view.deadlines.map((d) => {
      const { stepTitle: _s, mayMeet: _m, metLabel: _l, ...deadline } = d;
      return deadline;
    }),
    rev: k.rev,
    createdAt: k.createdAt,
    updatedAt: k.updatedAt,
    ...(k.closedAt ? { closedAt: k.closedAt } : {}),
    // Files of the case: those the viewer may not see name only where they belong.
    attachments: view.attachments.map((a) =>
      a.file
        ? { id: a.id, name: a.file.name, type: a.file.type, size: a.file.size, ...where(a), uploadedBy: a.file.uploadedBy, uploadedAt: a.file.uploadedAt, href: `/api/v1/files/${a.id}` }
        : { ...where(a), masked: true },
    ),
    ...letter,
  };
}

function where(a: { field?: string; step?: string; requirement?: string }) {
  return { ...(a.field ? { field: a.field } : {}), ...(a.step ? { step: a.step } : {}), ...(a.requirement ? { requirement: a.requirement } : {}) };
}

/** `requirements` of POST /cases: requirement id → upload ids; a message when it is not that. */
function requirementIds(v: unknown): Record<string, string[]> | string | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return '"requirements" harus berupa objek: id persyaratan → daftar id berkas, misalnya {"ktp-kk": ["lp-..."]}.';
  const out: Record<string, string[]> = {};
  for (const [k, ids] of Object.entries(v as Record<string, unknown>)) {
    const list = typeof ids === 'string' ? [ids] : ids;
    if (!Array.isArray(list) || !list.every((x) => typeof x === 'string')) return `"requirements.${k.slice(0, 80)}" harus berupa daftar id berkas.`;
    if (list.length) out[k] = list as string[];
  }
  return out;
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
    const requirements = requirementIds(read.body.requirements);
    if (typeof requirements === 'string') return c.json({ error: requirements, fields: { requirements: 'Objek id persyaratan → daftar id berkas.' } }, 422);
    if (typeof workflow !== 'string' || !workflow) return c.json({ error: 'Isi "workflow" dengan id layanan, misalnya "respon-kasus-anak".', fields: { workflow: 'Wajib diisi.' } }, 422);
    if (data !== undefined && (typeof data !== 'object' || data === null || Array.isArray(data))) {
      return c.json({ error: '"data" harus berupa objek isian.', fields: { data: 'Harus berupa objek.' } }, 422);
    }
    const user = c.var.user!;
    const done = await startNewCase(c.var.deps, workflow, intakeWithDefaults(c.var.deps, workflow, (data as Json | undefined) ?? {}), user, { requirements });
    if (!done.ok) return refusal(c, done);
    c.header('Location', `/api/v1/cases/${done.value.id}`);
    return c.json(caseJson((await viewAfterWithFiles(c.var.deps, done.value, user))!, done.value), 201);
  });

  /**
   * The cases the caller may list, most urgent first (priority, then the earliest deadline) or `?order=newest`, a
   * page at a time (`limit`, `after` as for /tasks); `?status=open|closed`, `?workflow=ID`. Each case as a list
   * shows it: number, service, status, where it waits, priority and its label, kind, due time; no case data.
   */
  api.get('/cases', async (c) => {
    const user = c.var.user!;
    const q = c.req.query();
    const limit = q.limit === undefined ? 50 : /^\d{1,4}$/.test(q.limit) ? Math.min(1000, Math.max(1, Number(q.limit))) : undefined;
    if (limit === undefined) return c.json({ error: '"limit" harus bilangan bulat 1-1000.', fields: { limit: 'Bilangan bulat 1-1000.' } }, 400);
    if (q.after !== undefined && !/^[A-Za-z0-9_-]{1,400}$/.test(q.after)) return c.json({ error: new BadCursorError().message, fields: { after: 'Penanda halaman tidak sah.' } }, 400);
    if (q.status !== undefined && q.status !== 'open' && q.status !== 'closed') return c.json({ error: '"status" harus open atau closed.', fields: { status: 'open atau closed.' } }, 400);
    if (q.order !== undefined && q.order !== 'urgent' && q.order !== 'newest') return c.json({ error: '"order" harus urgent atau newest.', fields: { order: 'urgent atau newest.' } }, 400);
    let listed;
    try {
      listed = await listCases(c.var.deps, user, { workflow: q.workflow, status: q.status as 'open' | 'closed' | undefined, order: (q.order as 'urgent' | 'newest' | undefined) ?? 'urgent' }, { limit, after: q.after });
    } catch (err) {
      if (err instanceof BadCursorError) return c.json({ error: err.message, fields: { after: 'Penanda halaman tidak sah.' } }, 400);
      throw err;
    }
    if (listed.next) {
      c.header('X-Next-Cursor', listed.next);
      const keep = new URLSearchParams({ limit: String(limit), ...(q.status ? { status: q.status } : {}), ...(q.workflow ? { workflow: q.workflow } : {}), ...(q.order ? { order: q.order } : {}), after: listed.next });
      c.header('Link', `</api/v1/cases?${keep}>; rel="next"`);
    }
    const now = c.var.deps.now();
    return c.json(
      listed.rows.map(({ summary: s, workflow: wf }) => ({
        id: s.id,
        workflow: wf.id,
        version: wf.version,
        status: s.status,
        outcome: s.outcome ?? null,
        steps: s.tasks.map((t) => t.step),
        priority: s.priority,
        priorityLabel: s.status === 'open' && s.priority > 0 ? (s.priorityLabel ?? null) : null,
        kind: s.kind ?? null,
        due: s.status === 'open' ? (s.tasks.map((t) => t.due).filter((d): d is string => Boolean(d)).sort()[0] ?? s.due ?? null) : null,
        overdue: summaryOverdue(s, now),
        createdAt: s.createdAt,
        rev: s.rev,
      })),
    );
  });

  api.get('/cases/:id', async (c) => {
    const user = c.var.user!;
    const opened = await openCase(c.var.deps, c.req.param('id'), user);
    if (!opened.ok) return refusal(c, opened);
    c.set('viewed', viewRecord(opened.value));
    const k = opened.value.case;
    return c.json(caseJson(opened.value.view, k, letterJson(c, k.status === 'closed' ? await letterOfCase(c.var.deps, k.id) : undefined)));
  });

  // The letter of a closed case as PDF, for the roles that may open the case (same as /kasus/ID/surat.pdf).
  api.get('/cases/:id/letter.pdf', async (c) => {
    const user = c.var.user!;
    const opened = await openCase(c.var.deps, c.req.param('id'), user);
    if (!opened.ok) return refusal(c, opened);
    const letter = await letterOfCase(c.var.deps, opened.value.case.id);
    if (!letter) return c.json({ error: 'Kasus ini belum menerbitkan surat.' }, 404);
    const pdf = await letterPdf(printable(letter, c.var.deps.publicUrl ?? expectedOrigin(c)), { revoked: Boolean(letter.revoked) });
    await recordAudit(c.var.deps.store, { at: c.var.deps.now().toISOString(), actor: user.username, action: 'letter.download', caseId: letter.caseId, address: clientAddress(c), details: { number: letter.number, code: letter.code } });
    return c.body(new Uint8Array(pdf), 200, { 'Content-Type': 'application/pdf', 'Content-Disposition': `attachment; filename="${letterFileName(letter)}"`, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
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
    const filled = await stepWithDefaults(c.var.deps, c.req.param('id'), c.req.param('step'), data as Json);
    const done = await completeCaseStep(c.var.deps, { id: c.req.param('id'), step: c.req.param('step'), data: filled, actor: user, rev: rev as number | undefined });
    if (!done.ok) return refusal(c, done);
    const k = done.value;
    // Someone whose role may open the case only while it waits for them gets where it went, not its contents.
    if (!mayStillOpen(c.var.deps, k, user)) {
      return c.json({ id: k.id, workflow: k.workflow.id, version: k.workflow.version, status: k.status, outcome: k.outcome ?? null, current: k.current, rev: k.rev, updatedAt: k.updatedAt });
    }
    return c.json(caseJson((await viewAfterWithFiles(c.var.deps, k, user))!, k, letterJson(c, k.status === 'closed' ? await letterOfCase(c.var.deps, k.id) : undefined)));
  });

  /**
   * The caller's open tasks, most urgent first, a page at a time: `limit` (default 100, at most 1000) and `after`
   * (the cursor of the page before, given in the `X-Next-Cursor` and `Link` headers). A task names its step's form
   * (`form`, under GET /workflows/ID) instead of repeating it; `?fields=1` adds the fields to each task, as before.
   */
  api.get('/tasks', async (c) => {
    const user = c.var.user!;
    const q = c.req.query();
    const limit = q.limit === undefined ? 100 : /^\d{1,4}$/.test(q.limit) ? Math.min(1000, Math.max(1, Number(q.limit))) : undefined;
    if (limit === undefined) return c.json({ error: '"limit" harus bilangan bulat 1-1000.', fields: { limit: 'Bilangan bulat 1-1000.' } }, 400);
    const after = q.after;
    if (after !== undefined && !/^[A-Za-z0-9_-]{1,400}$/.test(after)) return c.json({ error: new BadCursorError().message, fields: { after: 'Penanda halaman tidak sah.' } }, 400);
    let listed;
    try {
      listed = await workList(c.var.deps, user, { limit, after });
    } catch (err) {
      if (err instanceof BadCursorError) return c.json({ error: err.message, fields: { after: 'Penanda halaman tidak sah.' } }, 400);
      throw err;
    }
    const now = c.var.deps.now().getTime();
    const withFields = q.fields === '1';
    if (listed.next) {
      c.header('X-Next-Cursor', listed.next);
      c.header('Link', `</api/v1/tasks?limit=${limit}&after=${listed.next}${withFields ? '&fields=1' : ''}>; rel="next"`);
    }
    return c.json(
      listed.rows.map(({ summary: s, workflow: wf, task }) => {
        const step = stepOf(wf, task!.step)!;
        const due = task!.due ?? s.due ?? null;
        return {
          caseId: s.id,
          workflow: wf.id,
          version: wf.version,
          step: step.id,
          number: step.number,
          title: step.title,
          role: rolesOf(step).find((r) => user.roles.includes(r)) ?? rolesOf(step)[0],
          roles: rolesOf(step),
          due,
          overdue: summaryOverdue(s, c.var.deps.now()),
          priority: s.priority,
          priorityLabel: s.priority > 0 ? (s.priorityLabel ?? null) : null,
          kind: s.kind ?? null,
          rev: s.rev,
          // A step sent back by a later one: who (username, role) and from which step; the case says why.
          ...(task!.returned ? { returned: { actor: task!.returned.actor, role: task!.returned.role, step: task!.returned.step, number: task!.returned.number } } : {}),
          form: `/api/v1/workflows/${wf.id}/versions/${wf.version}/steps/${step.id}`,
          ...(withFields ? { fields: (step.fields ?? []).map(fieldJson) } : {}),
        };
      }),
    );
  });

  /** One step of one version as the API describes it (the form a task names). */
  api.get('/workflows/:id/versions/:version/steps/:step', (c) => {
    const id = c.req.param('id');
    const version = /^\d{1,6}$/.test(c.req.param('version')) ? Number(c.req.param('version')) : undefined;
    const record = version === undefined ? undefined : c.var.deps.workflows.storedVersion(id, version);
    const wf = record && c.var.deps.workflows.forCase({ id, version: record.version, hash: record.hash });
    const step = wf && stepOf(wf, c.req.param('step'));
    if (!wf || !step) return c.json({ error: `Langkah ${c.req.param('step').slice(0, 80)} pada ${id.slice(0, 80)} versi ${c.req.param('version').slice(0, 12)} tidak ada.` }, 404);
    return c.json(stepJson(wf, step));
  });

  return api;
}
