/**
 * Encryption at rest (issue 13, item 1). Two cases of Respon Kasus Anak go through the API, one on the direct path
 * and one on the indirect path (validated by the Kepala UPTD PPA), with a marked value in every `sensitive` field.
 * Then every byte of the data folder (while the server holds it, journal included, and after it stopped) and of a
 * backup archive (unpacked with the system's tar) is searched for each marked value, as it is, JSON-escaped, in
 * lower and upper case: none may be found. The values still read back through the app, and a non-sensitive value
 * IS found in the files (the search does look at what the store wrote). Then the real `alur serve` refuses that
 * folder with a wrong key and with no key, readably, and starts with the right one.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../../server/auth/users.ts';
import { backup } from '../../../server/store/index.ts';
import { letterOfCase } from '../../../server/usecases/letters.ts';
import { directIntake, makeBench, PASSWORD, type Bench, type BenchOptions } from '../helpers.ts';
import { api } from './fixtures.ts';

const BIN = fileURLToPath(new URL('../../../bin/alur.js', import.meta.url));
const WORKFLOW = 'respon-kasus-anak';

/** A marked value for every sensitive field of the service (both paths: the intake and step 3 hold them all). */
const MARKED = {
  pelapor_nama: 'ZZNAMAPELAPOR123 Wibowo',
  pelapor_nik: '9912345678901234',
  pelapor_telepon: '0899123456781',
  anak_nama: 'ZZNAMAANAK123 Lestari',
  anak_nik: '9987654321098765',
  anak_tanggal_lahir: '2015-07-19',
  anak_alamat: 'ZZALAMATANAK123, Pasir Pengaraian',
  anak_wali: 'ZZWALIANAK123 "Pak" Darmo',
  terlapor_nama: 'ZZTERLAPOR123',
  kejadian_tempat: 'ZZTEMPAT123 Kebun',
  kronologi: 'ZZKRONOLOGI123: anak dipukul\ndi rumah.',
};
const ASESMEN = 'ZZASESMEN123 memar di lengan';
/** The applicant of Rekomendasi Bantuan Sosial, named with NIK in the letter handed to them (`family: true`). */
const APPLICANT = { pemohon_nama: 'ZZPEMOHON123 Rekaan', pemohon_nik: '9911223344556677', pemohon_alamat: 'ZZALAMATPEMOHON123' };
/** What is searched for: every marked value, and the words that make each one unique. */
const NEEDLES = [
  ...Object.values(MARKED),
  ...Object.values(APPLICANT),
  'ZZPEMOHON123',
  ASESMEN,
  'ZZFILEANAK123',
  'ZZLAMPIRAN123',
  ...[...Object.values(MARKED), ASESMEN].flatMap((v) => v.match(/ZZ[A-Z]+123/g) ?? []),
];
/** A value of an ordinary field: the store keeps it as it is, and the search must find it. */
const PLAIN = 'Rencamarka visum lalu konseling';

let b: Bench;
let tokens: Record<string, string>;
let ids: string[] = [];
/** A scanned document with a marked name in its file name and in its content (attachments are sealed whole). */
const ATTACHMENT = { name: 'KTP ZZFILEANAK123.pdf', bytes: Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog /Title (ZZLAMPIRAN123) >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n') };

function forms(needle: string): string[] {
  const escaped = JSON.stringify(needle).slice(1, -1);
  return [...new Set([needle, escaped, needle.toLowerCase(), escaped.toLowerCase(), needle.toUpperCase()])];
}

/** Every regular file under `dir`, recursively, with its bytes. */
async function everyFile(dir: string): Promise<Array<{ path: string; text: string }>> {
  const out: Array<{ path: string; text: string }> = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    out.push({ path, text: (await readFile(path)).toString('latin1') });
  }
  return out;
}

/** "file: needle" for every marked value found in any file (latin1 keeps every byte; the markers are ASCII). */
function leaks(files: Array<{ path: string; text: string }>): string[] {
  const found: string[] = [];
  for (const f of files) {
    const lower = f.text.toLowerCase();
    for (const needle of NEEDLES) for (const form of forms(needle)) if (f.text.includes(form) || lower.includes(form.toLowerCase())) found.push(`${f.path}: ${needle}`);
  }
  return [...new Set(found)];
}

async function step(id: string, stepId: string, data: Record<string, unknown>): Promise<void> {
  const wf = b.workflows.get(WORKFLOW)!;
  const role = wf.steps.find((s) => s.id === stepId)!.role;
  const r = await api(b, tokens[Array.isArray(role) ? role[0]! : role], `/api/v1/cases/${id}/steps/${stepId}`, { body: { data } });
  expect(r.status, `${stepId}: ${r.text}`).toBe(200);
}

function serve(data: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; out: string; err: string; started: boolean }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--host', '127.0.0.1', '--data', data, '--workflows', join(b.dir, 'workflows')], { stdio: ['ignore', 'pipe', 'pipe'], env });
    let out = '';
    let err = '';
    let started = false;
    child.stdout.on('data', (d) => {
      out += d;
      if (!started && out.includes('alur melayani')) {
        started = true;
        child.kill('SIGTERM');
      }
    });
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) => resolve({ code, out, err, started }));
  });
}

const without = (env: NodeJS.ProcessEnv, ...names: string[]) => Object.fromEntries(Object.entries(env).filter(([k]) => !names.includes(k)));

/** Both paths of the service, to their end, on bench `bench`, with an attachment at the intake; resolves with the case ids. */
async function seed(bench: Bench): Promise<string[]> {
  b = bench;
  tokens = {};
  for (const u of ['front_office', 'bidang_teknis', 'back_office', 'kepala_uptd', 'sekretaris', 'kepala_dinas']) tokens[u] = await b.token(u);
  const form = new FormData();
  form.append('file', new File([ATTACHMENT.bytes], ATTACHMENT.name, { type: 'application/pdf' }));
  const up = await b.app.request('/api/v1/files', { method: 'POST', headers: { authorization: `Bearer ${tokens.front_office}` }, body: form });
  expect(up.status, await up.clone().text()).toBe(201);
  const upload = ((await up.json()) as { id: string }).id;
  // The direct path, to its end.
  const intake = directIntake({ ...MARKED, anak_perkiraan_usia: 11 });
  const direct = await api(b, tokens.front_office, '/api/v1/cases', { body: { workflow: WORKFLOW, data: intake, requirements: { 'ktp-kk': [upload] } } });
  expect(direct.status, direct.text).toBe(201);
  const a = (JSON.parse(direct.text) as { id: string }).id;
  await step(a, 'periksa-dokumen', { dokumen_lengkap: 'ya' });
  await step(a, 'proses-laporan', { hasil_asesmen: ASESMEN, kebutuhan_layanan: ['layanan_kesehatan'] });
  await step(a, 'rencana-respon', { rencana_respon: PLAIN });
  await step(a, 'respon-kepala-uptd', { respon_kasus: 'Setuju.' });
  await step(a, 'verifikasi-sekretaris', { hasil_verifikasi: 'sesuai' });
  await step(a, 'arahan-kepala-dinas', { arahan: 'Dampingi ke RSUD.' });
  // The indirect path (a report by telephone or media), validated by the Kepala UPTD PPA, to its end.
  const indirect = await api(b, tokens.front_office, '/api/v1/cases', {
    body: { workflow: WORKFLOW, data: { ...intake, sumber_laporan: 'media', saluran: 'tidak_langsung', media_pelaporan: 'media_sosial' } },
  });
  expect(indirect.status, indirect.text).toBe(201);
  const c = (JSON.parse(indirect.text) as { id: string }).id;
  await step(c, 'periksa-dokumen', { dokumen_lengkap: 'ya' });
  await step(c, 'validasi-laporan', { laporan_sah: 'ya', catatan_validasi: 'Dikonfirmasi kepala desa.' });
  await step(c, 'laporan-tindak-lanjut', { rencana_tindak_lanjut: 'Kunjungan rumah.' });
  await step(c, 'rekomendasi-sekretaris', { rekomendasi: 'Setuju.' });
  await step(c, 'perintah-tindak-lanjut', { perintah: 'Laksanakan.' });
  // Views of the cases with identities (audit entries of their own), and the attachment downloaded.
  for (const id of [a, c]) expect((await api(b, tokens.kepala_uptd, `/api/v1/cases/${id}`)).status).toBe(200);
  const file = await b.app.request(`/api/v1/files/${upload}`, { headers: { authorization: `Bearer ${tokens.kepala_uptd}` } });
  expect(file.status).toBe(200);
  expect(Buffer.from(await file.arrayBuffer()).equals(ATTACHMENT.bytes)).toBe(true);
  return [a, c, await familyLetter()];
}

/** The bench of these tests: the seed service and Rekomendasi Bantuan Sosial, whose letter goes to the applicant. */
const WITH_FAMILY_LETTER: BenchOptions = { alsoWorkflows: ['rekomendasi-bantuan-sosial.yaml'] };

/** A Rekomendasi Bantuan Sosial request to its letter, which names the applicant with NIK; resolves with its id. */
async function familyLetter(): Promise<string> {
  for (const role of ['bidang_linjamsos', 'kepala_bidang']) {
    if (!(await b.store.users.get(role))) await createUser(b.store.users, { username: role, roles: [role], password: PASSWORD, displayName: `Uji ${role}`, now: b.clock.now });
    tokens[role] = await b.token(role);
  }
  const data = { ...APPLICANT, desa_kecamatan: 'Desa Rekaan, Kecamatan Rambah', penerima: 'diri_sendiri', keperluan: 'pengobatan', instansi_tujuan: 'RSUD Rokan Hulu', dokumen_diterima: ['pengantar-desa', 'sktm', 'ktp', 'kk', 'keterangan-instansi', 'foto-rumah'] };
  const started = await api(b, tokens.front_office, '/api/v1/cases', { body: { workflow: 'rekomendasi-bantuan-sosial', data } });
  expect(started.status, started.text).toBe(201);
  const id = (JSON.parse(started.text) as { id: string }).id;
  for (const [role, stepId, values] of [
    ['front_office', 'periksa-berkas', { berkas_lengkap: 'ya' }],
    ['bidang_linjamsos', 'verifikasi-data', { status_data: 'terdata', desil: 2 }],
    ['kepala_bidang', 'telaah', { keputusan: 'layak' }],
    ['kepala_dinas', 'tanda-tangan', { nomor_surat: '460/DISSOSP3A/REKAAN/001', tanggal_surat: '2026-11-30' }],
    ['front_office', 'serahkan-hasil', { diserahkan_pada: '2026-11-30T14:00', diterima_oleh: 'Penerima Rekaan' }],
  ] as const) {
    const r = await api(b, tokens[role]!, `/api/v1/cases/${id}/steps/${stepId}`, { body: { data: values } });
    expect(r.status, `${stepId}: ${r.text}`).toBe(200);
  }
  // The letter names the applicant (it is theirs), so its texts are what the store must not keep in clear.
  const letter = await letterOfCase(b, id);
  expect(letter?.content.family).toBe(true);
  expect(letter?.content.paragraphs.join(' ')).toContain(`Nama: ${APPLICANT.pemohon_nama}, NIK ${APPLICANT.pemohon_nik}`);
  return id;
}

/** The app reads every value back, for the roles that may see them: sealed is not lost. */
async function readsBack(): Promise<void> {
  for (const id of ids.slice(0, 2)) {
    const r = await api(b, tokens.kepala_uptd, `/api/v1/cases/${id}`);
    for (const v of Object.values(MARKED)) expect(r.text).toContain(JSON.stringify(v).slice(1, -1));
  }
  expect((await api(b, tokens.kepala_uptd, `/api/v1/cases/${ids[0]}`)).text).toContain('ZZFILEANAK123');
  // The family letter opens again as issued, and its public check still reads its number.
  const letter = (await letterOfCase(b, ids[2]!))!;
  expect(letter.content.paragraphs.join(' ')).toContain(`Nama: ${APPLICANT.pemohon_nama}, NIK ${APPLICANT.pemohon_nik}`);
  expect(letter.content.facts.length + letter.content.paragraphs.length).toBeGreaterThan(3);
  const check = await b.app.request(`/verifikasi/${letter.code}`);
  expect(await check.text()).toContain(letter.number);
}

beforeAll(async () => {
  ids = await seed(await makeBench(WITH_FAMILY_LETTER));
}, 120_000);

afterAll(() => b.close());

describe('encryption at rest', () => {
  it('keeps no marked identity in clear in the data folder (journal included) or in a backup archive', async () => {
    const data = join(b.dir, 'data');
    await readsBack();
    // While the server holds the folder: the journal holds the last transactions (no checkpoint yet).
    const live = await everyFile(data);
    expect(live.some((f) => f.path.endsWith('journal.jsonl') && f.text.length > 0)).toBe(true);
    expect(leaks(live)).toEqual([]);
    // The search looks at what the store wrote: the ordinary value is there as it is.
    expect(live.some((f) => f.text.includes(PLAIN))).toBe(true);

    await b.store.close();
    const stopped = await everyFile(data);
    expect(stopped.filter((f) => f.path.includes(`${join('data', 'cases')}`)).length).toBe(3);
    expect(leaks(stopped)).toEqual([]);
    expect(stopped.some((f) => f.text.includes(PLAIN))).toBe(true);

    const out = await mkdtemp(join(tmpdir(), 'alur-crypt-'));
    try {
      const archive = join(out, 'cadangan.tar.gz');
      await backup(data, archive);
      const unpacked = join(out, 'isi');
      execFileSync('mkdir', ['-p', unpacked]);
      execFileSync('tar', ['-xzf', archive, '-C', unpacked]);
      const files = await everyFile(unpacked);
      expect(files.length).toBeGreaterThan(5);
      expect(leaks(files)).toEqual([]);
      expect(files.some((f) => f.text.includes(PLAIN))).toBe(true);
      // The archive itself (gzip) and the key: the key file is beside the folder, never in it nor in the archive.
      expect(files.some((f) => f.path.endsWith('.key'))).toBe(false);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });

  it('refuses to start alur serve on that folder with a wrong key or without one, readably, and starts with the right one', async () => {
    const data = join(b.dir, 'data');
    const wrong = await serve(data, { ...process.env, ALUR_MASTER_KEY: Buffer.alloc(32, 7).toString('base64') });
    expect(wrong.started).toBe(false);
    expect(wrong.code).toBe(1);
    expect(wrong.err).toMatch(/bukan kunci data ini/);
    expect(wrong.err).toMatch(/alur tidak dijalankan/);
    expect(wrong.err).not.toMatch(/\n\s+at /);

    // No key at all: no key file beside the folder and none in the environment. It must not make a new one.
    const none = await serve(data, without(process.env, 'ALUR_MASTER_KEY', 'ALUR_KEY_FILE'));
    expect(none.started).toBe(false);
    expect(none.code).toBe(1);
    expect(none.err).toMatch(/Kunci induk tidak ditemukan/);
    expect(none.err).toContain(`${data}.key`);
    await expect(stat(`${data}.key`)).rejects.toThrow();

    // A key file named by ALUR_KEY_FILE that does not exist.
    const missing = await serve(data, { ...without(process.env, 'ALUR_MASTER_KEY'), ALUR_KEY_FILE: join(b.dir, 'tidak-ada.key') });
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/Kunci induk tidak ditemukan \(berkas kunci \S+tidak-ada\.key \(ALUR_KEY_FILE\) tidak ada\)/);
    expect(missing.err).toMatch(/alur tidak dijalankan/);

    const right = await serve(data, process.env);
    expect(right.err).toBe('');
    expect(right.started).toBe(true);
  }, 180_000);

  it('creates the key file beside a new data folder at the first start, mode 0600, and says where', async () => {
    const root = await mkdtemp(join(tmpdir(), 'alur-kunci-'));
    try {
      const data = join(root, 'data');
      const env = without(process.env, 'ALUR_MASTER_KEY', 'ALUR_KEY_FILE');
      const first = await serve(data, env);
      expect(first.started, first.err).toBe(true);
      const keyFile = join(root, 'data.key');
      expect(first.out).toContain(`Kunci induk enkripsi dibuat: ${keyFile}`);
      expect((await stat(keyFile)).mode & 0o777).toBe(0o600);
      expect(await readdir(data)).not.toContain('data.key');
      const key = await readFile(keyFile, 'utf8');
      // The same key is used at the next start (not a new one), and it says nothing about a key being made.
      const second = await serve(data, env);
      expect(second.started, second.err).toBe(true);
      expect(second.out).not.toContain('Kunci induk enkripsi dibuat');
      expect(await readFile(keyFile, 'utf8')).toBe(key);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  }, 180_000);
});

describe('encryption at rest on PostgreSQL', () => {
  it('keeps no marked identity in clear in any table (a pg_dump of the database), and reads them all back', async () => {
    const file = b;
    const saved = { ids, tokens };
    try {
      ids = await seed(await makeBench({ ...WITH_FAMILY_LETTER, store: 'postgres' }));
      await readsBack();
      const dump = execFileSync('/usr/lib/postgresql/15/bin/pg_dump', ['--data-only', '--no-owner', '--dbname', b.location], { maxBuffer: 64 * 1024 * 1024 }).toString('latin1');
      expect(dump).toContain('COPY ');
      expect(dump).toContain(PLAIN);
      expect(leaks([{ path: 'pg_dump', text: dump }])).toEqual([]);
      expect((await b.store.audit.verify()).ok).toBe(true);
      await b.close();
    } finally {
      b = file;
      ({ ids, tokens } = saved);
    }
  }, 120_000);
});
