/** A step's whole form: posts normally without JavaScript; with htmx, a refused (422) form is swapped in place. */
import type { Child } from 'hono/jsx';
import type { Attachment } from '../../engine/attachments.ts';
import type { Field } from '../../engine/types.ts';
import { CsrfInput, type Viewer } from '../layout.tsx';
import { ErrorSummary, FormFields } from './fields.tsx';

export interface StepFormProps {
  /** Where the form posts. */
  action: string;
  /** Where the fields block is re-rendered when a field others depend on changes. */
  refresh: string;
  fields: Field[];
  values: Record<string, unknown>;
  errors?: Record<string, string>;
  /** Message at the top of a refused form. */
  message?: string;
  /** A way out shown with the message (e.g. to the case page when the step was done by someone else). */
  messageLink?: { href: string; text: string };
  visible: Set<string>;
  known?: Field[];
  timeZone: string;
  /** The office's date, for date bounds of `today`. */
  today?: string;
  /** The case revision the form was opened on: a stale form is refused instead of overwriting. */
  rev?: number;
  /** One value per opened intake form: the same form sent twice (a double tap on a slow line) starts one case. */
  nonce?: string;
  viewer?: Viewer;
  submitLabel: string;
  /** What happens once the form is saved, beside the button. */
  note?: string;
  /** Shown above the fields (e.g. the requirements checklist). */
  before?: Child;
  /** Attachments the form names, shown beside their inputs. */
  files?: Record<string, Attachment>;
  /** Where the page's script sends a file (POST /berkas?layanan=ID); a form with uploads is multipart. */
  uploadBase?: string;
  /** The form carries files (file fields or requirement copies): sent as multipart/form-data. */
  multipart?: boolean;
  /** Labels for error names that are no field (a requirement's upload). */
  errorLabels?: Record<string, string>;
}

export function StepForm(props: StepFormProps) {
  return (
    <form
      id="formulir"
      class="step-form"
      method="post"
      action={props.action}
      hx-post={props.action}
      hx-target="this"
      hx-swap="outerHTML show:top"
      hx-disable="find button[type=submit]"
      enctype={props.multipart ? 'multipart/form-data' : undefined}
      novalidate
    >
      <CsrfInput viewer={props.viewer} />
      {props.rev !== undefined ? <input type="hidden" name="_rev" value={String(props.rev)} /> : null}
      {props.nonce ? <input type="hidden" name="_kirim" value={props.nonce} /> : null}
      <ErrorSummary errors={props.errors} fields={props.fields} message={props.message} link={props.messageLink} labels={props.errorLabels} />
      {props.before ?? null}
      <p class="legend">
        Isian bertanda <span class="req">*</span> wajib diisi.
      </p>
      <FormFields
        fields={props.fields}
        values={props.values}
        errors={props.errors}
        visible={props.visible}
        known={props.known}
        refresh={props.refresh}
        timeZone={props.timeZone}
        today={props.today}
        files={props.files}
        uploadBase={props.uploadBase}
      />
      <div class="actions">
        <button type="submit" class="primary">
          {props.submitLabel}
        </button>
        <span class="htmx-indicator">Menyimpan…</span>
      </div>
      {props.note ? <p class="after-submit">{props.note}</p> : null}
    </form>
  );
}
