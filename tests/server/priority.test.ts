/**
 * Risk first: a report recorded as Darurat comes first in every list (work list, case list, the API's tasks and
 * cases), whatever its age, with its badge in words and the kind of case; the Darurat priority's own shorter
 * deadline runs for every open task until the first response.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { directIntake, makeBench, type Bench } from './helpers.ts';

let b: Bench;
beforeEach(async () => {
  b = await makeBench();
});
afterEach(async () => {
  await b.close();
});

async function api(user: string, path: string, init: { method?: string; body?: unknown } = {}) {
  const token = await b.token(user);
  const res = await b.app.request(`/api/v1${path}`, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
  return { status: res.status, json: (await res.json()) as any };
}

/** An indirect report (validated by the Kepala UPTD PPA at step 8), its documents checked. */
async function indirect(risk: string, kinds: string[]): Promise<string> {
  const started = await api('front_office', '/cases', { method: 'POST', body: { workflow: 'respon-kasus-anak', data: directIntake({ saluran: 'tidak_langsung', media_pelaporan: 'telepon', tingkat_risiko: risk, jenis_kasus: kinds }) } });
  expect(started.status, JSON.stringify(started.json)).toBe(201);
  const id = started.json.id as string;
  const checked = await api('front_office', `/cases/${id}/steps/periksa-dokumen`, { method: 'POST', body: { data: { dokumen_lengkap: 'ya' } } });
  expect(checked.status, JSON.stringify(checked.json)).toBe(200);
  return id;
}

async function page(user: string, path: string): Promise<string> {
  const cookie = await b.login(user);
  const res = await b.app.request(path, { headers: { cookie } });
  expect(res.status).toBe(200);
  return res.text();
}

describe('priority in every list', () => {
  it('puts the Darurat case first for the Kepala UPTD PPA, with its badge and kind, in the pages and the API', async () => {
    const ordinary = await indirect('rendah', ['penelantaran']);
    b.tick(60 * 60_000);
    const high = await indirect('tinggi', ['perundungan']);
    b.tick(60 * 60_000);
    const emergency = await indirect('darurat', ['kekerasan_fisik', 'kekerasan_seksual']);

    const tugas = await page('kepala_uptd', '/tugas');
    const order = [emergency, high, ordinary].map((id) => tugas.indexOf(id));
    expect(order.every((i) => i > 0)).toBe(true);
    expect(order).toEqual([...order].sort((x, y) => x - y));
    const card = tugas.slice(tugas.lastIndexOf('<li', order[0]), tugas.indexOf('</li>', order[0]));
    expect(card).toContain('badge-prio-top');
    expect(card).toContain('Darurat');
    expect(card).toContain('Kekerasan fisik, Kekerasan seksual');
    // The shorter first-response clock of Darurat is the task's due time.
    expect(card).toContain('Respon pertama kasus darurat: batas');
    const second = tugas.slice(tugas.lastIndexOf('<li', order[1]), tugas.indexOf('</li>', order[1]));
    expect(second).toContain('Risiko tinggi');
    expect(second).not.toContain('badge-prio-top');
    const third = tugas.slice(tugas.lastIndexOf('<li', order[2]), tugas.indexOf('</li>', order[2]));
    expect(third).not.toContain('badge-prio');
    expect(third).toContain('Penelantaran');

    const kasus = await page('kepala_uptd', '/kasus');
    const rows = [emergency, high, ordinary].map((id) => kasus.indexOf(`href="/kasus/${id}"`));
    expect(rows).toEqual([...rows].sort((x, y) => x - y));
    expect(kasus.slice(rows[0], rows[1])).toContain('Darurat');
    // Newest first when asked: the emergency was also the newest; the ordinary one last either way.
    const newest = await page('kepala_uptd', '/kasus?urutan=terbaru');
    expect(newest.indexOf(`href="/kasus/${ordinary}"`)).toBeGreaterThan(newest.indexOf(`href="/kasus/${high}"`));

    const tasks = await api('kepala_uptd', '/tasks');
    expect(tasks.json.map((t: any) => t.caseId)).toEqual([emergency, high, ordinary]);
    expect(tasks.json[0]).toMatchObject({ priority: 3, priorityLabel: 'Darurat', kind: 'Kekerasan fisik, Kekerasan seksual' });
    expect(tasks.json[2]).toMatchObject({ priority: 0, priorityLabel: null });
    const cases = await api('kepala_uptd', '/cases?status=open');
    expect(cases.status).toBe(200);
    expect(cases.json.map((c: any) => c.id)).toEqual([emergency, high, ordinary]);
    expect(cases.json[0]).toMatchObject({ priorityLabel: 'Darurat', steps: ['validasi-laporan'] });
    expect((await api('kepala_uptd', '/cases?order=acak')).status).toBe(400);
    expect((await api('kepala_uptd', '/cases?limit=x')).status).toBe(400);
  });

  it('sorts an older ordinary case behind a newer Darurat one on the front office list too', async () => {
    const report = async (risk: string) => {
      const res = await api('front_office', '/cases', { method: 'POST', body: { workflow: 'respon-kasus-anak', data: directIntake({ tingkat_risiko: risk }) } });
      expect(res.status).toBe(201);
      return res.json.id as string;
    };
    const old = await report('sedang');
    b.tick(5 * 60 * 60_000);
    const urgent = await report('darurat');
    const html = await page('front_office', '/tugas');
    expect(html.indexOf(urgent)).toBeGreaterThan(0);
    expect(html.indexOf(urgent)).toBeLessThan(html.indexOf(old));
  });
});

describe('the priority deadline', () => {
  it('starts with the Darurat report, runs for every open task, is met by the first response and reported late before it', async () => {
    const id = await indirect('darurat', ['kekerasan_fisik']);
    let k = (await api('kepala_uptd', `/cases/${id}`)).json;
    const d = k.deadlines.find((x: any) => x.id === 'respon-darurat');
    expect(d).toBeTruthy();
    expect(Date.parse(d.due) - Date.parse(d.startedAt)).toBe(6 * 60 * 60_000);
    expect(k.tasks[0]).toMatchObject({ step: 'validasi-laporan', deadline: 'respon-darurat' });
    // 7 hours later the case is overdue on it (its completion time of 1 day is not yet past).
    b.tick(7 * 60 * 60_000);
    const late = await api('kepala_uptd', '/tasks');
    expect(late.json[0]).toMatchObject({ caseId: id, overdue: true });
    const done = await api('kepala_uptd', `/cases/${id}/steps/validasi-laporan`, { method: 'POST', body: { data: { laporan_sah: 'ya', catatan_validasi: 'Dikonfirmasi ke sekolah.' } } });
    expect(done.status, JSON.stringify(done.json)).toBe(200);
    k = (await api('kepala_uptd', `/cases/${id}`)).json;
    const met = k.deadlines.find((x: any) => x.id === 'respon-darurat');
    expect(met.metAt).toBeTruthy();
    expect(met.outcome).toBe('met');
    expect(k.tasks[0].deadline).not.toBe('respon-darurat');
    expect(k.history.some((h: any) => h.type === 'deadline-met' && h.deadline === 'respon-darurat' && h.task)).toBe(true);
  });

  it('gives no such deadline to a case that is not Darurat', async () => {
    const id = await indirect('tinggi', ['kekerasan_fisik']);
    const k = (await api('kepala_uptd', `/cases/${id}`)).json;
    expect(k.deadlines.map((x: any) => x.id)).toEqual(['penyelesaian']);
  });
});
