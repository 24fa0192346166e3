/** The administrator's start page: every service with the version in force and its decree, refused files, reload. */
import { formatDate, formatDateTime } from '../format.ts';
import { CsrfInput, Layout, type LayoutProps } from '../layout.tsx';
import { ErrorList, type LocatedError } from './check.tsx';
import { IntegritySection, type IntegrityView } from './integrity.tsx';

export interface ServiceRow {
  id: string;
  title: string;
  version: number;
  decree: string;
  effective?: string;
  publishedAt?: string;
  publishedBy?: string;
  /** Number of stored versions. */
  versions: number;
  openCases: number;
  /** Open cases still on older versions. */
  olderOpenCases: number;
  file?: string;
}

export interface RefusedView {
  file: string;
  errors: LocatedError[];
  /** The version that keeps running instead, if any. */
  running?: string;
  /** The editor with the refused text loaded, when the service is known. */
  fixHref?: string;
}

export interface AdminHomeProps extends Omit<LayoutProps, 'title' | 'children'> {
  services: ServiceRow[];
  refused: RefusedView[];
  folder?: string;
  timeZone: string;
  /** The last integrity check (server/usecases/integrity.ts). */
  integrity?: IntegrityView;
  /** Message channels that keep failing (labels), shown with a link to Pengiriman pesan. */
  failingChannels?: string[];
}

export function AdminHomePage(props: AdminHomeProps) {
  return (
    <Layout {...props} title="Kelola SOP layanan" nav="admin" bodyClass="admin-lebar">
      <h1>Kelola SOP layanan</h1>
      <p class="lead">
        Prosedur setiap layanan ditulis dalam satu berkas YAML. Ubah di sini tanpa kode: sunting, periksa, coba, lalu terbitkan sebagai versi baru
        dengan nomor SK. Kasus yang sedang berjalan tetap selesai dengan versi tempat ia dimulai.
      </p>
      <p class="actions">
        <a class="button primary" href="/admin/layanan-baru" id="tautan-layanan-baru">
          Layanan baru
        </a>{' '}
        <a class="button" href="/admin/pesan" id="tautan-pesan">
          Pengiriman pesan
        </a>
      </p>
      {props.failingChannels?.length ? (
        <p class="flash flash-error" role="alert">
          Pemberitahuan {props.failingChannels.join(' dan ')} gagal terus terkirim. <a href="/admin/pesan">Lihat Pengiriman pesan</a> untuk galat terakhir dan pesan uji.
        </p>
      ) : null}
      <IntegritySection report={props.integrity} timeZone={props.timeZone} />
      {props.refused.length ? (
        <section class="error-summary ditolak" aria-labelledby="judul-ditolak">
          <h2 id="judul-ditolak">Berkas yang ditolak saat dimuat dari folder</h2>
          {props.refused.map((r) => (
            <div class="ditolak-berkas">
              <p>
                <code>{r.file}</code>: {r.errors.length} kesalahan. {r.running ?? 'Belum ada versi yang sah; layanan ini belum dapat dipakai.'}
                {r.fixHref ? (
                  <>
                    {' '}
                    <a href={r.fixHref}>Perbaiki berkas ini di editor</a>
                  </>
                ) : null}
              </p>
              <ErrorList errors={r.errors} linkLines={false} />
            </div>
          ))}
        </section>
      ) : null}
      <table class="list layanan-admin">
        <thead>
          <tr>
            <th>Layanan</th>
            <th>Versi berlaku</th>
            <th>Dasar hukum (SK)</th>
            <th>Diterbitkan</th>
            <th>Kasus berjalan</th>
            <th>Tindakan</th>
          </tr>
        </thead>
        <tbody>
          {props.services.map((s) => (
            <tr>
              <td data-label="Layanan">
                <strong>{s.title}</strong>
                <br />
                <small class="muted">{s.file ?? s.id}</small>
              </td>
              <td data-label="Versi berlaku">
                versi {s.version}
                <br />
                <small class="muted">{s.versions} versi tersimpan</small>
              </td>
              <td data-label="Dasar hukum (SK)">
                {s.decree}
                {s.effective ? (
                  <>
                    <br />
                    <small class="muted">berlaku sejak {formatDate(s.effective)}</small>
                  </>
                ) : null}
              </td>
              <td data-label="Diterbitkan">
                {s.publishedAt ? formatDateTime(s.publishedAt, props.timeZone) : '-'}
                {s.publishedBy ? (
                  <>
                    <br />
                    <small class="muted">oleh {s.publishedBy}</small>
                  </>
                ) : null}
              </td>
              <td data-label="Kasus berjalan">
                {s.openCases} pada versi ini
                {s.olderOpenCases ? (
                  <>
                    <br />
                    <small class="muted">{s.olderOpenCases} pada versi lama</small>
                    <br />
                    <a href={`/admin/layanan/${s.id}/pindah`} class="kecil">
                      Pindahkan ke versi {s.version}
                    </a>
                  </>
                ) : null}
              </td>
              <td data-label="Tindakan">
                <div class="tindakan">
                  <a class="button primary" href={`/admin/layanan/${s.id}`}>
                    Sunting SOP
                  </a>
                  <a href={`/admin/layanan/${s.id}/riwayat`}>Riwayat versi</a>
                  <a href={`/layanan/${s.id}`}>Standar publik</a>
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <section class="card muat-ulang">
        <h2>Berkas diubah langsung di server?</h2>
        <p>
          Bila berkas di folder {props.folder ? <code>{props.folder}</code> : 'workflows'} diubah atau ditambah tanpa lewat halaman ini, muat ulang
          foldernya. Berkas yang berubah menjadi versi baru; berkas yang salah ditolak dan versi terakhir yang sah tetap berjalan.
        </p>
        <form method="post" action="/admin/muat-ulang">
          <CsrfInput viewer={props.viewer} />
          <button type="submit">Muat ulang dari folder</button>
        </form>
      </section>
    </Layout>
  );
}
