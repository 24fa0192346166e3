/**
 * The structured SOP editor beside the YAML text: the service as foldable sections of inputs and pickers. All of
 * it belongs to the editor's one form; "Terapkan" (or, with htmx, any change) writes it into the YAML text.
 */
import type { OutlineResult } from '../../../engine/definition/edit/outline.ts';
import { ComplaintsPart, HeaderPart, OutcomesPart, RequirementsPart, RolesPart, TermsPart } from './service.tsx';
import { StepsPart } from './steps.tsx';
import { hxButton, sectionId, type Live } from './widgets.tsx';

export { sectionId } from './widgets.tsx';

export interface OutlinePanelProps {
  outline: OutlineResult;
  /** Address → why an input was not written. */
  errors: Record<string, string>;
  /** Ids of the sections shown open. */
  open: Set<string>;
  /** Hash of the YAML text the inputs were drawn from (a text edited since makes them stale). */
  basis: string;
  live: Live;
  /** What the last apply did, in one sentence. */
  notice?: { kind: 'ok' | 'info' | 'error'; text: string };
  /** Sent out of band, beside another swap (the live check of the text). */
  oob?: boolean;
  /** Addresses the post changed (new-part rows among them are emptied in the browser). */
  changed?: string[];
}

/** The section ids an address of the form lives in, outermost first (steps/ID/fields/NAME/label → step, field). */
export function sectionsOf(address: string): string[] {
  const seg = address.split('/');
  const top: Record<string, string> = { title: 'kepala', description: 'kepala', service: 'kepala', decree: 'kepala', start: 'kepala', fee: 'completion', products: 'completion', access: 'roles' };
  if (seg[0] !== 'steps' || seg.length < 2) return [sectionId(top[seg[0]!] ?? seg[0]!)];
  const out = [sectionId(`steps/${seg[1]}`)];
  if ((seg[2] === 'fields' || seg[2] === 'deadlines') && seg[3]) out.push(sectionId(seg.slice(0, 4).join('/')));
  return out;
}

export function OutlinePanel(props: OutlinePanelProps) {
  const r = props.outline;
  const fresh = new Set(props.changed ?? []);
  const attrs = { 'hx-post': props.live.action, 'hx-trigger': 'change', 'hx-target': '#struktur', 'hx-swap': 'outerMorph', 'hx-sync': 'this:queue last' };
  return (
    <section id="struktur" class="struktur" aria-labelledby="judul-struktur" {...(r.ok ? attrs : {})} hx-swap-oob={props.oob ? 'outerMorph' : undefined}>
      <input type="hidden" name="_basis" value={props.basis} />
      <input type="hidden" name="_terbuka" id="bagian-terbuka" value={[...props.open].join(' ')} />
      <h2 id="judul-struktur">Formulir SOP</h2>
      {props.notice ? (
        <p class={`flash flash-${props.notice.kind}`} role="status">
          {props.notice.text}
        </p>
      ) : null}
      {!r.ok ? (
        <p class="flash flash-error">{r.message}</p>
      ) : (
        <>
          <p class="muted kecil">
            Ubah isian di sini; teks YAML di sampingnya ikut berubah, komentar dan susunannya tetap. Buka satu bagian untuk mengubahnya.
          </p>
          {props.errors[''] ? <p class="flash flash-error">{props.errors['']}</p> : null}
          <HeaderPart o={r.outline} errors={props.errors} open={props.open} live={props.live} fresh={fresh} />
          <RequirementsPart o={r.outline} errors={props.errors} open={props.open} live={props.live} fresh={fresh} />
          <RolesPart o={r.outline} errors={props.errors} open={props.open} live={props.live} fresh={fresh} />
          <TermsPart o={r.outline} errors={props.errors} open={props.open} live={props.live} fresh={fresh} />
          <ComplaintsPart o={r.outline} errors={props.errors} open={props.open} live={props.live} fresh={fresh} />
          <OutcomesPart o={r.outline} errors={props.errors} open={props.open} live={props.live} fresh={fresh} />
          <StepsPart o={r.outline} errors={props.errors} open={props.open} live={props.live} fresh={fresh} />
          <p class="actions terapkan">
            <button type="submit" name="_aksi" value="" class="primary" {...hxButton(props.live)}>
              Terapkan perubahan formulir
            </button>
            <span class="muted kecil">Dengan JavaScript, perubahan diterapkan begitu Anda pindah dari isian.</span>
          </p>
        </>
      )}
    </section>
  );
}
