/**
 * Following a report with its tracking code (/lacak): the code form, and what the code shows: the state (received,
 * in process, finished) with dates, nothing else about the case. Also the page a clerk hands a new code on.
 */
import { formatDate } from '../format.ts';
import { CsrfInput, Layout, type LayoutProps } from '../layout.tsx';

export type TrackState = 'diterima' | 'diproses' | 'selesai';

export interface TrackResult {
  service: string;
  state: TrackState;
  receivedAt: string;
  closedAt?: string;
}

const STATES: Array<{ id: TrackState; label: string }> = [
  { id: 'diterima', label: 'Diterima' },
  { id: 'diproses', label: 'Sedang diproses' },
  { id: 'selesai', label: 'Selesai' },
];

export interface TrackPageProps extends Omit<LayoutProps, 'title' | 'children'> {
  code?: string;
  result?: TrackResult;
  error?: string;
  timeZone: string;
}

export function TrackPage(props: TrackPageProps) {
  const r = props.result;
  const at = STATES.findIndex((s) => s.id === r?.state);
  return (
    <Layout {...props} title="Lacak laporan" nav="layanan">
      <h1>Lacak laporan atau pengaduan</h1>
      <p class="lead">Masukkan kode lacak yang Anda terima dari petugas atau sesudah mengirim pengaduan. Yang ditampilkan hanya tahap dan tanggalnya.</p>
      <form method="post" action="/lacak" class="stack narrow-form">
        <CsrfInput viewer={props.viewer} />
        <div class={props.error ? 'field has-error' : 'field'}>
          <label for="kode">Kode lacak</label>
          <p class="help">16 huruf dan angka, misalnya K7QM-3XPA-9TRC-W2HD. Huruf besar atau kecil sama saja.</p>
          {props.error ? <p class="error" id="kode-error">{props.error}</p> : null}
          <input type="text" id="kode" name="kode" value={props.code ?? ''} autocomplete="off" autocapitalize="characters" spellcheck={false} maxlength={40} required aria-describedby={props.error ? 'kode-error' : undefined} />
        </div>
        <button type="submit" class="primary">
          Lihat tahap
        </button>
      </form>
      {r ? (
        <section class="track-result" aria-labelledby="tahap">
          <h2 id="tahap">{r.service}</h2>
          <ol class="track-steps">
            {STATES.map((s, i) => (
              <li class={i < at ? 'done' : i === at ? 'current' : 'todo'} aria-current={i === at ? 'step' : undefined}>
                <strong>{s.label}</strong>
                {s.id === 'diterima' ? <span> {formatDate(r.receivedAt, props.timeZone)}</span> : null}
                {s.id === 'selesai' && r.closedAt ? <span> {formatDate(r.closedAt, props.timeZone)}</span> : null}
              </li>
            ))}
          </ol>
          <p class="meta">Untuk keterangan lebih lanjut, hubungi kantor melalui saluran pengaduan pada halaman standar layanan.</p>
        </section>
      ) : null}
    </Layout>
  );
}

/** The code shown once to the clerk (to read out or print) or to the person who sent a complaint. */
export function TrackCodeNotice(props: { code: string; forPublic?: boolean }) {
  return (
    <section class="track-code" aria-labelledby="kode-lacak">
      <h2 id="kode-lacak">Kode lacak</h2>
      <p class="code">{props.code}</p>
      <p>
        {props.forPublic ? 'Simpan kode ini' : 'Berikan kode ini kepada pelapor'}: dengan kode ini tahap laporan dapat dilihat di <strong>/lacak</strong> tanpa
        akun. Kode ini hanya ditampilkan sekali{props.forPublic ? '' : '; bila hilang, buat kode baru (kode lama tidak berlaku lagi)'}.
      </p>
    </section>
  );
}
