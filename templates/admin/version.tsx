/** One stored version: its text with line numbers, its diagram, and (when it is not in force) publishing it again. */
import type { Child } from 'hono/jsx';
import { formatDate, formatDateTime } from '../format.ts';
import { CsrfInput, Layout, type LayoutProps } from '../layout.tsx';
import type { PublishFormView } from './editor.tsx';
import type { VersionRow } from './history.tsx';

export interface VersionPageProps extends Omit<LayoutProps, 'title' | 'children'> {
  workflowId: string;
  workflowTitle: string;
  row: VersionRow;
  source: string;
  activeVersion?: number;
  nextVersion: number;
  diagram?: Child;
  publish: PublishFormView;
  timeZone: string;
}

export function VersionPage(props: VersionPageProps) {
  const base = `/admin/layanan/${props.workflowId}`;
  const r = props.row;
  const p = props.publish;
  return (
    <Layout {...props} title={`Versi ${r.version}: ${props.workflowTitle}`} nav="admin" bodyClass="admin-lebar">
      <p class="crumbs">
        <a href="/admin">Kelola SOP</a> › <a href={base}>{props.workflowTitle}</a> › <a href={`${base}/riwayat`}>Riwayat versi</a> › Versi {r.version}
      </p>
      <h1>
        {props.workflowTitle}, versi {r.version} {r.active ? <span class="badge badge-ok">Berlaku</span> : null}
      </h1>
      <p>
        SK <strong>{r.decree}</strong>
        {r.effective ? `, berlaku sejak ${formatDate(r.effective)}` : ''} · diterbitkan {formatDateTime(r.publishedAt, props.timeZone)} oleh{' '}
        {r.publishedBy} · {r.totalCases} kasus ({r.openCases} berjalan)
      </p>
      {!r.active ? (
        <section class="card terbit" id="terbitkan">
          <h2>Kembali ke versi ini</h2>
          <p>
            Isi versi {r.version} diterbitkan lagi sebagai <strong>versi {props.nextVersion}</strong> dan dipakai kasus baru. Versi{' '}
            {props.activeVersion} dan kasus yang berjalan padanya tidak berubah. Anda juga dapat{' '}
            <a href={`${base}?dari=${r.version}`}>membuka isi versi ini di editor</a> untuk diubah dulu.
          </p>
          {p.error ? (
            <p class="flash flash-error" role="alert">
              {p.error}
            </p>
          ) : null}
          <form method="post" action={`${base}/versi/${r.version}/terbitkan`}>
            <CsrfInput viewer={props.viewer} />
            <input type="hidden" name="_dasar" value={props.activeVersion ? String(props.activeVersion) : ''} />
            <div class="terbit-isian">
              <div class={`field${p.fields?.sk_nomor ? ' has-error' : ''}`}>
                <label for="sk_nomor">Nomor SK yang menetapkan</label>
                <input type="text" id="sk_nomor" name="sk_nomor" value={p.decree} required maxlength={120} aria-describedby="sk_nomor-bantuan" />
                <p class="help" id="sk_nomor-bantuan">
                  Versi {r.version} dulu ditetapkan dengan SK {r.decree}. Tulis SK yang menetapkan pengembalian ini.
                </p>
                {p.fields?.sk_nomor ? <p class="error">{p.fields.sk_nomor}</p> : null}
              </div>
              <div class={`field${p.fields?.sk_berlaku ? ' has-error' : ''}`}>
                <label for="sk_berlaku">Berlaku sejak</label>
                <input type="date" id="sk_berlaku" name="sk_berlaku" value={p.effective} required />
                {p.fields?.sk_berlaku ? <p class="error">{p.fields.sk_berlaku}</p> : null}
              </div>
            </div>
            <div class="field">
              <label for="catatan">Catatan untuk riwayat (tidak wajib)</label>
              <input type="text" id="catatan" name="catatan" value={p.note} maxlength={300} />
            </div>
            <p class="actions">
              <button type="submit" class="primary">
                Terbitkan ulang sebagai versi {props.nextVersion}
              </button>
            </p>
          </form>
        </section>
      ) : null}
      <section class="diagram-admin">
        <h2>Diagram prosedur versi {r.version}</h2>
        {props.diagram ?? <p class="muted">Diagram tidak dapat dibuat untuk versi ini.</p>}
      </section>
      <section>
        <h2>Teks versi {r.version}</h2>
        <pre class="teks-versi">
          {props.source
            .replace(/\n$/, '')
            .split('\n')
            .map((line, i) => (
              <span class="baris">
                <span class="no">{i + 1}</span>
                {`${line}\n`}
              </span>
            ))}
        </pre>
      </section>
    </Layout>
  );
}
