/**
 * The work list marks a task sent back: the card of a step the case went through before and a later step returned
 * says "Dikembalikan" with who sent it and from which step (the task page says why); a task done for the first
 * time carries no mark; the API's task list carries the same facts for a client.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { directIntake, makeBench, type Bench } from './helpers.ts';

let b: Bench;
const tokens: Record<string, string> = {};

async function api(user: string, path: string, body?: unknown) {
  tokens[user] ??= await b.token(user);
  const res = await b.app.request(path, { method: body ? 'POST' : 'GET', headers: { authorization: `Bearer ${tokens[user]}`, 'content-type': 'application/json' }, body: body ? JSON.stringify(body) : undefined });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

/** The card of case `id` on the page: from its list item to the next one. */
function cardOf(html: string, id: string): string {
  const at = html.indexOf(`href="/tugas/${id}/`);
  expect(at, id).toBeGreaterThan(-1);
  return html.slice(html.lastIndexOf('<li', at), html.indexOf('</li>', at));
}

beforeAll(async () => {
  b = await makeBench();
});
afterAll(() => b.close());

describe('a task sent back on the work list', () => {
  it('is marked "Dikembalikan" with who sent it and from which step; a first-time task is not', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 2; i++) {
      const r = await api('front_office', '/api/v1/cases', { workflow: 'respon-kasus-anak', data: directIntake() });
      expect(r.status).toBe(201);
      const id = r.json.id as string;
      ids.push(id);
      for (const [user, step, data] of [
        ['front_office', 'periksa-dokumen', { dokumen_lengkap: 'ya' }],
        ['bidang_teknis', 'proses-laporan', { hasil_asesmen: 'Memar.', kebutuhan_layanan: ['layanan_kesehatan'] }],
        ['back_office', 'rencana-respon', { rencana_respon: 'Visum.' }],
        ['kepala_uptd', 'respon-kepala-uptd', { respon_kasus: 'Respon pertama.' }],
      ] as const) {
        expect((await api(user, `/api/v1/cases/${id}/steps/${step}`, { data })).status).toBe(200);
      }
    }
    const [back, fresh] = ids as [string, string];
    expect((await api('sekretaris', `/api/v1/cases/${back}/steps/verifikasi-sekretaris`, { data: { hasil_verifikasi: 'perbaiki', catatan_verifikasi: 'Sebutkan rujukan.' } })).status).toBe(200);
    // The other case waits at the Sekretaris; one more case waits at the Kepala UPTD PPA for the first time.
    const third = await api('front_office', '/api/v1/cases', { workflow: 'respon-kasus-anak', data: directIntake() });
    const first = third.json.id as string;
    for (const [user, step, data] of [
      ['front_office', 'periksa-dokumen', { dokumen_lengkap: 'ya' }],
      ['bidang_teknis', 'proses-laporan', { hasil_asesmen: 'Memar.', kebutuhan_layanan: ['layanan_kesehatan'] }],
      ['back_office', 'rencana-respon', { rencana_respon: 'Visum.' }],
    ] as const) {
      expect((await api(user, `/api/v1/cases/${first}/steps/${step}`, { data })).status).toBe(200);
    }

    const page = await b.app.request('/tugas', { headers: { cookie: await b.login('kepala_uptd') } });
    const html = await page.text();
    const card = cardOf(html, back);
    expect(card).toContain('<span class="task-returned"><span class="badge badge-returned"><span aria-hidden="true">↩ </span>Dikembalikan</span> oleh Uji sekretaris (Sekretaris) dari langkah 6</span>');
    expect(cardOf(html, first)).not.toContain('Dikembalikan');
    expect(html).not.toContain(`href="/tugas/${fresh}/`);

    // The API's work list names it too: who (username and role) and from which step.
    const tasks = (await api('kepala_uptd', '/api/v1/tasks')).json as unknown as { tasks?: unknown[] } | unknown[];
    const list = (Array.isArray(tasks) ? tasks : (tasks.tasks ?? [])) as Array<{ caseId?: string; case?: string; id?: string; returned?: unknown }>;
    const mine = list.find((t) => [t.caseId, t.case, t.id].includes(back));
    expect(mine?.returned).toEqual({ actor: 'sekretaris', role: 'sekretaris', step: 'verifikasi-sekretaris', number: 6 });
    expect(list.find((t) => t.caseId === first)).not.toHaveProperty('returned');
  });
});
