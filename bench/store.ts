/**
 * Store benchmark: the median cost of completing a step (read the case, run the engine, commit it with its audit
 * entry) and of the lists (a page of the case list, a work list) with 1k, 10k and 100k cases stored, and the
 * time to open (index) each store.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Low } from 'lowdb';
import { completeStep, startCase } from '../engine/case.ts';
import { loadWorkflowFile } from '../engine/definition/index.ts';
import type { Actor, Case, Workflow } from '../engine/types.ts';
import { GENESIS, type AuditEntry } from '../engine/ports/audit.ts';
import { PLAIN_CODEC, type Store } from '../engine/ports/store.ts';
import { summarize } from '../engine/summary.ts';
import { changeOf } from '../server/audit/record.ts';
import { DurableJsonFile, ensureDir } from '../server/store/durable-file.ts';
import { AUDIT_FILE, entryHash } from '../server/store/file/audit-log.ts';
import { CASES_DIR, caseFile, caseFileText } from '../server/store/file/case-files.ts';
import { openStore } from '../server/store/open.ts';

export const who = (role: string): Actor => ({ username: `${role}1`, roles: [role] });
const T0 = new Date('2026-11-30T02:00:00Z');

const INTAKE = {
  sumber_laporan: 'masyarakat',
  saluran: 'langsung',
  diterima_pada: '2026-11-30T09:00',
  pelapor_nama: 'Pelapor contoh',
  pelapor_telepon: '0812 3456 7890',
  pelapor_hubungan: 'sekolah',
  anak_nama: 'A.B.',
  anak_perkiraan_usia: '9',
  anak_jenis_kelamin: 'perempuan',
  anak_alamat: 'Desa contoh, Kecamatan Rambah, Kabupaten Rokan Hulu',
  jenis_kasus: ['kekerasan_fisik', 'kekerasan_psikis'],
  kronologi: 'Guru kelas melihat memar di lengan anak dan anak bercerita tentang kejadian di rumah. '.repeat(6),
  tingkat_risiko: 'tinggi',
  dokumen_diterima: ['laporan-masyarakat'],
};

/** The step every measured completion performs: Bidang Teknis processes a direct report. */
export const STEP = { step: 'proses-laporan', actor: who('bidang_teknis'), data: { hasil_asesmen: 'Luka memar; anak perlu visum dan pendampingan.', kebutuhan_layanan: ['layanan_kesehatan', 'pendampingan_psikologis'] } };

/** The seed workflow through the same loader the server uses. */
export function loadWorkflow(): Workflow {
  const loaded = loadWorkflowFile(fileURLToPath(new URL('../workflows/respon-kasus-anak.yaml', import.meta.url)));
  if (!loaded.ok) throw new Error(`bench: workflow does not load: ${loaded.errors[0]?.message}`);
  return loaded.workflow;
}

/** A real case from the engine, waiting on `proses-laporan`: the template every seeded open case is copied from. */
export async function templateCase(wf: Workflow): Promise<Case> {
  const s = await startCase(wf, { id: 'TEMPLATE', data: INTAKE, actor: who('front_office'), now: T0 });
  if (!s.ok) throw new Error(s.refusal.message);
  const r = await completeStep(wf, s.value.case, { step: 'periksa-dokumen', data: { dokumen_lengkap: 'ya' }, actor: who('front_office'), now: T0 });
  if (!r.ok) throw new Error(r.refusal.message);
  return r.value.case;
}

/** The same case taken to its end (the Kepala Dinas's direction): what most stored cases of an office are. */
export async function closedCase(wf: Workflow, open: Case): Promise<Case> {
  let c = open;
  const path: Array<[string, string, Record<string, unknown>]> = [
    ['bidang_teknis', 'proses-laporan', STEP.data],
    ['back_office', 'rencana-respon', { rencana_respon: 'Pendampingan psikologis dan visum.' }],
    ['kepala_uptd', 'respon-kepala-uptd', { respon_kasus: 'Respon kasus disusun.' }],
    ['sekretaris', 'verifikasi-sekretaris', { hasil_verifikasi: 'sesuai' }],
    ['kepala_dinas', 'arahan-kepala-dinas', { arahan: 'Lanjutkan pendampingan.' }],
  ];
  for (const [role, step, data] of path) {
    const r = await completeStep(wf, c, { step, data, actor: who(role), now: T0 });
    if (!r.ok) throw new Error(`bench: ${step}: ${r.refusal.message}`);
    c = r.value.case;
    if (c.status === 'closed') break;
  }
  if (c.status !== 'closed') throw new Error('bench: the closed template did not close');
  return c;
}

/** Open cases in every store, whatever its size: an office's running work is a few hundred cases. */
export const OPEN = 500;

export const idOf = (n: number) => `RKA-20261130-${n.toString(32).toUpperCase().padStart(5, '0')}`;

/**
 * Writes cases `from`..`to`-1 straight to files as the file store lays them out, without fsync (synced once at the
 * end by the caller): the first OPEN ones open, the rest closed.
 */
async function seed(dataDir: string, wf: Workflow, templates: { open: Case; closed: Case }, from: number, to: number, open = OPEN): Promise<void> {
  const casesDir = join(dataDir, CASES_DIR);
  for (let s = 0; s < 256; s++) await ensureDir(join(casesDir, s.toString(16).padStart(2, '0')));
  const texts = { open: JSON.stringify(templates.open), closed: JSON.stringify(templates.closed) };
  for (let i = from; i < to; i += 64) {
    const batch: Promise<void>[] = [];
    for (let n = i; n < Math.min(i + 64, to); n++) {
      const c = JSON.parse(n < open ? texts.open : texts.closed) as Case;
      c.id = idOf(n);
      c.createdAt = new Date(T0.getTime() - (to - n) * 60_000).toISOString();
      batch.push(writeFile(caseFile(casesDir, c.id), caseFileText(c, summarize(wf, c), PLAIN_CODEC), { mode: 0o600 }));
    }
    await Promise.all(batch);
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * q))]!;
const ms = (x: number) => `${x.toFixed(2)} ms`;

interface Sample {
  total: number;
  store: number;
}

/**
 * The audit entries a case's history stands for, as the server writes them (case.start with the intake's values,
 * step.complete with each step's, deadline.met for a deadline met by hand): a seeded store is whole, so the
 * integrity check at start finds nothing, as in an office that lived through these cases.
 */
export function auditBodiesOf(c: Case): Array<Omit<AuditEntry, 'seq' | 'prev' | 'hash'>> {
  const started = c.history.find((e) => e.type === 'started');
  const out: Array<Omit<AuditEntry, 'seq' | 'prev' | 'hash'>> = [];
  let data: Record<string, unknown> = {};
  for (const e of c.history) {
    if (e.type === 'completed') {
      const intake = started?.type === 'started' && e.step === started.step && e.at === started.at;
      out.push({ at: e.at, actor: e.actor, action: intake ? 'case.start' : 'step.complete', caseId: c.id, details: { step: e.step, ...changeOf(data, e.data ?? {}) } });
      data = { ...data, ...e.data };
    } else if (e.type === 'deadline-met' && e.actor && !e.task) out.push({ at: e.at, actor: e.actor, action: 'deadline.met', caseId: c.id, details: { deadline: e.deadline } });
  }
  return out;
}

/** The chained audit log of seeded cases 0..n-1 (the first `open` open), yielded in batches of entries. */
export function* seededAudit(templates: { open: Case; closed: Case }, n: number, open = OPEN, batch = 5000): Generator<AuditEntry[]> {
  const bodies = { open: auditBodiesOf(templates.open), closed: auditBodiesOf(templates.closed) };
  let prev = GENESIS;
  let seq = 0;
  let out: AuditEntry[] = [];
  for (let k = 0; k < n; k++) {
    for (const b of k < open ? bodies.open : bodies.closed) {
      const body: Omit<AuditEntry, 'hash'> = { ...b, seq: ++seq, prev, caseId: idOf(k) };
      const e = { ...body, hash: entryHash(body) };
      out.push(e);
      prev = e.hash;
      if (out.length >= batch) {
        yield out;
        out = [];
      }
    }
  }
  if (out.length) yield out;
}

/** Writes the audit log of the seeded cases into a data folder. */
async function seedAudit(dataDir: string, templates: { open: Case; closed: Case }, n: number, open = OPEN): Promise<void> {
  const lines: string[] = [];
  for (const batch of seededAudit(templates, n, open)) for (const e of batch) lines.push(JSON.stringify(e));
  await writeFile(join(dataDir, AUDIT_FILE), lines.join('\n') + '\n', { mode: 0o600 });
}

/** One step completion on a random not-yet-touched case of `store`, as the server does it; returns its timings. */
async function completeOne(store: Store, wf: Workflow, pick: number, at: Date): Promise<Sample> {
  const t0 = performance.now();
  const c = await store.cases.get(idOf(pick));
  if (!c) throw new Error(`bench: case ${idOf(pick)} missing`);
  const t1 = performance.now();
  const r = await completeStep(wf, c, { ...STEP, now: at, rev: c.rev });
  if (!r.ok) throw new Error(`bench: ${r.refusal.message}`);
  const t2 = performance.now();
  const next = r.value.case;
  const ok = await store.transaction(async (tx) => {
    if (!(await tx.cases.update(next, summarize(wf, next), c.rev))) return false;
    await tx.audit.append({ at: at.toISOString(), actor: STEP.actor.username, action: 'step.complete', caseId: c.id, details: { step: STEP.step, rev: c.rev + 1 } });
    return true;
  });
  if (!ok) throw new Error('bench: unexpected stale write');
  const t3 = performance.now();
  return { total: t3 - t0, store: t1 - t0 + (t3 - t2) };
}

/**
 * For contrast: the usual lowdb layout, every case in one file rewritten (durably) on each step. Few samples:
 * it only shows the growth the per-case files avoid.
 */
async function singleFileCost(root: string, template: Case, wf: Workflow, size: number, samples: number): Promise<number> {
  const db = new Low<{ cases: Case[] }>(new DurableJsonFile(join(root, `single-${size}.json`)), { cases: [] });
  const text = JSON.stringify(template);
  for (let n = 0; n < size; n++) {
    const c = JSON.parse(text) as Case;
    c.id = idOf(n);
    db.data.cases.push(c);
  }
  await db.write();
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const t = performance.now();
    const k = i * 7 % size;
    const c = db.data.cases[k]!;
    const r = await completeStep(wf, c, { ...STEP, now: T0, rev: c.rev });
    if (!r.ok) throw new Error(`bench: ${r.refusal.message}`);
    db.data.cases[k] = r.value.case;
    await db.write();
    times.push(performance.now() - t);
  }
  return median(times);
}

/** A data folder holding `size` cases (the first `open` of them open, at Bidang Teknis's step) and their audit log. */
export async function prepareFolder(dir: string, wf: Workflow, size: number, open = OPEN): Promise<void> {
  const first = await templateCase(wf);
  const templates = { open: first, closed: await closedCase(wf, first) };
  await seed(dir, wf, templates, 0, size, open);
  await seedAudit(dir, templates, size, open);
  execFileSync('sync');
}

export { median, quantile };

export interface StoreBenchOptions {
  sizes?: number[];
  /** Measured completions per size (after warm-up). */
  samples?: number;
}

/** Runs the store benchmark and returns its report as markdown lines. */
export async function storeBench(options: StoreBenchOptions = {}): Promise<string[]> {
  const sizes = options.sizes ?? [1_000, 10_000, 100_000];
  const samples = options.samples ?? 300;
  const warmup = 30;
  const wf = loadWorkflow();
  const template = await templateCase(wf);
  const templates = { open: template, closed: await closedCase(wf, template) };
  const root = await mkdtemp(join(tmpdir(), 'alur-bench-'));
  const stores: Store[] = [];
  try {
    const seeded: number[] = [];
    const opened: number[] = [];
    for (const size of sizes) {
      const dir = join(root, String(size));
      const t = performance.now();
      await seed(dir, wf, templates, 0, size);
      await seedAudit(dir, templates, size);
      seeded.push(performance.now() - t);
    }
    // Flush the seeded files now, so that no measured fsync pays for writing them back.
    execFileSync('sync');
    const sealing: number[] = [];
    for (const size of sizes) {
      // Opened twice: the first open after seeding, then the one measured (an ordinary restart).
      let t = performance.now();
      await (await openStore(join(root, String(size)))).close();
      sealing.push(performance.now() - t);
      execFileSync('sync');
      t = performance.now();
      const store = await openStore(join(root, String(size)));
      opened.push(performance.now() - t);
      if ((await store.cases.count()) !== size || store.problems.length) throw new Error('bench: store did not open cleanly');
      stores.push(store);
    }
    // Rounds visit the sizes in turn, so a slow moment of the shared disk falls on every size alike.
    const results: Sample[][] = sizes.map(() => []);
    const used = sizes.map(() => new Set<number>());
    for (let round = 0; round < warmup + samples; round++) {
      const at = new Date(T0.getTime() + (round + 1) * 60_000);
      for (let k = 0; k < sizes.length; k++) {
        const i = (k + round) % sizes.length;
        let pick: number;
        do pick = Math.floor(Math.random() * Math.min(OPEN, sizes[i]!));
        while (used[i]!.has(pick));
        used[i]!.add(pick);
        const sample = await completeOne(stores[i]!, wf, pick, at);
        if (round >= warmup) results[i]!.push(sample);
      }
    }
    // The lists, as the pages ask them: a case-list page (newest first, counted up to 1,000) for the Kepala UPTD
    // PPA, and the Bidang Teknis's work list (most urgent first).
    const listCost = sizes.map(() => ({ page: [] as number[], work: [] as number[], bare: [] as number[] }));
    const scope = { versions: [{ workflow: wf.id, versions: [wf.version] }], taskRoles: ['kepala_uptd'] };
    for (let round = 0; round < 20 + samples; round++) {
      for (let k = 0; k < sizes.length; k++) {
        const i = (k + round) % sizes.length;
        let t = performance.now();
        const page = await stores[i]!.cases.query({ readable: scope, order: 'newest', limit: 50, countUpTo: 1000 });
        const pageMs = performance.now() - t;
        t = performance.now();
        const work = await stores[i]!.cases.query({ status: 'open', tasks: { roles: ['bidang_teknis'], usernames: ['bidang_teknis1'] }, order: 'urgent', limit: 100 });
        const workMs = performance.now() - t;
        // The same page without its count: the 50 rows alone.
        t = performance.now();
        const bare = await stores[i]!.cases.query({ readable: scope, order: 'newest', limit: 50 });
        const bareMs = performance.now() - t;
        if (page.items.length !== 50 || bare.items.length !== 50 || work.items.length === 0) throw new Error('bench: lists came back empty');
        if (round >= 20) {
          listCost[i]!.page.push(pageMs);
          listCost[i]!.work.push(workMs);
          listCost[i]!.bare.push(bareMs);
        }
      }
    }
    for (const s of stores.splice(0)) await s.close();
    const single = [];
    for (const size of sizes.filter((n) => n <= 10_000)) single.push({ size, cost: await singleFileCost(root, template, wf, size, 20) });
    const caseBytes = Buffer.byteLength(JSON.stringify(template));
    const pageRatio = median(listCost[sizes.length - 1]!.page) / median(listCost[0]!.page);
    const workRatio = median(listCost[sizes.length - 1]!.work) / median(listCost[0]!.work);
    const totals = results.map((r) => median(r.map((s) => s.total)));
    const first = 0;
    const last = sizes.length - 1;
    const ratio = totals[last]! / totals[first]!;
    const lines = [
      '## Store: step completion against the number of stored cases',
      '',
      `One step completion, as the server does it = read the case (\`cases.get\`), run the engine (\`completeStep\`:`,
      `Bidang Teknis processes a direct report), and commit the case with its audit entry in one transaction (the`,
      `file store journals it with one fsync, then writes the case file and the audit line). Each store also holds`,
      `the audit log of their histories (an entry per change, with its values). Stores seeded with copies of real engine cases (${(caseBytes / 1024).toFixed(1)} KiB of JSON each), ${OPEN}`,
      `of them open and the rest closed, as an office's records are after a few years; ${samples}`,
      `completions measured per size after ${warmup} warm-up ones, on cases picked at random, sizes taken in turn;`,
      `data folders in the system temp folder (\`${tmpdir()}\`). Command: \`npm run bench -- store\`.`,
      '',
      '| stored cases | median step completion | p90 | median store part (get + update + audit) | open (index rebuild) | first open after seeding | seeding |',
      '| ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
      ...sizes.map(
        (size, i) =>
          `| ${size.toLocaleString('en-US')} | ${ms(totals[i]!)} | ${ms(quantile(results[i]!.map((s) => s.total), 0.9))} | ${ms(median(results[i]!.map((s) => s.store)))} | ${ms(opened[i]!)} | ${(sealing[i]! / 1000).toFixed(1)} s | ${(seeded[i]! / 1000).toFixed(1)} s |`,
      ),
      '',
      `Ratio of the median at ${sizes[last]!.toLocaleString('en-US')} to ${sizes[first]!.toLocaleString('en-US')} stored cases: **${ratio.toFixed(2)}** (target: at most 1.5).`,
      '',
      'The lists, answered from the summaries the store keeps (no case read whole): a case-list page (50 newest, counted',
      'up to 1,000) and a work list (100 most urgent open tasks of the Bidang Teknis).',
      '',
      '| stored cases | median case-list page | the same page without its count | median work list |',
      '| ---: | ---: | ---: | ---: |',
      ...sizes.map((size, i) => `| ${size.toLocaleString('en-US')} | ${ms(median(listCost[i]!.page))} | ${ms(median(listCost[i]!.bare))} | ${ms(median(listCost[i]!.work))} |`),
      '',
      `Ratio at ${sizes[last]!.toLocaleString('en-US')} to ${sizes[first]!.toLocaleString('en-US')}: case list **${pageRatio.toFixed(2)}**, work list **${workRatio.toFixed(2)}** (target: at most 1.5); the page without its count ${(median(listCost[last]!.bare) / median(listCost[first]!.bare)).toFixed(2)}.`,
      'The page visits the same summaries at every size (the 50 shown, and up to 1,000 counted for "1.000+"): what grows',
      'is reaching those 1,000 among 100,000 summaries in memory (cache misses), a fraction of a millisecond.',
      '',
      'For contrast, the usual lowdb layout (all cases in one file, rewritten durably on every step; median of 20):',
      single.map((x) => `${ms(x.cost)} with ${x.size.toLocaleString('en-US')} cases`).join(', ') + '. That is why alur keeps one file per case.',
      '',
    ];
    return lines;
  } finally {
    for (const s of stores) await s.close().catch(() => undefined);
    await rm(root, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------------------------
// PostgreSQL beside the file store
// ---------------------------------------------------------------------------------------------------------------

/**
 * Seeds database `url` (migrated by opening a store on it) with `size` cases laid out as the PostgreSQL store
 * writes them (the first OPEN open, the rest closed) and the audit chain of their histories, in batches.
 */
export async function seedPostgres(url: string, wf: Workflow, templates: { open: Case; closed: Case }, size: number, open = OPEN): Promise<void> {
  const { default: pg } = await import('pg');
  const { caseColumns } = await import('../server/store/postgres/case-query.ts');
  const { toJsonb } = await import('../server/store/postgres/jsonb.ts');
  const migrated = await openStore(url);
  await migrated.close();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const texts = { open: JSON.stringify(templates.open), closed: JSON.stringify(templates.closed) };
    for (let i = 0; i < size; i += 1000) {
      const rows: Array<Record<string, unknown>> = [];
      for (let n = i; n < Math.min(i + 1000, size); n++) {
        const c = JSON.parse(n < open ? texts.open : texts.closed) as Case;
        c.id = idOf(n);
        c.createdAt = new Date(T0.getTime() - (size - n) * 60_000).toISOString();
        const s = summarize(wf, c);
        rows.push({ id: c.id, rev: c.rev, ...caseColumns(s), summary: toJsonb(s), doc: toJsonb(c) });
      }
      const col = (k: string) => rows.map((r) => r[k]);
      await client.query(
        `INSERT INTO cases (id, rev, workflow, version, status, created_at, urgency, due_key, first_deadline, steps, task_roles, free_roles, assignees, search, summary_v, summary, doc)
         SELECT id, rev, workflow, version, status, created_at, urgency, due_key, first_deadline, string_to_array(steps, E'\\x1f'), string_to_array(task_roles, E'\\x1f'),
                string_to_array(free_roles, E'\\x1f'), string_to_array(assignees, E'\\x1f'), string_to_array(search, E'\\x1f'), summary_v, summary, doc
         FROM unnest($1::text[], $2::int[], $3::text[], $4::int[], $5::text[], $6::text[], $7::int[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::int[], $16::jsonb[], $17::jsonb[])
           AS t(id, rev, workflow, version, status, created_at, urgency, due_key, first_deadline, steps, task_roles, free_roles, assignees, search, summary_v, summary, doc)`,
        [
          col('id'),
          col('rev'),
          col('workflow'),
          col('version'),
          col('status'),
          col('created_at'),
          col('urgency'),
          col('due_key'),
          col('first_deadline'),
          ...['steps', 'task_roles', 'free_roles', 'assignees', 'search'].map((k) => rows.map((r) => (r[k] as string[]).join('\u001f'))),
          col('summary_v'),
          col('summary'),
          col('doc'),
        ],
      );
    }
    let head = { seq: 0, hash: GENESIS };
    for (const entries of seededAudit(templates, size, open)) {
      await client.query(`INSERT INTO audit (seq, case_id, actor, action, entry) SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::jsonb[])`, [
        entries.map((e) => e.seq),
        entries.map((e) => e.caseId),
        entries.map((e) => e.actor),
        entries.map((e) => e.action),
        entries.map((e) => JSON.stringify(e)),
      ]);
      const last = entries[entries.length - 1]!;
      head = { seq: last.seq, hash: last.hash };
    }
    await client.query('UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1', [head.seq, head.hash]);
    await client.query('VACUUM ANALYZE');
  } finally {
    await client.end();
  }
}

/** The lists as the pages ask them (see storeBench), timed once. */
async function listOnce(store: Store, wf: Workflow): Promise<{ page: number; work: number }> {
  const scope = { versions: [{ workflow: wf.id, versions: [wf.version] }], taskRoles: ['kepala_uptd'] };
  let t = performance.now();
  const page = await store.cases.query({ readable: scope, order: 'newest', limit: 50, countUpTo: 1000 });
  const pageMs = performance.now() - t;
  t = performance.now();
  const work = await store.cases.query({ status: 'open', tasks: { roles: ['bidang_teknis'], usernames: ['bidang_teknis1'] }, order: 'urgent', limit: 100 });
  const workMs = performance.now() - t;
  if (page.items.length !== 50 || work.items.length === 0) throw new Error('bench: lists came back empty');
  return { page: pageMs, work: workMs };
}

/**
 * The same measures on PostgreSQL (a throwaway cluster of the benchmark's own with fsync on, or the server of
 * ALUR_BENCH_DATABASE_URL) beside the file store, at 1k and 100k stored cases.
 */
export async function postgresStoreBench(options: StoreBenchOptions = {}): Promise<string[]> {
  const sizes = options.sizes ?? [1_000, 100_000];
  const samples = options.samples ?? 200;
  const warmup = 30;
  const wf = loadWorkflow();
  const template = await templateCase(wf);
  const templates = { open: template, closed: await closedCase(wf, template) };
  const { createDatabase, startCluster } = await import('../tests/pg/cluster.ts');
  const given = process.env.ALUR_BENCH_DATABASE_URL;
  let cluster: Awaited<ReturnType<typeof startCluster>> | undefined;
  try {
    if (!given) cluster = await startCluster({ fsync: true });
  } catch (err) {
    return ['## Store: PostgreSQL beside the file store', '', `Not measured: ${(err as Error).message}`, ''];
  }
  const admin = given ?? cluster!.url;
  const root = await mkdtemp(join(tmpdir(), 'alur-bench-pg-'));
  // A database has no folder to keep its master key beside: the bench names one.
  process.env.ALUR_KEY_FILE ??= join(root, 'bench.key');
  const stores: Array<{ file: Store; pg: Store }> = [];
  try {
    const seeding: number[] = [];
    for (const size of sizes) {
      const dir = join(root, String(size));
      await seed(dir, wf, templates, 0, size);
      await seedAudit(dir, templates, size);
      const url = await createDatabase(admin, `bench_${size}`);
      const t = performance.now();
      await seedPostgres(url, wf, templates, size);
      seeding.push(performance.now() - t);
      execFileSync('sync');
      stores.push({ file: await openStore(dir), pg: await openStore(url, { poolSize: 4 }) });
    }
    const results = sizes.map(() => ({ file: [] as number[], pg: [] as number[] }));
    const used = sizes.map(() => ({ file: new Set<number>(), pg: new Set<number>() }));
    for (let round = 0; round < warmup + samples; round++) {
      const at = new Date(T0.getTime() + (round + 1) * 60_000);
      for (let k = 0; k < sizes.length * 2; k++) {
        const i = Math.floor(((k + round) % (sizes.length * 2)) / 2);
        const kind = (k + round) % 2 ? 'pg' : 'file';
        let pick: number;
        do pick = Math.floor(Math.random() * Math.min(OPEN, sizes[i]!));
        while (used[i]![kind].has(pick));
        used[i]![kind].add(pick);
        const sample = await completeOne(stores[i]![kind], wf, pick, at);
        if (round >= warmup) results[i]![kind].push(sample.total);
      }
    }
    const lists = sizes.map(() => ({ file: { page: [] as number[], work: [] as number[] }, pg: { page: [] as number[], work: [] as number[] } }));
    for (let round = 0; round < 20 + samples; round++) {
      for (let i = 0; i < sizes.length; i++) {
        for (const kind of ['file', 'pg'] as const) {
          const r = await listOnce(stores[i]![kind], wf);
          if (round >= 20) {
            lists[i]![kind].page.push(r.page);
            lists[i]![kind].work.push(r.work);
          }
        }
      }
    }
    const m = (xs: number[]) => median(xs);
    const last = sizes.length - 1;
    const ratio = (kind: 'file' | 'pg', f: (i: number) => number[]) => (m(f(last)) / m(f(0))).toFixed(2);
    return [
      '## Store: PostgreSQL beside the file store',
      '',
      'The same step completion and lists as above, on the PostgreSQL store (a throwaway PostgreSQL 15 cluster on this',
      'machine, unix socket, fsync on, default settings but for the socket) and on the file store, sizes and stores',
      `taken in turn; ${samples} completions per store and size after ${warmup} warm-up ones. The database is seeded with the same`,
      `cases and summaries as the folders (${OPEN} open, the rest closed) and the audit chain of their histories.`,
      'Command: `npm run bench -- postgres` (ALUR_BENCH_DATABASE_URL=postgres://… measures another server).',
      '',
      '| stored cases | step completion: file | step completion: PostgreSQL | case-list page: file | case-list page: PostgreSQL | work list: file | work list: PostgreSQL | seeding PostgreSQL |',
      '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
      ...sizes.map(
        (size, i) =>
          `| ${size.toLocaleString('en-US')} | ${ms(m(results[i]!.file))} | ${ms(m(results[i]!.pg))} | ${ms(m(lists[i]!.file.page))} | ${ms(m(lists[i]!.pg.page))} | ${ms(m(lists[i]!.file.work))} | ${ms(m(lists[i]!.pg.work))} | ${(seeding[i]! / 1000).toFixed(1)} s |`,
      ),
      '',
      `Ratio at ${sizes[last]!.toLocaleString('en-US')} to ${sizes[0]!.toLocaleString('en-US')} stored cases, PostgreSQL: step completion **${ratio('pg', (i) => results[i]!.pg)}**, ` +
        `case-list page **${ratio('pg', (i) => lists[i]!.pg.page)}**, work list **${ratio('pg', (i) => lists[i]!.pg.work)}**; file store: step completion ${ratio('file', (i) => results[i]!.file)}, ` +
        `case-list page ${ratio('file', (i) => lists[i]!.file.page)}, work list ${ratio('file', (i) => lists[i]!.file.work)} (target: at most 1.5).`,
      'A page reads its rows and nothing else: the case list walks the newest-first index and stops at the page (the count',
      'stops at its cap), the work list reads the index of open cases only.',
      '',
    ];
  } finally {
    for (const s of stores) {
      await s.file.close().catch(() => undefined);
      await s.pg.close().catch(() => undefined);
    }
    await rm(root, { recursive: true, force: true });
    await cluster?.destroy();
  }
}
