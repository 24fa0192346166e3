/**
 * Every value is escaped in HTML: script and markup payloads typed into every field type of the intake form
 * (refused ones are shown back in the refused form), stored in free-text fields through every step, and used as
 * a person's display name, are looked for on every page that shows them. A payload found verbatim is a hole.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../../server/auth/users.ts';
import { stepOf } from '../../../engine/tasks.ts';
import type { Field } from '../../../engine/types.ts';
import { csrfOf, directIntake, FORM, formBody, makeBench, PASSWORD, STORES, type Bench } from '../helpers.ts';
import { api } from './fixtures.ts';

/** Markup, attribute break-outs, htmx attributes, template syntax, URL schemes, entities. */
const PAYLOADS = [
  '<script>alert("x1")</script>',
  '"><img src=x onerror=alert(2)>',
  "'><svg/onload=alert(3)>",
  '</textarea><script>alert(4)</script>',
  '<iframe src="javascript:alert(5)"></iframe>',
  '<a href="/x" hx-get="/logout" hx-trigger="load">x6</a>',
  '<style>body{display:none}</style>x7',
  '" onmouseover="alert(8)" x="',
  '&lt;script&gt;alert(9)&lt;/script&gt;',
  '<!-- x10 --><base href="//evil.example/">',
  'javascript:alert(11)',
  '{{constructor.constructor("alert(12)")()}}<b>12</b>',
];

let b: Bench;
const tokens: Record<string, string> = {};
let kuptdCookie: string;
let adminCookie: string;

/** Where `payload` appears unescaped in `html`: the literal payload, or a javascript: URL in an attribute. */
function unescaped(html: string, payload: string): boolean {
  const dangerous = /[<>"']/.test(payload);
  if (dangerous && html.includes(payload)) return true;
  return /\b(href|src|action|formaction)\s*=\s*["']?\s*javascript:/i.test(html);
}

async function get(path: string, cookie: string) {
  const res = await b.app.request(path, { headers: { cookie } });
  return { status: res.status, html: await res.text(), csp: res.headers.get('content-security-policy') ?? '' };
}

// The same suite on each store: a data folder, and PostgreSQL (a fresh database on the test cluster).
describe.each(STORES)('%s store', (store) => {
  beforeAll(async () => {
    b = await makeBench({ store });
    for (const u of ['front_office', 'bidang_teknis', 'back_office', 'kepala_uptd', 'sekretaris', 'kepala_dinas']) tokens[u] = await b.token(u);
    kuptdCookie = await b.login('kepala_uptd');
    adminCookie = await b.login('admin');
  });
  afterAll(() => b.close());

  describe('xss', () => {
    it('escapes every payload in every field type on every page that shows it', async () => {
      const wf = b.workflows.get('respon-kasus-anak')!;
      const intakeFields = stepOf(wf, wf.start)!.fields ?? [];
      const types = new Set<Field['type']>(wf.steps.flatMap((s) => (s.fields ?? []).map((f) => f.type)));
      const holes: string[] = [];
      const pages = new Set<string>();
      const closed: string[] = [];
      let checks = 0;
      const check = (page: string, r: { status: number; html: string; csp: string }, payload: string, expected = 200) => {
        pages.add(page);
        checks++;
        if (r.status !== expected) holes.push(`${page}: status ${r.status}`);
        if (!r.csp.includes("script-src 'self'")) holes.push(`${page}: no CSP`);
        if (unescaped(r.html, payload)) holes.push(`${page}: ${payload}`);
      };

      for (const [i, payload] of PAYLOADS.entries()) {
        // A front-office clerk whose display name is the payload.
        const username = `xss${i}`;
        await createUser(b.store.users, { username, roles: ['front_office'], password: PASSWORD, displayName: payload, now: b.clock.now });
        const cookie = await b.login(username);
        const post = (path: string, values: Record<string, unknown>) =>
          b.app.request(path, { method: 'POST', headers: { cookie, ...FORM }, body: formBody({ _csrf: csrfOf(cookie), ...values }) });

        // 1. The payload in every field of the intake form: refused, and shown back escaped.
        const all: Record<string, unknown> = {};
        for (const f of intakeFields) all[f.name] = f.type === 'multiselect' ? [payload, payload] : payload;
        const refused = await post('/lapor/respon-kasus-anak', all);
        check('formulir yang ditolak', { status: refused.status, html: await refused.text(), csp: refused.headers.get('content-security-policy') ?? '' }, payload, 422);

        // 2. Stored in every free-text field of the intake (text, textarea) and of every later step. (A file field
        // holds upload ids, refused otherwise; a file's name is made safe on upload: tests/server/attachments.test.ts.)
        const free = (f: Field) => (f.type === 'text' || f.type === 'textarea') && !f.pattern;
        const intake = directIntake();
        for (const f of intakeFields) if (free(f)) intake[f.name] = payload;
        const created = await post('/lapor/respon-kasus-anak', intake);
        expect(created.status, await created.clone().text().then((t) => t.slice(0, 400))).toBe(303);
        const id = /\/kasus\/([A-Z0-9-]+)/.exec(created.headers.get('location')!)![1]!;
        const open = await post('/lapor/respon-kasus-anak', intake);
        const openId = /\/kasus\/([A-Z0-9-]+)/.exec(open.headers.get('location')!)![1]!;

        let rev = 1;
        for (const [user, step, data] of [
          ['front_office', 'periksa-dokumen', { dokumen_lengkap: 'ya' }],
          ['bidang_teknis', 'proses-laporan', { kebutuhan_layanan: ['layanan_kesehatan'] }],
          ['back_office', 'rencana-respon', {}],
          ['kepala_uptd', 'respon-kepala-uptd', {}],
          ['sekretaris', 'verifikasi-sekretaris', { hasil_verifikasi: 'sesuai' }],
          ['kepala_dinas', 'arahan-kepala-dinas', {}],
        ] as Array<[string, string, Record<string, unknown>]>) {
          const values: Record<string, unknown> = { ...data };
          for (const f of stepOf(wf, step)!.fields ?? []) if (free(f) && !f.when) values[f.name] = payload;
          const r = await api(b, tokens[user], `/api/v1/cases/${id}/steps/${step}`, { body: { data: values, rev } });
          expect(r.status, r.text).toBe(200);
          rev = JSON.parse(r.text).rev;
        }

        closed.push(id);
        // 3. Every page that shows those values or that name.
        check('kotak tugas', await get('/tugas', cookie), payload);
        check('daftar kasus', await get('/kasus', cookie), payload);
        check('halaman kasus', await get(`/kasus/${id}`, cookie), payload);
        check('halaman tugas', await get(`/tugas/${openId}/periksa-dokumen`, cookie), payload);
        check('dokumen cetak', await get(`/kasus/${id}/dokumen`, cookie), payload);
        check('log audit (kasus)', await get(`/audit?kasus=${id}`, kuptdCookie), payload);
        check('log audit (pengguna)', await get(`/audit?pengguna=${username}`, kuptdCookie), payload);
        check('daftar pengguna', await get('/pengguna', adminCookie), payload);
      }
      // Sanity: the payloads did reach the pages, escaped (else the test could not fail).
      const page = await get(`/kasus/${closed[0]}`, kuptdCookie);
      expect(page.html).toContain('&lt;script&gt;alert(&quot;x1&quot;)&lt;/script&gt;');
      console.log(`xss: ${PAYLOADS.length} payloads x ${types.size} field types on ${pages.size} pages (${checks} page checks), ${holes.length} unescaped`);
      expect(holes).toEqual([]);
      expect(types.size).toBe(10);
    });
  });
});
