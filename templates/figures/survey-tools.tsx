/**
 * The survey tools of a service's report readers: a new one-time link as a QR code to show at the counter or print
 * with the product, and the kiosk address for the tablet in the service room (renewing it stops the old one).
 */
import { raw } from 'hono/html';
import { CsrfInput, Layout, type LayoutProps } from '../layout.tsx';

async function qrSvg(text: string, label: string): Promise<string> {
  const { default: QRCode } = await import('qrcode');
  const svg = await QRCode.toString(text, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' });
  return svg.replace('<svg ', `<svg role="img" aria-label="${label.replace(/"/g, '&quot;')}" class="qr" `);
}

export interface SurveyToolsProps extends Omit<LayoutProps, 'title' | 'children'> {
  service: { id: string; title: string };
  /** A one-time link just made. */
  link?: string;
  /** The kiosk address, for the report's readers. */
  kiosk?: string;
  renewed?: boolean;
  reportHref?: string;
}

export async function SurveyToolsPage(props: SurveyToolsProps) {
  const linkQr = props.link ? await qrSvg(props.link, 'Kode QR survei sekali pakai') : undefined;
  return (
    <Layout {...props} title={`Survei kepuasan ${props.service.title}`} nav="laporan">
      {props.reportHref ? (
        <p class="crumbs no-print">
          <a href={props.reportHref}>Laporan {props.service.title}</a>
        </p>
      ) : null}
      <h1>Survei Kepuasan Masyarakat: {props.service.title}</h1>
      {linkQr ? (
        <section class="survey-link card">
          <h2>Kode QR sekali pakai</h2>
          <p>Tunjukkan kepada pemohon atau cetak bersama produk layanan. Satu kode untuk satu jawaban; berlaku 90 hari. Kode ini tidak terhubung ke kasus mana pun.</p>
          <div class="qr-box">{raw(linkQr)}</div>
          <p class="code-link">{props.link}</p>
          <button type="button" class="js-only no-print" data-cetak>
            Cetak
          </button>
        </section>
      ) : null}
      <form method="post" class="no-print">
        <CsrfInput viewer={props.viewer} />
        <button type="submit" name="buat" value="tautan" class="primary">
          {linkQr ? 'Buat kode QR berikutnya' : 'Buat kode QR sekali pakai'}
        </button>
      </form>
      {props.kiosk ? (
      <section class="card no-print">
        <h2>Kios di ruang pelayanan</h2>
        <p>Buka alamat ini pada tablet di ruang pelayanan; setiap pengunjung mengisi lalu menyerahkan tablet kepada berikutnya. Jangan bagikan alamat ini di luar kantor.</p>
        {props.renewed ? <p class="flash flash-ok">Alamat kios baru dibuat; alamat lama tidak berlaku lagi.</p> : null}
        <p class="code-link">
          <a href={props.kiosk}>{props.kiosk}</a>
        </p>
        <form method="post">
          <CsrfInput viewer={props.viewer} />
          <button type="submit" name="buat" value="kios">
            Ganti alamat kios
          </button>
        </form>
      </section>
      ) : null}
    </Layout>
  );
}
