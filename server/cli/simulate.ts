/** `alur simulate FILE --data DATA.json [--at WAKTU]`: the path a case with that data would take. */
import { readFileSync } from 'node:fs';
import { loadWorkflowFile, formatDefinitionError } from '../../engine/definition/index.ts';
import { officeBeside } from '../office.ts';
import { simulate } from '../../engine/simulate.ts';
import { describeDuration, timeZoneOf } from '../../engine/time.ts';

export const summary = 'simulasikan jalur sebuah kasus: alur simulate BERKAS.yaml --data DATA.json [--at 2026-11-30T09:00:00+07:00]';

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

export async function run(args: string[]): Promise<number> {
  const file = args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
  const dataFile = option(args, '--data');
  if (!file || !dataFile) {
    console.error(`Pemakaian: alur ${summary}`);
    return 2;
  }
  const office = officeBeside(file);
  if (office.error) {
    console.error(office.error);
    return 1;
  }
  const loaded = loadWorkflowFile(file, { office: office.office });
  if (!loaded.ok) {
    for (const e of loaded.errors) console.error(formatDefinitionError(e));
    return 1;
  }
  let facts: Record<string, unknown>;
  try {
    facts = JSON.parse(readFileSync(dataFile, 'utf8'));
    if (!facts || typeof facts !== 'object' || Array.isArray(facts)) throw new Error('bukan objek');
  } catch (e) {
    console.error(`${dataFile}: data harus berupa objek JSON {"nama_isian": nilai, ...} (${(e as Error).message}).`);
    return 1;
  }
  const at = new Date(option(args, '--at') ?? Date.now());
  if (Number.isNaN(at.getTime())) {
    console.error(`--at: waktu tidak valid; contoh 2026-11-30T09:00:00+07:00`);
    return 2;
  }
  const wf = loaded.workflow;
  const zone = timeZoneOf(wf);
  const when = (iso: string) =>
    new Intl.DateTimeFormat('id-ID', { dateStyle: 'full', timeStyle: 'short', timeZone: zone }).format(new Date(iso));

  const sim = await simulate(wf, facts, at);
  console.log(`Simulasi ${wf.title} (${wf.id} versi ${wf.version}), waktu penyelesaian ${wf.completion.text || describeDuration(wf.completion.duration)}`);
  console.log('');
  for (const s of sim.steps) {
    console.log(`  ${String(s.number).padStart(2)}. ${s.title}  [${s.roles}]  ${when(s.at)}`);
    for (const d of s.deadlines) console.log(`      tenggat: ${d.label}, jatuh tempo ${when(d.due)}${d.blocking ? ' (kasus menunggu)' : ' (kasus tetap berjalan)'}`);
    if (s.reason) console.log(`      → ${s.reason}`);
  }
  console.log('');
  if (sim.outcome) console.log(`Hasil: kasus selesai: ${sim.outcome.label}`);
  if (sim.stopped) console.log(`Hasil: ${sim.stopped}`);
  console.log('Tenggat:');
  for (const d of sim.deadlines) {
    const state = d.metAt ? `terpenuhi ${when(d.metAt)}` : 'masih berjalan';
    console.log(`  - ${d.label}: jatuh tempo ${when(d.due)}, ${state}`);
  }
  return sim.stopped ? 1 : 0;
}
