/**
 * The public check of a letter (/verifikasi/CODE), for a police unit, a hospital or a school holding one: the
 * letter number, its date, the service, the signer's name and jabatan, and whether it is valid or revoked.
 * Nothing of the case. The form takes a code typed from the paper (GET, so it works without JavaScript).
 */
import { Layout, type LayoutProps } from './layout.tsx';

/** What the public check shows of a letter, and nothing more. */
export interface LetterCheck {
  number: string;
  date: string;
  service: string;
  signerName: string;
  signerTitle: string;
  valid: boolean;
  /** The number of the letter issued in place of this revoked one. */
  replacedBy?: string;
}

export interface VerifyPageProps extends Omit<LayoutProps, 'title' | 'children'> {
  typed?: string;
  result?: LetterCheck;
  error?: string;
}

export function VerifyPage(props: VerifyPageProps) {
  const r = props.result;
  return (
    <Layout {...props} title={r ? `Verifikasi surat ${r.number}` : 'Verifikasi surat'} nav="layanan">
      <h1>Periksa keaslian surat</h1>
      {r ? (
        <section class={r.valid ? 'verify-result valid' : 'verify-result revoked'} aria-labelledby="status-surat">
          <p class="verify-status" id="status-surat">
            {r.valid ? 'SAH: surat ini diterbitkan oleh Dinas dan masih berlaku.' : 'DICABUT: surat ini sudah dicabut dan tidak berlaku lagi.'}
          </p>
          {r.replacedBy ? (
            <p class="verify-replaced">
              Diganti dengan surat nomor <strong>{r.replacedBy}</strong>. Mintalah surat pengganti itu dan periksa kodenya di sini.
            </p>
          ) : null}
          <dl class="facts">
            <dt>Nomor surat</dt>
            <dd>
              <strong>{r.number}</strong>
            </dd>
            <dt>Tanggal</dt>
            <dd>{r.date}</dd>
            <dt>Layanan</dt>
            <dd>{r.service}</dd>
            <dt>Ditandatangani</dt>
            <dd>
              {r.signerName || '-'}
              <br />
              <small>{r.signerTitle}</small>
            </dd>
          </dl>
          <p class="help">Cocokkan nomor, tanggal dan penanda tangan dengan surat yang Anda pegang. Isi surat dan data kasus tidak ditampilkan di sini.</p>
        </section>
      ) : (
        <p class="lead">Masukkan kode verifikasi yang tercetak di bawah kode QR surat, atau pindai kode QR-nya dengan kamera ponsel.</p>
      )}
      <form method="get" action="/verifikasi" class="stack narrow-form">
        <div class={props.error ? 'field has-error' : 'field'}>
          <label for="kode">Kode verifikasi</label>
          <p class="help">12 huruf dan angka, misalnya K7QM-3XPA-9TRC. Huruf besar atau kecil sama saja.</p>
          {props.error ? (
            <p class="error" id="kode-error">
              {props.error}
            </p>
          ) : null}
          <input type="text" id="kode" name="kode" value={r ? '' : (props.typed ?? '')} autocomplete="off" autocapitalize="characters" spellcheck={false} maxlength={40} required aria-describedby={props.error ? 'kode-error' : undefined} />
        </div>
        <button type="submit" class={r ? undefined : 'primary'}>
          Periksa surat
        </button>
      </form>
    </Layout>
  );
}
