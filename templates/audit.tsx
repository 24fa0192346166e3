/** The audit log page (Kepala UPTD PPA and administrator): who did what to which case, when and from where. */
import { formatDateTime } from './format.ts';
import { Layout, type LayoutProps } from './layout.tsx';

export interface AuditRow {
  seq: number;
  at: string;
  actor: string;
  actorName: string;
  action: string;
  actionLabel: string;
  caseId?: string;
  address?: string;
  /** Readable lines of detail (values the viewer may not see are already hidden). */
  lines: string[];
}

export interface AuditPageProps extends Omit<LayoutProps, 'title' | 'children'> {
  rows: AuditRow[];
  filter: { caseId?: string; actor?: string; action?: string };
  actions: Array<{ id: string; label: string }>;
  /** The result of checking the chain, when asked for. */
  chain?: { ok: true; entries: number } | { ok: false; message: string };
  /** Link to older entries. */
  olderHref?: string;
  timeZone: string;
  /** Entries left out because they concern cases the viewer may not read. */
  hidden: number;
}

export function AuditPage(props: AuditPageProps) {
  const f = props.filter;
  return (
    <Layout {...props} title="Log audit" nav="audit">
      <h1>Log audit</h1>
      <p class="lead">
        Setiap masuk (berhasil atau gagal), setiap pembukaan data kasus, setiap langkah yang diselesaikan beserta nilai sebelum dan
        sesudahnya, dan setiap tindakan atas akun. Catatan tidak dapat diubah tanpa ketahuan: setiap catatan memuat sidik catatan
        sebelumnya.
      </p>
      {props.chain ? (
        props.chain.ok ? (
          <p class="flash flash-ok" role="status">
            Rantai log audit utuh: {props.chain.entries} catatan diperiksa, tidak ada yang diubah atau dihapus.
          </p>
        ) : (
          <p class="flash flash-error" role="alert">
            PERINGATAN: {props.chain.message} Laporkan kepada Kepala Dinas dan simpan cadangan terakhir.
          </p>
        )
      ) : null}
      <form method="get" action="/audit" class="filters" role="search">
        <label>
          Nomor kasus
          <input name="kasus" value={f.caseId ?? ''} maxlength={64} />
        </label>
        <label>
          Nama pengguna
          <input name="pengguna" value={f.actor ?? ''} maxlength={64} autocapitalize="none" />
        </label>
        <label>
          Tindakan
          <select name="aksi">
            <option value="">Semua</option>
            {props.actions.map((a) => (
              <option value={a.id} selected={f.action === a.id}>
                {a.label}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">Tampilkan</button>
        <a href="/audit?periksa=1">Periksa keutuhan log</a>
      </form>
      {props.hidden ? <p class="meta">{props.hidden} catatan tentang kasus yang tidak boleh Anda buka tidak ditampilkan.</p> : null}
      {props.rows.length ? (
        <table class="list audit">
          <thead>
            <tr>
              <th>No.</th>
              <th>Waktu</th>
              <th>Pengguna</th>
              <th>Tindakan</th>
              <th>Rincian</th>
            </tr>
          </thead>
          <tbody>
            {props.rows.map((r) => (
              <tr>
                <td data-label="No.">{r.seq}</td>
                <td data-label="Waktu">
                  {formatDateTime(r.at, props.timeZone)}
                  {r.address ? (
                    <>
                      <br />
                      <small>{r.address}</small>
                    </>
                  ) : null}
                </td>
                <td data-label="Pengguna">
                  {r.actor === '-' ? <em>tanpa akun</em> : <a href={`/audit?pengguna=${encodeURIComponent(r.actor)}`}>{r.actorName}</a>}
                </td>
                <td data-label="Tindakan">
                  {r.actionLabel}
                  {r.caseId ? (
                    <>
                      <br />
                      <a href={`/audit?kasus=${encodeURIComponent(r.caseId)}`}>{r.caseId}</a>
                    </>
                  ) : null}
                </td>
                <td data-label="Rincian">
                  {r.lines.length ? (
                    <ul class="plain">
                      {r.lines.map((l) => (
                        <li>{l}</li>
                      ))}
                    </ul>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>Tidak ada catatan yang cocok.</p>
      )}
      {props.olderHref ? (
        <nav class="pager" aria-label="Halaman">
          <a href={props.olderHref}>Catatan lebih lama ›</a>
        </nav>
      ) : null}
    </Layout>
  );
}
