/** A bench's app on a real TCP port on 127.0.0.1 (port 0), requested with fetch as a browser or script would. */
import type { Hono } from 'hono';
import { listen } from '../../../server/http.ts';

export interface Live {
  url: string;
  /** fetch on the live server, redirects not followed (like app.request). */
  request(path: string, init?: RequestInit): Promise<Response>;
  close(): Promise<void>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function serveLive(app: Hono<any>): Promise<Live> {
  const listening = await listen(app, { port: 0, host: '127.0.0.1' });
  return {
    url: listening.url,
    request: (path, init) => fetch(listening.url + path, { ...init, redirect: 'manual' }),
    close: () => listening.close(),
  };
}

/** The `name=value` of cookie `name` among a response's Set-Cookie headers. */
export function cookieOf(res: Response, name: string): string | undefined {
  return res.headers.getSetCookie().find((c) => c.startsWith(`${name}=`))?.split(';')[0];
}
