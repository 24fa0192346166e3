import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { entryHash } from '../../../server/store/file/audit-log.ts';
import { AUDIT_FILE, openStore, verifyAuditFile } from '../../../server/store/index.ts';
import type { AuditEntry } from '../../../server/store/types.ts';
import { tempDir } from './helpers.ts';

/** A data folder whose audit log holds `n` entries; returns the folder and the log's lines. */
async function logWith(n: number): Promise<{ dir: string; file: string; lines: string[] }> {
  const dir = await tempDir();
  const store = await openStore(dir);
  for (let i = 1; i <= n; i++) {
    await store.audit.append({ at: `2026-11-30T02:00:${String(i).padStart(2, '0')}.000Z`, actor: i % 2 ? 'fo1' : 'kuptd', action: i % 3 ? 'case.view' : 'step.complete', caseId: `RKA-${i % 2}`, details: { n: i } });
  }
  await store.close();
  const file = join(dir, AUDIT_FILE);
  return { dir, file, lines: (await readFile(file, 'utf8')).trimEnd().split('\n') };
}

const rewrite = (file: string, lines: string[]) => writeFile(file, lines.join('\n') + '\n');

describe('audit log', () => {
  it('chains entries (each names the hash of the one before) and verifies an untouched log', async () => {
    const { file, lines } = await logWith(5);
    const entries = lines.map((l) => JSON.parse(l) as AuditEntry);
    expect(entries.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(entries[0]!.prev).toBe('0'.repeat(64));
    for (let i = 1; i < 5; i++) expect(entries[i]!.prev).toBe(entries[i - 1]!.hash);
    expect(await verifyAuditFile(file)).toEqual({ ok: true, entries: 5, head: entries[4]!.hash });
  });

  it('catches entries cut off the end against an anchor recorded earlier, and a rewritten anchor entry', async () => {
    const { file, lines } = await logWith(6);
    const fifth = JSON.parse(lines[4]!) as AuditEntry;
    const anchor = { seq: 5, hash: fifth.hash };
    expect(await verifyAuditFile(file, undefined, anchor)).toMatchObject({ ok: true, entries: 6 });
    await rewrite(file, lines.slice(0, 3));
    // Without the anchor a shortened chain still looks whole; with it, the cut is named.
    expect(await verifyAuditFile(file)).toMatchObject({ ok: true, entries: 3 });
    const cut = await verifyAuditFile(file, undefined, anchor);
    expect(cut).toMatchObject({ ok: false, code: 'truncated', entries: 3, line: 4 });
    expect(!cut.ok && cut.message).toContain('2 catatan terakhir telah dipotong');
    expect(await verifyAuditFile(file, undefined, { seq: 3, hash: fifth.hash })).toMatchObject({ ok: false, code: 'edited', line: 3 });
  });

  it('continues the chain after a reopen', async () => {
    const { dir, file } = await logWith(3);
    const store = await openStore(dir);
    expect((await store.audit.head()).seq).toBe(3);
    const e = await store.audit.append({ at: '2026-11-30T03:00:00.000Z', actor: 'admin', action: 'user.disable', details: { username: 'fo2' } });
    expect(e.seq).toBe(4);
    expect(await store.audit.verify()).toEqual({ ok: true, entries: 4, head: e.hash });
    await store.close();
    expect(await verifyAuditFile(file)).toEqual({ ok: true, entries: 4, head: e.hash });
  });

  it('names the line of an edited entry', async () => {
    const { file, lines } = await logWith(6);
    lines[3] = lines[3]!.replace('"n":4', '"n":40');
    await rewrite(file, lines);
    const result = await verifyAuditFile(file);
    expect(result).toMatchObject({ ok: false, line: 4, code: 'edited', entries: 3 });
    expect(!result.ok && result.message).toMatch(/^Log audit baris 4: isi catatan telah diubah/);
  });

  it('catches an edit whose author recomputed the entry hash, at the next line', async () => {
    const { file, lines } = await logWith(6);
    const e = JSON.parse(lines[2]!) as AuditEntry;
    e.actor = 'orang-lain';
    e.hash = entryHash(e);
    lines[2] = JSON.stringify(e);
    await rewrite(file, lines);
    expect(await verifyAuditFile(file)).toMatchObject({ ok: false, line: 4, code: 'edited' });
  });

  it('names the line where a deleted entry is missing', async () => {
    const { file, lines } = await logWith(6);
    lines.splice(2, 1);
    await rewrite(file, lines);
    const result = await verifyAuditFile(file);
    expect(result).toMatchObject({ ok: false, line: 3, code: 'missing' });
    expect(!result.ok && result.message).toMatch(/1 catatan sebelum baris ini hilang/);
  });

  it('names a swapped pair and a line that is not an entry', async () => {
    const { file, lines } = await logWith(6);
    const swapped = [...lines];
    [swapped[1], swapped[2]] = [swapped[2]!, swapped[1]!];
    await rewrite(file, swapped);
    expect(await verifyAuditFile(file)).toMatchObject({ ok: false, line: 2, code: 'missing' });
    const inserted = [...lines];
    inserted.splice(4, 0, '{"seq": 5, "catatan": "palsu"}');
    await rewrite(file, inserted);
    expect(await verifyAuditFile(file)).toMatchObject({ ok: false, line: 5, code: 'malformed' });
  });

  it('drops a last line cut short by a crash (never acknowledged) and goes on with a valid chain', async () => {
    const { dir, file } = await logWith(3);
    await appendFile(file, '{"seq":4,"prev":"abc","at":"2026-');
    const store = await openStore(dir);
    expect(store.problems).toMatchObject([{ file, severity: 'info' }]);
    const fourth = await store.audit.append({ at: '2026-11-30T04:00:00.000Z', actor: 'fo1', action: 'login.ok' });
    expect(fourth.seq).toBe(4);
    expect(await store.audit.verify()).toEqual({ ok: true, entries: 4, head: fourth.hash });
    await store.close();
  });

  it('opens over a damaged last entry, reports it, and verify names its line', async () => {
    const { dir, file } = await logWith(3);
    await appendFile(file, 'bukan json\n');
    const store = await openStore(dir);
    expect(store.problems).toMatchObject([{ file, severity: 'error' }]);
    expect(store.problems[0]!.message).toMatch(/baris 4/);
    expect((await store.audit.append({ at: '2026-11-30T04:00:00.000Z', actor: 'fo1', action: 'login.ok' })).seq).toBe(5);
    expect(await store.audit.verify()).toMatchObject({ ok: false, line: 4, code: 'malformed' });
    await store.close();
  });

  it('lists entries newest first, filtered by case, actor and action, with paging', async () => {
    const { dir } = await logWith(9);
    const store = await openStore(dir);
    expect((await store.audit.list({ caseId: 'RKA-1' })).map((e) => e.seq)).toEqual([9, 7, 5, 3, 1]);
    expect((await store.audit.list({ actor: 'kuptd', action: 'step.complete' })).map((e) => e.seq)).toEqual([6]);
    expect((await store.audit.list({ limit: 3 })).map((e) => e.seq)).toEqual([9, 8, 7]);
    expect((await store.audit.list({ limit: 3, before: 7 })).map((e) => e.seq)).toEqual([6, 5, 4]);
    await store.close();
  });
});
