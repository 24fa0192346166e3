/** The service's product as a printable document (e.g. "Respon Kasus"): letterhead, decision, data, signature. */
import type { Workflow } from '../engine/types.ts';
import { CaseData, type DataGroup } from './case-data.tsx';
import { formatDate, formatDateTime } from './format.ts';
import { Layout, type LayoutProps } from './layout.tsx';

export interface DocumentPageProps extends Omit<LayoutProps, 'title' | 'children'> {
  workflow: Workflow;
  productTitle: string;
  caseId: string;
  createdAt: string;
  closedAt: string;
  outcomeLabel: string;
  groups: DataGroup[];
  maskedNote: boolean;
  /** Who signs: the role that did the last step, and the person. */
  signer: { roleTitle: string; name: string };
  timeZone: string;
}

export function DocumentPage(props: DocumentPageProps) {
  const wf = props.workflow;
  return (
    <Layout {...props} title={`${props.productTitle} ${props.caseId}`} nav="kasus" bodyClass="document">
      <div class="doc-tools no-print">
        <p class="crumbs">
          <a href={`/kasus/${props.caseId}`}>Kembali ke kasus {props.caseId}</a>
        </p>
        {/* The button needs app.js; without it the browser's own print menu does the same. */}
        <button type="button" class="primary js-only" data-cetak>
          Cetak dokumen
        </button>
        <span class="muted">Atau gunakan menu cetak peramban (Ctrl+P).</span>
      </div>
      <article class="paper">
        <header class="letterhead">
          <p class="gov">{wf.service.government}</p>
          <p class="agency">{wf.service.agency}</p>
          <p>
            {wf.service.address}
            {wf.service.phone ? ` · Telp. ${wf.service.phone}` : ''}
            {wf.service.website ? ` · ${wf.service.website}` : ''}
          </p>
        </header>
        <h1>{props.productTitle.toUpperCase()}</h1>
        <p class="center">Nomor kasus: {props.caseId}</p>
        <table class="doc-facts">
          <tbody>
            <tr>
              <th>Layanan</th>
              <td>
                {wf.title} (SK {wf.decree.number}, versi {wf.version})
              </td>
            </tr>
            <tr>
              <th>Laporan dicatat</th>
              <td>{formatDateTime(props.createdAt, props.timeZone)}</td>
            </tr>
            <tr>
              <th>Selesai</th>
              <td>{formatDateTime(props.closedAt, props.timeZone)}</td>
            </tr>
            <tr>
              <th>Hasil</th>
              <td>{props.outcomeLabel}</td>
            </tr>
          </tbody>
        </table>
        <CaseData
          groups={props.groups}
          timeZone={props.timeZone}
          maskedNote={props.maskedNote ? 'Isian yang menunjukkan identitas anak atau pelapor tidak dicantumkan pada dokumen cetak; lihat berkas kasus di aplikasi.' : false}
        />
        <div class="signature">
          <p>{formatDate(props.closedAt, props.timeZone)}</p>
          <p>{props.signer.roleTitle},</p>
          <p class="sign-space"></p>
          <p>
            <strong>{props.signer.name}</strong>
          </p>
        </div>
        <p class="confidential">RAHASIA: dokumen ini memuat data pribadi yang dilindungi undang-undang. Dilarang disebarluaskan.</p>
      </article>
    </Layout>
  );
}
