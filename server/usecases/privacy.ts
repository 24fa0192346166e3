/**
 * Personal data protection operations (UU 27/2022), declared per service in its YAML (`privacy`):
 *  - anonymising closed cases whose retention period ran out (the rule is the engine's, engine/privacy.ts; the
 *    time is given, so a test or a scheduler decides "now"): identities and attachments removed, the figures kept,
 *    each case changed and audited in one transaction (`case.anonymise`), the files' content deleted after;
 *  - exporting one person's data on a documented request (`alur pdp export`): the cases that name them, with their
 *    own values and the case's non-identifying values, never another person's identity; audited (`pdp.export`)
 *    with the request's reference, never the name searched.
 */
import { anonymisationDue, anonymiseCase, identityPaths } from '../../engine/privacy.ts';
import type { Store } from '../../engine/ports/store.ts';
import { summarize } from '../../engine/summary.ts';
import type { Case, Field, Workflow } from '../../engine/types.ts';
import type { WorkflowRegistry } from '../workflows.ts';

/** Where attachments are recorded (server/usecases/attachments.ts). */
const ATTACHMENT_KIND = 'attachment';

export interface PrivacyDeps {
  store: Store;
  workflows: Pick<WorkflowRegistry, 'forCase'>;
}

export interface AnonymiseRun {
  /** Cases anonymised in this run, with how many values and files went. */
  anonymised: Array<{ id: string; paths: string[]; attachments: number }>;
}

/** Anonymises every case due at `now` (closed, its outcome's retention period over, not anonymised yet). */
export async function anonymiseDueCases(deps: PrivacyDeps, now: Date): Promise<AnonymiseRun> {
  const due: Array<{ id: string; wf: Workflow }> = [];
  for await (const batch of deps.store.cases.summaries()) {
    for (const s of batch) {
      if (s.status !== 'closed' || s.anonymisedAt) continue;
      const wf = deps.workflows.forCase({ id: s.workflow, version: s.version, hash: s.hash });
      if (wf?.privacy?.retention && anonymisationDue(wf, s, now)) due.push({ id: s.id, wf });
    }
  }
  const run: AnonymiseRun = { anonymised: [] };
  for (const { id, wf } of due) {
    const done = await anonymiseOne(deps, id, wf, now);
    if (done) run.anonymised.push(done);
  }
  return run;
}

async function anonymiseOne(deps: PrivacyDeps, id: string, wf: Workflow, now: Date): Promise<AnonymiseRun['anonymised'][number] | undefined> {
  const { store } = deps;
  const at = now.toISOString();
  const files = await store.records.query(ATTACHMENT_KIND, { caseId: id });
  const blobs: string[] = [];
  const done = await store.transaction(async (tx) => {
    const c = await tx.cases.get(id);
    if (!c || !anonymisationDue(wf, c, now)) return undefined;
    const { case: next, removed } = anonymiseCase(wf, c, now);
    if (!(await tx.cases.update(next, summarize(wf, next), c.rev))) return undefined; // changed meanwhile: next run
    for (const doc of files) {
      const blob = typeof doc.data.blob === 'string' ? doc.data.blob : undefined;
      if (blob) blobs.push(blob);
      // The record stays (the audit log names it); what identified the file goes.
      await tx.records.replace({ ...doc, data: { removedAt: at, type: doc.data.type, size: doc.data.size, field: doc.data.field, requirement: doc.data.requirement } });
    }
    const retention = (c.outcome && wf.privacy?.retention?.[c.outcome]) ?? wf.privacy?.retention?.['*'];
    await tx.audit.append({
      at,
      actor: 'sistem',
      action: 'case.anonymise',
      caseId: id,
      details: { outcome: c.outcome, closedAt: c.closedAt, retention, paths: removed, attachments: files.length },
    });
    return { id, paths: removed, attachments: files.length };
  });
  // Content is deleted once the case no longer names it (a blob is not part of a transaction).
  if (done) for (const blob of new Set(blobs)) await store.blobs.delete(blob).catch(() => false);
  return done;
}

/** What identifies a person in a request: a name (as written in a case) and/or a NIK. */
export interface PersonQuery {
  name?: string;
  nik?: string;
}

export interface PersonExport {
  /** The request it answers (letter number, date): recorded in the audit log. */
  request: string;
  madeAt: string;
  /** Who answers such requests, from the service's YAML. */
  contact?: string[];
  cases: Array<{
    id: string;
    service: string;
    version: number;
    status: Case['status'];
    outcome?: string;
    createdAt: string;
    closedAt?: string;
    anonymisedAt?: string;
    /** The fields that named the person. */
    matched: string[];
    /** The person's own values and the case's values that identify nobody, by field label. */
    data: Array<{ field: string; label: string; value: unknown }>;
    /** What was done in the case and when (steps, not the staff's notes about other people). */
    steps: Array<{ step: string; at: string }>;
  }>;
}

const normal = (v: string) => v.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();

function fieldsOf(wf: Workflow): Map<string, Field> {
  const out = new Map<string, Field>();
  for (const step of wf.steps) for (const f of step.fields ?? []) if (!out.has(f.name)) out.set(f.name, f);
  return out;
}

/** The fields of `c` that name the person: a text value equal to the name, or a value equal to the NIK. */
function matches(c: Case, identity: Set<string>, q: PersonQuery): string[] {
  const out: string[] = [];
  for (const [name, value] of Object.entries(c.data)) {
    if (!identity.has(name) || typeof value !== 'string') continue;
    if (q.name && normal(value) === normal(q.name)) out.push(name);
    else if (q.nik && value.replace(/\D/g, '') === q.nik.replace(/\D/g, '') && q.nik.replace(/\D/g, '').length >= 8) out.push(name);
  }
  return out;
}

/** The group a field belongs to by its name: `anak_nama` and `anak_alamat` are the child's, `pelapor_*` the reporter's. */
const party = (field: string) => field.split('_')[0]!;

/**
 * Every case naming the person, for a documented request; recorded in the audit log with the request and the case
 * ids (never the name or NIK searched). Another person's identity in the same case (the reporter and the alleged
 * perpetrator, when the child's guardian asks; the child's, when the reporter asks) is left out.
 */
export async function exportPersonData(deps: PrivacyDeps, q: PersonQuery, input: { request: string; by: string; now: Date }): Promise<PersonExport> {
  if (!q.name?.trim() && !q.nik?.trim()) throw new Error('Sebutkan nama (--name) atau NIK (--nik) orang yang meminta datanya.');
  if (!input.request.trim()) throw new Error('Sebutkan permintaan tertulisnya (--request "nomor surat, tanggal").');
  const out: PersonExport = { request: input.request, madeAt: input.now.toISOString(), cases: [] };
  const contacts = new Set<string>();
  for await (const batch of deps.store.cases.scan(500)) {
    for (const c of batch) {
      const wf = deps.workflows.forCase(c.workflow);
      if (!wf) continue;
      const identity = new Set(identityPaths(wf).filter((p) => !p.includes('.')));
      const matched = matches(c, identity, q);
      if (!matched.length) continue;
      if (wf.privacy?.contact) contacts.add(wf.privacy.contact);
      const own = new Set(matched.map(party));
      const fields = fieldsOf(wf);
      // Parties with a name of their own (anak, pelapor, terlapor): their fields are theirs. The case's subject
      // (access.subject: the child) also gets the identifying values that belong to no such party (the events,
      // the assessment); anyone else gets only their own.
      const named = new Set([...fields.keys()].filter((f) => f.endsWith('_nama')).map(party));
      const subject = matched.some((m) => wf.access?.subject?.includes(m));
      const data = Object.entries(c.data)
        .filter(([name]) => !identity.has(name) || own.has(party(name)) || (subject && !named.has(party(name))))
        .map(([name, value]) => ({ field: name, label: fields.get(name)?.label ?? name, value }));
      out.cases.push({
        id: c.id,
        service: wf.title,
        version: c.workflow.version,
        status: c.status,
        ...(c.outcome ? { outcome: c.outcome } : {}),
        createdAt: c.createdAt,
        ...(c.closedAt ? { closedAt: c.closedAt } : {}),
        ...(c.anonymised ? { anonymisedAt: c.anonymised.at } : {}),
        matched,
        data,
        steps: c.history.filter((h) => h.type === 'completed').map((h) => ({ step: (h as { step: string }).step, at: h.at })),
      });
    }
  }
  if (contacts.size) out.contact = [...contacts];
  await deps.store.audit.append({
    at: out.madeAt,
    actor: input.by,
    action: 'pdp.export',
    details: { request: input.request, cases: out.cases.map((c) => c.id), by: q.nik ? 'nik' : 'nama' },
  });
  return out;
}
