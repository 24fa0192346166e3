/** One form field of any type, with its label, help text, required marker, condition note and error. */
import type { Child } from 'hono/jsx';
import { attachmentIds, ruleOf, type Attachment } from '../../engine/attachments.ts';
import type { Field } from '../../engine/types.ts';
import { UploadInput } from './upload.tsx';

export interface FieldProps {
  field: Field;
  value: unknown;
  error?: string;
  /** Words of the field's `when` condition ("Saluran laporan adalah Tidak langsung"), if it has one. */
  condition?: string;
  /** The condition does not hold for the data entered so far: without JavaScript the field stays visible
   *  with its note, with JavaScript it is hidden until the condition holds. */
  inactive?: boolean;
  /** When other fields depend on this one: the URL that re-renders the fields after a change. */
  refresh?: string;
  /** For a computed field: the ids of the inputs it is computed from (the output's `for`). */
  operands?: string;
  /** Office time zone, to show a stored instant in a datetime input. */
  timeZone: string;
  /** The office's date ("2026-11-30"), for a date bound of `today`. */
  today?: string;
  /** Attachments the form names (a file field's value is their ids), to show their names. */
  files?: Record<string, Attachment>;
  /** Where the page's script sends a file of this form (`&isian=NAME` is added). */
  uploadBase?: string;
}

/** The id of a field's control: "f-anak_nama", "f-anggota-0-nik" for a row of a group. */
export const fieldId = (name: string) => `f-${name.replaceAll('.', '-')}`;
const id = fieldId;

/** The input type for a text field's declared `inputmode` (numeric and decimal keep a text input: a NIK keeps its zeros). */
const INPUT_TYPES: Partial<Record<NonNullable<Field['inputmode']>, string>> = { tel: 'tel', email: 'email', url: 'url' };

/** A date field's bound as the input's min / max attribute ("YYYY-MM-DD"; `today` as the office's date). */
function dayBound(bound: number | string | undefined, today: string | undefined): string | undefined {
  if (typeof bound !== 'string') return undefined;
  return bound === 'today' ? today : bound;
}

function asList(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (value === undefined || value === null || value === '') return [];
  return [String(value)];
}

function asText(value: unknown): string {
  if (value === undefined || value === null) return '';
  return String(value);
}

function isChecked(value: unknown): boolean {
  return value === true || value === 'true' || value === 'on' || value === 'ya' || value === '1';
}

/** A stored instant ("2026-11-29T02:05:00.000Z") as the value of a datetime-local input in the office zone. */
function datetimeInputValue(value: unknown, timeZone: string): string {
  const text = asText(value);
  if (!/(Z|[+-]\d{2}:\d{2})$/.test(text)) return text.slice(0, 16);
  const d = new Date(text);
  if (Number.isNaN(d.getTime())) return text;
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(d)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

function Control(props: FieldProps & { describedBy?: string }) {
  const { field, value } = props;
  const name = field.name;
  const common = {
    id: id(name),
    name,
    'aria-describedby': props.describedBy,
    'aria-invalid': props.error ? 'true' : undefined,
    'aria-required': field.required ? 'true' : undefined,
    // A shared office PC must not remember a child's name or offer it on the next form.
    autocomplete: field.sensitive ? 'off' : undefined,
    'hx-post': props.refresh,
    'hx-target': props.refresh ? '#isian' : undefined,
    'hx-swap': props.refresh ? 'outerMorph' : undefined,
  };
  switch (field.type) {
    case 'textarea':
      return <textarea {...common} rows={4} maxlength={field.maxLength}>{asText(value)}</textarea>;
    case 'number':
      return (
        <input
          {...common}
          type="number"
          inputmode={field.inputmode ?? 'decimal'}
          min={typeof field.min === 'number' ? field.min : undefined}
          max={typeof field.max === 'number' ? field.max : undefined}
          step="any"
          value={asText(value)}
        />
      );
    case 'date':
      return <input {...common} type="date" min={dayBound(field.min, props.today)} max={dayBound(field.max, props.today)} value={asText(value).slice(0, 10)} />;
    case 'datetime':
      return <input {...common} type="datetime-local" value={datetimeInputValue(value, props.timeZone)} />;
    case 'select':
      return (
        <select {...common}>
          <option value="">— pilih —</option>
          {(field.options ?? []).map((o) => (
            <option value={o.value} selected={asText(value) === o.value}>
              {o.label}
            </option>
          ))}
        </select>
      );
    default:
      // The keyboard comes from the YAML (`inputmode`), never from the field's name.
      return (
        <input
          {...common}
          type={field.type === 'text' ? (INPUT_TYPES[field.inputmode ?? 'text'] ?? 'text') : 'text'}
          inputmode={field.type === 'text' && field.inputmode && field.inputmode !== 'text' ? field.inputmode : undefined}
          maxlength={field.maxLength}
          value={asText(value)}
        />
      );
  }
}

/** A group of radios or checkboxes: a fieldset whose legend is the label. */
function Choices(props: FieldProps & { multiple: boolean; describedBy?: string }) {
  const { field } = props;
  const chosen = asList(props.value);
  return (
    <div class="choices">
      {(field.options ?? []).map((o, i) => (
        <label class="choice">
          <input
            type={props.multiple ? 'checkbox' : 'radio'}
            name={field.name}
            id={i === 0 ? id(field.name) : `${id(field.name)}-${i}`}
            value={o.value}
            checked={chosen.includes(o.value)}
            aria-describedby={props.describedBy}
            hx-post={props.refresh}
            hx-target={props.refresh ? '#isian' : undefined}
            hx-swap={props.refresh ? 'outerMorph' : undefined}
          />
          <span>{o.label}</span>
        </label>
      ))}
    </div>
  );
}

function Label(props: { field: Field; children?: Child }) {
  return (
    <>
      {props.field.label}
      {props.field.required ? (
        <span class="req" title="wajib diisi">
          {' '}*
        </span>
      ) : null}
    </>
  );
}

/** A computed value (`compute`): shown, never typed; recomputed on the server as the fields it reads change. */
function Computed(props: FieldProps & { describedBy?: string }) {
  const { field } = props;
  const shown = props.value === undefined || props.value === null || props.value === '' ? 'belum dapat dihitung' : asText(props.value);
  return (
    <output id={id(field.name)} for={props.operands} aria-describedby={props.describedBy} class={props.error ? 'computed has-error' : 'computed'}>
      {shown}
    </output>
  );
}

/** Renders one field. Every type of the SOP language has a control here. */
export function FormField(props: FieldProps) {
  const { field } = props;
  if (field.compute && field.hidden) return null;
  const helpId = field.help ? `${id(field.name)}-help` : undefined;
  const errorId = props.error ? `${id(field.name)}-error` : undefined;
  const condId = props.condition ? `${id(field.name)}-cond` : undefined;
  const describedBy = [errorId, helpId, condId].filter(Boolean).join(' ') || undefined;
  const classes = ['field', `field-${field.type}`, props.error ? 'has-error' : '', props.inactive ? 'cond-off' : '']
    .filter(Boolean)
    .join(' ');
  const extras = (
    <>
      {props.condition ? (
        <p class="cond" id={condId}>
          Diisi bila {props.condition}.
        </p>
      ) : null}
      {field.help ? (
        <p class="help" id={helpId}>
          {field.help}
        </p>
      ) : null}
      {props.error ? (
        <p class="error" id={errorId}>
          {props.error}
        </p>
      ) : null}
    </>
  );

  if (field.type === 'radio' || field.type === 'multiselect') {
    return (
      <fieldset class={classes} id={`${id(field.name)}-box`}>
        <legend>
          <Label field={field} />
        </legend>
        {extras}
        <Choices {...props} multiple={field.type === 'multiselect'} describedBy={describedBy} />
      </fieldset>
    );
  }
  if (field.type === 'checkbox') {
    return (
      <div class={classes} id={`${id(field.name)}-box`}>
        <label class="choice">
          <input
            type="checkbox"
            id={id(field.name)}
            name={field.name}
            value="true"
            checked={isChecked(props.value)}
            aria-describedby={describedBy}
            hx-post={props.refresh}
            hx-target={props.refresh ? '#isian' : undefined}
            hx-swap={props.refresh ? 'outerMorph' : undefined}
          />
          <span>
            <Label field={field} />
          </span>
        </label>
        {extras}
      </div>
    );
  }
  if (field.type === 'file') {
    return (
      <div class={classes} id={`${id(field.name)}-box`}>
        <label for={id(field.name)}>
          <Label field={field} />
        </label>
        {extras}
        <UploadInput
          name={field.name}
          id={id(field.name)}
          rule={ruleOf(field)}
          ids={attachmentIds(props.value)}
          files={props.files}
          describedBy={[describedBy, `${id(field.name)}-rule`].filter(Boolean).join(' ')}
          uploadUrl={props.uploadBase ? `${props.uploadBase}&isian=${encodeURIComponent(field.name)}` : undefined}
          invalid={Boolean(props.error)}
        />
      </div>
    );
  }
  if (field.compute) {
    return (
      <div class={`${classes} field-computed`} id={`${id(field.name)}-box`}>
        <label for={id(field.name)}>
          <Label field={field} />
        </label>
        {extras}
        <Computed {...props} describedBy={describedBy} />
        <p class="help">Dihitung otomatis.</p>
      </div>
    );
  }
  return (
    <div class={classes} id={`${id(field.name)}-box`}>
      <label for={id(field.name)}>
        <Label field={field} />
      </label>
      {extras}
      <Control {...props} describedBy={describedBy} />
    </div>
  );
}
