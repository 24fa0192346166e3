/** What only the file store does: its files on disk, damaged or left over by a crash, and the journal replayed. */
import { appendFile, readdir, readFile, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CaseExistsError, CorruptCaseError, CorruptFileError, openStore } from '../../server/store/index.ts';
import { caseFile } from '../../server/store/file/case-files.ts';
import { makeCase, nextRev, tempDir } from '../server/store/helpers.ts';
import { changeCase, putCase } from './contract.ts';

describe('file store on disk', () => {
  it('removes temp files a crash left behind and keeps the case as last acknowledged', async () => {
    const dir = await tempDir();
    let store = await openStore(dir);
    const c = makeCase('RKA-20261130-EEEEE');
    await putCase(store, c);
    await store.close();
    const file = caseFile(join(dir, 'cases'), c.id);
    const leftover = join(file, '..', `.${c.id}.json.tmp-4242-0a1b2c3d`);
    await writeFile(leftover, '{"id":"RKA-20261130-EEEEE","rev":2,"da');
    store = await openStore(dir);
    expect(store.problems).toMatchObject([{ severity: 'info', file: leftover }]);
    expect(await store.cases.get(c.id)).toEqual(c);
    expect(await readdir(join(file, '..'))).toEqual([`${c.id}.json`]);
    await store.close();
  });

  it('reports a truncated case file, still opens with every other case, and never overwrites the damaged one', async () => {
    const dir = await tempDir();
    let store = await openStore(dir);
    await putCase(store, makeCase('RKA-20261130-FFFFF'));
    await putCase(store, makeCase('RKA-20261130-GGGGG'));
    await store.close();
    const damaged = caseFile(join(dir, 'cases'), 'RKA-20261130-GGGGG');
    await truncate(damaged, 40);
    store = await openStore(dir);
    expect(store.problems).toHaveLength(1);
    expect(store.problems[0]).toMatchObject({ severity: 'error', file: damaged });
    expect(store.problems[0]!.message).toMatch(/RKA-20261130-GGGGG tidak dapat dibaca/);
    expect(await store.cases.count()).toBe(1);
    expect(await store.cases.get('RKA-20261130-FFFFF')).toBeDefined();
    await expect(store.cases.get('RKA-20261130-GGGGG')).rejects.toBeInstanceOf(CorruptCaseError);
    await expect(putCase(store, makeCase('RKA-20261130-GGGGG'))).rejects.toBeInstanceOf(CaseExistsError);
    expect((await readFile(damaged, 'utf8')).length).toBe(40);
    await store.close();
  });

  it('reports a case file whose content is not the case its name says', async () => {
    const dir = await tempDir();
    let store = await openStore(dir);
    await putCase(store, makeCase('RKA-20261130-HHHHH'));
    await store.close();
    await writeFile(caseFile(join(dir, 'cases'), 'RKA-20261130-HHHHH'), JSON.stringify(makeCase('OTHER-1')));
    store = await openStore(dir);
    expect(store.problems[0]?.message).toMatch(/tidak cocok dengan nama berkas/);
    await store.close();
  });

  it('reads a case file of an earlier data folder (the case alone, no summary line)', async () => {
    const dir = await tempDir();
    let store = await openStore(dir);
    await putCase(store, makeCase('RKA-20261130-JJJJJ'));
    await store.close();
    const c = makeCase('RKA-20261130-JJJJJ', { current: 'proses-laporan' });
    await writeFile(caseFile(join(dir, 'cases'), c.id), JSON.stringify(c, null, 2));
    store = await openStore(dir);
    expect(store.problems).toEqual([]);
    expect(await store.cases.get(c.id)).toEqual(c);
    expect((await store.cases.summary(c.id))?.current).toBe('proses-laporan');
    await store.close();
  });

  it('refuses to open over a damaged accounts file, naming it', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'users.json'), '{"users": {"fo1": ');
    await expect(openStore(dir)).rejects.toBeInstanceOf(CorruptFileError);
    await expect(openStore(dir)).rejects.toThrow(/users\.json rusak/);
  });

  it('refuses use after close', async () => {
    const store = await openStore(await tempDir());
    await store.close();
    await expect(store.cases.get('A-1')).rejects.toThrow(/ditutup/);
  });

  it('replays the journal over files a crash left behind, and drops a journal line cut short', async () => {
    const dir = await tempDir();
    let store = await openStore(dir, { checkpointBytes: 1 << 30 });
    const c = makeCase('RKA-20261130-KKKKK');
    await putCase(store, c);
    await store.close();
    // A crash after the journal was written and before the files: the journal holds rev 2, the file rev 1.
    store = await openStore(dir, { checkpointBytes: 1 << 30 });
    await changeCase(store, nextRev(c, { current: 'proses-laporan' }), 1);
    await store.audit.append({ at: '2026-11-30T03:00:00.000Z', actor: 'fo1', action: 'case.view', caseId: c.id });
    const journal = await readFile(join(dir, 'journal.jsonl'), 'utf8');
    expect(journal.split('\n').filter(Boolean)).toHaveLength(2);
    const audit = await readFile(join(dir, 'audit.jsonl'), 'utf8');
    const caseText = await readFile(caseFile(join(dir, 'cases'), c.id), 'utf8');
    // Simulate the crash: put the files back as they were before, keep the journal, leave a torn line.
    await (store as unknown as { journal: { close(): Promise<void> } }).journal.close();
    const { release } = (store as unknown as { lock: { release(): Promise<void> } }).lock as { release(): Promise<void> };
    await release.call((store as unknown as { lock: object }).lock);
    await writeFile(join(dir, 'audit.jsonl'), audit.split('\n').slice(0, -2).join('\n') + (audit.split('\n').length > 2 ? '\n' : ''));
    await writeFile(caseFile(join(dir, 'cases'), c.id), caseText.replace('"rev":2', '"rev":1').replace('proses-laporan', 'periksa-dokumen'));
    await appendFile(join(dir, 'journal.jsonl'), '{"n":99,"c":"abc","p":"[{\\"o\\":');
    store = await openStore(dir);
    expect(store.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect((await store.cases.get(c.id))?.rev).toBe(2);
    expect((await store.cases.get(c.id))?.current).toBe('proses-laporan');
    expect(await store.audit.verify()).toMatchObject({ ok: true, entries: 1 });
    expect((await readFile(join(dir, 'journal.jsonl'), 'utf8')).length).toBe(0);
    await store.close();
  });
});
