/**
 * The channels a message leaves the app by: e-mail over the office's SMTP server (nodemailer), and WhatsApp or
 * SMS through the HTTP gateway the office already pays for, described by a request template (URL, method,
 * headers, body) so any of the common gateways works without code. Configured from the environment or a JSON
 * file; nothing here keeps a message: the outbox does (server/notify/scheduler.ts).
 */
import { readFileSync } from 'node:fs';
import nodemailer from 'nodemailer';

/** What a channel sends: free of any identity already (server/notify/message.ts). */
export interface OutgoingMessage {
  /** The outbox message's id: the same on every attempt, so a receiver can tell a resend from a new message. */
  id?: string;
  to: string;
  subject: string;
  text: string;
  link?: string;
}

export interface Channel {
  /** "email" or "gateway": the outbox's channel and the account's opt-out name. */
  id: 'email' | 'gateway';
  /** For the administrator, without any secret: "SMTP mail.rokanhulukab.go.id:587, pengirim alur@…". */
  describe: string;
  send(message: OutgoingMessage): Promise<void>;
  close?(): void;
}

/** A channel refused or failed: the reason is kept as the message's last error, for the administrator. */
export class ChannelError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ChannelError';
  }
}

// ---------------------------------------------------------------------------------------------------------------
// E-mail

export interface MailSettings {
  /** smtp://user:pass@host:587 or smtps://user:pass@host:465 */
  url: string;
  from: string;
}

/** The SMTP URL without its password, for the administrator's page. */
function withoutSecret(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.username ? `${decodeURIComponent(u.username)}@` : ''}${u.host}`;
  } catch {
    return '(alamat SMTP tidak sah)';
  }
}

/** The domain of the sender's address (alur@dinsos.contoh.go.id -> dinsos.contoh.go.id), for Message-IDs. */
function senderDomain(from: string): string {
  const m = /@([A-Za-z0-9.-]+)>?\s*$/.exec(from.trim());
  return m?.[1] ?? 'alur.invalid';
}

/**
 * `timeoutMs` bounds each wait on the mail server (connecting, its greeting, each answer): a server that hangs is
 * given up before the message's lease runs out, so no other app server takes it while this one still waits.
 */
export function mailChannel(settings: MailSettings, options: { timeoutMs?: number } = {}): Channel {
  const wait = options.timeoutMs ?? 30_000;
  const transport = nodemailer.createTransport({ url: settings.url, connectionTimeout: wait, greetingTimeout: wait, socketTimeout: wait }, { from: settings.from });
  const domain = senderDomain(settings.from);
  return {
    id: 'email',
    describe: `SMTP ${withoutSecret(settings.url)}, pengirim ${settings.from}`,
    async send(m) {
      try {
        // Message-ID from the outbox id: a message sent again after a crash is the same message to the receiver.
        await transport.sendMail({ from: settings.from, to: m.to, subject: m.subject, text: m.text, ...(m.id ? { messageId: `<${m.id}@${domain}>` } : {}) });
      } catch (err) {
        throw new ChannelError(`Surel ke ${m.to} gagal: ${(err as Error).message}`.slice(0, 500));
      }
    },
    close: () => transport.close(),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// WhatsApp / SMS gateway over HTTP

export interface GatewaySettings {
  url: string;
  /** Default POST. */
  method?: string;
  headers?: Record<string, string>;
  /** The body, with {{to}}, {{to_intl}}, {{text}}, {{subject}}, {{link}}, {{id}} filled in (escaped for the content type). */
  body?: string;
  /** application/json (default) or application/x-www-form-urlencoded. */
  contentType?: string;
  /** A regular expression the answer's body must match to count as sent (gateways that answer 200 {"status":false}). */
  success?: string;
  /** Milliseconds to wait for the gateway (default 15 000). */
  timeoutMs?: number;
}

/** 0812… or +62812… → 62812… (most Indonesian gateways want the country code without "+"). */
export function internationalNumber(phone: string): string {
  const digits = phone.replace(/[^0-9+]/g, '');
  if (digits.startsWith('+')) return digits.slice(1);
  if (digits.startsWith('0')) return `62${digits.slice(1)}`;
  return digits;
}

/** The template with its placeholders filled in, each value escaped for where it goes. */
export function fillTemplate(template: string, values: Record<string, string>, escape: (v: string) => string): string {
  return template.replace(/\{\{\s*(to|to_intl|text|subject|link|id)\s*\}\}/g, (_, name: string) => escape(values[name] ?? ''));
}

const GATEWAY_TIMEOUT_MS = 15_000;

const jsonEscape = (v: string) => JSON.stringify(v).slice(1, -1);

export function gatewayChannel(settings: GatewaySettings): Channel {
  const method = (settings.method ?? 'POST').toUpperCase();
  const contentType = settings.contentType ?? 'application/json';
  const form = contentType.startsWith('application/x-www-form-urlencoded');
  const body = settings.body ?? (form ? 'to={{to_intl}}&message={{text}}' : '{"to":"{{to_intl}}","message":"{{text}}"}');
  const success = settings.success ? new RegExp(settings.success) : undefined;
  let host = '(alamat tidak sah)';
  try {
    host = new URL(settings.url).host;
  } catch {
    // reported when sending
  }
  return {
    id: 'gateway',
    describe: `gateway HTTP ${method} ${host}`,
    async send(m) {
      const values = { to: m.to, to_intl: internationalNumber(m.to), text: m.text, subject: m.subject, link: m.link ?? '', id: m.id ?? '' };
      const url = fillTemplate(settings.url, values, encodeURIComponent);
      const payload = method === 'GET' ? undefined : fillTemplate(body, values, form ? encodeURIComponent : jsonEscape);
      let res: Response;
      try {
        res = await fetch(url, {
          method,
          headers: { ...(payload !== undefined ? { 'content-type': contentType } : {}), ...(settings.headers ?? {}) },
          body: payload,
          signal: AbortSignal.timeout(settings.timeoutMs ?? GATEWAY_TIMEOUT_MS),
        });
      } catch (err) {
        throw new ChannelError(`Gateway ${host} tidak dapat dihubungi: ${(err as Error).message}`.slice(0, 500));
      }
      const answer = (await res.text().catch(() => '')).slice(0, 2000);
      if (!res.ok) throw new ChannelError(`Gateway ${host} menjawab ${res.status}: ${answer.slice(0, 300)}`);
      if (success && !success.test(answer)) throw new ChannelError(`Gateway ${host} menolak pesan: ${answer.slice(0, 300)}`);
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Settings from the environment

export interface NotifySettings {
  mail?: MailSettings;
  gateway?: GatewaySettings;
  /** The address staff open the app at, for links in messages (https://alur.dinsos.example.go.id). */
  publicUrl?: string;
  problems: string[];
}

function parseHeaders(text: string | undefined, where: string, problems: string[]): Record<string, string> | undefined {
  if (!text) return undefined;
  try {
    const v = JSON.parse(text) as unknown;
    if (v && typeof v === 'object' && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'string')) return v as Record<string, string>;
  } catch {
    // below
  }
  problems.push(`${where} harus objek JSON berisi teks, misalnya {"Authorization":"TOKEN"}.`);
  return undefined;
}

/**
 * Reads ALUR_SMTP_URL, ALUR_MAIL_FROM, ALUR_PUBLIC_URL and the gateway: ALUR_GATEWAY_CONFIG (a JSON file with
 * url, method, headers, body, contentType, success) or ALUR_GATEWAY_URL with ALUR_GATEWAY_METHOD,
 * ALUR_GATEWAY_HEADERS (JSON), ALUR_GATEWAY_BODY, ALUR_GATEWAY_CONTENT_TYPE, ALUR_GATEWAY_SUCCESS (the variables
 * win over the file). Problems are reported in Indonesian; a channel with a problem is left off.
 */
export function notifySettingsFromEnv(env: NodeJS.ProcessEnv = process.env): NotifySettings {
  const problems: string[] = [];
  const out: NotifySettings = { problems };
  if (env.ALUR_SMTP_URL) {
    if (!/^smtps?:\/\//.test(env.ALUR_SMTP_URL)) problems.push('ALUR_SMTP_URL harus diawali smtp:// atau smtps://, misalnya smtp://pengguna:sandi@mail.contoh.go.id:587.');
    else if (!env.ALUR_MAIL_FROM) problems.push('ALUR_MAIL_FROM belum diisi: alamat pengirim surel, misalnya "alur Dinsos P3A <alur@dinsos.contoh.go.id>".');
    else out.mail = { url: env.ALUR_SMTP_URL, from: env.ALUR_MAIL_FROM };
  }
  let file: Partial<GatewaySettings> = {};
  if (env.ALUR_GATEWAY_CONFIG) {
    try {
      file = JSON.parse(readFileSync(env.ALUR_GATEWAY_CONFIG, 'utf8')) as Partial<GatewaySettings>;
    } catch (err) {
      problems.push(`Berkas gateway ${env.ALUR_GATEWAY_CONFIG} tidak dapat dibaca sebagai JSON: ${(err as Error).message}`);
    }
  }
  const url = env.ALUR_GATEWAY_URL ?? file.url;
  if (url) {
    const headers = parseHeaders(env.ALUR_GATEWAY_HEADERS, 'ALUR_GATEWAY_HEADERS', problems) ?? file.headers;
    let ok = true;
    try {
      new URL(url.replace(/\{\{[^}]*\}\}/g, 'x'));
    } catch {
      problems.push(`Alamat gateway ${url} tidak sah.`);
      ok = false;
    }
    if (env.ALUR_GATEWAY_SUCCESS ?? file.success) {
      try {
        new RegExp((env.ALUR_GATEWAY_SUCCESS ?? file.success)!);
      } catch {
        problems.push('ALUR_GATEWAY_SUCCESS bukan ekspresi reguler yang sah.');
        ok = false;
      }
    }
    if (ok) {
      out.gateway = {
        url,
        method: env.ALUR_GATEWAY_METHOD ?? file.method,
        headers,
        body: env.ALUR_GATEWAY_BODY ?? file.body,
        contentType: env.ALUR_GATEWAY_CONTENT_TYPE ?? file.contentType,
        success: env.ALUR_GATEWAY_SUCCESS ?? file.success,
      };
    }
  }
  if (env.ALUR_PUBLIC_URL) out.publicUrl = env.ALUR_PUBLIC_URL.replace(/\/+$/, '');
  return out;
}

/**
 * The channels these settings configure, by id; `timeoutMs` is the longest each may wait for its server (keep it
 * under the scheduler's lease: sendBudgetMs in scheduler.ts).
 */
export function channelsFrom(settings: NotifySettings, options: { timeoutMs?: number } = {}): Map<string, Channel> {
  const channels = new Map<string, Channel>();
  if (settings.mail) channels.set('email', mailChannel(settings.mail, options));
  if (settings.gateway) {
    const limit = options.timeoutMs;
    const timeoutMs = limit === undefined ? settings.gateway.timeoutMs : Math.min(settings.gateway.timeoutMs ?? GATEWAY_TIMEOUT_MS, limit);
    channels.set('gateway', gatewayChannel({ ...settings.gateway, ...(timeoutMs !== undefined ? { timeoutMs } : {}) }));
  }
  return channels;
}
