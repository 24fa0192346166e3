/**
 * Versions of a service: publishing from the editor writes the folder's file and an immutable version, a restart
 * changes nothing, a hand-edited file becomes one new version (not one per restart), rollback is a new number.
 */
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setScalars, SourceEditError } from '../../../server/source-edit.ts';
import { openStore, type Store } from '../../../server/store/index.ts';
import { checkPublishFields, isIsoDate, publishVersion } from '../../../server/versions.ts';
import { loadWorkflows, syncFolder } from '../../../server/workflows.ts';
import { SEED } from '../helpers.ts';

let dir: string;
let wfDir: string;
let file: string;
let store: Store;
const now = new Date('2026-11-30T02:00:00Z');

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'alur-versi-'));
  wfDir = join(dir, 'workflows');
  await mkdir(wfDir);
  file = join(wfDir, 'respon-kasus-anak.yaml');
  await copyFile(SEED, file);
  store = await openStore(join(dir, 'data'));
});
afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

const ID = 'respon-kasus-anak';
/** The seed with the Kepala Dinas's direction given to the Sekretaris and the completion time set to 2 days. */
const edited = (source: string) =>
  source.replace(/(- id: arahan-kepala-dinas[\s\S]*?role: )kepala_dinas/, '$1sekretaris').replace('duration: P1D', 'duration: P2D').replace('text: 1 Hari', 'text: 2 Hari');

describe('source edits', () => {
  it('changes only the lines of the values it writes and adds missing keys beside their siblings', () => {
    const src = '# komentar\nid: x\ntitle: X\ndecree:\n  number: A/1 # nomor lama\n  title: T\nsteps: []\n';
    const out = setScalars(src, [
      { path: ['version'], value: 2, after: 'title' },
      { path: ['decree', 'number'], value: 'B/2' },
      { path: ['decree', 'effective'], value: '2027-01-02', after: 'number' },
    ]);
    expect(out).toBe('# komentar\nid: x\ntitle: X\nversion: 2\ndecree:\n  number: B/2 # nomor lama\n  effective: 2027-01-02\n  title: T\nsteps: []\n');
    expect(setScalars('a:\n  b: "1"\n', [{ path: ['a', 'b'], value: 'x: y' }])).toBe('a:\n  b: "x: y"\n');
    expect(() => setScalars('decree: { number: A }\n', [{ path: ['decree', 'number'], value: 'B' }])).toThrow(SourceEditError);
  });

  it('checks the decree fields of the publish form', () => {
    expect(isIsoDate('2027-02-29')).toBe(false);
    expect(isIsoDate('2028-02-29')).toBe(true);
    expect(checkPublishFields({ decree: '', effective: '31-12-2026' })).toEqual({
      sk_nomor: expect.stringMatching(/nomor SK/),
      sk_berlaku: expect.stringMatching(/tidak sah/),
    });
  });
});

describe('publishing', () => {
  it('stores a new immutable version, rewrites the file, and a restart keeps it', async () => {
    const reg = await loadWorkflows(wfDir, { versions: store.versions, now });
    const v1 = reg.get(ID)!;
    const source = edited(await readFile(file, 'utf8'));
    const done = await publishVersion(store, reg, { workflow: ID, source, decree: 'KPTS.800/2027/01', effective: '2027-01-04', by: 'admin', now, basedOn: 1 });
    expect(done.ok).toBe(true);
    if (!done.ok) return;
    expect(done.record.version).toBe(2);
    expect(done.record.summary).toMatch(/Langkah \d+: .*dikerjakan oleh Sekretaris, sebelumnya Kepala Dinas/);
    expect(done.record.summary).toMatch(/Waktu penyelesaian berubah dari 1 Hari/);
    expect(reg.get(ID)!.version).toBe(2);
    expect(reg.get(ID)!.decree).toMatchObject({ number: 'KPTS.800/2027/01', effective: '2027-01-04' });
    // the old definition stays reachable for cases pinned to it
    expect(reg.forCase({ id: ID, version: 1, hash: (await store.versions.get(ID, 1))!.hash })?.completion.duration).toBe(v1.completion.duration);
    const text = await readFile(file, 'utf8');
    expect(text).toMatch(/^version: 2$/m);
    expect(text).toMatch(/^ {2}number: KPTS\.800\/2027\/01$/m);
    expect(text).toMatch(/^# Standar Pelayanan: Respon Kasus Anak$/m); // comments kept
    expect((await store.versions.get(ID, 2))!.source).toBe(text);
    expect((await store.audit.list({ action: 'workflow.publish' }))).toHaveLength(1);

    const again = await loadWorkflows(wfDir, { versions: store.versions, now });
    expect(again.get(ID)!.version).toBe(2);
    expect((await store.versions.list(ID))).toHaveLength(2);
  });

  it('refuses a stale draft, a reused decree number, a changed id and a text with errors', async () => {
    const reg = await loadWorkflows(wfDir, { versions: store.versions, now });
    const source = await readFile(file, 'utf8');
    const base = { workflow: ID, effective: '2027-01-04', by: 'admin', now };
    const sameDecree = await publishVersion(store, reg, { ...base, source, decree: reg.get(ID)!.decree.number });
    expect(sameDecree).toMatchObject({ ok: false, status: 422, fields: { sk_nomor: expect.stringMatching(/sudah dipakai versi 1/) } });
    const broken = await publishVersion(store, reg, { ...base, source: source.replace('role: kepala_dinas', 'role: kepala_dinsa'), decree: 'B/1' });
    expect(broken.ok).toBe(false);
    if (!broken.ok) expect(broken.errors?.[0]).toMatchObject({ line: expect.any(Number), message: expect.stringMatching(/kepala_dinsa/) });
    const otherId = await publishVersion(store, reg, { ...base, source: source.replace('id: respon-kasus-anak', 'id: layanan-lain'), decree: 'B/1' });
    expect(otherId).toMatchObject({ ok: false, status: 422, error: expect.stringMatching(/layanan-lain/) });
    expect((await publishVersion(store, reg, { ...base, source, decree: 'B/1', basedOn: 1 })).ok).toBe(true);
    expect(await publishVersion(store, reg, { ...base, source, decree: 'C/1', basedOn: 1 })).toMatchObject({ ok: false, status: 409 });
    expect((await store.versions.list(ID)).map((v) => v.version)).toEqual([1, 2]);
  });

  it('does not overwrite a file edited by hand and not read yet, but does overwrite a broken one', async () => {
    const reg = await loadWorkflows(wfDir, { versions: store.versions, now });
    const original = await readFile(file, 'utf8');
    await writeFile(file, original.replace('text: 1 Hari', 'text: Satu Hari'));
    const base = { workflow: ID, source: edited(original), effective: '2027-01-04', by: 'admin', now };
    const refused = await publishVersion(store, reg, { ...base, decree: 'B/1' });
    expect(refused).toMatchObject({ ok: false, status: 409, error: expect.stringMatching(/Muat ulang dari folder/) });
    expect(await readFile(file, 'utf8')).toContain('text: Satu Hari');
    await writeFile(file, original.replace('role: kepala_dinas', 'role: kepala_dinsa'));
    expect((await publishVersion(store, reg, { ...base, decree: 'B/1' })).ok).toBe(true);
    expect(await readFile(file, 'utf8')).toContain('duration: P2D');
  });

  it('rolls back by publishing an old version again under a new number', async () => {
    const reg = await loadWorkflows(wfDir, { versions: store.versions, now });
    const v1 = (await store.versions.get(ID, 1))!;
    await publishVersion(store, reg, { workflow: ID, source: edited(v1.source), decree: 'B/1', effective: '2027-01-04', by: 'admin', now });
    const back = await publishVersion(store, reg, { workflow: ID, source: v1.source, decree: 'C/1', effective: '2027-02-01', by: 'admin', now, headline: 'Dikembalikan ke isi versi 1.' });
    expect(back.ok && back.record.version).toBe(3);
    expect(reg.get(ID)!.completion.duration).toBe('P1D');
    expect((await store.versions.get(ID, 3))!.summary).toMatch(/^Dikembalikan ke isi versi 1\.\n- Dasar hukum: [\s\S]*\n- Waktu penyelesaian berubah dari 2 Hari/);
  });
});

describe('the folder edited by hand', () => {
  it('registers a changed file once, however often the server starts', async () => {
    await loadWorkflows(wfDir, { versions: store.versions, now });
    await writeFile(file, edited(await readFile(file, 'utf8')));
    const second = await loadWorkflows(wfDir, { versions: store.versions, now });
    expect(second.get(ID)!.version).toBe(2);
    expect((await store.versions.get(ID, 2))!.summary).toMatch(/diubah langsung[\s\S]*- Langkah \d+: .*Sekretaris/);
    await loadWorkflows(wfDir, { versions: store.versions, now });
    expect((await store.versions.list(ID)).map((v) => v.version)).toEqual([1, 2]);
  });

  it('a file put back to an old content becomes a new version, and a broken file on reload keeps the last good one', async () => {
    const reg = await loadWorkflows(wfDir, { versions: store.versions, now });
    const original = await readFile(file, 'utf8');
    await writeFile(file, edited(original));
    await reg.exclusive(() => syncFolder(reg, now));
    await writeFile(file, original);
    const report = await reg.exclusive(() => syncFolder(reg, now));
    expect(report.loaded).toEqual([{ id: ID, file, version: 3, change: 'changed' }]);
    expect((await store.versions.get(ID, 3))!.summary).toMatch(/sama dengan versi 1/);
    await writeFile(file, original.replace('role: kepala_dinas', 'role: kepala_dinsa'));
    const refused = await reg.exclusive(() => syncFolder(reg, now));
    expect(refused.refused[0]!.errors[0]!.message).toMatch(/kepala_dinsa/);
    expect(reg.refused).toHaveLength(1);
    expect(reg.get(ID)!.version).toBe(3);
    await writeFile(file, original);
    await reg.exclusive(() => syncFolder(reg, now));
    expect(reg.refused).toHaveLength(0);
    expect(reg.problems).toHaveLength(0);
  });
});
