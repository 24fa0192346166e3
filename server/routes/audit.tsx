/**
 * The audit log page (/audit) for the administrator and the roles a service names in `access.audit`, filterable
 * by case, user and action. Need-to-know holds here too: entries about cases of a service the viewer may not read are left out,
 * and recorded values of `sensitive` fields are hidden from a viewer whose roles may not see them. Showing them is
 * a view of those cases like any other: it is itself recorded (case.view, page "audit"), once per case shown.
 */
import { Hono, type Context } from 'hono';
import { canReadAudit, HIDDEN } from '../../engine/access.ts';
import { FILE_KINDS, sizeText } from '../../engine/attachments.ts';
import { fieldIndex } from '../../engine/explain.ts';
import { stepOf } from '../../engine/tasks.ts';
import type { Field, Workflow } from '../../engine/types.ts';
import { mayOpen, shownValue, type Viewer } from '../../engine/view.ts';
import { stricterAccess } from '../../engine/access.ts';
import { AuditPage, type AuditRow } from '../../templates/audit.tsx';
import { ACTION_LABELS, actionLabel } from '../audit/labels.ts';
import { recordAudit } from '../audit/record.ts';
import { requirePageUser } from '../auth/middleware.ts';
import { ADMIN_ROLE } from '../auth/users.ts';
import type { AuditEntry } from '../../engine/ports/audit.ts';
import type { AppDeps, AppEnv } from './env.ts';
import { errorPage, pageProps, renderPage } from './render.ts';
import { formatDateTime } from '../../templates/format.ts';
import { displayNames } from '../usecases/people.ts';
import { timeZoneOf, valueText } from './views.ts';

const PAGE = 100;

const PAGES: Record<string, string> = { kasus: 'halaman kasus', tugas: 'halaman tugas', dokumen: 'dokumen cetak (tanpa identitas)', api: 'API', audit: 'log audit' };

/**
 * What the viewer may know of an entry's case: whether they may read it at all, and the definition its values are
 * masked with (casework.ts mayRead and viewOf); undefined when the case or its definition is gone.
 */
type CaseRule = { readable: boolean; view: Workflow } | undefined;

function fieldOf(wf: Workflow | undefined, name: string): Field | undefined {
  return wf ? fieldIndex(wf).get(name) : undefined;
}

/** A recorded value as this viewer may see it (the engine's projection decides: engine/view.ts shownValue). */
function shown(rule: CaseRule, viewer: Viewer, name: string, value: unknown): string {
  if (value === undefined || value === null || value === '') return '—';
  // An administrator who does not work the service sees who did what and when, not what the case holds.
  if (!rule || !rule.readable) return HIDDEN;
  const v = shownValue(rule.view, viewer, name, value);
  if (v.masked) return HIDDEN;
  const text = valueText(v.field, value, timeZoneOf(rule.view));
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

function record(v: unknown): Record<string, unknown> {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

/** Whether the value of field `name` is shown unmasked and identifies someone (a sensitive field's value). */
function revealed(rule: CaseRule, viewer: Viewer, name: string, value: unknown): boolean {
  if (!rule?.readable || value === undefined || value === null || value === '') return false;
  const v = shownValue(rule.view, viewer, name, value);
  return Boolean(v.field?.sensitive) && !v.masked;
}

/** Readable lines for an entry's details, values masked for these roles; cases whose identities they show go in `identities`. */
function detailLines(deps: AppDeps, e: AuditEntry, rule: CaseRule, viewer: Viewer, identities: Set<string>): string[] {
  const wf = rule?.view;
  const d = record(e.details);
  const lines: string[] = [];
  const via = d.via === 'api' ? 'lewat API' : d.via === 'web' ? 'lewat halaman web' : undefined;
  switch (e.action) {
    case 'login.ok':
    case 'login.failed':
    case 'login.refused':
      if (typeof d.username === 'string') lines.push(`Nama pengguna yang dipakai: ${d.username}`);
      if (via) lines.push(via);
      return lines;
    case 'login.locked':
      return [`Nama pengguna: ${String(d.username ?? '')}`, `Dikunci ${String(d.seconds ?? '?')} detik (${d.scope === 'address' ? 'alamat jaringan' : 'akun'})`];
    case 'case.view':
      return [`Dibuka di ${PAGES[String(d.page)] ?? String(d.page)}`, d.sensitive ? 'Identitas anak/pelapor terlihat' : 'Identitas disembunyikan'];
    case 'case.start':
    case 'step.complete': {
      const step = wf && typeof d.step === 'string' ? stepOf(wf, d.step) : undefined;
      if (e.action === 'case.start' && wf) lines.push(`${wf.title}, versi ${String(d.version ?? wf.version)}`);
      if (step) lines.push(`Langkah ${step.number}: ${step.title}`);
      const before = record(d.before);
      const after = record(d.after);
      for (const [name, value] of Object.entries(after)) {
        const label = fieldOf(wf, name)?.label ?? name;
        const now = shown(rule, viewer, name, value);
        if (e.caseId && (revealed(rule, viewer, name, value) || revealed(rule, viewer, name, before[name]))) identities.add(e.caseId);
        lines.push(Object.hasOwn(before, name) ? `${label}: ${shown(rule, viewer, name, before[name])} → ${now}` : `${label}: ${now}`);
      }
      if (Array.isArray(d.fields)) lines.push(`Isian: ${d.fields.map(String).join(', ')}`);
      return lines;
    }
    case 'user.add':
    case 'user.disable':
    case 'user.enable':
    case 'user.reset':
    case 'user.password':
      if (typeof d.username === 'string') lines.push(`Akun: ${d.username}`);
      if (Array.isArray(d.roles)) lines.push(`Peran: ${d.roles.map((r) => deps.workflows.roleTitle(String(r))).join(', ')}`);
      if (typeof d.sessionsEnded === 'number' && d.sessionsEnded > 0) lines.push(`${d.sessionsEnded} sesi/token diakhiri`);
      return lines;
    case 'user.roles': {
      const titles = (v: unknown) => (Array.isArray(v) ? v.map((r) => deps.workflows.roleTitle(String(r))).join(', ') : '?');
      if (typeof d.username === 'string') lines.push(`Akun: ${d.username}`);
      lines.push(`Peran: ${titles(d.before)} → ${titles(d.after)}`);
      return lines;
    }
    case 'session.revoke':
      return d.all ? [`Semua sesi lain (${String(d.count ?? 0)})`] : [`${d.kind === 'token' ? 'Token API' : 'Sesi peramban'}${d.label ? ` "${String(d.label)}"` : ''}`];
    case 'workflow.publish': {
      const title = typeof d.workflow === 'string' ? (deps.workflows.get(d.workflow)?.title ?? d.workflow) : '';
      lines.push(`${title} versi ${String(d.version ?? '?')}${d.decree ? `, SK ${String(d.decree)}` : ''}`);
      if (typeof d.basedOn === 'number') lines.push(`Berdasarkan versi ${d.basedOn}; ${String(d.changes ?? 0)} perubahan`);
      return lines;
    }
    case 'workflow.reload':
      if (Array.isArray(d.changed)) lines.push(d.changed.length ? `Versi baru: ${d.changed.map(String).join(', ')}` : 'Tidak ada berkas yang berubah');
      if (Array.isArray(d.refused) && d.refused.length) lines.push(`Ditolak: ${d.refused.map(String).join(', ')}`);
      return lines;
    case 'data.restore': {
      lines.push(`Cadangan dibuat ${typeof d.backupCreatedAt === 'string' ? formatDateTime(d.backupCreatedAt, timeZoneOf(deps.workflows.list()[0])) : '?'}; ${String(d.restoredEntries ?? '?')} catatan audit dipulihkan`);
      if (typeof d.replacedEntries === 'number' && d.replacedEntries > 0) {
        lines.push(`Log audit yang diganti: ${d.replacedEntries} catatan${d.replacedWhole === false ? ' (rantainya rusak)' : ''}, ${String(d.notInBackup ?? '?')} di antaranya tidak ada di cadangan; disimpan sebagai ${String(d.replacedLog ?? '?')}`);
      }
      if (typeof d.previousFolder === 'string') lines.push(`Folder lama disimpan di samping: ${d.previousFolder}`);
      return lines;
    }
    case 'attachment.add':
    case 'attachment.view': {
      // The file's name is never logged (a name can identify a child): where it belongs, its type and size.
      const step = wf && typeof d.step === 'string' ? stepOf(wf, d.step) : undefined;
      if (typeof d.requirement === 'string') lines.push(`Salinan persyaratan: ${wf?.requirements.find((r) => r.id === d.requirement)?.text ?? d.requirement}`);
      if (typeof d.field === 'string') lines.push(`Isian berkas: ${fieldOf(wf, d.field)?.label ?? d.field}${step ? ` (langkah ${step.number})` : ''}`);
      const kind = Object.values(FILE_KINDS).find((k) => k.mime === d.type)?.label ?? (typeof d.type === 'string' ? d.type : undefined);
      if (kind) lines.push(`${kind}${typeof d.size === 'number' ? `, ${sizeText(d.size)}` : ''}`);
      if (typeof d.via === 'string') lines.push(`Dibuka lewat ${PAGES[d.via] ?? d.via}`);
      return lines;
    }
    default:
      // Actions of other parts (publishing a version…): each detail as text, short.
      for (const [k, v] of Object.entries(d)) {
        const text = typeof v === 'string' ? v : JSON.stringify(v);
        lines.push(`${k}: ${text.length > 200 ? `${text.slice(0, 200)}…` : text}`);
      }
      return lines;
  }
}

function query(c: Context<AppEnv>) {
  const q = c.req.query();
  const text = (v: string | undefined, re: RegExp) => (v && re.test(v) ? v : undefined);
  return {
    caseId: text(q.kasus?.trim(), /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/),
    actor: text(q.pengguna?.trim().toLowerCase(), /^[a-z0-9._-]{1,64}$|^-$/),
    action: text(q.aksi, /^[a-z][a-z.]{0,40}$/),
    before: q.sebelum && /^\d{1,12}$/.test(q.sebelum) ? Number(q.sebelum) : undefined,
    verify: q.periksa === '1',
  };
}

export function auditRoutes() {
  const app = new Hono<AppEnv>();
  app.use('/audit', requirePageUser());

  app.get('/audit', async (c) => {
    const { deps, user } = c.var;
    const roles = user!.roles;
    if (!canReadAudit(deps.workflows.list(), roles)) {
      return errorPage(c, 403, 'Log audit hanya dapat dibuka administrator dan peran pengawas yang ditetapkan standar pelayanan.');
    }
    const admin = roles.includes(ADMIN_ROLE);
    const f = query(c);
    const entries = await deps.store.audit.list({ caseId: f.caseId, actor: f.actor, action: f.action, before: f.before, limit: PAGE });
    const rules = new Map<string, CaseRule>();
    const lookup = async (caseId: string): Promise<CaseRule> => {
      if (!rules.has(caseId)) {
        const k = await deps.store.cases.get(caseId).catch(() => undefined);
        const wf = k ? deps.workflows.forCase(k.workflow) : undefined;
        const inForce = wf && deps.workflows.get(wf.id);
        rules.set(caseId, k && wf ? { readable: mayOpen(wf, inForce, k, user!), view: stricterAccess(wf, inForce) } : undefined);
      }
      return rules.get(caseId);
    };
    const rows: AuditRow[] = [];
    const names = await displayNames(deps);
    const identities = new Set<string>();
    let hidden = 0;
    for (const e of entries) {
      const rule = e.caseId ? await lookup(e.caseId) : undefined;
      if (e.caseId && !admin && !rule?.readable) {
        hidden++;
        continue;
      }
      rows.push({
        seq: e.seq,
        at: e.at,
        actor: e.actor,
        actorName: names(e.actor),
        action: e.action,
        actionLabel: actionLabel(e.action),
        caseId: e.caseId,
        address: e.address,
        lines: detailLines(deps, e, rule, user!, identities),
      });
    }
    // Identities read here are a view of those cases (written before the page goes out, like every entry).
    for (const caseId of identities) {
      await recordAudit(deps.store, { at: deps.now().toISOString(), actor: user!.username, action: 'case.view', caseId, details: { page: 'audit', sensitive: true } });
    }
    let chain: { ok: true; entries: number } | { ok: false; message: string } | undefined;
    if (f.verify) {
      const v = await deps.store.audit.verify();
      chain = v.ok ? { ok: true, entries: v.entries } : { ok: false, message: v.message };
    }
    const last = entries[entries.length - 1];
    let olderHref: string | undefined;
    if (entries.length === PAGE && last && last.seq > 1) {
      const q = new URLSearchParams();
      if (f.caseId) q.set('kasus', f.caseId);
      if (f.actor) q.set('pengguna', f.actor);
      if (f.action) q.set('aksi', f.action);
      q.set('sebelum', String(last.seq));
      olderHref = `/audit?${q}`;
    }
    return renderPage(
      c,
      <AuditPage
        {...pageProps(c)}
        rows={rows}
        filter={{ caseId: f.caseId, actor: f.actor, action: f.action }}
        actions={Object.entries(ACTION_LABELS).map(([id, label]) => ({ id, label }))}
        chain={chain}
        olderHref={olderHref}
        timeZone={timeZoneOf(deps.workflows.list()[0])}
        hidden={hidden}
      />,
    );
  });

  return app;
}
