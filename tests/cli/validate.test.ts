/** The real `alur validate` command (node bin/alur.js): exit codes, located messages, never a stack trace. */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SEED = 'workflows/respon-kasus-anak.yaml';
const BROKEN = 'tests/fixtures/broken';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function alur(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['bin/alur.js', ...args], { cwd: ROOT, env: { ...process.env, ALUR_DEBUG: '' } }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** Signs of a stack trace or an exception leaking to the person. */
function expectNoTrace(text: string): void {
  expect(text).not.toMatch(/^\s+at /m);
  expect(text).not.toMatch(/\b(Type|Range|Reference|Syntax)?Error:/);
  expect(text).not.toMatch(/node:internal|\.ts:\d+:\d+\)/);
}

const tmp = mkdtempSync(join(tmpdir(), 'alur-validate-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('alur validate', () => {
  it('passes the seed service: exit 0 and a one-line summary', async () => {
    const r = await alur('validate', SEED);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe(`OK ${SEED} (respon-kasus-anak versi 1, 11 langkah)`);
    expect(r.code).toBe(0);
  });

  it('refuses every broken fixture of a folder with file:line:column messages and exit 1', async () => {
    const r = await alur('validate', BROKEN);
    expect(r.code).toBe(1);
    const files = readdirSync(join(ROOT, BROKEN)).filter((f) => f.endsWith('.yaml'));
    expect(files.length).toBeGreaterThan(30);
    for (const f of files) {
      expect(r.stderr, f).toMatch(new RegExp(`^${BROKEN}/${f.replace(/\./g, '\\.')}:\\d+:\\d+[: ]`, 'm'));
      expect(r.stderr).toContain(`GAGAL ${BROKEN}/${f}:`);
    }
    expect(r.stderr).toContain(`${BROKEN}/unknown-role.yaml:65:11 steps[2].role: Peran \`kepala_dinas\` pada langkah \`setujui\` tidak dikenal.`);
    expect(r.stderr).toContain(`${BROKEN}/tabs.yaml:65:1: Tab dipakai untuk indentasi`);
    expect(r.stdout).toContain(`${files.length} berkas diperiksa: 0 benar, ${files.length} salah.`);
    expectNoTrace(r.stdout + r.stderr);
  });

  it('reads raw bytes: oversized and non-UTF-8 files are refused with a position; scenario files are skipped', async () => {
    copyFileSync(join(ROOT, SEED), join(tmp, 'baik.yaml'));
    writeFileSync(join(tmp, 'baik.scenarios.yaml'), 'ini: [bukan definisi');
    writeFileSync(join(tmp, 'latin1.yaml'), Buffer.concat([Buffer.from('id: uji\ntitle: Caf'), Buffer.from([0xe9]), Buffer.from('\n')]));
    writeFileSync(join(tmp, 'besar.yaml'), `# ${'x'.repeat(600 * 1024)}\n`);
    const r = await alur('validate', tmp);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`OK ${join(tmp, 'baik.yaml')} (respon-kasus-anak versi 1, 11 langkah)`);
    expect(r.stderr).toContain(`${join(tmp, 'latin1.yaml')}:2:11: Berkas bukan teks UTF-8`);
    expect(r.stderr).toMatch(new RegExp(`${join(tmp, 'besar.yaml').replace(/[.\\/]/g, '\\$&')}: Berkas terlalu besar \\(601 KiB\\)`));
    expect(r.stdout + r.stderr).not.toContain('scenarios');
    expect(r.stdout).toContain('3 berkas diperiksa: 1 benar, 2 salah.');
    expectNoTrace(r.stdout + r.stderr);
  });

  it('says so when a file does not exist (exit 1), and shows usage without arguments (exit 2)', async () => {
    const missing = await alur('validate', 'workflows/tidak-ada.yaml', SEED);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('workflows/tidak-ada.yaml: Berkas tidak ditemukan.');
    expect(missing.stdout).toContain(`OK ${SEED}`);
    const bare = await alur('validate');
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain('Pemakaian: alur validate');
    expectNoTrace(missing.stderr + bare.stderr);
  });
});

describe('alur', () => {
  it('lists its commands in Indonesian; an unknown command exits 2 with a suggestion', async () => {
    const help = await alur('help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Pemakaian: alur PERINTAH');
    expect(help.stdout).toMatch(/^\s+validate\s+periksa berkas definisi layanan/m);
    const typo = await alur('validat', SEED);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('alur: perintah "validat" tidak dikenal. Maksud Anda "alur validate"?');
    expectNoTrace(help.stdout + typo.stderr);
  });
});
