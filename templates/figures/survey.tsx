/**
 * The IKM survey (Survei Kepuasan Masyarakat) for a phone or a kiosk tablet: the nine elements of Permenpan RB
 * 14/2017 with their four answers as large choices, a free comment, and no question about who answers. Works without
 * JavaScript; a kiosk's thank-you page links back to a fresh form for the next person.
 */
import { IKM_ELEMENTS } from '../../engine/report/ikm.ts';
import { CsrfInput, Layout, type LayoutProps } from '../layout.tsx';

export interface SurveyPageProps extends Omit<LayoutProps, 'title' | 'children'> {
  service: { id: string; title: string; agency: string };
  /** Where the form posts (a one-time link's or the kiosk's address). */
  action: string;
  kiosk?: boolean;
  /** Answers sent before, shown again with the problems. */
  values?: Record<string, string>;
  errors?: Record<string, string>;
}

export function SurveyPage(props: SurveyPageProps) {
  const errors = props.errors ?? {};
  const missing = Object.keys(errors).length;
  return (
    <Layout {...props} title={`Survei kepuasan ${props.service.title}`} nav="layanan" bodyClass={props.kiosk ? 'kiosk' : undefined}>
      <h1>Survei Kepuasan Masyarakat</h1>
      <p class="lead">
        {props.service.title}, {props.service.agency}. Sembilan pertanyaan singkat; jawaban Anda tidak dicatat bersama nama, nomor atau
        kasus Anda.
      </p>
      {missing ? (
        <div class="error-summary" role="alert" tabindex={-1}>
          <p>
            <strong>{missing} pertanyaan belum dijawab.</strong> Pilih satu jawaban untuk setiap pertanyaan.
          </p>
        </div>
      ) : null}
      <form method="post" action={props.action} class="survey">
        <CsrfInput viewer={props.viewer} />
        {IKM_ELEMENTS.map((e, i) => (
          <fieldset class={errors[e.id] ? 'question has-error' : 'question'} id={`q-${e.id}`}>
            <legend>
              <span class="q-number">{i + 1}.</span> {e.question}
              <small>{e.label}</small>
            </legend>
            {errors[e.id] ? <p class="error">{errors[e.id]}</p> : null}
            <div class="scale">
              {e.answers.map((text, k) => (
                <label class="scale-choice">
                  <input type="radio" name={e.id} value={String(k + 1)} checked={props.values?.[e.id] === String(k + 1)} required />
                  <span>
                    <b>{k + 1}</b> {text}
                  </span>
                </label>
              ))}
            </div>
          </fieldset>
        ))}
        <div class="field">
          <label for="saran">Saran atau masukan (boleh dikosongkan)</label>
          <p class="help">Mohon tidak menulis nama atau nomor telepon.</p>
          <textarea id="saran" name="saran" maxlength={1000} rows={3}>
            {props.values?.saran ?? ''}
          </textarea>
        </div>
        <div class="actions">
          <button type="submit" class="primary">
            Kirim jawaban
          </button>
        </div>
      </form>
    </Layout>
  );
}

export function SurveyDonePage(props: Omit<LayoutProps, 'title' | 'children'> & { again?: string; message?: string }) {
  return (
    <Layout {...props} title="Terima kasih" nav="layanan" bodyClass={props.again ? 'kiosk' : undefined}>
      <h1>Terima kasih</h1>
      <p class="lead">{props.message ?? 'Jawaban Anda sudah kami terima. Penilaian Anda membantu kami memperbaiki pelayanan.'}</p>
      {props.again ? (
        <p>
          <a class="button primary" href={props.again}>
            Mulai survei untuk pengunjung berikutnya
          </a>
        </p>
      ) : (
        <p>
          <a href="/layanan">Kembali ke daftar layanan</a>
        </p>
      )}
    </Layout>
  );
}
