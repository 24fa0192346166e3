/**
 * Every action the server records in the audit log has its Indonesian name on the audit page: the names are read
 * from the code itself (each `action: '…'` of the server's sources), so a new action without a label fails here.
 * An attachment's entry reads in words (where the file belongs, its type and size), never with the file's name.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION_LABELS } from '../../server/audit/labels.ts';
import { directIntake, makeBench, type Bench } from './helpers.ts';

const SERVER = fileURLToPath(new URL('../../server/', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : []));
}

/** The action names recorded in the code: the quoted names of each `action: …` expression (ternaries included). */
function recordedActions(): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of sources(SERVER)) {
    for (const m of readFileSync(file, 'utf8').matchAll(/\baction:\s*([^,}\n]+)/g)) {
      for (const q of m[1]!.matchAll(/'([a-z]+(?:\.[a-z-]+)*)'/g)) found.set(q[1]!, file.slice(SERVER.length));
    }
  }
  return found;
}

describe('audit action labels', () => {
  it('every action recorded in the code has a label', () => {
    const recorded = recordedActions();
    // The walk finds what it should (a walk that finds nothing would pass anything).
    for (const known of ['login.ok', 'case.start', 'attachment.add', 'attachment.view', 'letter.revoke', 'case.track.reissue', 'user.enable']) expect([...recorded.keys()]).toContain(known);
    expect(recorded.size).toBeGreaterThan(40);
    const missing = [...recorded].filter(([a]) => !ACTION_LABELS[a]).map(([a, file]) => `${a} (${file})`);
    expect(missing).toEqual([]);
  });

  it('labels are Indonesian sentences, not ids', () => {
    for (const [action, label] of Object.entries(ACTION_LABELS)) {
      expect(label, action).not.toBe(action);
      expect(label, action).toMatch(/^[A-Z]/);
    }
  });
});

describe('an attachment on the audit page', () => {
  let b: Bench;
  beforeAll(async () => {
    b = await makeBench();
  });
  afterAll(() => b.close());

  it('reads in words: where the file belongs, its type and size, and how it was opened', async () => {
    const started = await b.app.request('/api/v1/cases', { method: 'POST', headers: { authorization: `Bearer ${await b.token('front_office')}`, 'content-type': 'application/json' }, body: JSON.stringify({ workflow: 'respon-kasus-anak', data: directIntake() }) });
    expect(started.status).toBe(201);
    const caseId = ((await started.json()) as { id: string }).id;
    const at = b.clock.now.toISOString();
    const details = { attachment: 'lp-AAAAAAAAAAAAAAAAAAAAAA', type: 'image/jpeg', size: 150_000, requirement: 'ktp-kk' };
    await b.store.audit.append({ at, actor: 'front_office', action: 'attachment.add', caseId, details });
    await b.store.audit.append({ at, actor: 'kepala_uptd', action: 'attachment.view', caseId, details: { ...details, via: 'kasus' } });
    const res = await b.app.request('/audit', { headers: { cookie: await b.login('admin') } });
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).toContain('Melampirkan berkas pada kasus');
    expect(html).toContain('Membuka atau mengunduh berkas lampiran');
    expect(html).toContain('Salinan persyaratan: Fotocopy KTP / KK');
    expect(html).toContain('JPEG, 146 KB');
    expect(html).toContain('Dibuka lewat halaman kasus');
    expect(html).not.toContain('>attachment.add<');
    expect(html).not.toContain('requirement: ktp-kk');
  });
});
