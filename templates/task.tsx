/** The page of one open task: what the SOP says about the step, the case so far, and the step's form. */
import type { StepNumber } from '../engine/types.ts';
import { TaskHolder, type HolderView } from './assignment.tsx';
import { CaseData, ItemValue, type DataGroup, type DataItem } from './case-data.tsx';
import { formatDateTime } from './format.ts';
import { StepForm, type StepFormProps } from './form/form.tsx';
import { Layout, type LayoutProps } from './layout.tsx';
import { Due, Subject, type DueView } from './parts.tsx';

/** Beside the button of a step's form: the step is final once saved. */
export const TASK_NOTE = 'Periksa kembali sebelum menekan tombol: setelah langkah diselesaikan, kasus diteruskan (atau ditutup) menurut standar pelayanan dan isian ini tidak dapat diubah lagi.';

/** The step that sent the case back to this one (engine/view.ts Returned), as the page shows it. */
export interface ReturnedView {
  number: StepNumber;
  title: string;
  actor: string;
  roleTitle: string;
  at: string;
  reason?: string;
  items: DataItem[];
}

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
  /** The step's declared summary (`summary` in the YAML): what its official judges the case by, without identities. */
  summary?: DataItem[];
  /** Set when the case came back to this step: who sent it back and why. */
  returned?: ReturnedView;
  groups: DataGroup[];
  maskedNote: boolean;
  form: Omit<StepFormProps, 'viewer' | 'submitLabel'>;
  timeZone: string;
  /** Who holds the task and what the viewer may do about it. */
  holder?: HolderView;
}

/** The banner of a task sent back: the first thing its official reads, naming who returned it and why. */
export function ReturnedBanner(props: { returned: ReturnedView; timeZone: string }) {
  const r = props.returned;
  return (
    <section class="returned" role="note" aria-labelledby="dikembalikan">
      <h2 id="dikembalikan">
        Dikembalikan oleh {r.actor} ({r.roleTitle})
      </h2>
      <p class="meta">
        dari langkah {r.number}: {r.title}, {formatDateTime(r.at, props.timeZone)}
      </p>
      {r.items.length ? (
        <dl class="data">
          {r.items.map((i) => (
            <div class={i.long ? 'row long' : 'row'}>
              <dt>{i.label}</dt>
              <ItemValue item={i} />
            </div>
          ))}
        </dl>
      ) : null}
      {r.reason ? <p class="muted">{r.reason}.</p> : null}
    </section>
  );
}

export function TaskPage(props: TaskPageProps) {
  return (
    <Layout {...props} title={`Langkah ${props.stepNumber}: ${props.stepTitle}`} nav="tugas" htmx bodyClass="lebar">
      <p class="crumbs">
        <a href="/tugas">Tugas saya</a> › <a href={`/kasus/${props.caseId}`}>Kasus {props.caseId}</a>
      </p>
      <h1>
        Langkah {props.stepNumber}: {props.stepTitle}
      </h1>
      {props.returned ? <ReturnedBanner returned={props.returned} timeZone={props.timeZone} /> : null}
      <div class="task-head">
        <p>
          Kasus <strong>{props.caseId}</strong>
          {props.subject.length ? ' · ' : ''}
          <Subject subject={props.subject} />
        </p>
        <p>
          Dikerjakan oleh: <strong>{props.roleTitle}</strong> · <Due {...props.due} timeZone={props.timeZone} />
        </p>
        <p class="meta">{props.workflowTitle}</p>
        {props.holder ? <TaskHolder {...props.holder} viewer={props.viewer} /> : null}
        <div class="task-links">
          {props.description ? (
            <details class="sop">
              <summary>Standar pelayanan</summary>
              <p>{props.description}</p>
            </details>
          ) : null}
          {props.groups.length ? (
            <a class="skip" href="#data-kasus">
              Data kasus ({props.groups.length} langkah) ↓
            </a>
          ) : null}
        </div>
      </div>
      <div class="task-layout">
        <div class="task-form">
          {props.summary?.length ? (
            <section class="summary" aria-labelledby="ringkasan">
              <h2 id="ringkasan">Ringkasan kasus</h2>
              <ul class="summary-items">
                {props.summary.map((i) => (
                  <li class={i.long ? 'long' : undefined}>
                    <span class="label">{i.label}:</span>{' '}
                    {i.files ? (
                      i.files.map((f, k) => (
                        <>
                          {k ? ', ' : ''}
                          <a href={f.href} download>
                            {f.name}
                          </a>
                        </>
                      ))
                    ) : (
                      <span class={i.masked ? 'masked' : undefined}>{i.text}</span>
                    )}
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          <h2 class="form-title">Formulir langkah {props.stepNumber}</h2>
          <StepForm {...props.form} viewer={props.viewer} submitLabel={`Selesaikan langkah ${props.stepNumber}`} note={TASK_NOTE} />
        </div>
        {props.groups.length ? (
          <section class="case-so-far" id="data-kasus" aria-labelledby="data-kasus-judul">
            <h2 id="data-kasus-judul">Data kasus sejauh ini ({props.groups.length} langkah)</h2>
            <CaseData groups={props.groups} timeZone={props.timeZone} maskedNote={props.maskedNote} />
          </section>
        ) : null}
      </div>
    </Layout>
  );
}
