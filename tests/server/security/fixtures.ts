/**
 * Case data with distinctive marker words, for the security tests: every sensitive field the seed's intake
 * takes carries a marker that must never appear where the viewer may not see identities, and some
 * non-sensitive fields carry markers that must not reach roles that may not read the case at all.
 */
import { directIntake, type Bench } from '../helpers.ts';

/** Values of `sensitive` fields (identity of the child, reporter, alleged perpetrator). */
export const IDENTITY = {
  anak_nama: 'Qorvexia Anakmarka',
  pelapor_nama: 'Pelmarka Zebulona',
  pelapor_telepon: '081299887766',
  anak_alamat: 'Jalan Alamarka Nomor 7',
  terlapor_nama: 'Terlamarka Vondrus',
  kejadian_tempat: 'Tempamarka Sungai',
  kronologi: 'Kronomarka: tetangga mendengar anak dipukul.',
  hasil_asesmen: 'Asesmarka: memar di lengan.',
};
/** Words of those values that only the full value contains (initials never do). */
export const IDENTITY_MARKERS = ['Anakmarka', 'Pelmarka', '081299887766', 'Alamarka', 'Terlamarka', 'Tempamarka', 'Kronomarka', 'Asesmarka'];

/** Values of ordinary (not sensitive) fields: case content all the same. */
export const CONTENT = {
  rencana_respon: 'Rencamarka: visum lalu konseling.',
  respon_kasus: 'Responmarka: setuju.',
  arahan: 'Arahmarka: dampingi ke RSUD.',
  catatan_pemeriksaan: 'Periksamarka lengkap.',
};
export const CONTENT_MARKERS = ['Rencamarka', 'Responmarka', 'Arahmarka', 'Periksamarka'];

export const READERS = ['front_office', 'bidang_teknis', 'back_office', 'kepala_uptd', 'sekretaris', 'kepala_dinas'];
export const SENSITIVE = ['front_office', 'bidang_teknis', 'back_office', 'kepala_uptd'];

export async function api(b: Bench, token: string | undefined, path: string, options: { method?: string; body?: unknown } = {}) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await b.app.request(path, {
    method: options.method ?? (options.body !== undefined ? 'POST' : 'GET'),
    headers,
    body: options.body !== undefined ? JSON.stringify(options.body) : undefined,
  });
  return { status: res.status, text: await res.text(), headers: res.headers };
}

/** The direct path after intake: who does each step with which values. */
export const DIRECT_PATH: Array<[string, string, Record<string, unknown>]> = [
  ['front_office', 'periksa-dokumen', { dokumen_lengkap: 'ya', catatan_pemeriksaan: CONTENT.catatan_pemeriksaan }],
  ['bidang_teknis', 'proses-laporan', { hasil_asesmen: IDENTITY.hasil_asesmen, kebutuhan_layanan: ['layanan_kesehatan'] }],
  ['back_office', 'rencana-respon', { rencana_respon: CONTENT.rencana_respon }],
  ['kepala_uptd', 'respon-kepala-uptd', { respon_kasus: CONTENT.respon_kasus }],
  ['sekretaris', 'verifikasi-sekretaris', { hasil_verifikasi: 'sesuai' }],
  ['kepala_dinas', 'arahan-kepala-dinas', { arahan: CONTENT.arahan }],
];

/** The intake of a direct report carrying every identity marker. */
export function markedIntake(): Record<string, unknown> {
  const { hasil_asesmen: _a, ...intake } = IDENTITY;
  return directIntake(intake);
}

/**
 * Three cases through the API: `open` waiting at step 2 (front office), `middle` at step 3 (bidang teknis) and
 * `closed` at the end of the direct path (its printable document exists).
 */
export async function seedMarkedCases(b: Bench, tokens: Record<string, string>): Promise<{ open: string; middle: string; closed: string }> {
  const ids: string[] = [];
  for (const steps of [0, 1, DIRECT_PATH.length]) {
    const r = await api(b, tokens.front_office, '/api/v1/cases', { body: { workflow: 'respon-kasus-anak', data: markedIntake() } });
    if (r.status !== 201) throw new Error(`seed: ${r.status} ${r.text}`);
    const c = JSON.parse(r.text) as { id: string; rev: number };
    let rev = c.rev;
    for (const [user, step, data] of DIRECT_PATH.slice(0, steps)) {
      const s = await api(b, tokens[user], `/api/v1/cases/${c.id}/steps/${step}`, { body: { data, rev } });
      if (s.status !== 200) throw new Error(`seed ${step}: ${s.status} ${s.text}`);
      rev = (JSON.parse(s.text) as { rev: number }).rev;
    }
    ids.push(c.id);
  }
  return { open: ids[0]!, middle: ids[1]!, closed: ids[2]! };
}

/** The markers found in `text`. */
export function found(text: string, markers: string[]): string[] {
  return markers.filter((m) => text.includes(m));
}
