/**
 * `alur audit verify --cases`: the case files and the audit log tell the same story. Cases made through the pages and
 * the API pass; a case file edited by hand (a child's name changed), one written without its audit entries, and one
 * removed are each named, with the command exiting 1.
 */
import { spawn } from 'node:child_process';
import { readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkCases, readOpenedCaseFiles } from '../../../server/audit/case-check.ts';
import { caseFile, parseCaseFile } from '../../../server/store/file/case-files.ts';
import { PLAIN_CODEC } from '../../../engine/ports/store.ts';
import type { Case } from '../../../engine/types.ts';
import { csrfOf, FORM, formBody, makeBench, type Bench } from '../helpers.ts';
import { api, markedIntake, seedMarkedCases } from './fixtures.ts';

const BIN = fileURLToPath(new URL('../../../bin/alur.js', import.meta.url));
let b: Bench;
let ids: { open: string; middle: string; closed: string };
let late: string;

function verify(): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, 'audit', 'verify', '--cases', '--data', join(b.dir, 'data')], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

async function everything() {
  // Values are sealed at rest: the case files are read opened with the folder's keyring (the audit entries come opened from the store).
  const { cases, problems } = await readOpenedCaseFiles(join(b.dir, 'data'));
  return [...problems, ...checkCases(cases, await b.store.audit.list({ limit: 100_000 }))];
}

beforeAll(async () => {
  b = await makeBench();
  const tokens: Record<string, string> = {};
  for (const u of ['front_office', 'bidang_teknis', 'back_office', 'kepala_uptd', 'sekretaris', 'kepala_dinas']) tokens[u] = await b.token(u);
  ids = await seedMarkedCases(b, tokens);
  // One more: documents incomplete at step 2, then the missing documents recorded as arrived (a met deadline).
  const r = await api(b, tokens.front_office, '/api/v1/cases', { body: { workflow: 'respon-kasus-anak', data: markedIntake() } });
  late = (JSON.parse(r.text) as { id: string }).id;
  const s = await api(b, tokens.front_office, `/api/v1/cases/${late}/steps/periksa-dokumen`, { body: { data: { dokumen_lengkap: 'tidak', dokumen_kurang: 'Fotokopi KK' } } });
  expect(s.status).toBe(200);
  const cookie = await b.login('front_office');
  const met = await b.app.request(`/kasus/${late}/tenggat/dokumen-susulan`, { method: 'POST', headers: { cookie, ...FORM }, body: formBody({ _csrf: csrfOf(cookie) }) });
  expect(met.status).toBe(303);
}, 60_000);
afterAll(() => b.close());

describe('case files against the audit log', () => {
  it('finds every change of cases made through the app in the log, with the same values', async () => {
    expect(await everything()).toEqual([]);
    const r = await verify();
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('Berkas kasus cocok dengan log audit: 4 kasus');
  });

  it('names a case file edited by hand, a case written without its audit entries, and a removed one', async () => {
    // 1. Someone with access to the disk changes the child's name in a closed case.
    const file = caseFile(join(b.dir, 'data', 'cases'), ids.closed);
    const edited = parseCaseFile(file, await readFile(file, 'utf8'), PLAIN_CODEC).case;
    edited.data.anak_nama = 'Nama Lain';
    for (const e of edited.history) if (e.type === 'completed' && 'anak_nama' in e.data) e.data.anak_nama = 'Nama Lain';
    await writeFile(file, JSON.stringify(edited));
    // 2. A case written straight into the folder, never through the app.
    const forged = { ...edited, id: 'RKA-20261130-ZZZZZ' };
    const forgedFile = caseFile(join(b.dir, 'data', 'cases'), forged.id);
    await writeFile(forgedFile, JSON.stringify(forged)).catch(async () => {
      const { mkdir } = await import('node:fs/promises');
      await mkdir(join(forgedFile, '..'), { recursive: true });
      await writeFile(forgedFile, JSON.stringify(forged));
    });
    // 3. A case file removed.
    await unlink(caseFile(join(b.dir, 'data', 'cases'), ids.middle));

    const problems = await everything();
    const about = (id: string) => problems.filter((p) => p.caseId === id).map((p) => p.message).join('\n');
    expect(about(ids.closed)).toMatch(/isian laporan awal .* berbeda/);
    expect(about(forged.id)).toMatch(/tidak di log audit/);
    expect(about(ids.middle)).toMatch(/berkas kasus tidak ada/);
    expect(about(ids.open)).toBe('');
    expect(about(late)).toBe('');
    const r = await verify();
    expect(r.code).toBe(1);
    expect(r.out).toContain('Log audit utuh');
    for (const id of [ids.closed, forged.id, ids.middle]) expect(r.err).toContain(id);
    // The report names the case and what differs, never the values themselves.
    expect(r.err).not.toContain('Nama Lain');
    expect(r.err).not.toContain('Anakmarka');
  });
});
