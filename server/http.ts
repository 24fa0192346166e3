/** Puts a Hono app on a TCP port with node's HTTP server; resolves once it listens, with its URL and a close(). */
import { serve, type ServerType } from '@hono/node-server';
import type { Hono } from 'hono';

export interface Listening {
  server: ServerType;
  /** http://HOST:PORT (127.0.0.1 shown for 0.0.0.0 would be wrong from another machine: the host as given). */
  url: string;
  port: number;
  close(): Promise<void>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function listen(app: Hono<any>, options: { port: number; host: string }): Promise<Listening> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port: options.port, hostname: options.host }, (info) => {
      const host = options.host.includes(':') ? `[${options.host}]` : options.host;
      resolve({
        server,
        port: info.port,
        url: `http://${host}:${info.port}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            // Keep-alive connections would hold close() open: end idle ones now.
            (server as unknown as { closeIdleConnections?: () => void }).closeIdleConnections?.();
          }),
      });
    });
    server.once('error', reject);
  });
}
