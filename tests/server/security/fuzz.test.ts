/**
 * A bounded fuzz of the API (and the form posts) on a real server on 127.0.0.1: random and mutated bodies,
 * broken JSON and raw bytes, wrong content types, odd ids, valid and invalid tokens, several at a time.
 * Deterministic (seeded). Asserts: no 5xx, no unexpected error logged, every API answer is JSON with a
 * readable error, the server still answers, and the data folder opens again with a whole audit chain and
 * every case readable.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen, type Listening } from '../../../server/http.ts';
import { openStore } from '../../../server/store/index.ts';
import { csrfOf, directIntake, formBody, makeBench, PASSWORD, STORES, type Bench } from '../helpers.ts';
import { DIRECT_PATH } from './fixtures.ts';

const REQUESTS = 1500;
const CONCURRENCY = 6;
/** FUZZ_SEED=n replays or explores another sequence. */
const SEED = Number(process.env.FUZZ_SEED ?? 20261130);

/** mulberry32: a small seeded generator, so a failure can be replayed. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T,>(xs: readonly T[]): T => xs[int(xs.length)]!;
  return { next, int, pick, chance: (p: number) => next() < p };
}
type Rng = ReturnType<typeof rng>;

const WEIRD: unknown[] = [
  '', ' ', 'null', '0', '-1', '1e309', 'NaN', 'true', '\u0000', '\u202e\u0645\u0631\u062d\u0628\u0627', '😀'.repeat(40), 'x'.repeat(5000),
  '<script>alert(1)</script>', '../../etc/passwd', '%00', '2026-02-30', '2026-11-30T25:61', '9'.repeat(40),
  0, -1, 1.5, 1e308, -1e308, 2 ** 53 + 2, true, false, null, [], {}, [[[]]], [null], { __proto__: { polluted: 1 } }, { constructor: { prototype: { polluted: 1 } } },
  ['kekerasan_fisik', 'kekerasan_fisik'], ['tidak-ada'], { value: 'ya' },
];
const KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '', ' ', 'a.b', 'x'.repeat(120), '𝔘𝔫𝔦', 'data', 'rev', 'workflow', '_csrf'];

function mutate(r: Rng, v: unknown, depth = 0): unknown {
  if (depth > 4 || r.chance(0.15)) return r.pick(WEIRD);
  if (Array.isArray(v)) {
    const out = v.map((x) => (r.chance(0.3) ? mutate(r, x, depth + 1) : x));
    if (r.chance(0.3)) out.push(r.pick(WEIRD));
    return out;
  }
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = { ...(v as Record<string, unknown>) };
    const keys = Object.keys(out);
    for (let i = 0, n = 1 + r.int(3); i < n; i++) {
      const op = r.int(4);
      if (op === 0 && keys.length) delete out[r.pick(keys)];
      else if (op === 1) Object.defineProperty(out, r.pick(KEYS), { value: r.pick(WEIRD), enumerable: true, configurable: true, writable: true });
      else if (keys.length) out[r.pick(keys)] = mutate(r, out[r.pick(keys)], depth + 1);
    }
    return out;
  }
  return r.chance(0.5) ? r.pick(WEIRD) : v;
}

/** Breaks the text of a JSON body: cut, flipped or inserted characters, a BOM, raw bytes. */
function corrupt(r: Rng, text: string): string | Uint8Array {
  switch (r.int(6)) {
    case 0:
      return text.slice(0, r.int(text.length + 1));
    case 1: {
      const i = r.int(text.length + 1);
      return text.slice(0, i) + r.pick(['{', '}', '"', ',', ':', '\\', '\u0000', '\ud800', ']']) + text.slice(i);
    }
    case 2:
      return '\ufeff' + text;
    case 3:
      return text + text;
    case 4:
      return Uint8Array.from({ length: 1 + r.int(300) }, () => r.int(256));
    default:
      return text.replace(/"/g, r.pick(["'", '', '""']));
  }
}

let b: Bench;
let server: Listening;
const logged: unknown[] = [];
const tokens: Record<string, string> = {};
const ids: string[] = [];

interface Req {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
}

function one(r: Rng, cookie: string): Req {
  const token = r.chance(0.4) ? tokens.front_office! : r.chance(0.75) ? tokens[r.pick(Object.keys(tokens))]! : r.pick(['', 'x', 'A'.repeat(43), tokens.front_office!.slice(1) + 'A']);
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  const json = (body: unknown) => {
    const text = JSON.stringify(r.chance(0.7) ? mutate(r, body) : body) ?? 'null';
    headers['content-type'] = r.chance(0.9) ? 'application/json' : r.pick(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', '', 'application/json; charset=latin1']);
    if (!headers['content-type']) delete headers['content-type'];
    return r.chance(0.2) ? corrupt(r, text) : text;
  };
  const id = ids.length && r.chance(0.8) ? r.pick(ids) : r.pick(['RKA-20261130-ZZZZZ', 'x', '0', '__proto__', 'constructor', 'RKA-' + 'A'.repeat(70), 'a%2Fb', '%C0%AE%C0%AE']);
  const step = r.chance(0.8) ? r.pick(DIRECT_PATH)[1] : r.pick(['terima-laporan', 'validasi-laporan', 'x', '__proto__', '%3Cx%3E']);
  const data = r.chance(0.5) ? r.pick(DIRECT_PATH)[2] : directIntake();
  switch (r.int(11)) {
    case 0:
      return { method: 'POST', path: '/api/v1/login', headers: {}, body: json({ username: r.pick(['front_office', 'tidak-ada', '__proto__', 'admin']), password: r.chance(0.3) ? PASSWORD : 'salah-salah-salah' }) };
    case 1:
    case 2:
      return { method: 'POST', path: '/api/v1/cases', headers, body: json({ workflow: r.chance(0.9) ? 'respon-kasus-anak' : r.pick(['x', '__proto__', '']), data: directIntake() }) };
    case 3:
    case 4:
    case 5:
      return { method: 'POST', path: `/api/v1/cases/${id}/steps/${step}`, headers, body: json({ data, ...(r.chance(0.5) ? { rev: r.int(12) } : {}) }) };
    case 6:
      return { method: r.pick(['GET', 'GET', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD']), path: `/api/v1/cases/${id}`, headers };
    case 7:
      return { method: 'GET', path: r.pick(['/api/v1/tasks', '/api/v1/workflows', '/api/v1/workflows/respon-kasus-anak', '/api/v1/workflows/__proto__', '/api/v1/me', '/api/v1/tokens', '/api/v1/', '/api/v2/x']), headers };
    case 8:
      return { method: 'DELETE', path: `/api/v1/tokens/${r.pick(['0123456789abcdef', 'x', '__proto__', 'ffffffffffffffff'])}`, headers };
    default: {
      // The pages' forms, with a valid session and token, random values.
      const form = mutate(r, { ...data, _csrf: csrfOf(cookie), _rev: String(r.int(10)) }) as Record<string, unknown>;
      const flat: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(form ?? {})) flat[k] = typeof v === 'object' && v !== null && !Array.isArray(v) ? JSON.stringify(v) : v;
      const path = r.pick([`/tugas/${id}/${step}`, '/lapor/respon-kasus-anak', `/tugas/${id}/${step}/isian`, '/lapor/respon-kasus-anak/isian', `/kasus/${id}/tenggat/${r.pick(['dokumen-susulan', 'penyelesaian', 'x'])}`]);
      return { method: 'POST', path, headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', ...(r.chance(0.3) ? { 'hx-request': 'true' } : {}) }, body: formBody(flat).toString() };
    }
  }
}

// The same suite on each store: a data folder, and PostgreSQL (a fresh database on the test cluster).
describe.each(STORES)('%s store', (store) => {
  beforeAll(async () => {
    // Nothing of the other store's run is kept: its case ids and errors.
    ids.length = 0;
    logged.length = 0;
    b = await makeBench({ store, logError: (err) => logged.push(err) });
    server = await listen(b.app, { port: 0, host: '127.0.0.1' });
    for (const u of ['front_office', 'bidang_teknis', 'back_office', 'kepala_uptd', 'sekretaris', 'kepala_dinas', 'admin']) tokens[u] = await b.token(u);
  });
  afterAll(async () => {
    await server.close().catch(() => undefined);
    await b.close();
  });

  describe('fuzz', () => {
    it(`answers ${REQUESTS} random and mutated requests without a 5xx, and the store stays valid`, async () => {
      const r = rng(SEED);
      const cookies = [await b.login('front_office'), await b.login('bidang_teknis'), await b.login('kepala_uptd')];
      // A few real cases to aim at.
      for (let i = 0; i < 5; i++) {
        const res = await fetch(`${server.url}/api/v1/cases`, { method: 'POST', headers: { authorization: `Bearer ${tokens.front_office}`, 'content-type': 'application/json' }, body: JSON.stringify({ workflow: 'respon-kasus-anak', data: directIntake() }) });
        ids.push(((await res.json()) as { id: string }).id);
      }
      const statuses: Record<number, number> = {};
      const failures: string[] = [];
      let sent = 0;
      const started = Date.now();
      const worker = async () => {
        while (sent < REQUESTS && Date.now() - started < 60_000) {
          sent++;
          const req = one(r, r.pick(cookies));
          const res = await fetch(`${server.url}${req.path}`, { method: req.method, headers: req.headers, body: req.method === 'GET' || req.method === 'HEAD' ? undefined : (req.body as BodyInit | undefined), redirect: 'manual' });
          const text = await res.text();
          statuses[res.status] = (statuses[res.status] ?? 0) + 1;
          if (res.status >= 500) failures.push(`${res.status} ${req.method} ${req.path}: ${text.slice(0, 200)}`);
          if (req.path.startsWith('/api/') && res.status >= 400 && req.method !== 'HEAD') {
            try {
              const body = JSON.parse(text) as { error?: unknown };
              if (typeof body.error !== 'string' || !body.error) failures.push(`no readable error: ${req.method} ${req.path} ${res.status}`);
            } catch {
              failures.push(`not JSON: ${res.status} ${req.method} ${req.path}: ${text.slice(0, 80)}`);
            }
          }
          if (res.status === 201) {
            try {
              ids.push((JSON.parse(text) as { id: string }).id);
            } catch {
              /* a form post's redirect */
            }
          }
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
      const seconds = ((Date.now() - started) / 1000).toFixed(1);

      // Still answering, nothing polluted, nothing logged as unexpected.
      expect((await fetch(`${server.url}/api/v1/me`, { headers: { authorization: `Bearer ${tokens.kepala_uptd}` } })).status).toBe(200);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();

      // The data folder opens again: every case readable, the audit chain whole.
      await server.close();
      const dir = b.location;
      await b.store.close();
      const reopened = await openStore(dir);
      let cases = 0;
      let entries = 0;
      try {
        expect(reopened.problems.filter((p) => p.severity === 'error')).toEqual([]);
        for (const s of (await reopened.cases.query({ limit: 1000 })).items) {
          const k = await reopened.cases.get(s.id);
          expect(k?.id).toBe(s.id);
          expect(b.workflows.forCase(k!.workflow)).toBeDefined();
          cases++;
        }
        const chain = await reopened.audit.verify();
        expect(chain.ok).toBe(true);
        entries = chain.entries;
      } finally {
        await reopened.close();
        b.store = await openStore(dir); // for afterAll
      }
      const total = Object.values(statuses).reduce((a, n) => a + n, 0);
      const by = Object.entries(statuses).map(([s, n]) => `${s}:${n}`).join(' ');
      console.log(`fuzz: ${total} requests (seed ${SEED}, ${CONCURRENCY} at a time, ${seconds} s), ${failures.filter((f) => /^5/.test(f)).length} 5xx, ${logged.length} errors logged; statuses ${by}; store valid (${cases} cases, ${entries} audit entries)`);
      expect(logged.map((e) => (e instanceof Error ? e.stack : String(e)))).toEqual([]);
      expect(failures).toEqual([]);
      expect(total).toBe(REQUESTS);
      expect(statuses[200] ?? 0).toBeGreaterThan(0);
    });
  });
});
