/** The page of one open task: what the SOP says about the step, the case so far, and the step's form. */
import type { StepNumber } from '../engine/types.ts';
import type { DataGroup } from './case-data.tsx';
import { CaseData } from './case-data.tsx';
import { StepForm, type StepFormProps } from './form/form.tsx';
import { Layout, type LayoutProps } from './layout.tsx';
import { Due, Subject, type DueView } from './parts.tsx';

/** Beside the button of a step's form: the step is final once saved. */
export const TASK_NOTE = 'Periksa kembali sebelum menekan tombol: setelah langkah diselesaikan, kasus diteruskan (atau ditutup) menurut standar pelayanan dan isian ini tidak dapat diubah lagi.';

export interface TaskPageProps extends Omit<LayoutProps, 'title' | 'children'> {
  caseId: string;
  workflowTitle: string;
  stepNumber: StepNumber;
  stepTitle: string;
  roleTitle: string;
  /** The SOP's text for this step. */
  description?: string;
  due: DueView;
  subject: Array<{ label: string; initials: string }>;
  groups: DataGroup[];
  maskedNote: boolean;
  form: Omit<StepFormProps, 'viewer' | 'submitLabel'>;
  timeZone: string;
}

export function TaskPage(props: TaskPageProps) {
  return (
    <Layout {...props} title={`Langkah ${props.stepNumber}: ${props.stepTitle}`} nav="tugas" htmx>
      <p class="crumbs">
        <a href="/tugas">Tugas saya</a> › <a href={`/kasus/${props.caseId}`}>Kasus {props.caseId}</a>
      </p>
      <h1>
        Langkah {props.stepNumber}: {props.stepTitle}
      </h1>
      <div class="task-head">
        <p>
          {props.workflowTitle} · kasus <strong>{props.caseId}</strong> · <Subject subject={props.subject} />
        </p>
        <p>
          Dikerjakan oleh: <strong>{props.roleTitle}</strong>
        </p>
        <p>
          <Due {...props.due} timeZone={props.timeZone} />
        </p>
        {props.description ? <p class="sop">Menurut standar pelayanan: {props.description}</p> : null}
        {props.groups.length ? (
          <p class="skip">
            <a href="#formulir">Langsung ke formulir langkah {props.stepNumber} ↓</a>
          </p>
        ) : null}
      </div>
      {props.groups.length ? (
        <details class="case-so-far" open>
          <summary>Data kasus sejauh ini ({props.groups.length} langkah)</summary>
          <CaseData groups={props.groups} timeZone={props.timeZone} maskedNote={props.maskedNote} />
        </details>
      ) : null}
      <h2 class="form-title">Formulir langkah {props.stepNumber}</h2>
      <StepForm {...props.form} viewer={props.viewer} submitLabel={`Selesaikan langkah ${props.stepNumber}`} note={TASK_NOTE} />
    </Layout>
  );
}
