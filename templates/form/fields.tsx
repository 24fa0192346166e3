/** The fields of one form as a block htmx can re-render when a field that others depend on changes. */
import type { Attachment } from '../../engine/attachments.ts';
import type { Field } from '../../engine/types.ts';
import { operandsOf } from '../../engine/compute.ts';
import { conditionFacts, describeCondition } from './condition.ts';
import { fieldId, FormField } from './field.tsx';
import { GroupField } from './group.tsx';

export interface FieldsProps {
  fields: Field[];
  /** Values to show (entered so far, or stored on the case). */
  values: Record<string, unknown>;
  /** Field name → message, beside the field. */
  errors?: Record<string, string>;
  /** Names of the fields whose `when` holds for the data so far (engine visibleFields). */
  visible: Set<string>;
  /** Fields of earlier steps, so a condition on them reads with their labels. */
  known?: Field[];
  /** POST URL that answers with this block re-rendered for the values posted. */
  refresh?: string;
  timeZone: string;
  /** The office's date, for date bounds of `today`. */
  today?: string;
  /** Attachments the form names, to show their names beside their file fields. */
  files?: Record<string, Attachment>;
  /** Where the page's script sends a file of this form, e.g. "/berkas?layanan=ID". */
  uploadBase?: string;
}

/** The block with id "isian" that wraps every field of the form. */
export function FormFields(props: FieldsProps) {
  // Fields others depend on re-render the block when they change: conditions (`when`) and computed values.
  const drivers = new Set(props.fields.flatMap((f) => [...(f.when ? conditionFacts(f.when) : []), ...(f.compute ? operandsOf(f.compute) : [])]));
  const known = [...(props.known ?? []), ...props.fields];
  const field = (f: Field) =>
    f.type === 'group' ? (
      <GroupField field={f} values={props.values} errors={props.errors} timeZone={props.timeZone} today={props.today} />
    ) : (
    <FormField
      field={f}
      value={props.values[f.name]}
      error={props.errors?.[f.name]}
      condition={f.when ? describeCondition(f.when, known) : undefined}
      inactive={!props.visible.has(f.name)}
      refresh={drivers.has(f.name) ? props.refresh : undefined}
      operands={f.compute ? operandsOf(f.compute).filter((n) => props.fields.some((x) => x.name === n)).map((n) => `f-${n}`).join(' ') || undefined : undefined}
      timeZone={props.timeZone}
      today={props.today}
      files={props.files}
      uploadBase={props.uploadBase}
    />
    );
  return (
    <div id="isian" class="fields">
      {sections(props.fields).map((s) =>
        s.title ? (
          <fieldset class="form-section">
            <legend>{s.title}</legend>
            {s.fields.map(field)}
          </fieldset>
        ) : (
          s.fields.map(field)
        ),
      )}
    </div>
  );
}

/** Consecutive fields grouped under the `section` title that starts each group (fields before the first have none). */
function sections(fields: Field[]): Array<{ title?: string; fields: Field[] }> {
  const out: Array<{ title?: string; fields: Field[] }> = [];
  for (const f of fields) {
    if (f.section || !out.length) out.push({ title: f.section, fields: [] });
    out[out.length - 1].fields.push(f);
  }
  return out;
}

/** A field's label for the error summary; a group's row field as "Anggota keluarga 2: NIK". */
function labelOf(fields: Field[], name: string): string {
  const [group, row, column] = name.split('.');
  const f = fields.find((x) => x.name === group);
  if (f?.type === 'group' && row !== undefined && column !== undefined) {
    return `${f.label} ${Number(row) + 1}: ${f.fields?.find((s) => s.name === column)?.label ?? column}`;
  }
  return f?.label ?? name;
}

/** The error summary at the top of a refused form: how many fields, with links to each. */
export function ErrorSummary(props: {
  errors?: Record<string, string>;
  fields: Field[];
  /** Labels of inputs that are no field of the form (a requirement's upload). */
  labels?: Record<string, string>;
  message?: string;
  link?: { href: string; text: string };
}) {
  const names = Object.keys(props.errors ?? {});
  if (!names.length && !props.message) return null;
  return (
    <div class="error-summary" role="alert" tabindex={-1} id="kesalahan">
      <p>
        <strong>{props.message ?? 'Data belum bisa disimpan.'}</strong>
        {names.length ? ` Periksa isian berikut:` : ''}
      </p>
      {names.length ? (
        <ul>
          {names.map((n) => (
            <li>
              <a href={`#${fieldId(n)}`}>
                {props.labels?.[n] ?? labelOf(props.fields, n)}: {props.errors![n]}
              </a>
            </li>
          ))}
        </ul>
      ) : null}
      {props.link ? (
        <p>
          <a href={props.link.href}>{props.link.text}</a>
        </p>
      ) : null}
    </div>
  );
}
