/**
 * Two clerks complete the same task at the same moment, over real HTTP on loopback: exactly one wins, the other
 * gets 409 and a screen saying who did it and when; the case holds one completion, the audit log one entry.
 * Pages (both clerks had the form open on the same revision) and the API alike, many rounds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen, type Listening } from '../../../server/http.ts';
import { csrfOf, directIntake, formBody, makeBench, type Bench } from '../helpers.ts';
import { api } from './fixtures.ts';

const ROUNDS = 15;
let b: Bench;
let server: Listening;
const clerks = ['front_office', 'fo2'];
const cookies: Record<string, string> = {};
const tokens: Record<string, string> = {};

beforeAll(async () => {
  b = await makeBench();
  server = await listen(b.app, { port: 0, host: '127.0.0.1' });
  for (const c of clerks) {
    cookies[c] = await b.login(c);
    tokens[c] = await b.token(c);
  }
});
afterAll(async () => {
  await server.close();
  await b.close();
});

async function newCase(): Promise<{ id: string; rev: number }> {
  const r = await api(b, tokens.front_office, '/api/v1/cases', { body: { workflow: 'respon-kasus-anak', data: directIntake() } });
  return JSON.parse(r.text);
}

function viaPage(clerk: string, id: string, rev: number) {
  const cookie = cookies[clerk]!;
  return fetch(`${server.url}/tugas/${id}/periksa-dokumen`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', origin: server.url },
    body: formBody({ _csrf: csrfOf(cookie), _rev: rev, dokumen_lengkap: 'ya', catatan_pemeriksaan: `oleh ${clerk}` }),
  });
}

function viaApi(clerk: string, id: string, rev: number) {
  return fetch(`${server.url}/api/v1/cases/${id}/steps/periksa-dokumen`, {
    method: 'POST',
    headers: { authorization: `Bearer ${tokens[clerk]}`, 'content-type': 'application/json' },
    body: JSON.stringify({ rev, data: { dokumen_lengkap: 'ya', catatan_pemeriksaan: `oleh ${clerk}` } }),
  });
}

describe('concurrency', () => {
  it('lets exactly one of two clerks complete the same task, and tells the other who did it and when', async () => {
    let winners = 0;
    let named = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const c = await newCase();
      const page = round % 2 === 0;
      const send = page ? viaPage : viaApi;
      const order = round % 3 === 0 ? [...clerks].reverse() : clerks;
      const responses = await Promise.all(order.map((clerk) => send(clerk, c.id, c.rev)));
      const bodies = await Promise.all(responses.map((r) => r.text()));
      const ok = responses.map((r) => r.status).filter((s) => s === 303 || s === 200);
      const conflicts = responses.map((r, i) => ({ status: r.status, body: bodies[i]! })).filter((r) => r.status === 409);
      expect(ok, `round ${round}: ${responses.map((r) => r.status)}`).toHaveLength(1);
      expect(conflicts).toHaveLength(1);
      winners++;

      const stored = (await b.store.cases.get(c.id))!;
      const completions = stored.history.filter((e) => e.type === 'completed' && e.step === 'periksa-dokumen');
      expect(completions).toHaveLength(1);
      const winner = completions[0]!.type === 'completed' ? completions[0]!.actor : '';
      expect(stored.data.catatan_pemeriksaan).toBe(`oleh ${winner}`);
      const winnerName = (await b.store.users.get(winner))!.displayName;
      const message = page ? conflicts[0]!.body : (JSON.parse(conflicts[0]!.body) as { error: string }).error;
      expect(message).toContain(`sudah diselesaikan oleh ${winnerName} pada 30 November 2026 09.00 WIB`);
      if (page) expect(message).toContain('<h1>Sudah berubah</h1>');
      named++;
      expect(await b.store.audit.list({ caseId: c.id, action: 'step.complete' })).toHaveLength(1);
    }
    console.log(`concurrency: ${ROUNDS} rounds x 2 clerks (pages and API), ${winners} winners, ${named} x 409 naming the winner`);
    expect(winners).toBe(ROUNDS);
  });

  it('opening the task after someone else finished it says who and when', async () => {
    const c = await newCase();
    expect((await viaApi('fo2', c.id, c.rev)).status).toBe(200);
    const r = await fetch(`${server.url}/tugas/${c.id}/periksa-dokumen`, { headers: { cookie: cookies.front_office! } });
    expect(r.status).toBe(409);
    expect(await r.text()).toContain('sudah diselesaikan oleh Petugas Kedua pada 30 November 2026 09.00 WIB');
  });
});
