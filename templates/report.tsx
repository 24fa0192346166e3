/** New report: the list of services one may start, and the intake form of one with its requirements checklist. */
import type { StepNumber } from '../engine/types.ts';
import type { Requirement, Workflow } from '../engine/types.ts';
import { StepForm, type StepFormProps } from './form/form.tsx';
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

/** The requirements of the standard, as a reminder of what the reporter should bring. */
export function Requirements(props: { requirements: Requirement[] }) {
  if (!props.requirements.length) return null;
  return (
    <aside class="requirements">
      <h2>Persyaratan menurut standar pelayanan</h2>
      <ul class="checklist">
        {props.requirements.map((r) => (
          <li>{r.text}</li>
        ))}
      </ul>
      <p class="help">Catat dokumen yang benar-benar diterima pada isian di bawah. Laporan tetap dicatat walau dokumen belum lengkap.</p>
    </aside>
  );
}

/** Beside the button of the intake form. */
export const REPORT_NOTE = 'Setelah disimpan, laporan mendapat nomor kasus dan langkah berikutnya masuk ke daftar tugas petugas yang mengerjakannya.';

export interface ReportPageProps extends Omit<LayoutProps, 'title' | 'children'> {
  workflow: Workflow;
  stepNumber: StepNumber;
  stepTitle: string;
  description?: string;
  form: Omit<StepFormProps, 'viewer' | 'submitLabel' | 'before'>;
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
        before={<Requirements requirements={wf.requirements} />}
      />
    </Layout>
  );
}
