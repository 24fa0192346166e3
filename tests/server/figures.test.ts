/**
 * The report, its exports and API, the IKM survey, tracking codes and the public complaint on a real app and store:
 * figures as computed by hand, "<3" in every output, one answer per survey link, rate limits, no identity stored.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IKM_ELEMENTS } from '../../engine/report/ikm.ts';
import { csrfOf, directIntake, FORM, formBody, makeBench, preSession, type Bench } from './helpers.ts';

let b: Bench;
let kadis: string;
let fo: string;
const HOUR = 3_600_000;

async function api(path: string, token: string, init: RequestInit = {}) {
  return b.app.request(path, { ...init, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...(init.headers ?? {}) } });
}

async function post(path: string, cookie: string | undefined, values: Record<string, unknown>) {
  return b.app.request(path, { method: 'POST', body: formBody(cookie ? { ...values, _csrf: csrfOf(cookie) } : values), headers: { ...FORM, ...(cookie ? { cookie } : {}), 'x-forwarded-for': '203.0.113.9' } });
}

beforeAll(async () => {
  b = await makeBench({ alsoWorkflows: ['pengaduan-layanan.yaml'] });
  const tokens = Object.fromEntries(await Promise.all(['front_office', 'bidang_teknis', 'back_office', 'kepala_uptd', 'sekretaris', 'kepala_dinas'].map(async (r) => [r, await b.token(r)])));
  // Four direct reports on 30 Nov 09:00 WIB, each step an hour apart: closed within 1 day after 6 h; one still open.
  const steps: Array<[string, string, Record<string, unknown>]> = [
    ['periksa-dokumen', 'front_office', { dokumen_lengkap: 'ya' }],
    ['proses-laporan', 'bidang_teknis', { hasil_asesmen: 'a', kebutuhan_layanan: ['rujukan'] }],
    ['rencana-respon', 'back_office', { rencana_respon: 'b' }],
    ['respon-kepala-uptd', 'kepala_uptd', { respon_kasus: 'c' }],
    ['verifikasi-sekretaris', 'sekretaris', { hasil_verifikasi: 'sesuai' }],
    ['arahan-kepala-dinas', 'kepala_dinas', { arahan: 'd' }],
  ];
  const start = b.clock.now.getTime();
  for (let i = 0; i < 4; i++) {
    b.clock.now = new Date(start);
    const res = await api('/api/v1/cases', tokens.front_office, { method: 'POST', body: JSON.stringify({ workflow: 'respon-kasus-anak', data: directIntake({ anak_jenis_kelamin: i < 3 ? 'perempuan' : 'laki_laki' }) }) });
    expect(res.status).toBe(201);
    const id = ((await res.json()) as { id: string }).id;
    for (const [k, [step, role, data]] of steps.entries()) {
      if (i === 3 && k > 0) break;
      b.clock.now = new Date(start + (k + 1) * HOUR);
      expect((await api(`/api/v1/cases/${id}/steps/${step}`, tokens[role], { method: 'POST', body: JSON.stringify({ data }) })).status).toBe(200);
    }
  }
  b.clock.now = new Date('2026-12-02T03:00:00Z');
  kadis = await b.login('kepala_dinas');
  fo = await b.login('front_office');
}, 120_000);
afterAll(() => b?.close());

describe('report', () => {
  it('JSON: top-level counts as worked out by hand, small ones "<3"; only the YAML\'s readers', async () => {
    const token = await b.token('kepala_dinas');
    const res = await api('/api/v1/reports/respon-kasus-anak?from=2026-11-01&to=2026-11-30', token);
    expect(res.status).toBe(200);
    const r = (await res.json()) as Record<string, unknown> & { dimensions: Array<{ id: string; categories: Array<{ value: string; count: unknown }> }>; timeToClose: { median: number } };
    // The open one is due 1 Dec 09:00 WIB: not yet overdue when November ends.
    expect([r.received, r.closed, r.open, r.overdue, r.withinStandard]).toEqual([4, 3, '<3', 0, 3]);
    expect(r.withinStandardPercent).toBe(100);
    expect(r.timeToClose.median).toBe(6 * HOUR);
    // 3 girls and 1 boy: the boy is "<3", and the girls too (4 - 3 would give him away).
    expect(r.dimensions.find((d) => d.id === 'jenis_kelamin')!.categories.map((c) => c.count)).toEqual(['<3', '<3', 0]);
    expect(JSON.stringify(r)).not.toMatch(/Rina|Anggraini|S\.W\.|dipukul/);
    expect((await api('/api/v1/reports/respon-kasus-anak?from=2026-11-01&to=2026-11-30', await b.token('front_office'))).status).toBe(403);
    expect((await api('/api/v1/reports/respon-kasus-anak?from=2026-11-31&to=2026-11-30', token)).status).toBe(400);
  });

  it('the page, CSV and XLSX carry the same figures and "<3"', async () => {
    const page = await b.app.request('/laporan?layanan=respon-kasus-anak&periode=2026-11', { headers: { cookie: kadis } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('100,0%');
    expect(html).toContain('<svg role="img"');
    expect(html).toContain('&lt;3</abbr>');
    expect(html).not.toMatch(/Rina|Anggraini/);
    const csv = await b.app.request('/laporan/respon-kasus-anak/laporan.csv?dari=2026-11-01&sampai=2026-11-30', { headers: { cookie: kadis } });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const text = await csv.text();
    expect(text).toContain('Ringkasan,Diterima,4');
    expect(text).toContain('Rincian,Jenis kelamin korban,Laki-laki,<3');
    const xlsx = await b.app.request('/laporan/respon-kasus-anak/laporan.xlsx?dari=2026-11-01&sampai=2026-11-30', { headers: { cookie: kadis } });
    expect(xlsx.status).toBe(200);
    const { default: ExcelJS } = await import('exceljs');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await xlsx.arrayBuffer()) as never);
    const rows = book.getWorksheet('Rincian')!.getSheetValues().filter(Boolean).map((r) => (r as unknown[]).slice(1));
    expect(rows).toContainEqual(['Jenis kelamin korban', 'Laki-laki', '<3']);
    expect((await b.app.request('/laporan', { headers: { cookie: fo } })).status).toBe(403);
  });

  it('the public page shows last month\'s share within the standard (aggregates only)', async () => {
    const html = await (await b.app.request('/layanan/respon-kasus-anak')).text();
    expect(html).toContain('Kinerja layanan');
    expect(html).toContain('100,0%');
    expect(html).toContain('href="/layanan/respon-kasus-anak/pengaduan"');
  });
});

describe('IKM survey', () => {
  const answers = (v: number) => Object.fromEntries(IKM_ELEMENTS.map((e) => [e.id, String(v)]));

  it('a one-time link takes one answer, stores no identity, and three answers of 3 give 75.00 (C)', async () => {
    const links: string[] = [];
    // Enough links that one starting with "-" or "_" in base64 would have shown up (a path segment must not).
    for (let i = 0; i < 12; i++) {
      const res = await post('/laporan/respon-kasus-anak/survei', kadis, { buat: 'tautan' });
      const text = await res.text();
      const link = /\/survei\/([A-Za-z0-9_-]{20,})</.exec(text)?.[1];
      if (!link) throw new Error(text.slice(text.indexOf('<main'), text.indexOf('<main') + 1500));
      links.push(link);
    }
    expect((await b.app.request(`/survei/${links[0]}`)).status).toBe(200);
    const missing = await post(`/survei/${links[0]}`, undefined, { persyaratan: '3' });
    expect(missing.status).toBe(422);
    expect(await missing.text()).toContain('8 pertanyaan belum dijawab');
    for (const l of links) expect((await b.app.request(`/survei/${l}`)).status).toBe(200);
    for (const l of links.slice(0, 3)) expect((await post(`/survei/${l}`, undefined, { ...answers(3), saran: 'Ruang tunggu panas.' })).status).toBe(200);
    expect((await post(`/survei/${links[0]}`, undefined, answers(4))).status).toBe(409);
    expect(await (await b.app.request(`/survei/${links[0]}`)).text()).toContain('sudah dijawab');
    expect((await b.app.request('/survei/tautan-yang-tidak-pernah-dibuat')).status).toBe(404);
    const docs = await b.store.records.query('ikm', { workflow: 'respon-kasus-anak' });
    expect(docs).toHaveLength(3);
    for (const d of docs) {
      expect(d.caseId).toBeUndefined();
      expect(d.at.slice(10)).toBe('T00:00:00.000Z'); // the day only
      expect(JSON.stringify(d)).not.toContain('203.0.113.9');
    }
    const r = (await (await api('/api/v1/reports/respon-kasus-anak?from=2026-12-01&to=2026-12-31', await b.token('kepala_dinas'))).json()) as { ikm: { respondents: number; result: { score: number; grade: string } } };
    expect(r.ikm).toMatchObject({ respondents: 3, result: { score: 75, grade: 'C' } });
  });

  it('the kiosk takes one answer per 15 seconds; a renewed kiosk address stops the old one', async () => {
    const page = await (await b.app.request('/laporan/respon-kasus-anak/survei', { headers: { cookie: kadis } })).text();
    const kiosk = /(\/survei\/kios\/respon-kasus-anak\/[A-Za-z0-9_-]+)/.exec(page)![1]!;
    expect((await b.app.request(kiosk)).status).toBe(200);
    expect((await post(kiosk, undefined, answers(4))).status).toBe(200);
    expect((await post(kiosk, undefined, answers(4))).status).toBe(429);
    b.tick(16_000);
    expect((await post(kiosk, undefined, answers(4))).status).toBe(200);
    await post('/laporan/respon-kasus-anak/survei', kadis, { buat: 'kios' });
    expect((await b.app.request(kiosk)).status).toBe(404);
  });
});

describe('tracking codes', () => {
  it('the clerk gives a code; /lacak shows only the stage; it can be withdrawn; look-ups are limited', async () => {
    const caseId = (await b.store.cases.query({ workflow: 'respon-kasus-anak', status: 'open' })).items[0]!.id;
    const issued = await post(`/kasus/${caseId}/kode-lacak`, fo, {});
    const code = /class="code">([A-Z0-9-]{19})</.exec(await issued.text())![1]!;
    expect(code).not.toContain(caseId);
    const pre = await preSession(b.app);
    const track = await b.app.request('/lacak', { method: 'POST', body: formBody({ kode: code.toLowerCase() }), headers: { ...FORM, cookie: pre.cookie, 'x-forwarded-for': '198.51.100.7' } });
    const html = await track.text();
    expect(html).toContain('aria-current="step"');
    expect(html).toMatch(/<li class="current" aria-current="step"><strong>Sedang diproses/);
    expect(html).not.toMatch(/Rina|Anggraini|kekerasan/i);
    await post(`/kasus/${caseId}/kode-lacak`, fo, { _aksi: 'tarik' });
    expect((await post('/lacak', undefined, { kode: code })).status).toBe(404);
    let last = 0;
    for (let i = 0; i < 11; i++) last = (await post('/lacak', undefined, { kode: 'AAAA-BBBB-CCCC-DDDD' })).status;
    expect(last).toBe(429);
  });
});

describe('public complaint', () => {
  it('starts a Pengaduan Layanan case without an account and hands a tracking code; a filled honeypot is refused', async () => {
    expect((await b.app.request('/layanan/respon-kasus-anak/pengaduan')).status).toBe(200);
    const form = { pengadu_nama: 'Warga Rambah', pengadu_kontak: '0812 0000 1111', isi_pengaduan: 'Telepon layanan tidak diangkat.' };
    const bot = await b.app.request('/layanan/respon-kasus-anak/pengaduan', { method: 'POST', body: formBody({ ...form, situs_web: 'http://spam.example' }), headers: { ...FORM, 'x-forwarded-for': '192.0.2.1' } });
    expect(bot.status).toBe(400);
    const sent = await b.app.request('/layanan/respon-kasus-anak/pengaduan', { method: 'POST', body: formBody(form), headers: { ...FORM, 'x-forwarded-for': '192.0.2.2' } });
    expect(sent.status).toBe(201);
    expect(await sent.text()).toMatch(/class="code">[A-Z0-9]{4}-/);
    const page = await b.store.cases.query({ workflow: 'pengaduan-layanan' });
    expect(page.items).toHaveLength(1);
    const c = (await b.store.cases.get(page.items[0]!.id))!;
    expect(c.createdBy).toBe('publik');
    expect(c.data).toMatchObject({ saluran: 'formulir_daring', layanan_dikeluhkan: 'respon-kasus-anak' });
    const missing = await b.app.request('/layanan/respon-kasus-anak/pengaduan', { method: 'POST', body: formBody({ pengadu_nama: 'X' }), headers: { ...FORM, 'x-forwarded-for': '192.0.2.3' } });
    expect(missing.status).toBe(422);
  });
});
