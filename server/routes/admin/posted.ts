/**
 * What a post to the SOP editor carries: the YAML text, the structured form's inputs (written into the text when
 * they were drawn from it), the button pressed, the trial inputs, the publish fields, the sections left open.
 */
import { createHash } from 'node:crypto';
import type { Context } from 'hono';
import { changedLines } from '../../../engine/changes.ts';
import { applyAction, applyForm, EditError, editorInputs, parseAction } from '../../../engine/definition/edit/index.ts';
import { sectionsOf } from '../../../templates/admin/outline/index.tsx';
import type { AppEnv } from '../env.ts';
import { normalizeSource } from './draft.ts';

/** A short fingerprint of a text (the form says which text its inputs were drawn from). */
export function sourceHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 20);
}

export interface PostedDraft {
  /** The text after the form's inputs and the button were applied. */
  source: string;
  facts: string;
  /** The scenario text as edited in the page (absent when the page had none). */
  scenarios?: string;
  publish: { decree: string; effective: string; note: string; confirm?: string };
  basedOn?: number;
  /** The draft was opened as a new service (no version in force when the page was drawn). */
  isNew: boolean;
  edit: {
    /** Address → why an input was not written. */
    errors: Record<string, string>;
    changed: string[];
    /** Whether the text changed in this post. */
    applied: boolean;
    /** Lines of the new text that the post wrote. */
    lines: number[];
    notice?: { kind: 'ok' | 'info' | 'error'; text: string };
  };
  /** Ids of the form's sections to show open. */
  open: Set<string>;
}

const text = (v: unknown) => (typeof v === 'string' ? v : Array.isArray(v) ? (v.filter((x) => typeof x === 'string').pop() as string | undefined) ?? '' : '');

/** Reads the post; with `apply`, writes the form's inputs and the pressed button into the text. */
export async function postedDraft(c: Context<AppEnv>, options: { apply: boolean }): Promise<PostedDraft> {
  const body = (await c.req.parseBody({ all: true })) as Record<string, unknown>;
  const posted = normalizeSource(text(body.sumber));
  const open = new Set(text(body._terbuka).split(/\s+/).filter((s) => /^bagian-[A-Za-z0-9_-]{1,200}$/.test(s)));
  const edit: PostedDraft['edit'] = { errors: {}, changed: [], applied: false, lines: [] };
  let source = posted;
  if (options.apply) {
    const inputs = editorInputs(Object.entries(body));
    const action = parseAction(text(body._aksi) || undefined);
    const basis = text(body._basis);
    if ((inputs.size || action) && basis && basis !== sourceHash(posted)) {
      edit.notice = { kind: 'info', text: 'Teks YAML diubah langsung sejak formulir ditampilkan, jadi isian formulir yang belum diterapkan tidak dipakai. Formulir kini mengikuti teks; ulangi perubahan di formulir bila masih perlu.' };
    } else if (inputs.size || action) {
      const out = applyForm(posted, inputs);
      source = out.text;
      edit.errors = out.errors;
      edit.changed = out.changed;
      if (action) {
        try {
          const next = applyAction(source, action);
          if (next !== source) edit.changed.push(action.address);
          source = next;
        } catch (err) {
          if (!(err instanceof EditError)) throw err;
          edit.errors[action.address] = err.message;
        }
      }
      edit.applied = source !== posted;
      edit.lines = edit.applied ? changedLines(posted, source) : [];
      const problems = Object.keys(edit.errors).length;
      if (edit.applied || problems) {
        edit.notice = problems
          ? { kind: 'error', text: `${problems} isian formulir belum dapat dituliskan; lihat pesan merah di bawah.${edit.applied ? ' Isian lainnya sudah dituliskan ke teks YAML.' : ''}` }
          : { kind: 'ok', text: `Dituliskan ke teks YAML: ${edit.lines.length} baris (ditandai hijau di nomor barisnya).` };
      }
    }
  }
  for (const address of [...edit.changed, ...Object.keys(edit.errors)]) for (const id of sectionsOf(address)) open.add(id);
  // "Tampilkan isian bagian ini": that section, inside its step when it is a field or a deadline.
  const shown = text(body._buka);
  if (/^bagian-[A-Za-z0-9_-]{1,200}$/.test(shown)) {
    open.add(shown);
    const step = /^(bagian-steps--.+?)--(?:fields|deadlines)--/.exec(shown)?.[1];
    if (step) open.add(step);
  }
  const dasar = text(body._dasar);
  return {
    source,
    facts: text(body.nilai).trim(),
    scenarios: typeof body.skenario === 'string' ? normalizeSource(body.skenario) : undefined,
    publish: { decree: text(body.sk_nomor), effective: text(body.sk_berlaku), note: text(body.catatan), confirm: text(body.konfirmasi_skenario) || undefined },
    basedOn: /^\d+$/.test(dasar) ? Number(dasar) : undefined,
    isNew: text(body._baru) === '1',
    edit,
    open,
  };
}
