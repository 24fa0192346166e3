/**
 * Restoring an older backup over a data folder must not make the audit trail quietly shorter: the entries written
 * after the backup (who opened which child's case since) stay in the restored folder, and the restored log says that
 * a restore happened, from which backup, and which log it replaced (its length and last hash, so that copy is
 * anchored in the new chain). And a damaged case file is reported on the console without quoting what it holds.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { backup, openStore, restore } from '../../../server/store/index.ts';
import { AUDIT_FILE, verifyAuditFile } from '../../../server/store/index.ts';
import { caseFile, parseCaseFile } from '../../../server/store/file/case-files.ts';
import { PLAIN_CODEC } from '../../../engine/ports/store.ts';
import { makeCase, putCase, tempDir } from '../store/helpers.ts';

const AT = '2026-11-30T02:00:00.000Z';

describe('restore over a data folder', () => {
  it('keeps the audit entries written after the backup and records the restore in the chain', async () => {
    const dir = join(await tempDir(), 'data');
    let store = await openStore(dir);
    await putCase(store, makeCase('RKA-20261130-00001'));
    for (let i = 0; i < 3; i++) await store.audit.append({ at: AT, actor: 'fo1', action: 'case.view', caseId: 'RKA-20261130-00001' });
    await store.close();
    const archive = join(await tempDir(), 'cadangan.tar.gz');
    await backup(dir, archive);

    // After the backup: two more people open the case, then the folder is damaged and restored.
    store = await openStore(dir);
    await store.audit.append({ at: '2026-11-30T03:00:00.000Z', actor: 'bt1', action: 'case.view', caseId: 'RKA-20261130-00001' });
    await store.audit.append({ at: '2026-11-30T04:00:00.000Z', actor: 'ku1', action: 'case.view', caseId: 'RKA-20261130-00001' });
    const head = await store.audit.head();
    await store.close();

    const report = await restore(archive, dir, { replace: true });
    expect(report.auditEntries).toBe(3);
    expect(report.replacedAudit).toMatchObject({ entries: 5, head: head.hash, whole: true });

    const restored = await openStore(dir);
    try {
      const chain = await restored.audit.verify();
      expect(chain.ok).toBe(true);
      const [last] = await restored.audit.list({ limit: 1 });
      expect(last).toMatchObject({ seq: 4, action: 'data.restore', actor: 'cli' });
      const details = last!.details as Record<string, unknown>;
      expect(details).toMatchObject({ restoredEntries: 3, replacedEntries: 5, replacedHead: head.hash, notInBackup: 2, replacedLog: report.replacedAudit!.file });
      // The replaced log is kept inside the data folder (so the next backups carry it), whole and matching its record.
      const kept = join(dir, report.replacedAudit!.file);
      expect(await verifyAuditFile(kept)).toMatchObject({ ok: true, entries: 5, head: head.hash });
      expect(await readFile(kept, 'utf8')).toContain('"actor":"ku1"');
    } finally {
      await restored.close();
    }
    // The next backup and restore carry both.
    const again = join(await tempDir(), 'lagi.tar.gz');
    await backup(dir, again);
    const elsewhere = join(await tempDir(), 'pulih');
    const second = await restore(again, elsewhere);
    expect(second.auditEntries).toBe(4);
    expect(await readFile(join(elsewhere, report.replacedAudit!.file), 'utf8')).toContain('"actor":"bt1"');
    expect(await readFile(join(elsewhere, AUDIT_FILE), 'utf8')).toContain('data.restore');
  });
});

describe('a damaged case file', () => {
  it('is reported at start by its name and place, without quoting the child\'s data around the damage', async () => {
    const dir = join(await tempDir(), 'data');
    let store = await openStore(dir);
    await putCase(store, makeCase('RKA-20261130-00009', { data: { anak_nama: 'Qorvexia Anakmarka', kronologi: 'Kronomarka dipukul.' } }));
    await store.close();
    const file = caseFile(join(dir, 'cases'), 'RKA-20261130-00009');
    const text = await readFile(file, 'utf8');
    // The name is sealed at rest (server/store/crypt): the file holds no trace of it.
    expect(text).not.toMatch(/Anakmarka|Qorvexia|Kronomarka/);
    // One byte lost before the child's (sealed) name, as a failing disk might: the parser would quote the text around it.
    const damaged = text.replace('"anak_nama":{', 'anak_nama":{');
    expect(damaged).not.toBe(text);
    await writeFile(file, damaged);
    store = await openStore(dir);
    try {
      const messages = store.problems.map((p) => p.message).join('\n');
      expect(messages).toContain('RKA-20261130-00009');
      expect(messages).not.toMatch(/Anakmarka|Qorvexia|Kronomarka|\$sealed/);
    } finally {
      await store.close();
    }
  });
});
