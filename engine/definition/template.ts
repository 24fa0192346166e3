/**
 * Where a new service starts in the SOP editor: a blank standard (the parts every standard has, to be filled in
 * with the structured form), or a copy of an existing service under a new id and title. Both are YAML texts the
 * administrator then edits, checks and publishes like any other draft.
 */
import { isMap, isScalar, parseDocument, type Pair, type YAMLMap } from 'yaml';

/** An id a new service may take: lower-case words joined by hyphens (it becomes the file name and the address). */
export const SERVICE_ID = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

/** Why `id` cannot name a new service (Indonesian), or undefined. */
export function newServiceIdProblem(id: string, taken: Iterable<string>): string | undefined {
  if (!id) return 'Tulis kode layanan, misalnya rekomendasi-rehabilitasi-sosial.';
  if (id.length > 60 || !SERVICE_ID.test(id)) return 'Kode layanan hanya memakai huruf kecil, angka dan tanda hubung (-), diawali huruf, paling panjang 60, misalnya rekomendasi-rehabilitasi-sosial.';
  for (const t of taken) if (t === id) return `Kode "${id}" sudah dipakai layanan lain. Pilih kode lain.`;
  return undefined;
}

/** The office header a new standard starts with (taken from a service already running, so it needs no retyping). */
export interface OfficeHeader {
  agency: string;
  government: string;
  address: string;
  phone?: string;
  email?: string;
  website?: string;
}

const q = (s: string) => JSON.stringify(s);

/**
 * A blank standard: the header, one requirement, the roles of the intake, the completion time, fee, product,
 * complaint channels, an intake step with the documents received, and two outcomes. Valid as it is, so the
 * structured form can show it from the first moment; every part is meant to be changed.
 */
export function blankService(input: { id: string; title: string; office: OfficeHeader; calendar?: string }): string {
  const o = input.office;
  const header = [
    `  agency: ${q(o.agency)}`,
    `  government: ${q(o.government)}`,
    `  address: ${q(o.address)}`,
    ...(o.phone ? [`  phone: ${q(o.phone)}`] : []),
    ...(o.email ? [`  email: ${q(o.email)}`] : []),
    ...(o.website ? [`  website: ${q(o.website)}`] : []),
  ];
  return [
    `# Standar Pelayanan: ${input.title}`,
    '# Dibuat dari standar kosong di halaman Kelola SOP. Lengkapi persyaratan, peran, langkah, isian dan tenggatnya',
    '# di Formulir SOP (atau di teks ini), periksa, coba dengan skenario, lalu terbitkan dengan nomor SK.',
    '',
    `id: ${input.id}`,
    `title: ${q(input.title)}`,
    'version: 1',
    '',
    'service:',
    ...header,
    '',
    'decree:',
    '  number: Belum ditetapkan',
    `  title: ${q(`Standar Pelayanan ${input.title}`)}`,
    '',
    'requirements:',
    '  - id: ktp',
    '    text: Fotocopy KTP pemohon',
    '',
    'roles:',
    '  front_office: Petugas Front Office',
    '  kepala_dinas: Kepala Dinas',
    '',
    'completion:',
    '  text: 5 Hari Kerja',
    '  duration: P5D',
    '  calendar: working',
    '',
    'fee: Tidak dipungut biaya',
    '',
    'products:',
    `  - ${q(input.title)}`,
    '',
    'complaints:',
    '  text: "Apabila ingin melakukan pengaduan, silahkan hubungi:"',
    '  channels:',
    ...(o.email ? [`    - { channel: email, label: Email, value: ${q(o.email)} }`] : []),
    ...(o.phone ? [`    - { channel: telepon, label: Telepon, value: ${q(o.phone)} }`] : []),
    ...(!o.email && !o.phone ? ['    - { channel: lainnya, label: Kantor, value: Loket pengaduan di kantor Dinas }'] : []),
    '',
    ...(input.calendar
      ? [input.calendar.trimEnd()]
      : [
          '# Kalender kantor: hari dan jam kerja; tambahkan hari libur nasional dan cuti bersama setiap tahun.',
          'calendar:',
          '  timezone: Asia/Jakarta',
          '  workdays: [1, 2, 3, 4, 5]',
          '  hours: { start: "07:30", end: "16:00" }',
          '  holidays: []',
        ]),
    '',
    'outcomes:',
    '  - id: selesai',
    '    label: Layanan selesai, produk diserahkan',
    '    product: true',
    '  - id: ditolak',
    '    label: Permohonan ditolak, pemohon diberi tahu alasannya',
    '',
    'start: terima-permohonan',
    '',
    'steps:',
    '  - id: terima-permohonan',
    '    number: 1',
    '    title: Menerima permohonan',
    '    role: front_office',
    '    fields:',
    '      - name: pemohon_nama',
    '        label: Nama pemohon',
    '        type: text',
    '        required: true',
    '        sensitive: true',
    '        maxLength: 120',
    '      - name: dokumen_diterima',
    '        label: Dokumen yang diterima',
    '        type: multiselect',
    '        options:',
    '          - { value: ktp, label: Fotocopy KTP pemohon }',
    '    end: selesai',
    '',
  ].join('\n');
}

/** The calendar block of a service text as it is written (comments kept), for a blank standard; undefined if none. */
export function calendarBlock(source: string): string | undefined {
  const lines = source.split('\n');
  const at = lines.findIndex((l) => /^calendar\s*:/.test(l));
  if (at < 0) return undefined;
  let end = at + 1;
  while (end < lines.length && (/^\s/.test(lines[end]!) || lines[end] === '')) end++;
  while (end > at + 1 && !lines[end - 1]!.trim()) end--;
  return lines.slice(at, end).join('\n');
}

/** The office header of a service text (its `service:` map), for a blank standard. */
export function officeHeaderOf(source: string): OfficeHeader | undefined {
  const doc = parseDocument(source);
  if (doc.errors.length || !isMap(doc.contents)) return undefined;
  const service = (doc.contents as YAMLMap).items.find((p) => isScalar((p as Pair).key) && (p as Pair<{ value: unknown }>).key.value === 'service') as Pair | undefined;
  const value = service?.value;
  if (!isMap(value)) return undefined;
  const out: Record<string, string> = {};
  for (const item of (value as YAMLMap).items) {
    const p = item as Pair;
    if (isScalar(p.key) && isScalar(p.value) && p.value.value !== null) out[String(p.key.value)] = String(p.value.value);
  }
  return out.agency && out.government && out.address ? (out as unknown as OfficeHeader) : undefined;
}

/**
 * A copy of service text `source` as a new service: its id and title replaced, version 1, its decree not yet
 * set, every comment and the layout kept. Throws when the text has no top-level id or title to replace.
 */
export function copyService(source: string, input: { id: string; title: string }): string {
  const doc = parseDocument(source);
  if (doc.errors.length || !isMap(doc.contents)) throw new Error('Teks layanan yang disalin tidak dapat dibaca.');
  const root = doc.contents as YAMLMap;
  const edits: Array<{ range: [number, number]; text: string }> = [];
  const scalarOf = (map: YAMLMap, key: string) => {
    const pair = map.items.find((p) => isScalar((p as Pair).key) && String(((p as Pair).key as { value: unknown }).value) === key) as Pair | undefined;
    return pair && isScalar(pair.value) && pair.value.range ? pair.value : undefined;
  };
  const set = (map: YAMLMap, key: string, text: string) => {
    const node = scalarOf(map, key);
    if (!node) throw new Error(`Teks layanan yang disalin tidak memuat ${key}.`);
    edits.push({ range: [node.range![0], node.range![1]], text });
  };
  set(root, 'id', input.id);
  set(root, 'title', q(input.title));
  if (scalarOf(root, 'version')) set(root, 'version', '1');
  const decree = root.items.find((p) => isScalar((p as Pair).key) && String(((p as Pair).key as { value: unknown }).value) === 'decree') as Pair | undefined;
  if (decree && isMap(decree.value)) {
    const d = decree.value as YAMLMap;
    if (scalarOf(d, 'number')) set(d, 'number', 'Belum ditetapkan');
    if (scalarOf(d, 'title')) set(d, 'title', q(`Standar Pelayanan ${input.title}`));
    const effective = scalarOf(d, 'effective');
    if (effective) edits.push({ range: [lineStartOf(source, effective.range![0]), lineEndOf(source, effective.range![1]) + 1], text: '' });
  }
  let out = source;
  for (const e of edits.sort((a, b) => b.range[0] - a.range[0])) out = out.slice(0, e.range[0]) + e.text + out.slice(e.range[1]);
  return out;
}

function lineStartOf(text: string, at: number): number {
  return text.lastIndexOf('\n', at - 1) + 1;
}

function lineEndOf(text: string, at: number): number {
  const i = text.indexOf('\n', at);
  return i < 0 ? text.length - 1 : i;
}

/**
 * The scenario file of service `from` for its copy `id`: the same scenarios (the copy starts as the same
 * procedure), with the service they name (`workflow:`) and the file name in its comments ("setiap kali
 * from.yaml diubah", and its title when given) renamed; everything else, comments included, kept as written. Text that cannot be read as a
 * scenario file is given back unchanged: the editor then says what is wrong with it.
 */
export function copyScenarios(text: string, input: { from: string; id: string; fromTitle?: string; title?: string }): string {
  const doc = parseDocument(text);
  let out = text;
  if (!doc.errors.length && isMap(doc.contents)) {
    const pair = (doc.contents as YAMLMap).items.find((p) => isScalar((p as Pair).key) && String(((p as Pair).key as { value: unknown }).value) === 'workflow') as Pair | undefined;
    const node = pair && isScalar(pair.value) && pair.value.range && String(pair.value.value) === input.from ? pair.value : undefined;
    if (node) out = out.slice(0, node.range![0]) + input.id + out.slice(node.range![1]);
  }
  const file = new RegExp(`(^|[^A-Za-z0-9_-])${input.from.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.ya?ml\\b`, 'g');
  return out
    .split('\n')
    .map((line) => {
      if (!line.trimStart().startsWith('#')) return line;
      const renamed = line.replace(file, (_, before: string) => `${before}${input.id}.yaml`);
      return input.fromTitle && input.title ? renamed.split(input.fromTitle).join(input.title) : renamed;
    })
    .join('\n');
}
