/**
 * The Respon Kasus Anak decree change (step 7 to the Sekretaris, 2 days, a sixth requirement with its checklist
 * line) in a real browser, by the structured SOP editor and by typing in the raw YAML: the clicks and keystrokes a
 * person makes on each route, a keystroke-level estimate of their time, and how long the scripted run took
 * (server round trips included) on a real server on loopback.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parseWorkflow } from '../engine/definition/index.ts';
import { Effort, mendStaleTexts, rawDecreeChange, structuredDecreeChange } from '../tests/browser/decree-change.ts';
import { officeClock, startHarness, type Harness } from '../tests/browser/harness.ts';

const WORKFLOWS = new URL('../workflows/', import.meta.url).pathname;
const PASSWORD = 'kata-sandi-admin-123';
const ID = 'respon-kasus-anak';

interface Run {
  route: string;
  effort: Effort;
  ms: number;
}

/** The draft does the decree change: checked by the same loader as every door. */
function check(text: string, mended: boolean): void {
  const r = parseWorkflow(text, `${ID}.yaml`);
  if (!r.ok) throw new Error(`the ${ID} draft is not valid: ${r.errors.map((e) => `${e.line}: ${e.message}`).join('; ')}`);
  const wf = r.workflow;
  const ok = wf.steps.find((s) => s.id === 'arahan-kepala-dinas')?.role === 'sekretaris' && wf.completion.duration === 'P2D' && wf.completion.text === '2 Hari' && wf.requirements.length === 6;
  const stale = text.includes('diteruskan ke Kepala Dinas');
  if (!ok || stale === mended) throw new Error('the decree change is not in the draft as expected');
}

async function route(h: Harness, name: string, mend: boolean, run: (e: Effort) => Promise<void>): Promise<Run> {
  const page = h.page;
  await page.goto(`${h.server.url}/admin/layanan/${ID}`);
  await page.locator('#struktur').waitFor();
  const effort = new Effort(page);
  const started = performance.now();
  await run(effort);
  const ms = performance.now() - started;
  check(await page.inputValue('#sumber'), mend);
  return { route: name, effort, ms };
}

export async function editorBench(): Promise<string[]> {
  const files = (await readdir(WORKFLOWS)).filter((n) => n.endsWith('.yaml')).map((n) => join(WORKFLOWS, n));
  const h = await startHarness({
    workflowFiles: files,
    staff: { 'admin.bench': { roles: ['admin'], name: 'Admin Bench' } },
    password: PASSWORD,
    now: officeClock('2026-11-30T02:30:00Z'),
    viewport: { width: 1366, height: 768 },
  });
  try {
    await h.page.goto(`${h.server.url}/login`);
    await h.page.fill('#username', 'admin.bench');
    await h.page.fill('#password', PASSWORD);
    await h.page.click('button[type=submit]');
    await h.page.waitForURL(/\/(tugas|admin)/);
    const runs = [
      await route(h, 'Formulir SOP', false, structuredDecreeChange),
      await route(h, 'Teks YAML', false, (e) => rawDecreeChange(e, { mend: false })),
      await route(h, 'Formulir SOP, teks yang masih menyebut Kepala Dinas diperbaiki', true, async (e) => {
        await structuredDecreeChange(e);
        await mendStaleTexts(e);
      }),
      await route(h, 'Teks YAML, teks yang masih menyebut Kepala Dinas diperbaiki', true, (e) => rawDecreeChange(e, { mend: true })),
    ];
    return [
      '## SOP editor: the decree change by form and by text',
      '',
      'Respon Kasus Anak, the change of issue 14 (step 7 to the Sekretaris, completion 2 days, a sixth requirement',
      'and its line in the intake\'s checklist of documents received), done in Chromium on a real server on loopback',
      '(`npm run bench -- editor`). Clicks and keystrokes are what a person does: a picker is two clicks, finding a',
      'line in the text is Ctrl+F, the words, Enter and Esc, selecting a word is a double click. The estimate uses',
      'the keystroke-level model (1.1 s to point and click, 0.28 s a keystroke), without reading or thinking time;',
      'the scripted run is the time the script took, server round trips included (the form writes each change into',
      'the text when the input is left). Both routes end with the same valid draft, checked by the loader. The text',
      'route does not show which texts still name the Kepala Dinas: the form lists them with a one-click mend.',
      '',
      '| route | clicks | keystrokes | estimated person time | scripted run |',
      '| --- | ---: | ---: | ---: | ---: |',
      ...runs.map((r) => `| ${r.route} | ${r.effort.clicks} | ${r.effort.keys} | ${r.effort.seconds()} s | ${(r.ms / 1000).toFixed(1)} s |`),
      '',
    ];
  } finally {
    await h.close();
  }
}
