/** The public service standard of one workflow, generated from its YAML so it cannot drift from what runs. */
import type { Child } from 'hono/jsx';
import { stepTree, type StepTree } from '../engine/order.ts';
import type { Branch, Field, Step, Workflow } from '../engine/types.ts';
import { describeCondition } from './form/condition.ts';
import { formatDate } from './format.ts';
import { Layout, type LayoutProps } from './layout.tsx';
import { ChannelValue, LatestFiguresSection, StandardComponents, type LatestFigures } from './figures/standard.tsx';
import { deadlineText, forkText } from './rule-text.ts';

function roleNames(wf: Workflow, step: Step): string {
  const roles = Array.isArray(step.role) ? step.role : [step.role];
  return roles.map((r) => wf.roles[r] ?? r).join(' atau ');
}

function allFields(wf: Workflow): Field[] {
  return wf.steps.flatMap((s) => s.fields ?? []);
}

function branchText(wf: Workflow, b: Branch): string {
  if (b.parallel) return `${b.label ? `${b.label}: ` : ''}${forkText(wf, b)}`;
  if (b.label) return b.label;
  if (b.end) return `layanan selesai: ${wf.outcomes.find((o) => o.id === b.end)?.label ?? b.end}`;
  const to = wf.steps.find((s) => s.id === b.to);
  return to ? `lanjut ke langkah ${to.number}` : `lanjut ke ${b.to}`;
}

/** "Bila …, maka …; selain itu …": how a step routes, in words. Nothing here names a person. */
function Routing(props: { wf: Workflow; step: Step }) {
  const { wf, step } = props;
  if (!Array.isArray(step.next) || (step.next.length < 2 && !step.next.some((b) => b.parallel))) return null;
  return (
    <ul class="routing">
      {step.next.map((b) => (
        <li>
          {b.when ? `Bila ${describeCondition(b.when, allFields(wf))}, maka ` : step.next!.length > 1 ? 'Selain itu, ' : ''}
          {branchText(wf, b)}.
        </li>
      ))}
    </ul>
  );
}

/** One step of the procedure with its number as the decree writes it (3, 3a), and its sub-steps (3.1) inside it. */
function ProcedureStep(props: { wf: Workflow; node: StepTree }) {
  const { wf, node } = props;
  const s = node.step;
  return (
    <li>
      <p>
        <span class="step-no">{s.number}.</span> {s.description ?? s.title}
      </p>
      <p class="meta">
        Pelaksana: <strong>{roleNames(wf, s)}</strong>
      </p>
      {(s.deadlines ?? []).map((d) => (
        <p class="meta">Tenggat: {deadlineText(wf, s, d)}.</p>
      ))}
      {s.pausesClock ? <p class="meta">Selama langkah ini menunggu, waktu penyelesaian layanan tidak dihitung.</p> : null}
      <Routing wf={wf} step={s} />
      {node.children.length ? (
        <ol class="substeps" aria-label={`Bagian dari langkah ${s.number}`}>
          {node.children.map((child) => (
            <ProcedureStep wf={wf} node={child} />
          ))}
        </ol>
      ) : null}
    </li>
  );
}

export interface ServicePageProps extends Omit<LayoutProps, 'title' | 'children'> {
  workflow: Workflow;
  /** The procedure diagram (templates/diagram), rendered by the route; the slot stays empty without it. */
  diagram?: Child;
  /** The latest figures of the standard kept (aggregates only), when the route could compute them. */
  figures?: LatestFigures;
  /** The public complaint form about this service, when a service takes complaints from the public. */
  complaintHref?: string;
  /** The IKM survey kiosk or link for this service, when offered. */
  surveyHref?: string;
  /** The tracking page (/lacak), once it is served. */
  trackHref?: string;
}

export function ServicePage(props: ServicePageProps) {
  const wf = props.workflow;
  return (
    <Layout {...props} title={wf.title} nav="layanan">
      <article class="standard">
        <header class="office">
          <p class="agency">{wf.service.agency}</p>
          <p>{wf.service.address}</p>
          <p>
            {wf.service.phone ? <ChannelValue channel="telepon" value={wf.service.phone} /> : null}
            {wf.service.email ? <>{wf.service.phone ? ' · ' : ''}<ChannelValue channel="email" value={wf.service.email} /></> : null}
            {wf.service.website ? <>{wf.service.phone || wf.service.email ? ' · ' : ''}<ChannelValue channel="website" value={wf.service.website} /></> : null}
          </p>
          <p>{wf.service.government}</p>
        </header>
        <h1>{wf.title}</h1>
        <p class="decree">
          No. SK: <strong>{wf.decree.number}</strong>
          {wf.decree.title ? ` (${wf.decree.title})` : ''}
          {wf.decree.effective ? `, berlaku sejak ${formatDate(wf.decree.effective)}` : ''}
          {` · versi ${wf.version}`}
        </p>
        {wf.description ? <p class="lead">{wf.description}</p> : null}

        <section>
          <h2>Persyaratan</h2>
          <ol>
            {wf.requirements.map((r) => (
              <li>{r.text}</li>
            ))}
          </ol>
        </section>

        <section>
          <h2>Sistem, mekanisme dan prosedur</h2>
          <ol class="procedure">
            {stepTree(wf).map((node) => (
              <ProcedureStep wf={wf} node={node} />
            ))}
          </ol>
          {/* Slot for the procedure diagram generated from the same YAML (templates/diagram). */}
          <div class="diagram-slot" id="diagram">
            {props.diagram ?? null}
          </div>
        </section>

        <section class="facts-grid">
          <div>
            <h2>Waktu penyelesaian</h2>
            <p>{wf.completion.text}</p>
          </div>
          <div>
            <h2>Biaya / tarif</h2>
            <p>{wf.fee}</p>
          </div>
          <div>
            <h2>Produk pelayanan</h2>
            <ol>
              {wf.products.map((p) => (
                <li>{p}</li>
              ))}
            </ol>
          </div>
        </section>

        <section>
          <h2>Pengaduan layanan</h2>
          {wf.complaints.text ? <p>{wf.complaints.text}</p> : null}
          <dl class="facts">
            {wf.complaints.channels.map((ch) => (
              <>
                <dt>{ch.label}</dt>
                <dd>
                  <ChannelValue channel={ch.channel} value={ch.value} />
                </dd>
              </>
            ))}
          </dl>
          {props.complaintHref ? (
            <p>
              <a class="button primary" href={props.complaintHref}>
                Sampaikan pengaduan lewat formulir
              </a>{' '}
              <span class="meta">tanpa akun; Anda mendapat kode untuk mengikuti pengaduan Anda.</span>
            </p>
          ) : null}
        </section>

        <StandardComponents wf={wf} />
        {props.figures ? <LatestFiguresSection figures={props.figures} /> : null}
        {props.trackHref || props.surveyHref ? (
          <p class="no-print">
            {props.trackHref ? <a href={props.trackHref}>Ikuti laporan atau pengaduan dengan kode lacak</a> : null}
            {props.trackHref && props.surveyHref ? ' · ' : null}
            {props.surveyHref ? <a href={props.surveyHref}>Isi survei kepuasan</a> : null}
          </p>
        ) : null}
      </article>
    </Layout>
  );
}
