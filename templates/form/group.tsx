/**
 * A repeating group: one fieldset per row with the group's fields, a button that removes a row and one that adds a
 * row. Both are plain submit buttons, so the form works without JavaScript: the server answers with the form again,
 * one row more or fewer, nothing saved.
 */
import { rowsOf, ROW_MARK } from '../../engine/groups.ts';
import type { Field } from '../../engine/types.ts';
import { FormField, fieldId } from './field.tsx';

export interface GroupProps {
  field: Field;
  /** The form's values: the group's rows as a list, or as posted ("anggota.0.nama"). */
  values: Record<string, unknown>;
  /** Field name → message, including "anggota.1.nik". */
  errors?: Record<string, string>;
  timeZone: string;
  today?: string;
}

export function GroupField(props: GroupProps) {
  const { field } = props;
  const rows = rowsOf(field, props.values);
  const min = typeof field.min === 'number' ? field.min : 0;
  while (rows.length < Math.max(min, 1)) rows.push({});
  const full = typeof field.max === 'number' && rows.length >= field.max;
  const error = props.errors?.[field.name];
  const errorId = error ? `${fieldId(field.name)}-error` : undefined;
  const helpId = field.help ? `${fieldId(field.name)}-help` : undefined;
  return (
    <fieldset class={error ? 'field field-group has-error' : 'field field-group'} id={`${fieldId(field.name)}-box`} aria-describedby={[errorId, helpId].filter(Boolean).join(' ') || undefined}>
      <legend>
        {field.label}
        {field.required || min > 0 ? (
          <span class="req" title="wajib diisi">
            {' '}*
          </span>
        ) : null}
      </legend>
      {field.help ? (
        <p class="help" id={helpId}>
          {field.help}
        </p>
      ) : null}
      <p class="help">
        {typeof field.max === 'number' ? `Paling banyak ${field.max} baris. ` : ''}Baris yang dibiarkan kosong tidak disimpan.
      </p>
      {error ? (
        <p class="error" id={errorId}>
          {error}
        </p>
      ) : null}
      <ol class="group-rows" id={fieldId(field.name)} tabindex={-1}>
        {rows.map((row, i) => (
          <li class="group-row">
            <fieldset>
              <legend>
                {field.label} {i + 1}
              </legend>
              <input type="hidden" name={`${field.name}.${i}.${ROW_MARK}`} value="" />
              {(field.fields ?? []).map((sub) => (
                <FormField
                  field={{ ...sub, name: `${field.name}.${i}.${sub.name}` }}
                  value={row[sub.name]}
                  error={props.errors?.[`${field.name}.${i}.${sub.name}`]}
                  timeZone={props.timeZone}
                  today={props.today}
                />
              ))}
              <button type="submit" class="secondary row-remove" name="_hapus" value={`${field.name}.${i}`} formnovalidate>
                Hapus {field.label.toLowerCase()} {i + 1}
              </button>
            </fieldset>
          </li>
        ))}
      </ol>
      <button type="submit" class="secondary row-add" name="_tambah" value={field.name} formnovalidate disabled={full ? true : undefined}>
        + {field.addLabel ?? 'Tambah baris'}
      </button>
      {full ? <p class="help">Jumlah baris sudah paling banyak.</p> : null}
    </fieldset>
  );
}
