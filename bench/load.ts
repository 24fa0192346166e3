/**
 * HTTP load from a worker thread: keeps N GET requests in flight against one URL for a while and reports
 * requests/s and latencies, so the server under test has the main thread to itself.
 */
import { Worker } from 'node:worker_threads';

export interface LoadResult {
  requests: number;
  perSecond: number;
  p50Ms: number;
  p90Ms: number;
  /** Bytes of the last body received (to check that the pages compared are of similar size). */
  bytes: number;
}

/** Plain JavaScript for the worker (no TypeScript loader there): node:http with a keep-alive agent. */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');
const { url, inFlight, ms, headers } = workerData;
const agent = new http.Agent({ keepAlive: true, maxSockets: inFlight });
const get = () => new Promise((resolve, reject) => {
  const req = http.get(url, { agent, headers }, (res) => {
    let bytes = 0;
    res.on('data', (d) => { bytes += d.length; });
    res.on('end', () => resolve({ status: res.statusCode, bytes }));
    res.on('error', reject);
  });
  req.on('error', reject);
});
(async () => {
  const latencies = [];
  let bytes = 0;
  let failed;
  const started = performance.now();
  const until = started + ms;
  await Promise.all(Array.from({ length: inFlight }, async () => {
    while (performance.now() < until && !failed) {
      const t = performance.now();
      const r = await get();
      if (r.status !== 200) failed = 'HTTP ' + r.status + ' from ' + url;
      latencies.push(performance.now() - t);
      bytes = r.bytes;
    }
  }));
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  parentPort.postMessage({ failed, requests: latencies.length, perSecond: latencies.length / seconds,
    p50Ms: latencies[Math.floor(latencies.length / 2)], p90Ms: latencies[Math.floor(latencies.length * 0.9)], bytes });
})().catch((e) => parentPort.postMessage({ failed: String(e) }));
`;

/** Runs the load for `ms` milliseconds with `inFlight` requests at once. */
export function load(url: string, options: { inFlight: number; ms: number; headers?: Record<string, string> }): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, { eval: true, workerData: { url, inFlight: options.inFlight, ms: options.ms, headers: options.headers ?? {} } });
    worker.once('message', (m: LoadResult & { failed?: string }) => {
      void worker.terminate();
      if (m.failed) reject(new Error(m.failed));
      else resolve(m);
    });
    worker.once('error', reject);
  });
}
