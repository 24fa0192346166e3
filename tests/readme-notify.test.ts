/**
 * The README's notifications section says what the code does: every ALUR_ setting it names is read by the server,
 * every gateway placeholder it lists is filled, and the example message, its subject and its in-app line are the
 * ones composed for that notice (server/notify/message.ts), word for word.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadWorkflowFile } from '../engine/definition/index.ts';
import type { Notice, NoticeKind } from '../engine/notifications.ts';
import { fillTemplate } from '../server/notify/channels.ts';
import { composeMessage } from '../server/notify/message.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const start = readme.indexOf('## Risk first and notifications');
const section = readme.slice(start, readme.indexOf('\n## ', start + 3));
/** The server files that read the settings. */
const code = ['server/notify/channels.ts', 'server/cli/serve.ts'].map((f) => readFileSync(join(ROOT, f), 'utf8')).join('\n');
const squash = (t: string) => t.replace(/\s+/g, ' ').trim();

const loaded = loadWorkflowFile(join(ROOT, 'workflows/respon-kasus-anak.yaml'));
if (!loaded.ok) throw new Error(loaded.errors.map((e) => e.message).join('\n'));
const wf = loaded.workflow;

/** The README's example: the Kepala UPTD PPA's validation of a Darurat report, due 15.00 WIB. */
const notice = (kind: NoticeKind): Notice => ({
  key: 'contoh',
  kind,
  caseId: 'RKA-20261130-7F3K2',
  workflow: wf.id,
  at: '2026-11-30T02:00:00.000Z',
  step: 'validasi-laporan',
  task: 't1',
  deadline: 'respon-darurat',
  due: '2026-11-30T08:00:00.000Z',
  roles: kind === 'escalation' ? ['sekretaris'] : ['kepala_uptd'],
  usernames: [],
  channels: ['inapp', 'email', 'gateway'],
});

describe('README, Risk first and notifications', () => {
  it('names only settings the server reads', () => {
    const names = [...new Set(section.match(/ALUR_[A-Z_]+/g) ?? [])];
    expect(names.length).toBeGreaterThanOrEqual(12);
    const unknown = names.filter((n) => !new RegExp(`\\b${n}\\b`).test(code));
    expect(unknown).toEqual([]);
  });

  it('lists the gateway placeholders the code fills, and no other', () => {
    const listed = [...new Set([...section.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]!))].sort();
    expect(listed).toEqual(['id', 'link', 'subject', 'text', 'to', 'to_intl']);
    for (const name of listed) expect(fillTemplate(`{{${name}}}`, { [name]: 'X' }, (v) => v), name).toBe('X');
  });

  it('shows the message, its subject and its in-app line as they are composed', () => {
    const block = /```text\n([\s\S]*?)```/.exec(section)![1]!;
    // The left column is the message; the right one lists the other kinds.
    const left = block.trimEnd().split('\n').map((l) => l.split(/\s{3,}/)[0]!.trimEnd());
    const right = squash(block.split('\n').map((l) => l.split(/\s{3,}/)[1] ?? '').join(' '));
    const m = composeMessage(wf, notice('arrival'), 'https://alur.dinsos.contoh.go.id');
    expect(left).toEqual(m.text.split('\n'));
    expect(section).toContain(`The e-mail's subject is\n\`${m.subject}\``);
    expect(squash(section)).toContain(`In the app the same notice is one line: \`${m.line}\``);
    // The other kinds, by their first words.
    const others = (['assigned', 'reminder', 'overdue', 'escalation'] as const).map((k) => composeMessage(wf, notice(k)).text.split(':')[0]);
    expect(others.map((w) => w === 'Eskalasi' ? 'Eskalasi: batas waktu terlewat' : w).join(', ')).toBe(/\(also: (.*)\)/.exec(right)![1]);
    expect(composeMessage(wf, notice('escalation')).text).toContain('Diteruskan kepada: Sekretaris');
    expect(section).toContain('An escalation adds `Diteruskan kepada: Sekretaris` and links to the case page');
    expect(composeMessage(wf, notice('escalation')).href).toBe('/kasus/RKA-20261130-7F3K2');
  });
});
