/**
 * PDP operations declared in the YAML (`privacy`), on a real server (127.0.0.1) and a real store in a temp folder:
 * anonymisation by an injected time removes a closed case's identities and attachments once its outcome's retention
 * period is over (not a day before), keeps the report's figures, is audited and keeps the integrity check whole;
 * the export of one person's data holds their values (not another person's) and is audited without their name.
 */
import { spawn } from 'node:child_process';
import { readFile, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDuration } from '../../../engine/time.ts';
import { anonymiseAt, identityPaths } from '../../../engine/privacy.ts';
import { checkIntegrity } from '../../../server/usecases/integrity.ts';
import { anonymiseDueCases, exportPersonData } from '../../../server/usecases/privacy.ts';
import { makeBench, SEED, type Bench } from '../helpers.ts';
import { DIRECT_PATH, IDENTITY, IDENTITY_MARKERS, markedIntake } from './fixtures.ts';
import { serveLive, type Live } from './live.ts';

const BIN = fileURLToPath(new URL('../../../bin/alur.js', import.meta.url));
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\nKtpmarka\n');

let b: Bench;
let live: Live;
const tokens: Record<string, string> = {};
let closed: string;
let open: string;
let blob: string;

async function call(user: string, path: string, body?: unknown) {
  const res = await live.request(`/api/v1${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${tokens[user]}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, text: await res.text() };
}

/** Every byte of the case files of the data folder, as text. */
async function caseFilesText(): Promise<string> {
  const dir = join(b.dir, 'data', 'cases');
  let all = '';
  for (const shard of await readdir(dir)) for (const f of await readdir(join(dir, shard))) all += await readFile(join(dir, shard, f), 'utf8');
  return all;
}

beforeAll(async () => {
  b = await makeBench();
  live = await serveLive(b.app);
  for (const u of ['front_office', 'bidang_teknis', 'back_office', 'kepala_uptd', 'sekretaris', 'kepala_dinas']) tokens[u] = await b.token(u);
  // A case with a scanned KTP at intake, taken to the end of the direct path (outcome ditindaklanjuti).
  const form = new FormData();
  form.append('file', new File([PDF], 'ktp-anak.pdf', { type: 'application/pdf' }));
  const up = await live.request('/api/v1/files', { method: 'POST', headers: { authorization: `Bearer ${tokens.front_office}` }, body: form });
  expect(up.status).toBe(201);
  const upload = (await up.json()) as { id: string };
  const made = await call('front_office', '/cases', { workflow: 'respon-kasus-anak', data: markedIntake(), requirements: { 'ktp-kk': [upload.id] } });
  expect(made.status, made.text).toBe(201);
  const c = JSON.parse(made.text) as { id: string; rev: number };
  closed = c.id;
  let rev = c.rev;
  for (const [user, step, data] of DIRECT_PATH) {
    const s = await call(user, `/cases/${closed}/steps/${step}`, { data, rev });
    expect(s.status, s.text).toBe(200);
    rev = (JSON.parse(s.text) as { rev: number }).rev;
  }
  // Another case of the same child, still open: never anonymised, whatever the time.
  const other = await call('front_office', '/cases', { workflow: 'respon-kasus-anak', data: markedIntake() });
  open = (JSON.parse(other.text) as { id: string }).id;
  const docs = await b.store.records.query('attachment', { caseId: closed });
  expect(docs).toHaveLength(1);
  blob = String(docs[0]!.data.blob);
  expect(await b.store.blobs.get(blob)).toBeDefined();
}, 120_000);

let stopped = false;
afterAll(async () => {
  if (!stopped) await live.close();
  await b.store.close();
  await rm(b.dir, { recursive: true, force: true });
});

describe('what the YAML declares', () => {
  it('identity is every sensitive field and every file field; retention is per outcome', () => {
    const wf = b.workflows.get('respon-kasus-anak')!;
    const paths = identityPaths(wf);
    for (const f of Object.keys(IDENTITY)) expect(paths).toContain(f);
    expect(paths).not.toContain('jenis_kasus');
    expect(wf.privacy?.retention).toEqual({ ditindaklanjuti: 'P10Y', 'tidak-sah': 'P1Y' });
  });
});

describe('export of one person\'s data', () => {
  it("holds the child's own values and the case, not the reporter's or the alleged perpetrator's identity, and is audited without the name", async () => {
    const out = await exportPersonData({ store: b.store, workflows: b.workflows }, { name: '  qorvexia   ANAKMARKA ' }, { request: 'Surat 12/PDP/2026, 30 November 2026', by: 'cli', now: b.clock.now });
    expect(out.cases.map((c) => c.id).sort()).toEqual([closed, open].sort());
    const text = JSON.stringify(out);
    for (const own of ['Qorvexia Anakmarka', 'Jalan Alamarka Nomor 7', 'Kronomarka', 'Asesmarka']) expect(text).toContain(own);
    for (const theirs of ['Pelmarka', '081299887766', 'Terlamarka']) expect(text).not.toContain(theirs);
    expect(out.contact?.[0]).toContain('Kepala UPTD PPA');
    // The reporter asking gets their own values only: not the child's.
    const reporter = await exportPersonData({ store: b.store, workflows: b.workflows }, { name: 'Pelmarka Zebulona' }, { request: 'Surat 13/PDP/2026', by: 'cli', now: b.clock.now });
    const rt = JSON.stringify(reporter);
    expect(rt).toContain('081299887766');
    for (const theirs of ['Anakmarka', 'Alamarka', 'Asesmarka', 'Terlamarka']) expect(rt).not.toContain(theirs);
    // Nobody by that name: nothing, still recorded.
    const none = await exportPersonData({ store: b.store, workflows: b.workflows }, { name: 'Tidak Ada Orangnya' }, { request: 'Surat 14/PDP/2026', by: 'cli', now: b.clock.now });
    expect(none.cases).toEqual([]);
    const audit = await b.store.audit.list({ action: 'pdp.export', limit: 10 });
    expect(audit.map((e) => e.details?.request)).toEqual(['Surat 14/PDP/2026', 'Surat 13/PDP/2026', 'Surat 12/PDP/2026, 30 November 2026']);
    expect((audit[2]!.details?.cases as string[]).sort()).toEqual([closed, open].sort());
    expect(JSON.stringify(audit)).not.toMatch(/Anakmarka|Pelmarka|Qorvexia/i);
    // A request is required.
    await expect(exportPersonData({ store: b.store, workflows: b.workflows }, { name: 'X' }, { request: ' ', by: 'cli', now: b.clock.now })).rejects.toThrow(/permintaan/);
  });
});

describe('anonymisation when the retention period is over', () => {
  it('does nothing a day before the period ends, then removes identities and attachments, keeps the figures, and is audited', async () => {
    const wf = b.workflows.get('respon-kasus-anak')!;
    const stored = (await b.store.cases.get(closed))!;
    expect(stored.status).toBe('closed');
    expect(stored.outcome).toBe('ditindaklanjuti');
    const dueAt = anonymiseAt(wf, stored)!;
    expect(dueAt.toISOString()).toBe(addDuration(new Date(stored.closedAt!), 'P10Y', 'calendar', wf.calendar).toISOString());
    const month = stored.closedAt!.slice(0, 7);
    const reportOf = async () => JSON.parse((await call('kepala_dinas', `/reports/respon-kasus-anak?from=${month}-01&to=${month}-28`)).text) as Record<string, unknown>;
    const before = await reportOf();
    expect(before.received).toBeDefined();

    // The scheduler's run with an injected time: a day early, nothing.
    const early = await anonymiseDueCases({ store: b.store, workflows: b.workflows }, new Date(dueAt.getTime() - 24 * 3600_000));
    expect(early.anonymised).toEqual([]);
    expect(JSON.stringify(await b.store.cases.get(closed))).toContain('Anakmarka');

    const run = await anonymiseDueCases({ store: b.store, workflows: b.workflows }, new Date(dueAt.getTime() + 60_000));
    expect(run.anonymised.map((a) => a.id)).toEqual([closed]);
    expect(run.anonymised[0]!.attachments).toBe(1);
    for (const f of Object.keys(IDENTITY)) expect(run.anonymised[0]!.paths).toContain(f);

    // Gone from the case file (data and every step of its history), its summary, the API, and the file content.
    const after = (await b.store.cases.get(closed))!;
    // Nor in the bytes of any case file (sealed or not).
    for (const m of IDENTITY_MARKERS) expect(await caseFilesText(), m).not.toContain(m);
    const json = JSON.stringify(after);
    for (const m of IDENTITY_MARKERS) expect(json, m).not.toContain(m);
    expect(after.anonymised?.paths.length).toBeGreaterThan(0);
    expect(JSON.stringify(await b.store.cases.summary(closed))).not.toMatch(/Anakmarka|"initials":"Q/);
    const page = await call('kepala_uptd', `/cases/${closed}`);
    expect(page.status).toBe(200);
    for (const m of IDENTITY_MARKERS) expect(page.text).not.toContain(m);
    expect(await b.store.blobs.get(blob)).toBeUndefined();
    const doc = (await b.store.records.query('attachment', { caseId: closed }))[0]!;
    expect(JSON.stringify(doc.data)).not.toContain('ktp-anak');
    // The open case of the same child keeps everything.
    expect(JSON.stringify(await b.store.cases.get(open))).toContain('Anakmarka');
    // The content not about anyone stays: the path, the outcome, the non-identifying values.
    expect(after.outcome).toBe('ditindaklanjuti');
    expect(json).toContain('Rencamarka');

    // The report reads the same figures.
    expect(await reportOf()).toEqual(before);
    // Audited, naming fields, never values.
    const entries = await b.store.audit.list({ action: 'case.anonymise', limit: 10 });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actor: 'sistem', caseId: closed, details: { outcome: 'ditindaklanjuti', retention: 'P10Y', attachments: 1 } });
    expect(JSON.stringify(entries[0])).not.toMatch(/marka/);
    // A second run changes nothing; the integrity check still finds case files and log in agreement.
    expect((await anonymiseDueCases({ store: b.store, workflows: b.workflows }, new Date(dueAt.getTime() + 120_000))).anonymised).toEqual([]);
    const integrity = await checkIntegrity({ store: b.store, now: () => b.clock.now, pause: async () => undefined });
    expect(integrity.cases).toEqual([]);
    expect(integrity.ok).toBe(true);
  });
});

describe('alur pdp', () => {
  it('export writes the file and anonymise runs with --now; both need the server stopped', async () => {
    const data = join(b.dir, 'data');
    const wfDir = join(b.dir, 'workflows');
    const alur = (args: string[]) =>
      new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
        const child = spawn(process.execPath, [BIN, 'pdp', ...args, '--data', data, '--workflows', wfDir], { stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        let err = '';
        child.stdout.on('data', (d) => (out += d));
        child.stderr.on('data', (d) => (err += d));
        child.on('close', (code) => resolve({ code, out, err }));
      });
    expect(SEED).toBeDefined();
    const locked = await alur(['anonymise']);
    expect(locked.code).toBe(1);
    expect(locked.err).toContain('Hentikan server dulu');
    const missing = await alur(['export', '--name', 'Qorvexia Anakmarka', '--out', join(b.dir, 'x.json')]);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('--request');
    await live.close();
    stopped = true;
    await b.store.close();
    const out = join(b.dir, 'ekspor.json');
    const exp = await alur(['export', '--name', 'Qorvexia Anakmarka', '--request', 'Surat 15/PDP/2026', '--out', out]);
    expect(exp.code, exp.err).toBe(0);
    expect(exp.out).toContain('1 kasus menyebut orang ini');
    const written = JSON.parse(await readFile(out, 'utf8')) as { cases: Array<{ id: string }> };
    expect(written.cases.map((c) => c.id)).toEqual([open]);
    const an = await alur(['anonymise', '--now', '2040-01-01T00:00:00Z']);
    expect(an.code, an.err).toBe(0);
    expect(an.out).toContain('Tidak ada kasus');
    // Reopen for the bench's own cleanup.
    const { openStore } = await import('../../../server/store/index.ts');
    b.store = await openStore(data);
    const lines = (await readFile(join(data, 'audit.jsonl'), 'utf8')).split('\n').filter((l) => l.includes('"pdp.export"'));
    expect(lines.at(-1)).toContain('Surat 15/PDP/2026');
  }, 120_000);
});
