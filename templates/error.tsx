/** A page that says plainly what went wrong and where to go next; never a stack trace. */
import { Layout, type LayoutProps } from './layout.tsx';

export interface ErrorPageProps extends Omit<LayoutProps, 'title' | 'children'> {
  status: number;
  message: string;
  /** A link that helps: back to the case, to the inbox, to sign in. */
  link?: { href: string; text: string };
}

const TITLES: Record<number, string> = {
  400: 'Permintaan tidak dapat dibaca',
  401: 'Silakan masuk dulu',
  403: 'Tidak diizinkan',
  404: 'Tidak ditemukan',
  409: 'Sudah berubah',
  413: 'Data terlalu besar',
  422: 'Data belum benar',
  500: 'Terjadi kesalahan di server',
  503: 'Layanan sedang terganggu',
};

export function ErrorPage(props: ErrorPageProps) {
  const title = TITLES[props.status] ?? 'Terjadi kesalahan';
  return (
    <Layout {...props} title={title}>
      <section class="narrow">
        <h1>{title}</h1>
        <p class="lead">{props.message}</p>
        <p>
          {props.link ? <a href={props.link.href}>{props.link.text}</a> : null}
          {props.link ? ' · ' : ''}
          <a href={props.viewer ? '/tugas' : '/layanan'}>{props.viewer ? 'Kembali ke tugas saya' : 'Ke halaman layanan'}</a>
        </p>
      </section>
    </Layout>
  );
}
