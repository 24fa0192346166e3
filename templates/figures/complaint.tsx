/**
 * The public complaint form on a service's page: the fields the YAML's `publicIntake` lists, a honeypot field that
 * people never see (a robot fills it), no account and no third-party CAPTCHA; after sending, the tracking code.
 */
import type { Field } from '../../engine/types.ts';
import { ErrorSummary } from '../form/fields.tsx';
import { FormField } from '../form/field.tsx';
import { CsrfInput, Layout, type LayoutProps } from '../layout.tsx';
import { TrackCodeNotice } from './track.tsx';

/** The honeypot's name: a plausible field a form-filling robot fills in. */
export const HONEYPOT = 'situs_web';

export interface ComplaintPageProps extends Omit<LayoutProps, 'title' | 'children'> {
  title: string;
  about: { id: string; title: string };
  action: string;
  fields: Field[];
  values?: Record<string, unknown>;
  errors?: Record<string, string>;
  message?: string;
  timeZone: string;
}

export function ComplaintPage(props: ComplaintPageProps) {
  const errors = props.errors ?? {};
  return (
    <Layout {...props} title={props.title} nav="layanan">
      <p class="crumbs">
        <a href={`/layanan/${encodeURIComponent(props.about.id)}`}>{props.about.title}</a>
      </p>
      <h1>{props.title}</h1>
      <p class="lead">
        Pengaduan tentang layanan <strong>{props.about.title}</strong>. Tanpa akun. Sesudah dikirim Anda mendapat kode lacak untuk melihat
        tahapnya. Jangan menulis nama atau data anak di sini; petugas akan menghubungi Anda.
      </p>
      {Object.keys(errors).length ? <ErrorSummary errors={errors} fields={props.fields} /> : props.message ? <p class="flash flash-error">{props.message}</p> : null}
      <form method="post" action={props.action} class="step-form stack">
        <CsrfInput viewer={props.viewer} />
        <div class="fields">
          {props.fields.map((f) => (
            <FormField field={f} value={props.values?.[f.name]} error={errors[f.name]} timeZone={props.timeZone} />
          ))}
        </div>
        {/* People never see this field (it is off-screen and skipped by the keyboard); a robot that fills it is refused. */}
        <div class="hp" aria-hidden="true">
          <label for="f-hp">Situs web (jangan diisi)</label>
          <input type="text" id="f-hp" name={HONEYPOT} tabindex={-1} autocomplete="off" />
        </div>
        <button type="submit" class="primary">
          Kirim pengaduan
        </button>
      </form>
    </Layout>
  );
}

export function ComplaintSentPage(props: Omit<LayoutProps, 'title' | 'children'> & { code: string; about: { id: string; title: string } }) {
  return (
    <Layout {...props} title="Pengaduan terkirim" nav="layanan">
      <h1>Pengaduan Anda sudah kami terima</h1>
      <p class="lead">Petugas Pengelola Pengaduan akan memeriksanya dan menghubungi Anda melalui kontak yang Anda tulis.</p>
      <TrackCodeNotice code={props.code} forPublic />
      <p>
        <a href="/lacak">Lacak pengaduan</a> · <a href={`/layanan/${encodeURIComponent(props.about.id)}`}>Kembali ke {props.about.title}</a>
      </p>
    </Layout>
  );
}
