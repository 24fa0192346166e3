/**
 * Nothing acknowledged is lost: the real `alur serve` runs as a child process on a temp data folder and port;
 * a burst of writes (new cases, step completions) goes to it over loopback, several at a time, and the process
 * is killed with SIGKILL in the middle of the burst. After each restart every write that got a 2xx is there
 * (case, values, revision), the burst goes on, and at the end the data folder opens cleanly with a whole audit
 * chain holding an entry for every acknowledged write, and `alur audit verify --cases` passes after every restart.
 * On each store: a data folder, and PostgreSQL (a cluster of this file's own with fsync on).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../../server/auth/users.ts';
import { run as audit } from '../../../server/cli/audit.ts';
import { openStore } from '../../../server/store/index.ts';
import type { Cluster } from '../../pg/cluster.ts';
import { createDatabase, durableCluster } from '../../pg/database.ts';
import { directIntake, PASSWORD, SEED, STORES } from '../helpers.ts';
import { DIRECT_PATH } from './fixtures.ts';

const BIN = fileURLToPath(new URL('../../../bin/alur.js', import.meta.url));
const CRASHES = 2;
/** Acknowledged writes per burst before the kill; requests still in flight then are the interesting ones. */
const ACKS_BEFORE_KILL = 70;
const WORKERS = 6;
const ROLES = ['front_office', 'bidang_teknis', 'back_office', 'kepala_uptd', 'sekretaris', 'kepala_dinas'];

let dir: string;
let data: string;
let wfDir: string;
let child: ChildProcess | undefined;
let cluster: Cluster | undefined;
/** The flag naming the store for the CLI: --data FOLDER or --database URL. */
let storeFlag: string[];

async function setUp(kind: (typeof STORES)[number]): Promise<void> {
  dir = await mkdtemp(join(tmpdir(), 'alur-crash-'));
  wfDir = join(dir, 'workflows');
  await mkdir(wfDir);
  await copyFile(SEED, join(wfDir, 'respon-kasus-anak.yaml'));
  if (kind === 'file') data = join(dir, 'data');
  else {
    cluster ??= await durableCluster();
    data = await createDatabase(cluster.url, 'crash');
  }
  storeFlag = kind === 'file' ? ['--data', data] : ['--database', data];
  const store = await openStore(data);
  for (const role of ROLES) await createUser(store.users, { username: role, roles: [role], password: PASSWORD, now: new Date() });
  await store.close();
}
afterAll(async () => {
  await cluster?.destroy();
});

/** `alur audit verify --cases` on the store, as an operator runs it after a restart; its output when it fails. */
async function auditVerify(): Promise<{ code: number; output: string }> {
  const lines: string[] = [];
  const [log, error] = [console.log, console.error];
  console.log = console.error = (...a: unknown[]) => void lines.push(a.join(' '));
  try {
    return { code: await audit(['verify', '--cases', ...storeFlag]), output: lines.join('\n') };
  } finally {
    [console.log, console.error] = [log, error];
  }
}

/** Starts `alur serve` on a free port; resolves with its URL once it listens. */
function serve(): Promise<string> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--host', '127.0.0.1', ...storeFlag, '--workflows', wfDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    child = proc;
    let out = '';
    let err = '';
    proc.stdout!.on('data', (d) => {
      out += d;
      const m = /alur melayani .* di (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    proc.stderr!.on('data', (d) => (err += d));
    proc.on('exit', (code) => reject(new Error(`alur serve ended (${code}) before listening:\n${out}\n${err}`)));
  });
}

function exited(proc: ChildProcess): Promise<void> {
  return new Promise((resolve) => (proc.exitCode !== null || proc.signalCode !== null ? resolve() : proc.once('exit', () => resolve())));
}

interface Tracked {
  id: string;
  marker: string;
  /** Index into DIRECT_PATH of the next step; revision the server acknowledged last. */
  next: number;
  rev: number;
  busy: boolean;
}
type Ack = { kind: 'create'; id: string; marker: string } | { kind: 'step'; id: string; step: string; rev: number; note: string };

describe.each(STORES)('crash (%s store)', (kind) => {
  beforeAll(() => setUp(kind));
  afterAll(async () => {
    child?.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps every acknowledged write through SIGKILLs in the middle of a burst', { timeout: 120_000 }, async () => {
    const cases: Tracked[] = [];
    const acks: Ack[] = [];
    let inFlightAtKill = 0;
    let counter = 0;

    for (let cycle = 0; cycle <= CRASHES; cycle++) {
      if (cycle > 0) {
        // After the kill, before the restart: the cases and the audit log tell the same story.
        const verified = await auditVerify();
        expect(verified.code, verified.output).toBe(0);
        expect(verified.output).toMatch(/cocok dengan log audit/);
      }
      const url = await serve();
      const tokens: Record<string, string> = {};
      for (const role of ROLES) {
        const r = await fetch(`${url}/api/v1/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: role, password: PASSWORD }) });
        tokens[role] = ((await r.json()) as { token: string }).token;
      }
      const get = async (id: string) => {
        const r = await fetch(`${url}/api/v1/cases/${id}`, { headers: { authorization: `Bearer ${tokens.kepala_uptd}` } });
        return { status: r.status, body: (await r.json()) as { data: Record<string, unknown>; rev: number; history: Array<{ type: string; step?: string; data?: Record<string, unknown> }>; current: string | null } };
      };

      // After a restart: every acknowledged write is there. Then catch up with writes that landed unacknowledged.
      for (const ack of acks) {
        const { status, body } = await get(ack.id);
        expect(status, `${ack.kind} ${ack.id}`).toBe(200);
        if (ack.kind === 'create') expect(body.data.anak_nama).toBe(ack.marker);
        else {
          expect(body.rev).toBeGreaterThanOrEqual(ack.rev);
          const field = noteField(ack.step);
          expect(body.history.some((e) => e.type === 'completed' && e.step === ack.step && (!field || e.data?.[field] === ack.note)), `${ack.id} ${ack.step}`).toBe(true);
        }
      }
      for (const t of cases) {
        const { body } = await get(t.id);
        t.rev = body.rev;
        t.next = body.current ? DIRECT_PATH.findIndex(([, step]) => step === body.current) : DIRECT_PATH.length;
        t.busy = false;
      }
      if (cycle === CRASHES) break;

      // The burst: new cases and steps of known cases, WORKERS at a time, killed after ACKS_BEFORE_KILL acknowledgements.
      let acked = 0;
      let inFlight = 0;
      let killed = false;
      const proc = child!;
      const worker = async () => {
        while (!killed) {
          const ready = cases.filter((t) => !t.busy && t.next < DIRECT_PATH.length);
          const t = ready.length && counter % 2 === 0 ? ready[counter % ready.length] : undefined;
          const n = ++counter;
          try {
            inFlight++;
            if (!t) {
              const marker = `Anak Crashmarka ${n}`;
              const r = await fetch(`${url}/api/v1/cases`, {
                method: 'POST',
                headers: { authorization: `Bearer ${tokens.front_office}`, 'content-type': 'application/json' },
                body: JSON.stringify({ workflow: 'respon-kasus-anak', data: directIntake({ anak_nama: marker }) }),
              });
              const body = (await r.json()) as { id: string; rev: number };
              if (r.status === 201) {
                acks.push({ kind: 'create', id: body.id, marker });
                cases.push({ id: body.id, marker, next: 0, rev: body.rev, busy: false });
                acked++;
              }
            } else {
              t.busy = true;
              const [role, step, values] = DIRECT_PATH[t.next]!;
              const note = `Catatan crash ${n}`;
              const r = await fetch(`${url}/api/v1/cases/${t.id}/steps/${step}`, {
                method: 'POST',
                headers: { authorization: `Bearer ${tokens[role]}`, 'content-type': 'application/json' },
                body: JSON.stringify({ rev: t.rev, data: { ...values, ...(noteField(step) ? { [noteField(step)!]: note } : {}) } }),
              });
              const body = (await r.json()) as { rev: number };
              if (r.status === 200) {
                acks.push({ kind: 'step', id: t.id, step, rev: body.rev, note });
                t.rev = body.rev;
                t.next++;
                acked++;
              }
              t.busy = false;
            }
          } catch {
            // The server died under this request: not acknowledged, so no promise was made.
            if (!killed) throw new Error('request failed before the kill');
          } finally {
            inFlight--;
          }
          if (!killed && acked >= ACKS_BEFORE_KILL) {
            killed = true;
            inFlightAtKill += inFlight;
            proc.kill('SIGKILL');
          }
        }
      };
      await Promise.all(Array.from({ length: WORKERS }, worker));
      await exited(proc);
      expect(proc.signalCode).toBe('SIGKILL');
    }

    // A clean stop, then the data folder as the next start (or a restore) would see it.
    child!.kill('SIGTERM');
    await exited(child!);
    const verified = await auditVerify();
    expect(verified.code, verified.output).toBe(0);
    const store = await openStore(data);
    try {
      expect(store.problems.filter((p) => p.severity === 'error')).toEqual([]);
      const chain = await store.audit.verify();
      expect(chain.ok).toBe(true);
      const entries = await store.audit.list({ limit: 100_000 });
      for (const ack of acks) {
        const found = entries.some((e) =>
          ack.kind === 'create'
            ? e.action === 'case.start' && e.caseId === ack.id
            : e.action === 'step.complete' && e.caseId === ack.id && (e.details as { rev: number }).rev === ack.rev,
        );
        expect(found, `audit of ${ack.kind} ${ack.id}`).toBe(true);
      }
      for (const s of (await store.cases.query({ limit: 1000 })).items) expect((await store.cases.get(s.id))?.id).toBe(s.id);
      console.log(
        `crash (${kind}): ${CRASHES} crashes survived (SIGKILL mid-burst, ${inFlightAtKill} requests in flight), ${acks.length} acknowledged writes verified after each restart, store valid (${await store.cases.count()} cases, ${chain.ok ? chain.entries : 0} audit entries)`,
      );
    } finally {
      await store.close();
    }
    expect(acks.length).toBeGreaterThanOrEqual(CRASHES * ACKS_BEFORE_KILL);
  });
});

/** A free-text field of each step of the direct path, to carry a distinctive note (the Sekretaris's only applies to a correction). */
function noteField(step: string): string | undefined {
  return (
    {
      'periksa-dokumen': 'catatan_pemeriksaan',
      'proses-laporan': 'petugas_pendamping',
      'rencana-respon': 'rencana_respon',
      'respon-kepala-uptd': 'respon_kasus',
      'arahan-kepala-dinas': 'arahan',
    } as Record<string, string>
  )[step];
}
