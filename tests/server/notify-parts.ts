/** Real receivers on loopback for the notification tests: an SMTP server (smtp-server) and a WhatsApp-style HTTP gateway. */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
}

export interface SmtpBox {
  port: number;
  url: string;
  mails: ReceivedMail[];
  /** While set, a message's DATA is read but never answered (the sender waits, as with a server that hangs). */
  stall: boolean;
  /** Messages read while stalling (never answered). */
  stalled: number;
  /** This many next messages are read and never answered, then it answers again (a hang of one message). */
  stallNext: number;
  /** The raw text of the messages never answered. */
  stalledRaw: string[];
  /** Milliseconds it waits before answering a message (a slow mail server); 0 by default. */
  delayMs: number;
  close(): Promise<void>;
}

/** An SMTP server on 127.0.0.1 that keeps what it accepted (only messages it answered 250 count as received). */
export async function smtpBox(port = 0): Promise<SmtpBox> {
  const box = { mails: [] as ReceivedMail[], stall: false, stalled: 0, stallNext: 0, stalledRaw: [] as string[], delayMs: 0 } as SmtpBox;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (box.stall || box.stallNext > 0) {
          if (box.stallNext > 0) box.stallNext--;
          box.stalled++;
          box.stalledRaw.push(Buffer.concat(chunks).toString('utf8'));
          return; // never answered
        }
        const accept = () => {
          box.mails.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
          callback();
        };
        if (box.delayMs > 0) setTimeout(accept, box.delayMs);
        else accept();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
  box.port = (server.server.address() as AddressInfo).port;
  box.url = `smtp://127.0.0.1:${box.port}`;
  box.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return box;
}

/** The Message-ID of a raw mail, without its angle brackets ('' when it has none). */
export function messageIdOf(raw: string): string {
  const head = raw.slice(0, raw.indexOf('\r\n\r\n'));
  return /^Message-ID:\s*<([^>]*)>/im.exec(head)?.[1] ?? '';
}

/** The text of a received mail: its body decoded from quoted-printable, with soft line breaks joined. */
export function mailText(raw: string): string {
  const body = raw.slice(raw.indexOf('\r\n\r\n') + 4);
  const bytes = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8').replace(/\r\n/g, '\n');
}

export interface GatewayRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface Gateway {
  url: string;
  requests: GatewayRequest[];
  /** The status the gateway answers with (200 by default); 500 makes it fail. */
  status: number;
  answer: string;
  close(): Promise<void>;
}

/** A small HTTP server standing in for a WhatsApp gateway: records each request and answers as told. */
export async function gateway(): Promise<Gateway> {
  const g = { requests: [] as GatewayRequest[], status: 200, answer: '{"status":true}' } as Gateway;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      g.requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(g.status, { 'content-type': 'application/json' });
      res.end(g.answer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  g.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/send`;
  g.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return g;
}
