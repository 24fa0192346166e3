/** `alur serve`: opens the data folder, loads every workflow, and serves the pages and the API. */
import { stopOffload } from '../offload/worker.ts';
import { DATABASE_HELP, openFailure, storeLocation } from './data-dir.ts';
import { parseArgs } from 'node:util';
import { ensureFirstAdmin } from '../auth/users.ts';
import { createApp } from '../app.ts';
import { DEMO_PASSWORD, realAccounts, seedDemoCases, seedDemoUsers } from '../demo.ts';
import { listen } from '../http.ts';
import { openStore } from '../store/index.ts';
import { loadWorkflows, sealingPolicy, summarizer } from '../workflows.ts';
import { isLoopback, PRODUCTION_CHECKS, productionProblems } from './production.ts';
import { checkIntegrity } from '../usecases/integrity.ts';
import { anonymiseDueCases } from '../usecases/privacy.ts';

/** While running, the integrity check is repeated this often. */
const INTEGRITY_EVERY_MS = 60 * 60_000;
import { channelsFrom, notifySettingsFromEnv } from '../notify/channels.ts';
import { DEFAULT_LEASE_MS, Scheduler, sendBudgetMs } from '../notify/scheduler.ts';

export const help = [
  'Pemakaian: alur serve [--port N] [--host ALAMAT] [--data FOLDER | --database URL] [--workflows FOLDER] [--demo] [--secure-cookies] [--trust-proxy] [--production]',
  '',
  'Menjalankan aplikasi web (halaman petugas, halaman publik /layanan, API /api/v1).',
  '',
  '  --port N            port (bawaan 3000; atau PORT)',
  '  --host ALAMAT       alamat dengar (bawaan 127.0.0.1 = hanya komputer ini; atau HOST). 0.0.0.0 = semua',
  '                      jaringan, lewat HTTP biasa: hanya untuk uji di jaringan kantor, tanpa data nyata',
  '  --data FOLDER       folder data (bawaan ./data; atau ALUR_DATA)',
  DATABASE_HELP,
  '  --workflows FOLDER  folder definisi layanan (bawaan ./workflows; atau ALUR_WORKFLOWS)',
  '  --demo              mode demo: akun per peran dengan kata sandi umum dan kasus contoh fiktif;',
  '                      memakai folder ./data-demo kecuali --data diberikan',
  '  --secure-cookies    tandai cookie sesi Secure (wajib bila dilayani lewat HTTPS; atau ALUR_SECURE_COOKIES=1)',
  '  --trust-proxy       di belakang reverse proxy (nginx, Caddy) yang mengisi X-Forwarded-For/-Proto/-Host:',
  '                      alamat klien untuk pembatasan masuk dan log audit, HTTPS untuk cookie Secure',
  '                      (atau ALUR_TRUST_PROXY=1). Jangan dipakai bila klien dapat menghubungi server langsung.',
  '  --production        menolak berjalan kecuali resep produksi README dipenuhi (atau ALUR_PRODUCTION=1):',
  ...PRODUCTION_CHECKS.map((c) => `                        - ${c}`),
  '  --public-url URL     alamat aplikasi bagi masyarakat, dicetak pada kode QR surat (/verifikasi/KODE),',
  '                      misalnya https://layanan.contoh.go.id (atau ALUR_PUBLIC_URL; bawaan: alamat permintaan)',
  '',
  'Saat pertama kali dijalankan tanpa akun, akun "admin" dibuat dengan kata sandi acak yang dicetak sekali.',
  '',
  'Pemberitahuan (lihat README): ALUR_SMTP_URL dan ALUR_MAIL_FROM untuk surel; ALUR_GATEWAY_URL (atau',
  'ALUR_GATEWAY_CONFIG, berkas JSON) untuk WhatsApp/SMS; --public-url / ALUR_PUBLIC_URL juga untuk tautan dalam pesan.',
].join('\n');

function parsePort(text: string): number | undefined {
  return /^\d{1,5}$/.test(text) && Number(text) <= 65535 ? Number(text) : undefined;
}

/** How long a graceful shutdown may take before the process ends anyway (ms). */
const SHUTDOWN_LIMIT_MS = 20_000;

export async function run(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        data: { type: 'string' },
        database: { type: 'string' },
        workflows: { type: 'string' },
        demo: { type: 'boolean', default: false },
        'secure-cookies': { type: 'boolean', default: false },
        'trust-proxy': { type: 'boolean', default: false },
        production: { type: 'boolean', default: false },
        'public-url': { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    });
  } catch (err) {
    console.error(`alur serve: ${(err as Error).message}\n\n${help}`);
    return 2;
  }
  const o = parsed.values;
  const portText = o.port ?? process.env.PORT ?? '3000';
  const port = parsePort(portText);
  if (port === undefined) {
    console.error(`alur serve: port "${portText}" tidak sah; tulis angka 0-65535.`);
    return 2;
  }
  const host = o.host ?? process.env.HOST ?? '127.0.0.1';
  const demo = o.demo;
  const dataDir = storeLocation(o, demo ? './data-demo' : './data');
  const workflowsDir = o.workflows ?? process.env.ALUR_WORKFLOWS ?? './workflows';
  const secureCookies = o['secure-cookies'] || process.env.ALUR_SECURE_COOKIES === '1';
  const trustProxy = o['trust-proxy'] || process.env.ALUR_TRUST_PROXY === '1';
  if (o.production || process.env.ALUR_PRODUCTION === '1') {
    const problems = productionProblems({ host, demo, secureCookies, trustProxy, dataDir });
    if (problems.length) {
      console.error(`alur serve --production: tidak dijalankan, resep produksi belum dipenuhi:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
      return 1;
    }
    console.log('Mode produksi: loopback di belakang reverse proxy HTTPS, cookie Secure, folder data tertutup.');
  } else if (!isLoopback(host)) {
    console.error(`PERINGATAN: alur mendengar di ${host} lewat HTTP biasa: kata sandi dan data anak dapat disadap di jaringan. Untuk pemakaian nyata pakai reverse proxy HTTPS dan --production.`);
  }
  const publicUrlText = o['public-url'] ?? process.env.ALUR_PUBLIC_URL;
  let publicUrl: string | undefined;
  if (publicUrlText) {
    const u = URL.canParse(publicUrlText) ? new URL(publicUrlText) : undefined;
    if (!u || (u.protocol !== 'https:' && u.protocol !== 'http:')) {
      console.error(`alur serve: alamat publik "${publicUrlText}" tidak sah; tulis lengkap, misalnya https://layanan.contoh.go.id`);
      return 2;
    }
    publicUrl = `${u.origin}${u.pathname.replace(/\/+$/, '')}`;
  }

  let store;
  try {
    // A running server looks at its key file every two seconds: `alur keys rotate` needs no restart.
    store = await openStore(dataDir, { keyFilePollMs: 2000 });
  } catch (err) {
    const reason = openFailure('alur serve', err);
    if (reason) {
      console.error(reason);
      return 1;
    }
    throw err;
  }
  for (const line of store.notices) console.log(line);
  for (const p of store.problems) console.error(`${p.severity === 'error' ? 'PERINGATAN' : 'info'}: ${p.message}`);

  const now = new Date();
  let workflows;
  try {
    // On a database several servers share, a folder holding an older version (this server's stale copy) only seeds it.
    workflows = await loadWorkflows(workflowsDir, { versions: store.versions, now, shared: store.kind === 'postgres' });
  } catch (err) {
    console.error(`alur serve: ${(err as Error).message}`);
    await store.close();
    return 1;
  }
  for (const p of workflows.problems) console.error(`DITOLAK: ${p}`);
  store.useDefinitions(sealingPolicy(workflows));
  const sealed = await store.sealExisting();
  if (sealed) console.log(`Enkripsi: ${sealed} kasus yang tersimpan sebelum enkripsi aktif kini dienkripsi (tercatat di log audit sebagai data.seal).`);
  const refreshed = await store.refreshSummaries(summarizer(workflows));
  if (refreshed) console.log(`Ringkasan ${refreshed} kasus diperbarui untuk daftar.`);
  if (workflows.list().length === 0) console.error(`PERINGATAN: tidak ada definisi layanan yang sah di ${workflowsDir}.`);

  if (demo) {
    // Demo accounts share a published password: never on a folder that holds real accounts (and so real cases).
    const real = await realAccounts(store);
    if (real.length) {
      console.error(
        `alur serve: mode demo tidak dijalankan pada folder data ${store.location}: folder ini berisi akun dengan kata sandi sendiri ` +
          `(${real.slice(0, 3).join(', ')}${real.length > 3 ? ', …' : ''}), jadi berisi data nyata. Mode demo membuat akun untuk setiap peran ` +
          `dengan kata sandi yang diumumkan. Jalankan demo dengan folder lain (bawaan ./data-demo), atau tanpa --demo.`,
      );
      await store.close();
      return 1;
    }
    const users = await seedDemoUsers(store, workflows, now);
    const cases = await seedDemoCases(store, workflows, now);
    console.log(`MODE DEMO: ${users.length} akun demo dibuat, ${cases.length} kasus contoh. Kata sandi semua akun demo: ${DEMO_PASSWORD}`);
  } else {
    const password = await ensureFirstAdmin(store.users, now);
    if (password) {
      console.log('Akun pertama dibuat. Catat kata sandi ini sekarang; tidak akan ditampilkan lagi:');
      console.log(`  nama pengguna: admin`);
      console.log(`  kata sandi:    ${password}`);
      console.log('Kata sandi ini harus diganti saat pertama masuk (catatan konsol dapat tersimpan di log).');
      console.log('Tambah akun petugas: npx alur user add NAMA --role PERAN');
    }
  }

  // Integrity at start: the audit chain against the last anchor, every case against the log, damaged cases listed.
  // A break is printed, recorded in the audit log and shown on every administrator page; nothing is served silently.
  const integrity = await checkIntegrity({ store, now: () => new Date() });
  if (integrity.ok) console.log(`Integritas data: log audit utuh (${integrity.audit.entries} catatan), setiap kasus cocok dengan log audit.`);
  else console.error('PERINGATAN: pemeriksaan integritas menemukan masalah (lihat di atas); rinciannya di halaman Kelola SOP.');
  const integrityTimer = setInterval(() => void checkIntegrity({ store: store!, now: () => new Date() }).catch((err) => console.error(`Pemeriksaan integritas gagal: ${(err as Error).message}`)), INTEGRITY_EVERY_MS);
  integrityTimer.unref();
  // Retention (privacy in the YAML): closed cases whose identities are due are anonymised now and every hour.
  const anonymise = () =>
    anonymiseDueCases({ store: store!, workflows: workflows! }, new Date())
      .then((run) => {
        if (run.anonymised.length) console.log(`Masa simpan habis: identitas ${run.anonymised.length} kasus dihapus (${run.anonymised.map((a) => a.id).join(', ')}).`);
      })
      .catch((err) => console.error(`Anonimisasi terjadwal gagal: ${(err as Error).message}`));
  await anonymise();
  const anonymiseTimer = setInterval(() => void anonymise(), INTEGRITY_EVERY_MS);
  anonymiseTimer.unref();

  const settings = notifySettingsFromEnv();
  for (const p of settings.problems) console.error(`PERINGATAN pemberitahuan: ${p}`);
  // Sends what the outbox holds (also what was due before a restart); one message by one server at a time.
  const ms = (name: string) => (process.env[name] && /^\d{2,8}$/.test(process.env[name]!) ? Number(process.env[name]) : undefined);
  const leaseMs = ms('ALUR_NOTIFY_LEASE_MS') ?? DEFAULT_LEASE_MS;
  // A channel gives up on its server before the lease runs out (no other server sends the message meanwhile).
  const notify = { channels: channelsFrom(settings, { timeoutMs: sendBudgetMs(leaseMs) }), ...(publicUrl ? { publicUrl } : {}) };
  const app = createApp({ store, workflows, secureCookies, trustProxy, publicUrl, notify, demo: demo ? { password: DEMO_PASSWORD } : undefined });
  const scheduler = new Scheduler({ store, workflows, now: () => new Date(), notify }, { intervalMs: ms('ALUR_NOTIFY_INTERVAL_MS'), leaseMs }).start();
  if (notify.channels.size) console.log(`Pemberitahuan lewat: di aplikasi, ${[...notify.channels.values()].map((ch) => ch.describe).join('; ')}.`);
  let listening;
  try {
    listening = await listen(app, { port, host });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    console.error(`alur serve: tidak dapat mendengar di ${host}:${port}${code === 'EADDRINUSE' ? ' (port sudah dipakai program lain; coba --port lain)' : `: ${(err as Error).message}`}`);
    await scheduler.stop();
    await store.close();
    return 1;
  }
  const shown = host === '0.0.0.0' || host === '::' ? `http://localhost:${listening.port}` : listening.url;
  console.log(`alur melayani ${workflows.list().length} layanan di ${shown} (data: ${store.location})${demo ? ' [MODE DEMO]' : ''}`);
  console.log('Hentikan dengan Ctrl+C.');

  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = async () => {
      if (stopping) return;
      stopping = true;
      clearInterval(integrityTimer);
      clearInterval(anonymiseTimer);
      console.log('\nalur berhenti: menunggu penulisan selesai…');
      // A shutdown that hangs (a database connection that never answers) ends anyway, naming what it waited for:
      // everything acknowledged is already durable (the journal, or the database's commit), so nothing is lost.
      let stage = 'pekerjaan latar';
      const watchdog = setTimeout(() => {
        console.error(`alur berhenti paksa: masih menunggu ${stage} setelah ${SHUTDOWN_LIMIT_MS / 1000} detik. Data yang sudah dikonfirmasi tetap tersimpan.`);
        process.exit(1);
      }, SHUTDOWN_LIMIT_MS);
      watchdog.unref();
      // Diagram layouts and draft checks in worker threads are ended at once; their requests get an answer.
      await stopOffload();
      stage = 'permintaan yang masih terbuka';
      const closing = listening.close();
      // A request still open after a few seconds does not hold the shutdown (writes are awaited by store.close()).
      const force = setTimeout(() => (listening.server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.(), 3000);
      force.unref();
      await closing;
      clearTimeout(force);
      stage = 'pengirim pemberitahuan';
      await scheduler.stop();
      stage = 'penyimpanan data (penutupan)';
      await store.close();
      clearTimeout(watchdog);
      resolve(0);
    };
    // Kept for the whole shutdown: a second signal while writes finish is ignored rather than killing the process
    // half-way (a `once` handler would give the signal back its default action).
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
