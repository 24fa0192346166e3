/**
 * Notifications: what a change of a case plans (recorded in the outbox in the change's own transaction), what a
 * due plan turns into when the scheduler takes it (an in-app notification per account, an e-mail and a
 * WhatsApp/SMS message per account that has the address and has not opted out, a record in the case history for
 * reminders, overdue notices and escalation), the in-app list, the channels' state for the administrator and a
 * test message. The engine decides what is due (engine/notifications.ts); this file only stores and addresses it.
 */
import { createHash, randomUUID } from 'node:crypto';
import { newNotices, stillPlanned, type Notice } from '../../engine/notifications.ts';
import type { StoredUser } from '../../engine/ports/accounts.ts';
import type { InboxItem, OutboxMessage, RecordDoc } from '../../engine/ports/misc.ts';
import type { StoreTx } from '../../engine/ports/store.ts';
import type { Case, NotificationChannel, Workflow } from '../../engine/types.ts';
import { ADMINISTRATOR_ROLE } from '../../engine/access.ts';
import { composeMessage } from '../notify/message.ts';
import type { NotifierDeps } from './deps.ts';

/** The outbox channel of a planned notice (turned into messages when due), and the keys' prefix. */
export const PLAN_CHANNEL = 'jadwal';
const PLAN = 'jadwal|';
/** The record kind of a notice that was sent out (the case history shows reminders, overdue and escalation). */
export const NOTICE_RECORD = 'pemberitahuan';
/** The store topic that wakes the schedulers. */
export const OUTBOX_TOPIC = 'outbox';

export const CHANNEL_LABELS: Record<NotificationChannel, string> = { inapp: 'Di aplikasi', email: 'Surel (e-mail)', gateway: 'WhatsApp / SMS' };

const digest = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 32);

/**
 * Records in the outbox, inside the transaction `tx` that stores `after`, every notice the change plans that
 * `before` did not (all of them for a new case). Each is keyed, so a notice is sent once whatever happens next.
 */
export async function planNotices(tx: StoreTx, wf: Workflow, before: Case | undefined, after: Case, now: Date): Promise<number> {
  const notices = newNotices(wf, before, after);
  for (const n of notices) {
    await tx.outbox.enqueue({
      id: randomUUID(),
      key: `${PLAN}${n.key}`,
      channel: PLAN_CHANNEL,
      to: '',
      payload: { notice: n },
      caseId: after.id,
      dueAt: n.at < now.toISOString() ? now.toISOString() : n.at,
      createdAt: now.toISOString(),
    });
  }
  if (notices.length) tx.signal(OUTBOX_TOPIC);
  return notices.length;
}

/** The accounts a notice reaches: active, not the administrator, holding one of its roles or named by it. */
export function recipients(n: Pick<Notice, 'roles' | 'usernames'>, users: StoredUser[]): StoredUser[] {
  return users.filter((u) => !u.disabled && !u.roles.includes(ADMINISTRATOR_ROLE) && (n.usernames.includes(u.username) || u.roles.some((r) => n.roles.includes(r))));
}

/**
 * Turns a due plan into messages, once: nothing when the case no longer plans it (the task was done, the due
 * time moved) or when it was already turned (a crash after the transaction, before the plan was marked sent).
 * Resolves with how many accounts it reached.
 */
export async function deliverPlan(deps: NotifierDeps, m: OutboxMessage): Promise<number> {
  const key = (m.key ?? '').slice(PLAN.length);
  if (!m.caseId || !key) return 0;
  const c = await deps.store.cases.get(m.caseId);
  const wf = c && deps.workflows.forCase(c.workflow);
  if (!c || !wf) return 0;
  const n = stillPlanned(wf, c, key);
  if (!n) return 0;
  const recordId = digest(key);
  if (await deps.store.records.get(NOTICE_RECORD, recordId)) return 0;
  const now = deps.now().toISOString();
  const msg = composeMessage(wf, n, deps.notify?.publicUrl);
  const reached = recipients(n, await deps.store.users.list());
  const configured = deps.notify?.channels ?? new Map();
  const sentBy: Record<string, number> = {};
  await deps.store.transaction(async (tx) => {
    for (const u of reached) {
      for (const ch of n.channels) {
        if (u.optOut?.includes(ch)) continue;
        if (ch === 'inapp') {
          await tx.inbox.add({ id: digest(`${key}|${u.username}`), username: u.username, at: n.at < now ? n.at : now, text: msg.line, href: msg.href, caseId: c.id });
        } else {
          const to = ch === 'email' ? u.email : u.phone;
          if (!to || !configured.has(ch)) continue;
          await tx.outbox.enqueue({ id: randomUUID(), key: `${key}|${ch}|${u.username}`, channel: ch, to, payload: { subject: msg.subject, text: msg.text, link: msg.link }, caseId: c.id, dueAt: now, createdAt: now });
        }
        sentBy[ch] = (sentBy[ch] ?? 0) + 1;
      }
    }
    const doc: RecordDoc = {
      kind: NOTICE_RECORD,
      id: recordId,
      at: now,
      workflow: wf.id,
      caseId: c.id,
      data: { key, kind: n.kind, step: n.step, ...(n.task ? { task: n.task } : {}), ...(n.deadline ? { deadline: n.deadline, due: n.due } : {}), ...(n.level !== undefined ? { level: n.level } : {}), roles: n.roles, usernames: n.usernames, accounts: reached.length, channels: sentBy },
    };
    await tx.records.add(doc);
    if (n.kind !== 'arrival' && n.kind !== 'assigned') {
      await tx.audit.append({ at: now, actor: 'sistem', action: 'case.notice', caseId: c.id, details: { kind: n.kind, step: n.step, ...(n.deadline ? { deadline: n.deadline } : {}), roles: n.roles, accounts: reached.length } });
    }
    if (Object.keys(sentBy).some((ch) => ch !== 'inapp')) tx.signal(OUTBOX_TOPIC);
  });
  return reached.length;
}

/** The reminders, overdue notices and escalations sent for a case, oldest first (the case page's history). */
export async function noticesOf(deps: NotifierDeps, caseId: string): Promise<RecordDoc[]> {
  const docs = await deps.store.records.query(NOTICE_RECORD, { caseId, limit: 500 });
  return docs.filter((d) => d.data.kind !== 'arrival' && d.data.kind !== 'assigned').sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}

// ---------------------------------------------------------------------------------------------------------------
// In-app notifications

export async function myNotifications(deps: NotifierDeps, username: string, options: { before?: string; limit?: number } = {}): Promise<{ items: InboxItem[]; unread: number; more: boolean }> {
  const limit = options.limit ?? 30;
  const items = await deps.store.inbox.list(username, { before: options.before, limit: limit + 1 });
  return { items: items.slice(0, limit), unread: await deps.store.inbox.unread(username), more: items.length > limit };
}

export async function markNotificationsRead(deps: NotifierDeps, username: string, ids?: string[]): Promise<number> {
  return deps.store.inbox.markRead(username, deps.now().toISOString(), ids);
}

/** Opens one notification: marks it read and gives where it leads (only a path inside the app). */
export async function openNotification(deps: NotifierDeps, username: string, id: string): Promise<string | undefined> {
  const item = (await deps.store.inbox.list(username, { limit: 1000 })).find((i) => i.id === id);
  if (!item) return undefined;
  if (!item.readAt) await deps.store.inbox.markRead(username, deps.now().toISOString(), [id]);
  return item.href && item.href.startsWith('/') && !item.href.startsWith('//') ? item.href : '/notifikasi';
}

// ---------------------------------------------------------------------------------------------------------------
// The administrator's view of the channels, and a test message

export interface ChannelState {
  id: NotificationChannel;
  label: string;
  /** Whether this server sends by it (e-mail, gateway: configured); in-app always. */
  configured: boolean;
  describe: string;
  pending: number;
  /** Pending after a failed attempt (to be tried again). */
  retrying: number;
  failed: number;
  sent: number;
  lastError?: string;
  lastErrorAt?: string;
  /** The last attempts failed: shown as a warning. */
  failing: boolean;
}

export async function channelStates(deps: NotifierDeps): Promise<ChannelState[]> {
  const out: ChannelState[] = [];
  for (const id of ['inapp', 'email', 'gateway'] as const) {
    const channel = deps.notify?.channels.get(id);
    if (id === 'inapp') {
      out.push({ id, label: CHANNEL_LABELS[id], configured: true, describe: 'pemberitahuan di menu aplikasi', pending: 0, retrying: 0, failed: 0, sent: 0, failing: false });
      continue;
    }
    const pending = await deps.store.outbox.list({ channel: id, status: 'pending', limit: 1000 });
    const failed = await deps.store.outbox.list({ channel: id, status: 'failed', limit: 1000 });
    const sent = await deps.store.outbox.list({ channel: id, status: 'sent', limit: 1000 });
    const retrying = pending.filter((m) => m.lastError);
    const withError = [...retrying, ...failed].sort((a, b) => ((a.sentAt ?? a.dueAt) < (b.sentAt ?? b.dueAt) ? 1 : -1));
    const lastSent = sent.reduce<string | undefined>((t, m) => (m.sentAt && (!t || m.sentAt > t) ? m.sentAt : t), undefined);
    const last = withError[0];
    out.push({
      id,
      label: CHANNEL_LABELS[id],
      configured: Boolean(channel),
      describe: channel?.describe ?? (id === 'email' ? 'belum diatur: isi ALUR_SMTP_URL dan ALUR_MAIL_FROM' : 'belum diatur: isi ALUR_GATEWAY_URL atau ALUR_GATEWAY_CONFIG'),
      pending: pending.length,
      retrying: retrying.length,
      failed: failed.length,
      sent: sent.length,
      ...(last?.lastError ? { lastError: last.lastError, lastErrorAt: last.dueAt } : {}),
      // Failing: messages wait after a failure and nothing was sent since the last of them was first tried.
      failing: withError.length > 0 && (!lastSent || withError.some((m) => m.createdAt > lastSent)),
    });
  }
  return out;
}

/** A test message to one account by one channel, through the same outbox as every message. */
export async function sendTestMessage(deps: NotifierDeps, input: { username: string; channel: NotificationChannel; by: string }): Promise<{ ok: true; text: string } | { ok: false; error: string }> {
  const u = await deps.store.users.get(input.username);
  if (!u || u.disabled) return { ok: false, error: `Akun ${input.username.slice(0, 64)} tidak ada atau nonaktif.` };
  const now = deps.now().toISOString();
  const text = `Pesan uji dari alur (Dinas Sosial P3A), dikirim oleh administrator ${input.by}. Bila pesan ini sampai, saluran ${CHANNEL_LABELS[input.channel]} berfungsi.`;
  if (input.channel === 'inapp') {
    await deps.store.transaction(async (tx) => {
      await tx.inbox.add({ id: digest(`uji|${randomUUID()}`), username: u.username, at: now, text, href: '/notifikasi' });
      await tx.audit.append({ at: now, actor: input.by, action: 'notify.test', details: { username: u.username, channel: input.channel } });
    });
    return { ok: true, text: `Pesan uji ditambahkan ke pemberitahuan ${u.username}.` };
  }
  if (!deps.notify?.channels.has(input.channel)) return { ok: false, error: `Saluran ${CHANNEL_LABELS[input.channel]} belum diatur di server ini.` };
  const to = input.channel === 'email' ? u.email : u.phone;
  if (!to) return { ok: false, error: `Akun ${u.username} belum punya ${input.channel === 'email' ? 'alamat surel' : 'nomor telepon'}.` };
  await deps.store.transaction(async (tx) => {
    await tx.outbox.enqueue({ id: randomUUID(), key: `uji|${randomUUID()}`, channel: input.channel, to, payload: { subject: '[alur] Pesan uji', text }, dueAt: now, createdAt: now });
    await tx.audit.append({ at: now, actor: input.by, action: 'notify.test', details: { username: u.username, channel: input.channel } });
    tx.signal(OUTBOX_TOPIC);
  });
  return { ok: true, text: `Pesan uji ke ${u.username} lewat ${CHANNEL_LABELS[input.channel]} masuk antrean kirim; hasilnya tampil di bawah dalam beberapa detik.` };
}
