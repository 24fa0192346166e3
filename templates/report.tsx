/** New report: the list of services one may start, and the intake form of one with its requirements checklist. */
import type { StepNumber } from '../engine/types.ts';
import type { Requirement, Workflow } from '../engine/types.ts';
import { ruleOf, type Attachment } from '../engine/attachments.ts';
import { fieldId } from './form/field.tsx';
import { StepForm, type StepFormProps } from './form/form.tsx';
import { UploadInput } from './form/upload.tsx';
import { Layout, type LayoutProps } from './layout.tsx';

export function ChooseServicePage(props: { workflows: Workflow[] } & Omit<LayoutProps, 'title' | 'children'>) {
  return (
    <Layout {...props} title="Laporan baru" nav="lapor">
      <h1>Catat laporan baru</h1>
      {props.workflows.length === 0 ? (
        <p>Peran Anda tidak mencatat laporan baru pada layanan mana pun.</p>
      ) : (
        <>
          <p class="lead">Pilih layanan:</p>
          <ul class="cards">
            {props.workflows.map((wf) => (
              <li class="card">
                <h2>
                  <a href={`/lapor/${wf.id}`}>{wf.title}</a>
                </h2>
                {wf.description ? <p>{wf.description}</p> : null}
              </li>
            ))}
          </ul>
        </>
      )}
    </Layout>
  );
}

/** The name of a requirement's upload input (as server/usecases/attachments.ts requirementInput). */
const inputOf = (id: string) => `persyaratan.${id}`;

export interface RequirementUploads {
  /** Requirement id → ids of its copies the form holds. */
  ids?: Record<string, string[]>;
  files?: Record<string, Attachment>;
  /** Input name ("persyaratan.ID") → message. */
  errors?: Record<string, string>;
  /** Where the page's script sends a file (POST /berkas?layanan=ID). */
  uploadBase?: string;
}

/**
 * The requirements of the standard, as a reminder of what the reporter should bring; a requirement the YAML lets
 * attach (`attach: true`) has its upload here: photographed with the phone or a scan, kept with the case.
 */
export function Requirements(props: { requirements: Requirement[] } & RequirementUploads) {
  if (!props.requirements.length) return null;
  const attachable = props.requirements.some((r) => r.attach);
  return (
    <aside class="requirements">
      <h2>Persyaratan menurut standar pelayanan</h2>
      <ul class="checklist">
        {props.requirements.map((r) => {
          if (!r.attach) return <li>{r.text}</li>;
          const name = inputOf(r.id);
          const id = fieldId(name);
          const error = props.errors?.[name];
          return (
            <li class={error ? 'requirement-upload has-error' : 'requirement-upload'} id={`${id}-box`}>
              <label for={id}>
                {r.text}
                {r.sensitive ? <span class="muted"> (rahasia: hanya petugas yang berhak melihat identitas)</span> : null}
              </label>
              {error ? (
                <p class="error" id={`${id}-error`}>
                  {error}
                </p>
              ) : null}
              <UploadInput
                name={name}
                id={id}
                rule={ruleOf(r)}
                ids={props.ids?.[r.id] ?? []}
                files={props.files}
                describedBy={[error ? `${id}-error` : '', `${id}-rule`].filter(Boolean).join(' ')}
                uploadUrl={props.uploadBase ? `${props.uploadBase}&persyaratan=${encodeURIComponent(r.id)}` : undefined}
                invalid={Boolean(error)}
              />
            </li>
          );
        })}
      </ul>
      <p class="help">
        {attachable ? 'Foto atau pindai dokumen yang dibawa pelapor, atau lampirkan kemudian di halaman kasus. ' : ''}
        Catat dokumen yang benar-benar diterima pada isian di bawah. Laporan tetap dicatat walau dokumen belum lengkap.
      </p>
    </aside>
  );
}

/** Labels of the requirement upload inputs, for the error summary. */
export function requirementLabels(requirements: Requirement[]): Record<string, string> {
  return Object.fromEntries(requirements.filter((r) => r.attach).map((r) => [inputOf(r.id), r.text]));
}

/** Beside the button of the intake form. */
export const REPORT_NOTE = 'Setelah disimpan, laporan mendapat nomor kasus dan langkah berikutnya masuk ke daftar tugas petugas yang mengerjakannya.';

export interface ReportPageProps extends Omit<LayoutProps, 'title' | 'children'> {
  workflow: Workflow;
  stepNumber: StepNumber;
  stepTitle: string;
  description?: string;
  form: Omit<StepFormProps, 'viewer' | 'submitLabel' | 'before'>;
  uploads?: RequirementUploads;
}

export function ReportPage(props: ReportPageProps) {
  const wf = props.workflow;
  return (
    <Layout {...props} title={`Laporan baru: ${wf.title}`} nav="lapor" htmx>
      <p class="crumbs">
        <a href="/lapor">Laporan baru</a> › {wf.title}
      </p>
      <h1>Laporan baru: {wf.title}</h1>
      <p class="lead">
        Langkah {props.stepNumber}: {props.stepTitle}. Waktu penyelesaian layanan {wf.completion.text.toLowerCase()} sejak laporan dicatat.
      </p>
      <StepForm
        {...props.form}
        viewer={props.viewer}
        submitLabel="Simpan laporan"
        note={REPORT_NOTE}
        before={<Requirements requirements={wf.requirements} {...props.uploads} />}
        multipart={props.form.multipart || wf.requirements.some((r) => r.attach)}
        errorLabels={requirementLabels(wf.requirements)}
      />
    </Layout>
  );
}
