/** `alur test FILE|DIR...`: runs the scenario files (`*.scenarios.yaml`) beside the workflows and reports each scenario. */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { formatDefinitionError, loadWorkflowFile } from '../../engine/definition/index.ts';
import { officeBeside } from '../office.ts';
import { checkScenarioFile, runScenario, type ScenarioFile } from '../../engine/scenario.ts';
import { checkScenarioSource } from '../../engine/scenario-schema.ts';

export const summary = 'jalankan skenario uji: alur test workflows/ atau alur test BERKAS.scenarios.yaml';

/** Scenario files named by the arguments: a directory's *.scenarios.yaml, a workflow's sibling, or the file itself. */
function scenarioFiles(args: string[]): string[] {
  const out: string[] = [];
  for (const a of args) {
    if (existsSync(a) && statSync(a).isDirectory()) {
      for (const f of readdirSync(a).sort()) if (f.endsWith('.scenarios.yaml')) out.push(join(a, f));
    } else if (a.endsWith('.scenarios.yaml')) out.push(a);
    else out.push(a.replace(/\.ya?ml$/, '.scenarios.yaml'));
  }
  return out;
}

export async function run(args: string[]): Promise<number> {
  const targets = args.filter((a) => !a.startsWith('--'));
  if (!targets.length) {
    console.error(`Pemakaian: alur ${summary}`);
    return 2;
  }
  const files = scenarioFiles(targets);
  if (!files.length) {
    console.error(`Tidak ada berkas skenario (*.scenarios.yaml) di ${targets.join(', ')}.`);
    return 1;
  }
  let passed = 0;
  let failed = 0;
  for (const file of files) {
    if (!existsSync(file)) {
      console.error(`${file}: berkas skenario tidak ada.`);
      failed++;
      continue;
    }
    // The file's shape first (workflows/scenarios.schema.json), each problem at its line and column.
    const checked = checkScenarioSource(readFileSync(file), file);
    if (!checked.ok) {
      for (const e of checked.errors) console.error(formatDefinitionError(e));
      console.error(`GAGAL ${file}: ${checked.errors.length} kesalahan pada berkas skenario.\n`);
      failed++;
      continue;
    }
    const doc: ScenarioFile = checked.file;
    const problems = checkScenarioFile(doc);
    if (problems.length) {
      for (const p of problems) console.error(`${file}: ${p}`);
      failed++;
      continue;
    }
    const workflowFile = join(dirname(file), `${doc.workflow}.yaml`);
    const office = officeBeside(workflowFile);
    if (office.error) {
      console.error(`${file}: ${office.error}`);
      failed += doc.scenarios.length;
      continue;
    }
    const loaded = loadWorkflowFile(workflowFile, { office: office.office });
    if (!loaded.ok) {
      console.error(`${file}: alur ${doc.workflow} tidak valid (${workflowFile}):`);
      for (const e of loaded.errors) console.error(`  ${formatDefinitionError(e)}`);
      failed += doc.scenarios.length;
      continue;
    }
    console.log(`${basename(file)} (${loaded.workflow.title} versi ${loaded.workflow.version})`);
    for (const s of doc.scenarios) {
      const r = await runScenario(loaded.workflow, s);
      if (r.passed) passed++;
      else failed++;
      console.log(`  ${r.passed ? 'LULUS' : 'GAGAL'}  ${r.name}`);
      for (const f of r.failures) console.log(`         - ${f}`);
    }
  }
  console.log('');
  console.log(`${passed} passed, ${failed} failed`);
  return failed ? 1 : 0;
}
