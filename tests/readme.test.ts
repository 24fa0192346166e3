/** The README's engine example is run as written (paths aside), so the documentation cannot drift from the API. */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'alur-readme-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The first ```ts block after the heading `title`. */
function example(title: string): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf(`## ${title}`));
  const m = /```ts\n([\s\S]*?)```/.exec(section);
  if (!m) throw new Error(`no TypeScript example under "${title}"`);
  return m[1];
}

describe('README', () => {
  it('the "Embedding the engine" example runs and prints the next open task', async () => {
    const code = example('Embedding the engine').replaceAll("'./", `'${ROOT}`).replace("loadWorkflowFile('workflows/", `loadWorkflowFile('${ROOT}workflows/`);
    const file = join(tmp, 'example.mts');
    writeFileSync(file, code);
    const out = await new Promise<string>((resolve, reject) =>
      execFile(process.execPath, ['--import', 'tsx', file], { cwd: ROOT }, (err, stdout, stderr) => (err ? reject(new Error(stderr)) : resolve(stdout))),
    );
    expect(out).toContain("step: 'proses-laporan'");
    expect(out).toContain("roles: [ 'bidang_teknis' ]");
  });
});
