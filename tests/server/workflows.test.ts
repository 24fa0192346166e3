/** The workflow registry: every file of the folder, versions kept for open cases, refused files reported. */
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { workflowHash } from '../../engine/hash.ts';
import { openStore, type Store } from '../../server/store/index.ts';
import { isWorkflowFile, loadWorkflows } from '../../server/workflows.ts';
import { SEED } from './helpers.ts';

let dir: string;
let wfDir: string;
let store: Store;
const now = new Date('2026-11-30T02:00:00Z');

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'alur-wf-'));
  wfDir = join(dir, 'workflows');
  await mkdir(wfDir);
  await copyFile(SEED, join(wfDir, 'respon-kasus-anak.yaml'));
  store = await openStore(join(dir, 'data'));
});
afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

describe('workflow registry', () => {
  it('tells definition files from scenario files', () => {
    expect(isWorkflowFile('respon-kasus-anak.yaml')).toBe(true);
    expect(isWorkflowFile('x.yml')).toBe(true);
    expect(isWorkflowFile('respon-kasus-anak.scenarios.yaml')).toBe(false);
    expect(isWorkflowFile('schema.json')).toBe(false);
    expect(isWorkflowFile('.hidden.yaml')).toBe(false);
  });

  it('loads the folder, registers version 1 once, and knows role titles', async () => {
    await writeFile(join(wfDir, 'respon-kasus-anak.scenarios.yaml'), 'bukan: definisi\n');
    const reg = await loadWorkflows(wfDir, { versions: store.versions, now });
    expect(reg.problems).toEqual([]);
    expect(reg.list().map((w) => w.id)).toEqual(['respon-kasus-anak']);
    expect(reg.roleTitle('kepala_uptd')).toBe('Kepala UPTD PPA');
    expect(reg.roleTitle('admin')).toBe('Administrator');
    expect((await store.versions.list())).toHaveLength(1);
    await loadWorkflows(wfDir, { versions: store.versions, now });
    expect((await store.versions.list())).toHaveLength(1);
  });

  it('registers a hand-edited file as the next version and still finds the old one for open cases', async () => {
    const first = await loadWorkflows(wfDir, { versions: store.versions, now });
    const v1 = first.get('respon-kasus-anak')!;
    const file = join(wfDir, 'respon-kasus-anak.yaml');
    await writeFile(file, (await readFile(file, 'utf8')).replace('text: 1 Hari', 'text: 2 Hari'));
    const second = await loadWorkflows(wfDir, { versions: store.versions, now });
    const v2 = second.get('respon-kasus-anak')!;
    expect(v2.version).toBe(2);
    expect(v2.completion.text).toBe('2 Hari');
    expect((await store.versions.active('respon-kasus-anak'))!.version).toBe(2);
    const old = second.forCase({ id: v1.id, version: 1, hash: workflowHash(v1) })!;
    expect(old.completion.text).toBe('1 Hari');
    expect(second.forCase({ id: v1.id, version: 1, hash: 'f'.repeat(64) })).toBeUndefined();
  });

  it('reports a broken file with its location and keeps the last good version running', async () => {
    await loadWorkflows(wfDir, { versions: store.versions, now });
    const file = join(wfDir, 'respon-kasus-anak.yaml');
    await writeFile(file, (await readFile(file, 'utf8')).replace('role: kepala_dinas', 'role: kepala_dinsa'));
    const reg = await loadWorkflows(wfDir, { versions: store.versions, now });
    expect(reg.problems.length).toBeGreaterThan(0);
    expect(reg.problems[0]).toMatch(/respon-kasus-anak\.yaml:\d+:\d+/);
    expect(reg.problems.join('\n')).toMatch(/kepala_dinsa/);
    expect(reg.get('respon-kasus-anak')?.version).toBe(1);
  });

  it('refuses a second file with the same id', async () => {
    await copyFile(SEED, join(wfDir, 'salinan.yaml'));
    const reg = await loadWorkflows(wfDir, { now });
    expect(reg.list()).toHaveLength(1);
    expect(reg.problems.join('\n')).toMatch(/sudah dipakai/);
  });

  it('says which folder cannot be read', async () => {
    await expect(loadWorkflows(join(dir, 'tidak-ada'), { now })).rejects.toThrow(/tidak-ada/);
  });
});
