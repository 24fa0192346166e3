/**
 * API benchmark: requests per second of the JSON API on loopback (real HTTP server, real store with fsync),
 * for a read of the workflow list, a read of one case, starting a case and completing a step.
 */
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../server/app.ts';
import { createUser } from '../server/auth/users.ts';
import { listen } from '../server/http.ts';
import { openStore } from '../server/store/index.ts';
import { loadWorkflows } from '../server/workflows.ts';

const PASSWORD = 'bench-kata-sandi-123';
const CONCURRENCY = 8;

const INTAKE = {
  sumber_laporan: 'masyarakat',
  saluran: 'langsung',
  diterima_pada: '2026-11-30T09:00',
  pelapor_nama: 'Pelapor contoh',
  pelapor_hubungan: 'sekolah',
  anak_nama: 'A.B.',
  anak_jenis_kelamin: 'perempuan',
  jenis_kasus: ['kekerasan_fisik'],
  kronologi: 'Guru kelas melihat memar di lengan anak.',
  tingkat_risiko: 'tinggi',
};

interface Measured {
  label: string;
  requests: number;
  seconds: number;
  medianMs: number;
}

/** Runs `count` requests made by `make(i)` with CONCURRENCY in flight; every answer must have `status`. */
async function measure(label: string, count: number, status: number, make: (i: number) => Promise<Response>): Promise<Measured> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count) {
        const i = next++;
        const t = performance.now();
        const res = await make(i);
        await res.arrayBuffer();
        if (res.status !== status) throw new Error(`${label}: request ${i} answered ${res.status}, expected ${status}`);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { label, requests: count, seconds, medianMs: latencies[Math.floor(latencies.length / 2)]! };
}

export async function apiBench(options: { scale?: number } = {}): Promise<string[]> {
  const scale = options.scale ?? 1;
  const dir = await mkdtemp(join(tmpdir(), 'alur-bench-api-'));
  const wfDir = join(dir, 'workflows');
  await mkdir(wfDir);
  await copyFile(new URL('../workflows/respon-kasus-anak.yaml', import.meta.url), join(wfDir, 'respon-kasus-anak.yaml'));
  const store = await openStore(join(dir, 'data'));
  const now = new Date();
  const workflows = await loadWorkflows(wfDir, { versions: store.versions, now });
  await createUser(store.users, { username: 'fo', roles: ['front_office'], password: PASSWORD, now });
  const server = await listen(createApp({ store, workflows, logError: () => undefined }), { port: 0, host: '127.0.0.1' });
  try {
    const login = await fetch(`${server.url}/api/v1/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'fo', password: PASSWORD }) });
    const { token } = (await login.json()) as { token: string };
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const api = (path: string, body?: unknown) =>
      fetch(`${server.url}/api/v1${path}`, { method: body === undefined ? 'GET' : 'POST', headers, body: body === undefined ? undefined : JSON.stringify(body) });

    const ids: string[] = [];
    const results: Measured[] = [];
    results.push(await measure('GET /api/v1/workflows', 2000 * scale, 200, () => api('/workflows')));
    results.push(
      await measure('POST /api/v1/cases (start a case, durable write)', 400 * scale, 201, async (i) => {
        const res = await api('/cases', { workflow: 'respon-kasus-anak', data: INTAKE });
        if (res.status === 201) {
          const c = (await res.clone().json()) as { id: string };
          ids[i] = c.id;
        }
        return res;
      }),
    );
    results.push(await measure('GET /api/v1/cases/:id', 2000 * scale, 200, (i) => api(`/cases/${ids[i % ids.length]}`)));
    results.push(
      await measure('POST /api/v1/cases/:id/steps/:step (complete a step, durable write)', 400 * scale, 200, (i) =>
        api(`/cases/${ids[i]}/steps/periksa-dokumen`, { data: { dokumen_lengkap: 'ya' }, rev: 1 }),
      ),
    );
    return [
      '## API on loopback',
      '',
      `\`npm run bench -- api\`: a real HTTP server on 127.0.0.1 (the app of \`alur serve\`), a store in a temp folder,`,
      `${CONCURRENCY} requests in flight from the same process, bearer token, keep-alive. Writes are fsync'd before the answer.`,
      '',
      '| Request | Requests | Requests/s | Median latency |',
      '| --- | ---: | ---: | ---: |',
      ...results.map((r) => `| ${r.label} | ${r.requests} | ${(r.requests / r.seconds).toFixed(0)} | ${r.medianMs.toFixed(1)} ms |`),
      '',
    ];
  } finally {
    await server.close();
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
}
