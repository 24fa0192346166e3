/** workflows/schema.json matches engine/types.ts exactly (same keys, same required keys, same enums) and explains itself. */
import { describe, expect, it } from 'vitest';
import { OPERATORS, parseWorkflow, workflowSchema } from '../../../engine/definition/index.ts';
import type {
  Branch,
  Check,
  PriorityRule,
  PriorityDeadline,
  NotifyRule,
  NotificationSettings,
  EscalationLevel,
  ComplaintChannel,
  DeadlineRule,
  Field,
  FieldOption,
  FieldType,
  OfficeCalendar,
  LetterRule,
  Outcome,
  Requirement,
  Step,
  Workflow,
} from '../../../engine/types.ts';
import type { PublicIntake, ReportBand, ReportDimension, ReportTable, ReportsSection, StandardSection } from '../../../engine/report/types.ts';

type Def = { properties?: Record<string, Def>; required?: string[]; $ref?: string; description?: string; enum?: string[]; items?: Def; [k: string]: unknown };
const schema = workflowSchema as unknown as Def & { $defs: Record<string, Def> };

function resolve(d: Def): Def {
  return d.$ref ? { ...schema.$defs[d.$ref.replace('#/$defs/', '')], ...d } : d;
}

/** Keys a type must have (TypeScript checks these literals are complete and exact). */
type RequiredKeys<T> = { [K in keyof T]-?: object extends Pick<T, K> ? never : K }[keyof T];
const all = <T>(keys: Record<keyof T, true>) => Object.keys(keys).sort();
const required = <T>(keys: Record<RequiredKeys<T>, true>) => Object.keys(keys).sort();

const SHAPES: Array<[string, Def, string[], string[]]> = [
  [
    'Workflow',
    schema,
    all<Workflow>({ id: true, title: true, version: true, service: true, decree: true, description: true, requirements: true, roles: true, access: true, completion: true, fee: true, products: true, complaints: true, calendar: true, outcomes: true, assignment: true, priority: true, kind: true, notifications: true, start: true, steps: true, reports: true, standard: true, publicIntake: true, privacy: true }),
    // `version` may be left out of the YAML: the loader sets 1.
    required<Workflow>({ id: true, title: true, version: true, service: true, decree: true, requirements: true, roles: true, completion: true, fee: true, products: true, complaints: true, outcomes: true, start: true, steps: true }).filter((k) => k !== 'version'),
  ],
  [
    'service',
    schema.properties!.service,
    all<Workflow['service']>({ agency: true, government: true, address: true, phone: true, email: true, website: true }),
    required<Workflow['service']>({ agency: true, government: true, address: true }),
  ],
  ['privacy', schema.properties!.privacy, all<NonNullable<Workflow['privacy']>>({ retention: true, identity: true, contact: true }), []],
  ['decree', schema.properties!.decree, all<Workflow['decree']>({ number: true, effective: true, title: true }), required<Workflow['decree']>({ number: true })],
  ['completion', schema.properties!.completion, all<Workflow['completion']>({ text: true, duration: true, calendar: true }), required<Workflow['completion']>({ text: true, duration: true })],
  ['complaints', schema.properties!.complaints, all<Workflow['complaints']>({ text: true, channels: true }), required<Workflow['complaints']>({ channels: true })],
  ['access', schema.properties!.access, all<NonNullable<Workflow['access']>>({ read: true, sensitive: true, subject: true, audit: true }), []],
  ['Requirement', schema.$defs.requirement, all<Requirement>({ id: true, text: true, attach: true, sensitive: true, accept: true, maxMB: true, multiple: true, capture: true }), required<Requirement>({ id: true, text: true })],
  ['ComplaintChannel', schema.$defs.channel, all<ComplaintChannel>({ channel: true, label: true, value: true }), required<ComplaintChannel>({ channel: true, label: true, value: true })],
  ['Outcome', schema.$defs.outcome, all<Outcome>({ id: true, label: true, product: true, letter: true }), required<Outcome>({ id: true, label: true })],
  [
    'LetterRule',
    schema.$defs.letter,
    all<LetterRule>({ id: true, title: true, number: true, addressee: true, subject: true, fields: true, body: true, place: true, signer: true, revoke: true, family: true }),
    required<LetterRule>({ title: true, number: true, addressee: true, body: true, place: true, signer: true }),
  ],
  [
    'OfficeCalendar',
    schema.$defs.officeCalendar,
    all<OfficeCalendar>({ timezone: true, workdays: true, hours: true, holidays: true }),
    required<OfficeCalendar>({ timezone: true, workdays: true, hours: true }),
  ],
  [
    'Step',
    schema.$defs.step,
    all<Step>({ id: true, number: true, title: true, description: true, role: true, fields: true, next: true, end: true, deadlines: true, checks: true, summary: true, pausesClock: true, notify: true }),
    required<Step>({ id: true, number: true, title: true, role: true }),
  ],
  ['Branch', schema.$defs.branch, all<Branch>({ to: true, end: true, parallel: true, join: true, wait: true, when: true, label: true }), []],
  [
    'DeadlineRule',
    schema.$defs.deadline,
    all<DeadlineRule>({ id: true, label: true, duration: true, calendar: true, when: true, blocking: true, starts: true, metLabel: true, metBy: true, endsWithCase: true, notify: true }),
    required<DeadlineRule>({ id: true, label: true, duration: true }),
  ],
  [
    'Field',
    schema.$defs.field,
    all<Field>({ name: true, label: true, type: true, required: true, sensitive: true, help: true, section: true, default: true, options: true, min: true, max: true, minLength: true, maxLength: true, pattern: true, patternMessage: true, when: true, inputmode: true, compute: true, hidden: true, fields: true, addLabel: true, accept: true, maxMB: true, multiple: true, capture: true }),
    required<Field>({ name: true, label: true, type: true }),
  ],
  ['Check', schema.$defs.check, all<Check>({ rule: true, message: true, field: true }), required<Check>({ rule: true, message: true })],
  ['PriorityRule', schema.$defs.priorityRule, all<PriorityRule>({ value: true, label: true, when: true, deadline: true }), required<PriorityRule>({ value: true, label: true, when: true })],
  [
    'PriorityDeadline',
    schema.$defs.priorityDeadline,
    all<PriorityDeadline>({ id: true, label: true, duration: true, calendar: true, until: true }),
    required<PriorityDeadline>({ id: true, label: true, duration: true, until: true }),
  ],
  ['NotifyRule', schema.$defs.notifyRule, all<NotifyRule>({ arrival: true, remind: true, overdue: true, escalate: true }), []],
  ['notifications', schema.properties!.notifications, all<NotificationSettings>({ channels: true, arrival: true, remind: true, overdue: true, escalate: true }), []],
  ['EscalationLevel', schema.$defs.escalationLevel, all<EscalationLevel>({ after: true, roles: true }), required<EscalationLevel>({ after: true, roles: true })],
  ['FieldOption', schema.$defs.option, all<FieldOption>({ value: true, label: true }), required<FieldOption>({ value: true, label: true })],
  ['reports', schema.properties!.reports, all<ReportsSection>({ roles: true, threshold: true, dimensions: true, tables: true }), []],
  ['ReportDimension', schema.$defs.reportDimension, all<ReportDimension>({ id: true, label: true, field: true, ageAt: true, bands: true }), required<ReportDimension>({ id: true, label: true, field: true })],
  ['ReportBand', schema.$defs.reportBand, all<ReportBand>({ label: true, min: true, max: true }), required<ReportBand>({ label: true })],
  ['ReportTable', schema.$defs.reportTable, all<ReportTable>({ label: true, rows: true, columns: true }), required<ReportTable>({ label: true, rows: true, columns: true })],
  [
    'standard',
    schema.properties!.standard,
    all<StandardSection>({ legalBasis: true, facilities: true, competence: true, supervision: true, staffing: true, guarantee: true, safety: true, evaluation: true, pledge: true }),
    [],
  ],
  ['publicIntake', schema.properties!.publicIntake, all<PublicIntake>({ fields: true, values: true, about: true, title: true, wording: true }), required<PublicIntake>({ fields: true })],
];

describe('schema and types', () => {
  for (const [name, def, keys, req] of SHAPES) {
    it(`${name}: same keys, same required keys, unknown keys refused`, () => {
      const d = resolve(def);
      expect(Object.keys(d.properties ?? {}).sort()).toEqual(keys);
      expect([...(d.required ?? [])].sort()).toEqual(req.sort());
      expect(d.additionalProperties).toBe(false);
    });
  }

  it('enums: field types, complaint channels, calendar modes, operators', () => {
    const types: Record<FieldType, true> = { text: true, textarea: true, number: true, date: true, datetime: true, select: true, radio: true, checkbox: true, multiselect: true, file: true, group: true };
    expect([...schema.$defs.field.properties!.type.enum!].sort()).toEqual(Object.keys(types).sort());
    const channels: Record<ComplaintChannel['channel'], true> = { email: true, facebook: true, instagram: true, website: true, whatsapp: true, telepon: true, lainnya: true };
    expect([...schema.$defs.channel.properties!.channel.enum!].sort()).toEqual(Object.keys(channels).sort());
    const modes: Record<NonNullable<DeadlineRule['calendar']>, true> = { calendar: true, working: true };
    expect([...schema.$defs.calendarMode.enum!].sort()).toEqual(Object.keys(modes).sort());
    expect(schema.$defs.factCondition.properties!.operator.enum).toEqual(OPERATORS);
  });

  it('every property an administrator can write is described in Indonesian', () => {
    const missing: string[] = [];
    const visit = (d: Def, at: string) => {
      for (const [key, prop] of Object.entries(d.properties ?? {})) {
        const r = resolve(prop);
        if (!r.description) missing.push(`${at}.${key}`);
        if (!prop.$ref) visit(prop, `${at}.${key}`); // inline sections (service, hours…); $defs are visited below
        if (prop.items && !prop.items.$ref) visit(prop.items, `${at}.${key}[]`);
      }
    };
    visit(schema, '');
    for (const [name, def] of Object.entries(schema.$defs)) visit(def, name);
    expect(missing).toEqual([]);
  });

  it('accepts a definition that uses every optional part (role lists, holiday strings, guarded deadlines, fact paths)', () => {
    const full: Workflow = {
      id: 'layanan-lengkap',
      title: 'Layanan Lengkap',
      version: 3,
      description: 'Contoh yang memakai semua bagian.',
      service: { agency: 'Dinas', government: 'Pemerintah Kabupaten', address: 'Jalan 1', phone: '0761 123', email: 'dinas@contoh.go.id', website: 'contoh.go.id' },
      decree: { number: 'KPTS.1', effective: '2026-01-02', title: 'Standar' },
      requirements: [{ id: 'ktp', text: 'KTP' }],
      roles: { petugas: 'Petugas', kepala: 'Kepala' },
      access: { read: ['kepala'], sensitive: ['petugas'] },
      completion: { text: '3 hari kerja', duration: 'P3D', calendar: 'working' },
      fee: 'Gratis',
      products: ['Surat'],
      complaints: { text: 'Hubungi:', channels: [{ channel: 'telepon', label: 'Telepon', value: '0761 123' }] },
      calendar: { timezone: 'Asia/Makassar', workdays: [1, 2, 3, 4, 5, 6], hours: { start: '08:00', end: '15:30' }, holidays: ['2026-08-17', { date: '2026-12-25', name: 'Natal' }, { date: '2026-12-26' }] },
      outcomes: [{ id: 'selesai', label: 'Selesai', product: true }, { id: 'batal', label: 'Batal' }],
      start: 'terima',
      steps: [
        {
          id: 'terima',
          number: 1,
          title: 'Terima',
          description: 'Menerima',
          role: ['petugas', 'kepala'],
          fields: [
            { name: 'umur', label: 'Umur', type: 'number', required: true, min: 0, max: 120, help: 'Tahun' },
            { name: 'nama', label: 'Nama', type: 'text', sensitive: true, minLength: 2, maxLength: 80, pattern: '^[A-Za-z ]+$', patternMessage: 'Huruf saja' },
            { name: 'catatan', label: 'Catatan', type: 'textarea', when: { not: { fact: 'umur', operator: 'lessThan', value: 18 } } },
            { name: 'pilihan', label: 'Pilihan', type: 'multiselect', options: [{ value: 'a', label: 'A' }, { value: 'b', label: 'B' }] },
            { name: 'setuju', label: 'Setuju', type: 'checkbox' },
            { name: 'waktu', label: 'Waktu', type: 'datetime' },
            { name: 'lampiran', label: 'Lampiran', type: 'file' },
            { name: 'data', label: 'Data', type: 'text' },
          ],
          deadlines: [{ id: 'susulan', label: 'Susulan', duration: 'P1W', calendar: 'working', blocking: true, metLabel: 'Diterima', when: { any: [{ fact: 'setuju', operator: 'equal', value: false }] } }],
          next: [
            { end: 'batal', when: { all: [{ fact: 'pilihan', operator: 'doesNotContain', value: 'a' }, { fact: 'data', operator: 'equal', value: 'x', path: '$.kode' }] }, label: 'dibatalkan' },
            { to: 'setujui', label: 'diteruskan' },
          ],
        },
        { id: 'setujui', number: 2, title: 'Setujui', role: 'kepala', end: 'selesai' },
      ],
    };
    const r = parseWorkflow(JSON.stringify(full), 'lengkap.json');
    expect(r.ok ? 'ok' : r.errors.map((e) => `${e.path}: ${e.message}`)).toBe('ok');
    if (r.ok) expect(r.workflow).toEqual(full);
  });
});
