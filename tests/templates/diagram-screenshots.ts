/**
 * Screenshots of the procedure diagram of every service in workflows/, at desktop and phone widths, into
 * test-results/ (for people to look at; not a test). Run: npx tsx tests/templates/diagram-screenshots.ts [id...]
 */
import { mkdtempSync, readdirSync, readFileSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchBrowser } from '../browser/harness.ts';
import { formatDefinitionError, loadWorkflowFile } from '../../engine/definition/index.ts';
import { DIAGRAM_CSS_PATH, renderDiagram } from '../../templates/diagram/index.tsx';

const root = new URL('../../', import.meta.url).pathname;
const only = process.argv.slice(2);
const files = readdirSync(join(root, 'workflows')).filter(
  (f) => f.endsWith('.yaml') && !f.endsWith('.scenarios.yaml') && f !== 'office.yaml' && (!only.length || only.includes(f.replace(/\.yaml$/, ''))),
);
const css = readFileSync(DIAGRAM_CSS_PATH, 'utf8');
const out = join(root, 'test-results');
mkdirSync(out, { recursive: true });

const profile = mkdtempSync(join(tmpdir(), 'alur-diagram-'));
const browser = await launchBrowser(profile, { width: 1920, height: 1080 });
try {
  for (const file of files) {
    const loaded = loadWorkflowFile(join(root, 'workflows', file));
    if (!loaded.ok) {
      console.error(loaded.errors.map(formatDefinitionError).join('\n'));
      continue;
    }
    const workflow = loaded.workflow;
    const diagram = await renderDiagram(workflow, { textOpen: true });
    const html = `<!doctype html><html lang="id"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font-family:'Liberation Sans',Arial,sans-serif;margin:16px;color:#1f2d3d} ${css}</style></head>
<body><h1>${workflow.title}</h1>${await diagram.toString()}</body></html>`;
    for (const [suffix, width] of [['', 1920], ['-ponsel', 390]] as const) {
      const page = await browser.newPage();
      await page.setViewportSize({ width, height: 800 });
      await page.setContent(html);
      const path = join(out, `diagram-${workflow.id}${suffix}.png`);
      await page.screenshot({ path, fullPage: true });
      await page.close();
      console.log(path);
    }
  }
} finally {
  await browser.close();
  rmSync(profile, { recursive: true, force: true });
}
