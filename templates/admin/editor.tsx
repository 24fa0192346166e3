/**
 * The SOP editor of one service: the structured form beside the YAML text (both in one form, always in step),
 * checked as the administrator works, what the draft changes and what to check before publishing, a trial run
 * with the service's scenarios (viewed and edited here), publishing with its decree, and the draft's diagram
 * next to the version in force. Works without JavaScript (every button posts the whole draft); htmx swaps parts.
 */
import type { Child } from 'hono/jsx';
import { MAX_BYTES, MAX_FIELDS, MAX_FIELDS_PER_STEP, MAX_STEPS } from '../../engine/definition/index.ts';
import type { OutlineResult } from '../../engine/definition/edit/outline.ts';
import { formatDate, formatDateTime } from '../format.ts';
import { DIAGRAM_MAX_STEPS } from '../diagram/index.tsx';
import { assetUrl, CsrfInput, Layout, type LayoutProps } from '../layout.tsx';
import { ChangesPanel, CheckPanel, type CheckView } from './check.tsx';
import { OutlinePanel } from './outline/index.tsx';
import { PublishSection, type PublishFormView } from './publish.tsx';
import { TrialResult, type TrialView } from './trial.tsx';
import { YamlView } from './yaml-view.tsx';

export type { PublishFormView } from './publish.tsx';
export { LineNumbers } from './yaml-view.tsx';

export interface ActiveVersionView {
  version: number;
  decree: string;
  effective?: string;
  publishedAt: string;
  publishedBy: string;
  /** Open cases running on this version. */
  openCases: number;
}

export interface EditorPageProps extends Omit<LayoutProps, 'title' | 'children'> {
  workflowId: string;
  workflowTitle: string;
  active?: ActiveVersionView;
  /** Open cases on older versions (they finish there). */
  olderOpenCases: number;
  source: string;
  /** Where the text in the editor came from when it is not the version in force ("berkas unggahan x.yaml"). */
  origin?: string;
  check: CheckView;
  outline: OutlineResult;
  /** Address → why a form input was not written. */
  editErrors: Record<string, string>;
  /** Section ids shown open in the form. */
  open: Set<string>;
  /** Hash of `source`: the form's inputs were drawn from it. */
  basis: string;
  /** Lines of the text the form just wrote. */
  changedLines: number[];
  /** What the last apply did. */
  editNotice?: { kind: 'ok' | 'info' | 'error'; text: string };
  trial?: TrialView;
  /** The JSON of values for the simulation. */
  facts: string;
  /** The scenario file's text as edited here, and its name in the folder. */
  scenarioText: string;
  scenarioFile?: string;
  scenarioCount: number;
  publish: PublishFormView;
  nextVersion: number;
  /** The draft's diagram beside the one in force, changes marked (when asked for, or after an edit). */
  compare?: Child;
  timeZone: string;
}

export function EditorPage(props: EditorPageProps) {
  const id = props.workflowId;
  const base = `/admin/layanan/${id}`;
  const a = props.active;
  const live = { action: `${base}/terapkan` };
  return (
    <Layout {...props} title={`Sunting SOP: ${props.workflowTitle}`} nav="admin" bodyClass="admin-lebar" htmx>
      <p class="crumbs">
        <a href="/admin">Kelola SOP</a> › {props.workflowTitle}
      </p>
      <div class="page-head">
        <h1>Sunting SOP: {props.workflowTitle}</h1>
        {a ? (
          <p>
            <a href={`${base}/riwayat`}>Riwayat versi</a> · <a href={`/layanan/${id}`}>Standar layanan publik</a>
          </p>
        ) : null}
      </div>
      {a ? null : (
        <p class="versi-kini layanan-baru-catatan">
          <strong>Layanan baru</strong> (kode <code>{id}</code>), belum diterbitkan. Rancangan ini hanya ada di halaman ini sampai diterbitkan: jangan
          tutup halaman sebelum menekan Terbitkan. Sesudah terbit, berkasnya ditulis ke folder workflows sebagai <code>{id}.yaml</code>.
        </p>
      )}
      {a ? (
        <p class="versi-kini">
          Berlaku sekarang: <strong>versi {a.version}</strong>, SK <strong>{a.decree}</strong>
          {a.effective ? `, berlaku sejak ${formatDate(a.effective)}` : ''}; diterbitkan {formatDateTime(a.publishedAt, props.timeZone)} oleh{' '}
          {a.publishedBy}. {a.openCases} kasus berjalan pada versi ini
          {props.olderOpenCases ? `, ${props.olderOpenCases} pada versi lebih lama` : ''}.
        </p>
      ) : null}
      <details class="petunjuk">
        <summary>Cara mengubah prosedur</summary>
        <ol>
          <li>
            Ubah di <strong>Formulir SOP</strong> (misalnya pilih peran lain yang mengerjakan satu langkah, ubah waktu penyelesaian, tambah
            persyaratan atau isian), atau langsung di teks YAML di sampingnya. Keduanya selalu sama; komentar di teks tetap.
          </li>
          <li>Pemeriksaan otomatis berjalan sambil Anda bekerja; kesalahan ditandai merah pada nomor barisnya.</li>
          <li>Baca ringkasan perubahan dan peringatannya, lalu coba rancangan dengan simulasi dan skenario.</li>
          <li>
            Terbitkan dengan nomor SK dan tanggal berlakunya. Nomor versi diisi otomatis. Kasus yang sedang berjalan tetap selesai dengan versi
            lamanya; kasus baru memakai versi baru.
          </li>
        </ol>
      </details>

      {/* The upload's own form; its controls sit under the YAML text (they name it with form="unggah"). */}
      <form id="unggah" method="post" action={`${base}/unggah`} enctype="multipart/form-data">
        <CsrfInput viewer={props.viewer} />
      </form>

      <form id="rancangan" method="post" action={live.action}>
        <CsrfInput viewer={props.viewer} />
        <input type="hidden" name="_dasar" value={a ? String(a.version) : ''} />
        {a ? null : <input type="hidden" name="_baru" value="1" />}
        {/* Enter in a text box presses the form's first button: this one, which only writes the form into the text. */}
        <button type="submit" name="_aksi" value="" class="visually-hidden" tabindex={-1} aria-hidden="true" formaction={live.action} formnovalidate hx-post={live.action} hx-target="#struktur" hx-swap="outerMorph">
          Terapkan
        </button>
        <CheckPanel check={props.check} />
        <div class="sunting">
          <OutlinePanel outline={props.outline} errors={props.editErrors} open={props.open} basis={props.basis} live={live} notice={props.editNotice} />
          <div class="sunting-teks" id="teks-yaml">
            <label for="sumber">
              Teks SOP (YAML){props.origin ? <span class="asal"> · {props.origin}</span> : null}
            </label>
            <p class="muted kecil" id="batas-ukuran">
              Batas satu layanan: {MAX_BYTES / 1024} KiB teks, {MAX_STEPS} langkah, {MAX_FIELDS_PER_STEP} isian per langkah dan {MAX_FIELDS} isian
              seluruhnya. Diagram digambar untuk alur sampai {DIAGRAM_MAX_STEPS} langkah.
            </p>
            <YamlView source={props.source} errors={props.check.errors.map((e) => e.line)} changed={props.changedLines} check={`${base}/periksa`} />
            <p class="actions">
              <button type="submit" formaction={`${base}/periksa`} formnovalidate>
                Periksa teks sekarang
              </button>
              {a ? <a href={base}>Buang perubahan (muat versi yang berlaku)</a> : <a href="/admin/layanan-baru">Batalkan layanan baru</a>}
            </p>
            <details class="unggah">
              <summary>Unggah berkas YAML ke editor</summary>
              <label for="berkas">Berkas YAML</label>
              <input type="file" id="berkas" name="berkas" accept=".yaml,.yml,text/yaml" form="unggah" />
              <button type="submit" form="unggah">
                Muat ke editor
              </button>
              <p class="muted kecil">Isi berkas masuk ke editor untuk diperiksa; belum diterbitkan.</p>
            </details>
          </div>
        </div>

        <ChangesPanel check={props.check} fixAction={live.action} />

        <section class="coba">
          <h2>Coba sebelum terbit</h2>
          <div class="coba-dua">
            <div>
              <label for="nilai">Nilai isian untuk satu kasus contoh (JSON: nama isian → nilai)</label>
              <textarea id="nilai" name="nilai" rows={8} spellcheck={false} class="mono">
                {`\n${props.facts}`}
              </textarea>
              <p class="actions">
                <button type="submit" formaction={`${base}/simulasi`} formnovalidate hx-post={`${base}/simulasi`} hx-target="#hasil-uji" hx-swap="outerHTML">
                  Jalankan simulasi
                </button>
                <button type="submit" formaction={`${base}/skenario`} formnovalidate hx-post={`${base}/skenario`} hx-target="#hasil-uji" hx-swap="outerHTML">
                  Jalankan {props.scenarioCount} skenario
                </button>
              </p>
              <details class="skenario-teks" open={props.trial?.kind === 'skenario' && Boolean(props.trial.problem) ? true : undefined}>
                <summary>Skenario layanan ({props.scenarioCount}){props.scenarioFile ? `: ${props.scenarioFile}` : ''}</summary>
                <p class="muted kecil">
                  Skenario adalah kasus contoh dengan hasil yang diharapkan. Ubah di sini bila perubahan prosedur memang disengaja; skenario dijalankan
                  terhadap rancangan, bukan versi yang berlaku.
                </p>
                <label for="skenario">Teks skenario (YAML)</label>
                <textarea id="skenario" name="skenario" rows={16} wrap="off" spellcheck={false} class="mono">
                  {`\n${props.scenarioText}`}
                </textarea>
              </details>
            </div>
            <TrialResult trial={props.trial} />
          </div>
        </section>

        <PublishSection
          p={props.publish}
          nextVersion={props.nextVersion}
          base={base}
          intro={
            a
              ? `Versi ${props.nextVersion} menggantikan versi ${a.version} untuk kasus baru. ${a.openCases + props.olderOpenCases} kasus yang sedang berjalan tetap selesai dengan versinya masing-masing.`
              : 'Ini akan menjadi versi pertama layanan ini.'
          }
        />

        <section class="diagram-admin">
          <h2>Diagram prosedur</h2>
          <p class="actions">
            <button type="submit" formaction={`${base}/diagram`} formnovalidate hx-post={`${base}/diagram`} hx-target="#diagram-banding" hx-swap="outerHTML">
              Bandingkan diagram rancangan dengan versi yang berlaku
            </button>
          </p>
          <div id="diagram-banding">{props.compare}</div>
        </section>
      </form>
      <script src={assetUrl(props.assets, 'admin.js')} defer></script>
    </Layout>
  );
}
