/** The clerk's page for a case's tracking code: give one (shown once), give a new one, or withdraw it. */
import { formatDateTime } from '../format.ts';
import { CsrfInput, Layout, type LayoutProps } from '../layout.tsx';
import { TrackCodeNotice } from './track.tsx';

export interface TrackCodePageProps extends Omit<LayoutProps, 'title' | 'children'> {
  caseId: string;
  service: string;
  /** Just made: shown this once. */
  code?: string;
  issuedAt?: string;
  withdrawn?: boolean;
  timeZone: string;
}

export function TrackCodePage(props: TrackCodePageProps) {
  return (
    <Layout {...props} title={`Kode lacak ${props.caseId}`} nav="kasus">
      <p class="crumbs no-print">
        <a href="/kasus">Daftar kasus</a> › <a href={`/kasus/${encodeURIComponent(props.caseId)}`}>{props.caseId}</a>
      </p>
      <h1>Kode lacak untuk pelapor</h1>
      <p class="lead">
        {props.service}, kasus {props.caseId}. Dengan kode lacak, pelapor melihat tahap laporannya (diterima, diproses, selesai) di /lacak, tanpa akun
        dan tanpa isi kasus. Kode bukan nomor kasus dan tidak dapat ditebak.
      </p>
      {props.code ? <TrackCodeNotice code={props.code} /> : null}
      {props.withdrawn ? <p class="flash flash-ok">Kode lacak ditarik: kode itu tidak berlaku lagi.</p> : null}
      {!props.code && props.issuedAt ? <p>Kasus ini memiliki kode lacak sejak {formatDateTime(props.issuedAt, props.timeZone)}. Kode tidak disimpan sehingga tidak dapat ditampilkan lagi.</p> : null}
      {!props.issuedAt && !props.withdrawn ? <p>Kasus ini belum memiliki kode lacak.</p> : null}
      <form method="post" class="actions no-print">
        <CsrfInput viewer={props.viewer} />
        <button type="submit" class="primary">
          {props.issuedAt ? 'Buat kode baru (kode lama tidak berlaku)' : 'Buat kode lacak'}
        </button>
      </form>
      {props.issuedAt ? (
        <form method="post" class="actions no-print">
          <CsrfInput viewer={props.viewer} />
          <input type="hidden" name="_aksi" value="tarik" />
          <button type="submit">Tarik kode lacak</button>
        </form>
      ) : null}
    </Layout>
  );
}
