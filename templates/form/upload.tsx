/**
 * An upload input: the files already taken (each a ticked box: untick to leave it out), a file input that opens
 * the phone's camera when the YAML says so, and what is allowed. Works as a plain multipart form; with
 * JavaScript (server/static/app.js) each file is sent at once with a progress bar and a retry on a slow line.
 */
import { acceptAttribute, allowedText, sizeText, type Attachment, type AttachmentRule } from '../../engine/attachments.ts';

export interface UploadProps {
  /** The input's name: a file field's name, or "persyaratan.ID" for a requirement's copy. */
  name: string;
  id: string;
  rule: AttachmentRule;
  /** Ids the form holds already (kept from an earlier sending, or the case's files of a step done again). */
  ids: string[];
  files?: Record<string, Attachment>;
  describedBy?: string;
  /** Where the script sends each file (POST /berkas?layanan=…&isian=… or &persyaratan=…). */
  uploadUrl?: string;
  invalid?: boolean;
}

export function UploadInput(props: UploadProps) {
  const kept = props.ids;
  return (
    <div class="upload" data-unggah={props.uploadUrl} data-nama={props.name} data-banyak={props.rule.multiple ? '1' : undefined}>
      {kept.length ? (
        <ul class="upload-list">
          {kept.map((id) => {
            const f = props.files?.[id];
            return (
              <li>
                <label class="choice">
                  <input type="checkbox" name={props.name} value={id} checked />
                  <span>
                    {f ? f.name : 'Berkas yang sudah diunggah'} {f ? <span class="muted">({sizeText(f.size)})</span> : null}
                  </span>
                </label>
              </li>
            );
          })}
        </ul>
      ) : (
        <ul class="upload-list"></ul>
      )}
      <input
        type="file"
        id={props.id}
        name={props.name}
        accept={acceptAttribute(props.rule)}
        capture={props.rule.capture}
        multiple={props.rule.multiple}
        aria-describedby={props.describedBy}
        aria-invalid={props.invalid ? 'true' : undefined}
      />
      <p class="help upload-rule" id={`${props.id}-rule`}>
        {allowedText(props.rule)}
        {kept.length ? ' Hapus centang untuk tidak menyertakan berkas yang sudah diunggah.' : ''}
      </p>
    </div>
  );
}
