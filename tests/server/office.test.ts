/**
 * The office file (workflows/office.yaml): a service that writes no calendar or header gets the office's, a service's
 * own calendar wins, an office change gives the services that use it a new version while a case pinned to the old
 * one keeps its calendar, and a broken office file is a located message: `alur validate` names its line and
 * `alur serve` refuses to start saying why, without a stack trace.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseOffice, stripOffice } from '../../engine/definition/index.ts';
import { OfficeFileError } from '../../server/office.ts';
import { openStore, type Store } from '../../server/store/index.ts';
import { loadWorkflows, syncFolder } from '../../server/workflows.ts';
import { SEED } from './helpers.ts';

const BIN = fileURLToPath(new URL('../../bin/alur.js', import.meta.url));
const NOW = new Date('2026-11-30T02:00:00Z');

const OFFICE = `# Kantor uji
service:
  agency: Dinas Sosial Kabupaten Uji
  government: Pemerintah Kabupaten Uji
  address: Jalan Uji 1
calendar:
  timezone: Asia/Makassar
  workdays: [1, 2, 3, 4, 5, 6]
  hours: { start: "08:00", end: "15:00" }
  holidays:
    - { date: "2026-12-25", name: Hari Raya Natal }
`;

let dir: string;
let store: Store;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'alur-office-'));
  store = await openStore(join(dir, 'data'));
});
afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

/** The seed without its own `calendar:` and `service:` sections (top-level blocks), counting working days. */
async function seedWithoutOffice(): Promise<string> {
  const text = await readFile(SEED, 'utf8');
  const without = text.replace(/^calendar:\n(?:(?:[ #].*)?\n)*?(?=\S)/m, '').replace(/^service:\n(?:[ ].*\n)*/m, '');
  expect(without).not.toMatch(/^calendar:/m);
  expect(without).not.toMatch(/^service:/m);
  return without.replace('  calendar: calendar\n', '  calendar: working\n');
}

const folder = (name: string) => join(dir, name);

describe('the office file', () => {
  it('gives a service without a calendar and header the office’s, kept with its version', async () => {
    await writeFile(folder('office.yaml'), OFFICE);
    await writeFile(folder('respon-kasus-anak.yaml'), await seedWithoutOffice());
    const registry = await loadWorkflows(dir, { versions: store.versions, now: NOW });
    expect(registry.problems).toEqual([]);
    const wf = registry.get('respon-kasus-anak')!;
    expect(wf.calendar).toMatchObject({ timezone: 'Asia/Makassar', workdays: [1, 2, 3, 4, 5, 6] });
    expect(wf.service.agency).toBe('Dinas Sosial Kabupaten Uji');
    expect(wf.completion.calendar).toBe('working');
    // office.yaml is no service of its own.
    expect(registry.list().map((w) => w.id)).toEqual(['respon-kasus-anak']);

    // The stored version holds what it runs on; the editor gets the service's own text back.
    const record = registry.storedVersion('respon-kasus-anak', wf.version)!;
    expect(record.source).toContain('# --- Dari berkas kantor office.yaml');
    expect(stripOffice(record.source)).toBe(await readFile(folder('respon-kasus-anak.yaml'), 'utf8'));

    // A new office calendar: a new version; a case pinned to the first keeps its calendar (read back from the store).
    const ref = { id: wf.id, version: wf.version, hash: record.hash };
    await writeFile(folder('office.yaml'), OFFICE.replace('Asia/Makassar', 'Asia/Jayapura'));
    const report = await registry.exclusive(() => syncFolder(registry, NOW));
    expect(report.loaded[0]).toMatchObject({ id: 'respon-kasus-anak', change: 'changed', version: wf.version + 1 });
    expect(registry.get('respon-kasus-anak')!.calendar!.timezone).toBe('Asia/Jayapura');
    const again = await loadWorkflows(dir, { versions: store.versions, now: NOW });
    expect(again.forCase(ref)!.calendar!.timezone).toBe('Asia/Makassar');
    // Read once more unchanged: no further version.
    expect((await again.exclusive(() => syncFolder(again, NOW))).loaded[0]!.change).toBe('same');
  });

  it('lets a service’s own calendar and header win', async () => {
    await writeFile(folder('office.yaml'), OFFICE);
    await writeFile(folder('respon-kasus-anak.yaml'), await readFile(SEED, 'utf8'));
    const registry = await loadWorkflows(dir, { versions: store.versions, now: NOW });
    const wf = registry.get('respon-kasus-anak')!;
    expect(wf.calendar).toMatchObject({ timezone: 'Asia/Jakarta', workdays: [1, 2, 3, 4, 5] });
    expect(wf.service.agency).toBe('Dinas Sosial, Pemberdayaan Perempuan dan Perlindungan Anak');
    // Its stored text is the file's own, as before there was an office file.
    expect(registry.storedVersion(wf.id, wf.version)!.source).toBe(await readFile(SEED, 'utf8'));
  });

  it('refuses a service with neither its own header nor an office file, saying what to write', async () => {
    await writeFile(folder('respon-kasus-anak.yaml'), await seedWithoutOffice());
    const registry = await loadWorkflows(dir, { versions: store.versions, now: NOW });
    expect(registry.list()).toEqual([]);
    expect(registry.problems.join('\n')).toMatch(/service: Bagian `service` wajib ada.*berkas kantor `office.yaml`/s);
  });

  it('reports a broken office file at its line, and the server refuses to start with that message', async () => {
    const broken = OFFICE.replace('Asia/Makassar', 'Asia/Bandung').replace('end: "15:00"', 'end: "07:00"').replace('workdays: [1, 2, 3, 4, 5, 6]', 'workdays: [1, 2, 8]');
    const checked = parseOffice(broken, 'office.yaml');
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.errors[0]).toMatchObject({ file: 'office.yaml', line: 8, path: 'calendar.workdays[2]' });

    const timing = parseOffice(OFFICE.replace('Asia/Makassar', 'Asia/Bandung'), 'office.yaml');
    expect(!timing.ok && timing.errors.map((e) => [e.line, e.message])).toEqual([[7, 'Zona waktu `Asia/Bandung` tidak dikenal.']]);
    const stray = parseOffice(`${OFFICE}roles: { a: A }\n`, 'office.yaml');
    expect(!stray.ok && stray.errors[0]!.line).toBe(12);

    await writeFile(folder('office.yaml'), broken);
    await writeFile(folder('respon-kasus-anak.yaml'), await readFile(SEED, 'utf8'));
    await expect(loadWorkflows(dir, { versions: store.versions, now: NOW })).rejects.toBeInstanceOf(OfficeFileError);

    // Read again while the server runs: what runs stays, the office file is listed as refused at its line.
    await writeFile(folder('office.yaml'), OFFICE);
    const running = await loadWorkflows(dir, { versions: store.versions, now: NOW });
    await writeFile(folder('office.yaml'), broken);
    const report = await running.exclusive(() => syncFolder(running, NOW));
    expect(report.refused.map((r) => r.file)).toEqual([folder('office.yaml')]);
    expect(running.problems[0]).toContain(`${folder('office.yaml')}:8:`);
    expect(running.get('respon-kasus-anak')).toBeDefined();

    const validate = await run(['validate', dir]);
    expect(validate.code).toBe(1);
    expect(validate.stderr).toContain(`${folder('office.yaml')}:8:`);

    const serve = await run(['serve', '--port', '0', '--host', '127.0.0.1', '--data', join(dir, 'data2'), '--workflows', dir]);
    expect(serve.code).toBe(1);
    expect(serve.stderr).toContain('alur serve: Berkas kantor');
    expect(serve.stderr).toContain(`${folder('office.yaml')}:8:`);
    expect(serve.stderr).not.toMatch(/^\s+at /m);
  }, 60_000);
});

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ALUR_KEY_FILE: join(dir, 'test.key') }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGTERM'), 40_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
