/**
 * `npm run bench [-- SECTION...]`: runs the benchmark sections (all, or those named) and writes their reports to
 * docs/benchmarks.md. A section is a function returning markdown lines; to add one, add it to SECTIONS. Running
 * some sections replaces only their part of the document, so figures of the others are kept.
 */
import { cpus, totalmem } from 'node:os';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { engineBench } from './engine.ts';
import { postgresStoreBench, storeBench } from './store.ts';
import { apiBench } from './api.ts';
import { httpBench } from './http.ts';
import { pagesBench } from './pages.ts';
import { peersBench } from './peers.ts';
import { reportBench } from './report.ts';
import { publicBench } from './public.tsx';
import { editorBench } from './editor.ts';

interface Section {
  id: string;
  run(): Promise<string[]>;
}

const SECTIONS: Section[] = [
  { id: 'store', run: () => storeBench() },
  { id: 'postgres', run: () => postgresStoreBench() },
  { id: 'engine', run: () => engineBench() },
  { id: 'peers', run: () => peersBench() },
  { id: 'api', run: () => apiBench() },
  { id: 'http', run: () => httpBench() },
  { id: 'pages', run: () => pagesBench() },
  { id: 'report', run: () => reportBench() },
  { id: 'public', run: () => publicBench() },
  { id: 'editor', run: () => editorBench() },
];

const DOC = new URL('../docs/benchmarks.md', import.meta.url);
const begin = (id: string) => `<!-- bench:${id} -->`;
const end = (id: string) => `<!-- /bench:${id} -->`;

function machine(): string {
  const cores = cpus();
  return `${cores.length} cores (${cores[0]?.model.trim() ?? 'unknown CPU'}), ${Math.round(totalmem() / 2 ** 30)} GiB RAM, Node ${process.version}, ${process.platform}`;
}

/** The part of the previous document for section `id`, if any. */
function previous(doc: string, id: string): string | undefined {
  const a = doc.indexOf(begin(id));
  const b = doc.indexOf(end(id));
  return a >= 0 && b > a ? doc.slice(a, b + end(id).length) : undefined;
}

async function main(): Promise<void> {
  const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const unknown = wanted.filter((w) => !SECTIONS.some((s) => s.id === w));
  if (unknown.length) {
    console.error(`Unknown section(s): ${unknown.join(', ')}. Known: ${SECTIONS.map((s) => s.id).join(', ')}.`);
    process.exit(2);
  }
  const old = await readFile(DOC, 'utf8').catch(() => '');
  const parts = new Map<string, string>();
  for (const section of SECTIONS) {
    const kept = previous(old, section.id);
    if (kept) parts.set(section.id, kept);
  }
  // A section may name a master key file of its own for the stores it opens: each starts from the caller's setting.
  const keyFile = process.env.ALUR_KEY_FILE;
  for (const section of SECTIONS) {
    if (wanted.length && !wanted.includes(section.id)) continue;
    console.log(`bench: ${section.id} ...`);
    const started = performance.now();
    let lines: string[];
    try {
      lines = await section.run();
    } finally {
      if (keyFile === undefined) delete process.env.ALUR_KEY_FILE;
      else process.env.ALUR_KEY_FILE = keyFile;
    }
    console.log(lines.join('\n'));
    const when = new Date().toISOString().slice(0, 10);
    parts.set(section.id, [begin(section.id), ...lines, `_Measured ${when} in ${((performance.now() - started) / 1000).toFixed(0)} s on ${machine()}._`, end(section.id)].join('\n'));
    // Written after every section: a section that fails later keeps the figures measured before it.
    await write(SECTIONS.flatMap((s) => (parts.has(s.id) ? [parts.get(s.id)!] : [])));
  }
}

async function write(parts: string[]): Promise<void> {
  const doc = [
    '# Benchmarks',
    '',
    'Produced by `npm run bench` (all sections) or `npm run bench -- store` (one section); each section says',
    'when and on which machine it was measured. The figures are medians of many runs on a machine shared with',
    'other work, so expect some noise; the ratios matter more than the absolute numbers.',
    '',
    ...parts.flatMap((p) => [p, '']),
  ].join('\n');
  await mkdir(new URL('.', DOC), { recursive: true });
  await writeFile(DOC, doc);
  console.log(`bench: written ${DOC.pathname}`);
}

await main();
