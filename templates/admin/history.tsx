/** The versions of one service, newest first: decree, who published when, what changed, cases on each. */
import { formatDate, formatDateTime } from '../format.ts';
import { Layout, type LayoutProps } from '../layout.tsx';

export interface VersionRow {
  version: number;
  decree: string;
  effective?: string;
  publishedAt: string;
  /** Display name, or "berkas di folder" for versions loaded from the file. */
  publishedBy: string;
  active: boolean;
  /** First line of the summary. */
  headline: string;
  /** The change lines. */
  changes: string[];
  openCases: number;
  totalCases: number;
}

export interface HistoryPageProps extends Omit<LayoutProps, 'title' | 'children'> {
  workflowId: string;
  workflowTitle: string;
  rows: VersionRow[];
  timeZone: string;
}

/** A stored summary: first line, then "- …" lines. */
export function splitSummary(summary: string): { headline: string; changes: string[] } {
  const [headline = '', ...rest] = summary.split('\n');
  return { headline, changes: rest.map((l) => l.replace(/^- /, '')).filter(Boolean) };
}

export function HistoryPage(props: HistoryPageProps) {
  const base = `/admin/layanan/${props.workflowId}`;
  return (
    <Layout {...props} title={`Riwayat versi: ${props.workflowTitle}`} nav="admin" bodyClass="admin-lebar">
      <p class="crumbs">
        <a href="/admin">Kelola SOP</a> › <a href={base}>{props.workflowTitle}</a> › Riwayat versi
      </p>
      <div class="page-head">
        <h1>Riwayat versi: {props.workflowTitle}</h1>
        <a class="button" href={base}>
          Sunting SOP
        </a>
      </div>
      <p class="lead">
        Setiap versi tersimpan utuh dan tidak dapat diubah. Untuk kembali ke versi lama, buka versi itu lalu terbitkan ulang: ia menjadi versi baru
        dengan nomor berikutnya.
      </p>
      <ol class="riwayat" reversed>
        {props.rows.map((r) => (
          <li class={r.active ? 'aktif card' : 'card'} value={r.version} id={`versi-${r.version}`}>
            <div class="riwayat-kepala">
              <h2>
                Versi {r.version} {r.active ? <span class="badge badge-ok">Berlaku</span> : null}
              </h2>
              <a href={`${base}/versi/${r.version}`}>{r.active ? 'Lihat teks dan diagram' : 'Lihat / terbitkan ulang'}</a>
            </div>
            <p>
              SK <strong>{r.decree}</strong>
              {r.effective ? `, berlaku sejak ${formatDate(r.effective)}` : ''} · diterbitkan {formatDateTime(r.publishedAt, props.timeZone)} oleh{' '}
              {r.publishedBy} · {r.totalCases} kasus ({r.openCases} berjalan)
              {!r.active && r.openCases ? (
                <>
                  {' '}
                  · <a href={`${base}/pindah`}>Pindahkan kasus berjalan ke versi yang berlaku</a>
                </>
              ) : null}
            </p>
            <p>{r.headline}</p>
            {r.changes.length ? (
              <ul class="perubahan">
                {r.changes.map((c) => (
                  <li>{c}</li>
                ))}
              </ul>
            ) : null}
          </li>
        ))}
      </ol>
    </Layout>
  );
}
