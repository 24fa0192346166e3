/** Public list of the office's services (no login): title, decree, completion time, fee. */
import type { Workflow } from '../engine/types.ts';
import { Layout, type LayoutProps } from './layout.tsx';

export function ServicesPage(props: { workflows: Workflow[] } & Omit<LayoutProps, 'title' | 'children'>) {
  const agency = props.workflows[0]?.service;
  return (
    <Layout {...props} title="Standar layanan" nav="layanan">
      <h1>Standar pelayanan</h1>
      {agency ? (
        <p class="lead">
          {agency.agency}, {agency.government}
        </p>
      ) : null}
      {props.workflows.length === 0 ? <p>Belum ada layanan yang diterbitkan.</p> : null}
      <ul class="cards">
        {props.workflows.map((wf) => (
          <li class="card">
            <h2>
              <a href={`/layanan/${wf.id}`}>{wf.title}</a>
            </h2>
            {wf.description ? <p>{wf.description}</p> : null}
            <dl class="facts">
              <dt>Nomor SK</dt>
              <dd>{wf.decree.number}</dd>
              <dt>Waktu penyelesaian</dt>
              <dd>{wf.completion.text}</dd>
              <dt>Biaya</dt>
              <dd>{wf.fee}</dd>
            </dl>
          </li>
        ))}
      </ul>
    </Layout>
  );
}
