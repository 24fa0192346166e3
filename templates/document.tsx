/**
 * The letter a case issued (e.g. "Respon Kasus") for the browser: the same content as its PDF (engine/letter.ts
 * composes both), with the PDF link, printing, and revoking for the roles the YAML allows.
 */
import { raw } from 'hono/html';
import type { LetterContent } from '../engine/letter.ts';
import { formatDateTime } from './format.ts';
import { CsrfInput, Layout, type LayoutProps } from './layout.tsx';

export interface DocumentPageProps extends Omit<LayoutProps, 'title' | 'children'> {
  letter: LetterContent;
  /** The QR code of the check page, as SVG made by the qrcode library. */
  qrSvg: string;
  caseId: string;
  pdfHref: string;
  revoked?: { at: string; byName: string; reason: string };
  /** Where the revoke form posts, for a viewer who may revoke; with the form's error after a refusal. */
  revoke?: { action: string; error?: string; reason?: string };
  /** Where the form issuing a new letter in place of this revoked one posts, for a viewer who may; with its refusal. */
  reissue?: { action: string };
  /** Why a new letter in place of this one was refused (it is still valid, or was replaced a moment ago). */
  reissueError?: string;
  /** The number of the revoked letter this one replaces. */
  replaces?: string;
  timeZone: string;
}

export function DocumentPage(props: DocumentPageProps) {
  const l = props.letter;
  return (
    <Layout {...props} title={`${l.title} ${l.number}`} nav="kasus" bodyClass="document">
      <div class="doc-tools no-print">
        <p class="crumbs">
          <a href={`/kasus/${props.caseId}`}>Kembali ke kasus {props.caseId}</a>
        </p>
        <a class="button primary" href={props.pdfHref}>
          Unduh PDF
        </a>{' '}
        {/* The button needs app.js; without it the browser's own print menu does the same. */}
        <button type="button" class="js-only" data-cetak>
          Cetak halaman
        </button>
        <span class="muted">Surat resmi: cetak dari PDF agar sama persis dengan yang diperiksa di halaman verifikasi.</span>
      </div>
      {props.revoked ? (
        <p class="flash flash-error" role="status">
          Surat ini <strong>DICABUT</strong> pada {formatDateTime(props.revoked.at, props.timeZone)} oleh {props.revoked.byName}. Alasan: {props.revoked.reason.replace(/[.\s]+$/, '')}. Halaman
          verifikasi menyatakannya tidak berlaku.
        </p>
      ) : null}
      {props.reissueError ? (
        <p class="flash flash-error" role="alert">
          {props.reissueError}
        </p>
      ) : null}
      {props.replaces ? (
        <p class="note">
          Surat ini pengganti surat nomor {props.replaces}, yang dicabut. Halaman verifikasi surat lama menunjuk ke nomor surat ini.
        </p>
      ) : null}
      {props.reissue ? (
        <section class="step-form no-print" id="ganti">
          <h2>Terbitkan surat pengganti</h2>
          <p class="help">
            Surat baru disusun dari data kasus saat ini dan penanda tangan menurut akunnya sekarang, dengan nomor baru. Surat {l.number} tetap
            dicabut; halaman verifikasinya menyebut nomor surat pengganti.
          </p>
          <form method="post" action={props.reissue.action}>
            <CsrfInput viewer={props.viewer} />
            <button type="submit" class="primary">
              Terbitkan surat pengganti
            </button>
          </form>
        </section>
      ) : null}
      {!l.signer.name || !l.signer.nip ? (
        <p class="note no-print">
          Saat surat ini terbit, akun penanda tangan ({l.signer.roleTitle}) belum {l.signer.name ? 'memiliki NIP' : 'ada'}. Surat yang sudah terbit tidak
          berubah; administrator mengisi nama lengkap, jabatan dan NIP di halaman Pengguna agar surat berikutnya memuatnya.
        </p>
      ) : null}
      <article class={props.revoked ? 'paper letter revoked' : 'paper letter'}>
        <header class="letterhead">
          <p class="gov">{l.header.government.toUpperCase()}</p>
          <p class="agency">{l.header.agency.toUpperCase()}</p>
          <p>{l.header.address}</p>
          {l.header.contact ? <p>{l.header.contact}</p> : null}
        </header>
        <h1>{l.title.toUpperCase()}</h1>
        <p class="center">Nomor: {l.number}</p>
        <div class="addressee">
          <p>Kepada Yth.</p>
          {l.addressee.map((line, i) => (i === 0 ? <p><strong>{line}</strong></p> : <p>{line}</p>))}
        </div>
        {l.subject ? (
          <p>
            Perihal: <strong>{l.subject}</strong>
          </p>
        ) : null}
        {l.paragraphs.slice(0, 1).map((p) => (
          <p class="body">{p}</p>
        ))}
        {l.facts.length ? (
          <table class="doc-facts">
            <tbody>
              {l.facts.map((f) => (
                <tr>
                  <th>{f.label}</th>
                  <td>{f.text}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
        {l.paragraphs.slice(1).map((p) => (
          <p class="body">{p}</p>
        ))}
        <div class="sign-block">
          <div class="qr">
            {raw(props.qrSvg)}
            <p class="small">
              Periksa keaslian surat:
              <br />
              {l.verifyUrl}
              <br />
              <strong>Kode: {l.code}</strong>
            </p>
          </div>
          <div class="signature">
            <p>{l.dateLine}</p>
            <p>{l.signer.jabatan},</p>
            <p class="sign-space"></p>
            <p>
              <strong class="signer-name">{l.signer.name || `(${l.signer.roleTitle}: akun penanda tangan belum ada)`}</strong>
            </p>
            {l.signer.nip ? <p>NIP. {l.signer.nip}</p> : null}
          </div>
        </div>
      </article>
      {props.revoke && !props.revoked ? (
        <section class="step-form no-print" id="cabut">
          <h2>Cabut surat</h2>
          <p class="help">
            Surat yang dicabut tetap tersimpan dan tercatat di log audit; halaman verifikasinya menyatakan surat tidak berlaku lagi. Nomornya tidak
            dipakai ulang.
          </p>
          <form method="post" action={props.revoke.action} class="stack">
            <CsrfInput viewer={props.viewer} />
            <div class={props.revoke.error ? 'field has-error' : 'field'}>
              <label for="f-alasan">Alasan pencabutan</label>
              {props.revoke.error ? <p class="error">{props.revoke.error}</p> : null}
              <textarea id="f-alasan" name="alasan" maxlength={500} required>
                {props.revoke.reason ?? ''}
              </textarea>
            </div>
            <div class="actions">
              <button type="submit" class="danger">
                Cabut surat {l.number}
              </button>
            </div>
          </form>
        </section>
      ) : null}
    </Layout>
  );
}
