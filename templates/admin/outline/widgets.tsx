/**
 * The inputs of the structured SOP editor. Each input's name is `u:ADDRESS` or `u:ADDRESS#PART` (see
 * engine/definition/edit/form.ts); a checkbox sends a hidden "0" first, so an unticked box is known too.
 */
import type { Child } from 'hono/jsx';
import { OPERATOR_WORDS } from '../../../engine/explain.ts';
import type { ConditionView, DurationView, FactView } from '../../../engine/definition/edit/outline.ts';

/** The htmx attributes of everything that applies the form (inputs on change, buttons on click). */
export interface Live {
  /** The URL that applies the form, e.g. /admin/layanan/ID/terapkan. */
  action: string;
}

export const nameOf = (address: string, part?: string) => `u:${address}${part !== undefined ? `#${part}` : ''}`;
export const idOf = (address: string, part?: string) => `u-${address}${part !== undefined ? `-${part}` : ''}`.replace(/[^A-Za-z0-9_-]+/g, '-');
/** The id of the foldable section of an address (steps/ID, steps/ID/fields/NAME, or the top part). */
export const sectionId = (address: string) => `bagian-${address.replace(/[^A-Za-z0-9_-]+/g, '--')}`;

/** Buttons of the editor: a normal submit without JavaScript; with htmx they apply and swap the outline in place. */
export function hxButton(live: Live) {
  return { formaction: live.action, formnovalidate: true, 'hx-post': live.action, 'hx-target': '#struktur', 'hx-swap': 'outerMorph' };
}

export function ErrorText(props: { message?: string }) {
  return props.message ? <p class="error">{props.message}</p> : null;
}

export function TextInput(props: { address: string; label: string; value: string; error?: string; help?: string; wide?: boolean; placeholder?: string; part?: string; maxlength?: number; hideLabel?: boolean }) {
  const id = idOf(props.address, props.part);
  return (
    <div class={`field${props.error ? ' has-error' : ''}${props.wide ? ' lebar' : ''}`}>
      <label for={id} class={props.hideLabel ? 'visually-hidden' : undefined}>
        {props.label}
      </label>
      {props.help ? <p class="help">{props.help}</p> : null}
      <ErrorText message={props.error} />
      <input type="text" id={id} name={nameOf(props.address, props.part)} value={props.value} placeholder={props.placeholder} maxlength={props.maxlength ?? 2000} autocomplete="off" />
    </div>
  );
}

export function TextArea(props: { address: string; label: string; value: string; error?: string; help?: string; rows?: number }) {
  const id = idOf(props.address);
  return (
    <div class={`field lebar${props.error ? ' has-error' : ''}`}>
      <label for={id}>{props.label}</label>
      {props.help ? <p class="help">{props.help}</p> : null}
      <ErrorText message={props.error} />
      <textarea id={id} name={nameOf(props.address)} rows={props.rows ?? 3}>
        {`\n${props.value}`}
      </textarea>
    </div>
  );
}

export function Select(props: { address: string; part?: string; label: string; value: string; options: Array<[string, string]>; error?: string; help?: string; hideLabel?: boolean }) {
  const id = idOf(props.address, props.part);
  const known = props.options.some(([v]) => v === props.value);
  return (
    <div class={`field${props.error ? ' has-error' : ''}`}>
      <label for={id} class={props.hideLabel ? 'visually-hidden' : undefined}>
        {props.label}
      </label>
      {props.help ? <p class="help">{props.help}</p> : null}
      <ErrorText message={props.error} />
      <select id={id} name={nameOf(props.address, props.part)}>
        {known || !props.value ? null : <option value={props.value} selected>{`${props.value} (tidak dikenal)`}</option>}
        {props.options.map(([v, label]) => (
          <option value={v} selected={v === props.value}>
            {label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** A yes/no box: the hidden "0" always goes, the box adds "1" when ticked. */
export function Checkbox(props: { address: string; part?: string; label: string; checked: boolean; help?: string }) {
  const id = idOf(props.address, props.part);
  return (
    <div class="field centang">
      <input type="hidden" name={nameOf(props.address, props.part)} value="0" />
      <label class="choice" for={id}>
        <input type="checkbox" id={id} name={nameOf(props.address, props.part)} value="1" checked={props.checked} />
        <span>
          {props.label}
          {props.help ? <small class="muted"> {props.help}</small> : null}
        </span>
      </label>
    </div>
  );
}

/** A set of ticks sending every ticked value under one name; `#ada` marks that the set was shown (none ticked is an answer). */
export function Ticks(props: { address: string; legend: string; choices: Array<[string, string]>; values: string[]; error?: string; help?: string }) {
  return (
    <fieldset class={`field centang-banyak${props.error ? ' has-error' : ''}`}>
      <legend>{props.legend}</legend>
      {props.help ? <p class="help">{props.help}</p> : null}
      <ErrorText message={props.error} />
      <input type="hidden" name={nameOf(props.address, 'ada')} value="1" />
      <div class="pilihan-grid">
        {props.choices.map(([v, label]) => (
          <label class="choice">
            <input type="checkbox" name={nameOf(props.address)} value={v} checked={props.values.includes(v)} />
            <span>{label}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

export const UNITS: Array<[string, string]> = [
  ['menit', 'menit'],
  ['jam', 'jam'],
  ['hari', 'hari'],
  ['minggu', 'minggu'],
];

/** A duration as a number and a unit; a duration of mixed units (P1DT4H) stays an ISO text box. */
export function DurationInput(props: { address: string; label: string; value: DurationView; error?: string; help?: string; prefix?: string }) {
  const p = props.prefix ?? '';
  const v = props.value;
  if (v.iso && !v.unit) {
    return <TextInput address={props.address} part={`${p}iso`} label={`${props.label} (ISO-8601)`} value={v.iso} error={props.error} help="Durasi campuran ditulis ISO-8601, misalnya P1DT4H = 1 hari 4 jam." />;
  }
  const n = idOf(props.address, `${p}n`);
  return (
    <fieldset class={`field durasi${props.error ? ' has-error' : ''}`}>
      <legend>{props.label}</legend>
      {props.help ? <p class="help">{props.help}</p> : null}
      <ErrorText message={props.error} />
      <div class="sebaris">
        <label for={n} class="visually-hidden">
          Jumlah
        </label>
        <input type="number" id={n} name={nameOf(props.address, `${p}n`)} value={v.amount !== undefined ? String(v.amount) : ''} min={1} max={9999} step={1} inputmode="numeric" class="angka" />
        <label for={idOf(props.address, `${p}u`)} class="visually-hidden">
          Satuan
        </label>
        <select id={idOf(props.address, `${p}u`)} name={nameOf(props.address, `${p}u`)}>
          {UNITS.map(([u, label]) => (
            <option value={u} selected={u === (v.unit ?? 'hari')}>
              {label}
            </option>
          ))}
        </select>
      </div>
    </fieldset>
  );
}

const OPERATORS = Object.entries(OPERATOR_WORDS) as Array<[string, string]>;

/**
 * A condition as rows "isian, operator, nilai" joined by all/any, with one empty row to add a test; a row whose
 * isian is emptied is dropped. A condition the rows cannot show is kept as written (edited in the YAML text).
 */
export function ConditionRows(props: { address: string; prefix?: string; legend: string; value?: ConditionView; facts: FactView[]; error?: string; none: string }) {
  const p = props.prefix ?? '';
  const c = props.value;
  if (c && !c.editable) {
    return (
      <div class="field syarat">
        <p class="legend-kecil">{props.legend}</p>
        <input type="hidden" name={nameOf(props.address, `${p}keep`)} value="ya" />
        <p>
          <code class="syarat-teks">{c.text}</code>
        </p>
        <p class="help">Syarat ini bertingkat; ubah di teks YAML.</p>
      </div>
    );
  }
  const rows = [...(c?.clauses ?? []), { fact: '', operator: 'equal', value: '' }];
  return (
    <fieldset class={`field syarat${props.error ? ' has-error' : ''}`}>
      <legend>{props.legend}</legend>
      <ErrorText message={props.error} />
      {rows.length > 2 || (c?.clauses.length ?? 0) > 1 ? (
        <Select address={props.address} part={`${p}mode`} label="Gabungan syarat" value={c?.mode ?? 'all'} options={[['all', 'semua syarat terpenuhi'], ['any', 'salah satu syarat terpenuhi']]} />
      ) : (
        <input type="hidden" name={nameOf(props.address, `${p}mode`)} value={c?.mode ?? 'all'} />
      )}
      <ol class="syarat-baris">
        {rows.map((r, k) => (
          <Clause address={props.address} prefix={p} index={k} clause={r} facts={props.facts} empty={k === rows.length - 1} none={props.none} />
        ))}
      </ol>
    </fieldset>
  );
}

function Clause(props: { address: string; prefix: string; index: number; clause: { fact: string; operator: string; value: string }; facts: FactView[]; empty: boolean; none: string }) {
  const { address, prefix: p, index: k, clause } = props;
  const fact = props.facts.find((f) => f.name === clause.fact);
  const choices: Array<[string, string]> | undefined = fact?.options.length
    ? fact.options.map((o) => [o.value, o.label])
    : fact?.type === 'checkbox'
      ? [['true', 'dicentang'], ['false', 'tidak dicentang']]
      : undefined;
  const list = clause.operator === 'in' || clause.operator === 'notIn';
  // The empty row adds a test: like every new part, it is written when complete (Enter or the apply button), not
  // at the first box left, so choosing the isian does not meet "write a value" before the value could be typed.
  return (
    <li class={props.empty ? 'sebaris baru' : 'sebaris'}>
      <Select
        address={address}
        part={`${p}fact.${k}`}
        label={`Isian syarat ${k + 1}`}
        hideLabel
        value={clause.fact}
        options={[['', props.empty ? props.none : '(hapus syarat ini)'], ...props.facts.map((f): [string, string] => [f.name, `${f.label} (langkah ${f.step})`])]}
      />
      <Select address={address} part={`${p}op.${k}`} label={`Operator syarat ${k + 1}`} hideLabel value={clause.operator} options={OPERATORS} />
      {choices && !list ? (
        <Select address={address} part={`${p}value.${k}`} label={`Nilai syarat ${k + 1}`} hideLabel value={clause.value} options={choices} />
      ) : (
        <div class="field">
          <label for={idOf(address, `${p}value.${k}`)} class="visually-hidden">
            Nilai syarat {k + 1}
          </label>
          <input
            type="text"
            id={idOf(address, `${p}value.${k}`)}
            name={nameOf(address, `${p}value.${k}`)}
            value={clause.value}
            placeholder={list ? 'nilai, dipisah koma' : 'nilai'}
            autocomplete="off"
          />
          {choices ? <p class="help">Pilihan: {choices.map(([v]) => v).join(', ')}</p> : null}
        </div>
      )}
    </li>
  );
}

/** Up, down and remove buttons of one item of a list. */
export function ItemButtons(props: { address: string; live: Live; first: boolean; last: boolean; what: string; remove?: boolean }) {
  const b = hxButton(props.live);
  return (
    <div class="butir-tombol">
      <button type="submit" name="_aksi" value={`naik:${props.address}`} {...b} disabled={props.first} aria-label={`Naikkan ${props.what}`} title="Naikkan">
        ↑
      </button>
      <button type="submit" name="_aksi" value={`turun:${props.address}`} {...b} disabled={props.last} aria-label={`Turunkan ${props.what}`} title="Turunkan">
        ↓
      </button>
      {props.remove === false ? null : (
        <button type="submit" name="_aksi" value={`hapus:${props.address}`} {...b} class="hapus" aria-label={`Hapus ${props.what}`} title="Hapus">
          Hapus
        </button>
      )}
    </div>
  );
}

/**
 * A foldable section of the outline; open when the administrator had it open or just changed something in it.
 * Only an open section carries its inputs (the page stays small): a closed one holds a button that shows them,
 * pressed by admin.js as soon as the section is unfolded.
 */
export function Section(props: { address: string; open: Set<string>; live: Live; summary: Child; children?: Child; class?: string }) {
  const id = sectionId(props.address);
  const open = props.open.has(id);
  return (
    <details class={`bagian${props.class ? ` ${props.class}` : ''}`} id={id} open={open ? true : undefined}>
      <summary>{props.summary}</summary>
      <div class="bagian-isi">
        {open ? (
          props.children
        ) : (
          <button type="submit" name="_buka" value={id} class="muat-bagian" formaction={`${props.live.action}#${id}`} formnovalidate hx-post={props.live.action} hx-target="#struktur" hx-swap="outerMorph">
            Tampilkan isian bagian ini
          </button>
        )}
      </div>
    </details>
  );
}
