/**
 * Need-to-know, route by route: every page and API route, requested by anonymous and by each role, answers the
 * expected status, and no response carries a marker value the requester may not see (identity markers only
 * for roles the YAML lets see sensitive values, on pages that show a case; case content only for its readers).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csrfOf, FORM, formBody, makeBench, preSession, ROLES, STORES, type Bench } from '../helpers.ts';
import { CONTENT_MARKERS, found, IDENTITY_MARKERS, READERS, seedMarkedCases, SENSITIVE } from './fixtures.ts';

type Who = string; // 'anon' or a role (each test user is named after its role)
const WHO: Who[] = ['anon', ...ROLES];
const USERS = ROLES.filter((r) => r !== 'anon');

interface Route {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  /** JSON body (API) or form values (pages). */
  json?: unknown;
  form?: Record<string, unknown>;
  expect: (who: Who) => number;
  /** The response may show identity (to roles that may see it) and case content (to readers). */
  shows?: 'case';
}

let b: Bench;
const tokens: Record<string, string> = {};
const cookies: Record<string, string> = {};
let ids: { open: string; middle: string; closed: string };

const isReader = (w: Who) => READERS.includes(w);
const by = (table: Partial<Record<Who | 'users' | 'readers' | 'others', number>>) => (w: Who) => {
  const v = table[w] ?? (isReader(w) ? table.readers : undefined) ?? (w !== 'anon' ? table.users : undefined) ?? table.others;
  if (v === undefined) throw new Error(`no expectation for ${w}`);
  return v;
};

function routes(): Route[] {
  const { open, middle, closed } = ids;
  const page = (path: string, t: Parameters<typeof by>[0], shows?: 'case'): Route => ({ method: 'GET', path, expect: by({ anon: 303, ...t }), shows });
  const apiGet = (path: string, t: Parameters<typeof by>[0], shows?: 'case'): Route => ({ method: 'GET', path, expect: by({ anon: 401, ...t }), shows });
  return [
    { method: 'GET', path: '/', expect: by({ others: 303 }) },
    { method: 'GET', path: '/layanan', expect: by({ others: 200 }) },
    { method: 'GET', path: '/layanan/respon-kasus-anak', expect: by({ others: 200 }) },
    { method: 'GET', path: '/layanan/tidak-ada', expect: by({ others: 404 }) },
    { method: 'GET', path: '/login', expect: by({ anon: 200, users: 303 }) },
    { method: 'GET', path: '/static/app.css', expect: by({ others: 200 }) },
    { method: 'GET', path: '/kasus/..%2f..%2fusers.json', expect: by({ others: 404 }) },
    page('/tugas', { users: 200, admin: 303 }),
    page('/kasus', { users: 200 }),
    page('/kasus?status=closed', { users: 200 }),
    page(`/kasus/${open}`, { readers: 200, users: 404 }, 'case'),
    page(`/kasus/${middle}`, { readers: 200, users: 404 }, 'case'),
    page(`/kasus/${closed}`, { readers: 200, users: 404 }, 'case'),
    page(`/kasus/${closed}/dokumen`, { readers: 200, users: 404 }, 'case'),
    page(`/kasus/${open}/dokumen`, { readers: 409, users: 404 }),
    page('/kasus/RKA-20990101-ZZZZZ', { users: 404 }),
    page(`/tugas/${open}/periksa-dokumen`, { front_office: 200, readers: 403, users: 404 }, 'case'),
    page(`/tugas/${middle}/proses-laporan`, { bidang_teknis: 200, readers: 403, users: 404 }, 'case'),
    page(`/tugas/${open}/proses-laporan`, { readers: 409, users: 404 }),
    page(`/tugas/${open}/langkah-khayalan`, { readers: 404, users: 404 }),
    page('/lapor', { users: 200 }),
    page('/lapor/respon-kasus-anak', { front_office: 200, users: 403 }),
    page('/akun', { users: 200 }),
    page('/pengguna', { admin: 200, users: 403 }),
    page('/audit', { admin: 200, kepala_uptd: 200, users: 403 }, 'case'),
    page(`/audit?kasus=${closed}`, { admin: 200, kepala_uptd: 200, users: 403 }, 'case'),
    page(`/audit?aksi=step.complete`, { admin: 200, kepala_uptd: 200, users: 403 }, 'case'),
    page('/admin', { admin: 200, users: 403 }),
    page('/admin/layanan/respon-kasus-anak', { admin: 200, users: 403 }),
    page('/admin/layanan/respon-kasus-anak/riwayat', { admin: 200, users: 403 }),
    page('/admin/layanan/respon-kasus-anak/versi/1', { admin: 200, users: 403 }),
    { method: 'POST', path: '/admin/layanan/respon-kasus-anak/periksa', form: { yaml: 'id: x' }, expect: by({ anon: 303, admin: 200, users: 403 }) },
    { method: 'POST', path: '/admin/layanan/respon-kasus-anak/terbitkan', form: {}, expect: by({ anon: 303, admin: 422, users: 403 }) },
    apiGet('/api/v1/me', { users: 200 }),
    apiGet('/api/v1/workflows', { users: 200 }),
    apiGet('/api/v1/workflows/respon-kasus-anak', { users: 200 }),
    apiGet('/api/v1/tasks', { users: 200 }),
    apiGet('/api/v1/tokens', { users: 200 }),
    apiGet(`/api/v1/cases/${open}`, { readers: 200, users: 404 }, 'case'),
    apiGet(`/api/v1/cases/${closed}`, { readers: 200, users: 404 }, 'case'),
    apiGet('/api/v1/cases/RKA-20990101-ZZZZZ', { users: 404 }),
    { method: 'POST', path: '/api/v1/cases', json: { workflow: 'respon-kasus-anak', data: {} }, expect: by({ anon: 401, front_office: 422, users: 403 }) },
    { method: 'POST', path: `/api/v1/cases/${open}/steps/periksa-dokumen`, json: { data: {} }, expect: by({ anon: 401, front_office: 422, readers: 403, users: 404 }) },
    { method: 'POST', path: `/api/v1/cases/${closed}/steps/periksa-dokumen`, json: { data: { dokumen_lengkap: 'ya' } }, expect: by({ anon: 401, readers: 409, users: 404 }) },
    { method: 'DELETE', path: '/api/v1/tokens/0123456789abcdef', expect: by({ anon: 401, users: 404 }) },
    { method: 'POST', path: `/tugas/${open}/periksa-dokumen`, form: {}, expect: by({ anon: 303, front_office: 422, readers: 403, users: 404 }), shows: 'case' },
    { method: 'POST', path: '/lapor/respon-kasus-anak', form: {}, expect: by({ anon: 303, front_office: 422, users: 403 }) },
    // The form refresh endpoints (htmx re-renders the fields when a field others depend on changes).
    { method: 'POST', path: `/tugas/${open}/periksa-dokumen/isian`, form: { dokumen_lengkap: 'tidak' }, expect: by({ anon: 303, front_office: 200, readers: 403, users: 404 }) },
    { method: 'POST', path: `/tugas/${middle}/proses-laporan/isian`, form: {}, expect: by({ anon: 303, bidang_teknis: 200, readers: 403, users: 404 }) },
    { method: 'POST', path: `/tugas/${closed}/periksa-dokumen/isian`, form: {}, expect: by({ anon: 303, readers: 409, users: 404 }) },
    { method: 'POST', path: '/lapor/respon-kasus-anak/isian', form: { saluran: 'tidak_langsung' }, expect: by({ anon: 303, front_office: 200, users: 403 }) },
    { method: 'POST', path: `/kasus/${closed}/tenggat/penyelesaian`, form: {}, expect: by({ anon: 303, readers: 409, users: 404 }) },
    { method: 'POST', path: '/pengguna', form: {}, expect: by({ anon: 303, admin: 422, users: 403 }) },
    { method: 'POST', path: '/pengguna/front_office/nonaktifkan', form: {}, expect: by({ anon: 303, admin: -1, users: 403 }) },
    // Only the administrator's request changes fo2's roles (checked after the matrix).
    { method: 'POST', path: '/pengguna/fo2/peran', form: { roles: ['back_office'] }, expect: by({ anon: 303, admin: 200, users: 403 }) },
    { method: 'POST', path: '/akun/sandi', form: {}, expect: by({ anon: 303, users: 422 }) },
  ];
}

async function request(route: Route, who: Who): Promise<{ status: number; text: string }> {
  const headers: Record<string, string> = {};
  let body: BodyInit | undefined;
  if (route.path.startsWith('/api/')) {
    if (who !== 'anon') headers.authorization = `Bearer ${tokens[who]}`;
    if (route.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(route.json);
    }
  } else {
    let form = route.form;
    if (who !== 'anon') {
      headers.cookie = cookies[who]!;
      if (form) form = { _csrf: csrfOf(cookies[who]!), ...form };
    } else if (form) {
      const pre = await preSession(b.app);
      headers.cookie = pre.cookie;
      form = { _csrf: pre.csrf, ...form };
    }
    if (form) {
      Object.assign(headers, FORM);
      body = formBody(form);
    }
  }
  const res = await b.app.request(route.path, { method: route.method, headers, body });
  return { status: res.status, text: await res.text() };
}

// The same suite on each store: a data folder, and PostgreSQL (a fresh database on the test cluster).
describe.each(STORES)('%s store', (store) => {
  beforeAll(async () => {
    b = await makeBench({ store });
    for (const u of USERS) {
      tokens[u] = await b.token(u);
      cookies[u] = await b.login(u);
    }
    ids = await seedMarkedCases(b, tokens);
  });
  afterAll(() => b.close());

  describe('access matrix', () => {
    it('answers every route for every role as expected and leaks nothing', async () => {
      const list = routes();
      const leaks: string[] = [];
      const wrong: string[] = [];
      let checked = 0;
      for (const route of list) {
        for (const who of WHO) {
          const expected = route.expect(who);
          if (expected === -1) continue; // would change who can sign in for the rest of the matrix: tested below
          const r = await request(route, who);
          checked++;
          if (r.status !== expected) wrong.push(`${route.method} ${route.path} as ${who}: ${r.status}, expected ${expected}`);
          // A refused form (422) is shown again with the case beside it, like the page it came from.
          const shown = r.status < 300 || r.status === 422;
          const mayIdentity = route.shows === 'case' && SENSITIVE.includes(who) && shown;
          const mayContent = route.shows === 'case' && READERS.includes(who) && shown;
          const identity = mayIdentity ? [] : found(r.text, IDENTITY_MARKERS);
          const content = mayContent ? [] : found(r.text, CONTENT_MARKERS);
          if (identity.length || content.length) leaks.push(`${route.method} ${route.path} as ${who}: ${[...identity, ...content].join(', ')}`);
        }
      }
      console.log(`access matrix: ${list.length} routes x ${WHO.length} roles checked (${checked} requests), ${leaks.length} leaks, ${wrong.length} unexpected statuses`);
      expect(wrong).toEqual([]);
      expect(leaks).toEqual([]);
      expect(checked).toBeGreaterThanOrEqual(list.length * WHO.length - WHO.length);
    });

    it('shows identity on case pages to the roles that need it, and the case (masked) to the other readers', async () => {
      for (const who of READERS) {
        const page = await request({ method: 'GET', path: `/kasus/${ids.closed}`, expect: () => 200 }, who);
        const api = await request({ method: 'GET', path: `/api/v1/cases/${ids.closed}`, expect: () => 200 }, who);
        for (const r of [page, api]) {
          expect(r.status).toBe(200);
          expect(found(r.text, CONTENT_MARKERS), who).toEqual(CONTENT_MARKERS);
          expect(found(r.text, IDENTITY_MARKERS).length > 0, who).toBe(SENSITIVE.includes(who));
        }
        if (!SENSITIVE.includes(who)) expect(page.text).toContain('disembunyikan');
      }
      // Lists show initials only, to everyone.
      for (const who of READERS) {
        const list = await request({ method: 'GET', path: '/kasus', expect: () => 200 }, who);
        expect(list.text).toContain('Q.A.');
        expect(found(list.text, IDENTITY_MARKERS)).toEqual([]);
      }
    });

    it('saved only the administrator\'s change of roles', async () => {
      expect((await b.store.users.get('fo2'))!.roles).toEqual(['back_office']);
      const changes = await b.store.audit.list({ action: 'user.roles' });
      expect(changes.map((e) => [e.actor, e.details])).toEqual([['admin', { username: 'fo2', before: ['front_office'], after: ['back_office'] }]]);
    });

    it('lets only the administrator disable an account', async () => {
      const cookie = cookies.admin!;
      const res = await b.app.request('/pengguna/fo2/nonaktifkan', { method: 'POST', headers: { cookie, ...FORM }, body: formBody({ _csrf: csrfOf(cookie) }) });
      expect(res.status).toBe(200);
      expect((await b.store.users.get('fo2'))!.disabled).toBe(true);
    });
  });
});
