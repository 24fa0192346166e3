/**
 * A case's documents: the copies of the service's requirements (each a download, or "disembunyikan" for a role
 * that may not see identities, without even its name) and, for the roles that may add them later, a plain
 * multipart form per requirement (documents handed in after the report).
 */
import { sizeText, type AttachmentRule } from '../engine/attachments.ts';
import { fieldId } from './form/field.tsx';
import { UploadInput } from './form/upload.tsx';
import { formatDateTime } from './format.ts';
import { CsrfInput, type Viewer } from './layout.tsx';

export interface DocumentRow {
  requirement: string;
  text: string;
  files: Array<{ name: string; size: number; href: string; by: string; at: string } | { masked: true }>;
  /** Adding copies later: the upload's rule, when the viewer may. */
  rule?: AttachmentRule;
}

export function CaseDocuments(props: { caseId: string; rows: DocumentRow[]; viewer?: Viewer; timeZone: string; error?: { requirement: string; message: string }; uploadBase?: string }) {
  if (!props.rows.length) return null;
  return (
    <section class="documents" id="dokumen-persyaratan">
      <h2>Dokumen persyaratan</h2>
      <ul class="document-list">
        {props.rows.map((r) => {
          const name = `persyaratan.${r.requirement}`;
          const id = fieldId(name);
          const error = props.error?.requirement === r.requirement ? props.error.message : undefined;
          return (
            <li class={error ? 'has-error' : undefined} id={`${id}-box`}>
              <strong>{r.text}</strong>
              {r.files.length ? (
                <ul class="files">
                  {r.files.map((f) =>
                    'masked' in f ? (
                      <li class="masked">berkas disembunyikan (menunjukkan identitas)</li>
                    ) : (
                      <li>
                        <a href={f.href} download>
                          {f.name}
                        </a>{' '}
                        <span class="muted">
                          ({sizeText(f.size)}; diunggah {f.by}, {formatDateTime(f.at, props.timeZone)})
                        </span>
                      </li>
                    ),
                  )}
                </ul>
              ) : (
                <p class="muted">Belum ada salinan.</p>
              )}
              {r.rule ? (
                <form method="post" action={`/kasus/${props.caseId}/lampiran/${r.requirement}`} enctype="multipart/form-data" class="attach-later">
                  <CsrfInput viewer={props.viewer} />
                  {error ? (
                    <p class="error" id={`${id}-error`}>
                      {error}
                    </p>
                  ) : null}
                  <label for={id}>Lampirkan salinan</label>
                  <UploadInput
                    name={name}
                    id={id}
                    rule={r.rule}
                    ids={[]}
                    describedBy={[error ? `${id}-error` : '', `${id}-rule`].filter(Boolean).join(' ')}
                    uploadUrl={props.uploadBase ? `${props.uploadBase}&persyaratan=${encodeURIComponent(r.requirement)}` : undefined}
                    invalid={Boolean(error)}
                  />
                  <button type="submit">Lampirkan</button>
                </form>
              ) : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
