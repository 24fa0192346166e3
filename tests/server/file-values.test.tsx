/**
 * A file field's value on the pages: its files' names with their downloads for those who may see it, "disembunyikan"
 * (no name, no id, no link) for those who may not, as the other identifying values; a reference typed before
 * uploads existed stays as written; an id whose file is not there is never printed.
 */
import { describe, expect, it } from 'vitest';
import type { Attachment } from '../../engine/attachments.ts';
import { completeStep, startCase } from '../../engine/case.ts';
import type { Case } from '../../engine/types.ts';
import { viewCase } from '../../engine/view.ts';
import { dataGroups, filesOf, shownItems } from '../../server/routes/views.ts';
import { CaseData } from '../../templates/case-data.tsx';
import { actor, intake, seedWorkflow } from '../engine/seed.ts';

const T0 = new Date('2026-11-30T02:00:00Z');
const ID = 'lp-AAAAAAAAAAAAAAAAAAAAAA';
const GONE = 'lp-BBBBBBBBBBBBBBBBBBBBBB';
const file: Attachment = { id: ID, name: 'visum anak.pdf', type: 'application/pdf', size: 2048, blob: 'x', uploadedBy: 'back_office', uploadedAt: T0.toISOString(), caseId: 'RKA-1', field: 'rencana_dokumen', step: 'rencana-respon' };

/** The seed service with its plan's files made identifying, and a case that went through the plan with `value`. */
async function caseWith(value: unknown) {
  const wf = seedWorkflow();
  const field = wf.steps.find((s) => s.id === 'rencana-respon')!.fields!.find((f) => f.name === 'rencana_dokumen')!;
  field.sensitive = true;
  const step = async (c: Case, id: string, data: Record<string, unknown>, role: string) => {
    const r = await completeStep(wf, c, { step: id, data, actor: actor(role), now: T0 });
    if (!r.ok) throw new Error(JSON.stringify(r.refusal));
    return r.value.case;
  };
  const s = await startCase(wf, { id: 'RKA-1', data: intake(), actor: actor('front_office'), now: T0 });
  if (!s.ok) throw new Error(JSON.stringify(s.refusal));
  let c = await step(s.value.case, 'periksa-dokumen', { dokumen_lengkap: 'ya' }, 'front_office');
  c = await step(c, 'proses-laporan', { hasil_asesmen: 'Memar.', kebutuhan_layanan: ['layanan_kesehatan'] }, 'bidang_teknis');
  c = await step(c, 'rencana-respon', { rencana_respon: 'Visum.', rencana_dokumen: value }, 'back_office');
  return { wf, c };
}

function html(wf: ReturnType<typeof seedWorkflow>, c: Case, role: string, attachments: Attachment[]) {
  const view = viewCase({ pinned: wf, case: c, viewer: actor(role), now: T0, attachments });
  const groups = dataGroups(view, (u) => u);
  const item = groups.flatMap((g) => g.items).find((i) => i.label === 'Berkas rencana respon')!;
  return { item, page: String(<CaseData groups={groups} timeZone="Asia/Jakarta" />) };
}

describe('a file field on the case page', () => {
  it('names the file with its download for a role that sees identities, and masks it for one that does not', async () => {
    const { wf, c } = await caseWith([ID]);
    const uptd = html(wf, c, 'kepala_uptd', [file]);
    expect(uptd.item).toMatchObject({ masked: false, files: [{ name: 'visum anak.pdf', size: '2 KB', href: `/kasus/RKA-1/lampiran/${ID}` }] });
    expect(uptd.page).toContain(`<a href="/kasus/RKA-1/lampiran/${ID}" download="">visum anak.pdf</a>`);
    expect(uptd.page).not.toContain(`>${ID}`);

    const sek = html(wf, c, 'sekretaris', [file]);
    expect(sek.item).toMatchObject({ masked: true, text: 'disembunyikan' });
    expect(sek.item.files).toBeUndefined();
    expect(sek.page).toContain('<dd class="masked">disembunyikan</dd>');
    for (const secret of [ID, 'visum anak', '/lampiran/']) expect(sek.page).not.toContain(secret);
  });

  it('never prints an id whose file is not there, and keeps a reference typed before uploads', async () => {
    const { wf, c } = await caseWith([ID, GONE]);
    const one = html(wf, c, 'kepala_uptd', [file]);
    expect(one.item.files?.map((f) => f.name)).toEqual(['visum anak.pdf']);
    expect(one.item.text).toBe('1 berkas tidak tersedia');
    expect(one.page).not.toContain(GONE);
    const none = html(wf, c, 'kepala_uptd', []);
    expect(none.item).toMatchObject({ text: '2 berkas tidak tersedia' });
    expect(none.page).not.toContain(ID);

    // A case recorded when the field was a text box for a paper file's reference.
    const typed = structuredClone(c);
    for (const e of typed.history) if (e.type === 'completed' && e.step === 'rencana-respon') e.data.rencana_dokumen = 'Map arsip no. 12/2025';
    expect(html(wf, typed, 'kepala_uptd', []).item.text).toBe('Map arsip no. 12/2025');
  });

  it('the task summary gets the same files', () => {
    const wf = seedWorkflow();
    const field = wf.steps.find((s) => s.id === 'rencana-respon')!.fields!.find((f) => f.name === 'rencana_dokumen')!;
    const items = shownItems([{ field, name: field.name, value: [ID], masked: false }], 'Asia/Jakarta', filesOf([{ id: ID, masked: false, file }]));
    expect(items[0]).toMatchObject({ text: '', files: [{ name: 'visum anak.pdf' }] });
  });
});
