/**
 * The SOP editor of one service: the YAML text with line numbers, checked as the administrator types, what the
 * draft changes, a trial run, and publishing as a new version with its decree. Works without JavaScript (every
 * button posts the whole draft); htmx swaps only the panels, and static/admin.js keeps the line numbers in step.
 */
import { MAX_BYTES, MAX_FIELDS, MAX_FIELDS_PER_STEP, MAX_STEPS } from '../../engine/definition/index.ts';
import { DIAGRAM_MAX_STEPS } from '../diagram/index.tsx';
import type { Child } from 'hono/jsx';
import { formatDate, formatDateTime } from '../format.ts';
import { assetUrl, CsrfInput, Layout, type LayoutProps } from '../layout.tsx';
import { ChangesPanel, CheckPanel, type CheckView } from './check.tsx';
import { TrialResult, type TrialView } from './trial.tsx';

export interface ActiveVersionView {
  version: number;
  decree: string;
  effective?: string;
  publishedAt: string;
  publishedBy: string;
  /** Open cases running on this version. */
  openCases: number;
}

export interface PublishFormView {
  decree: string;
  effective: string;
  note: string;
  /** Field name (sk_nomor, sk_berlaku) → message. */
  fields?: Record<string, string>;
  /** Refusal of the publish as a whole. */
  error?: string;
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
  trial?: TrialView;
  /** The JSON of values for the simulation. */
  facts: string;
  scenarioFile?: string;
  scenarioCount: number;
  publish: PublishFormView;
  nextVersion: number;
  /** Diagram of the version in force. */
  diagram?: Child;
  /** Diagram of the draft, when asked for. */
  draftDiagram?: Child;
  timeZone: string;
}

/** "1\n2\n3…" as spans, error lines marked; admin.js redraws it as the text grows. */
export function LineNumbers(props: { count: number; errors: number[] }) {
  const bad = new Set(props.errors);
  const rows: Child[] = [];
  for (let i = 1; i <= Math.max(1, props.count); i++) rows.push(<span class={bad.has(i) ? 'salah' : undefined}>{`${i}\n`}</span>);
  return (
    <pre class="nomor-baris" id="nomor-baris" aria-hidden="true">
      {rows}
    </pre>
  );
}

function FieldError(props: { message?: string; id: string }) {
  return props.message ? (
    <p class="error" id={props.id}>
      {props.message}
    </p>
  ) : null;
}

export function EditorPage(props: EditorPageProps) {
  const id = props.workflowId;
  const base = `/admin/layanan/${id}`;
  const a = props.active;
  const lineCount = props.source.split('\n').length;
  const p = props.publish;
  return (
    <Layout {...props} title={`Sunting SOP: ${props.workflowTitle}`} nav="admin" bodyClass="admin-lebar" htmx>
      <p class="crumbs">
        <a href="/admin">Kelola SOP</a> › {props.workflowTitle}
      </p>
      <div class="page-head">
        <h1>Sunting SOP: {props.workflowTitle}</h1>
        <p>
          <a href={`${base}/riwayat`}>Riwayat versi</a> · <a href={`/layanan/${id}`}>Standar layanan publik</a>
        </p>
      </div>
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
          <li>Ubah teks di bawah (misalnya peran yang mengerjakan satu langkah, atau waktu penyelesaian), atau unggah berkas YAML.</li>
          <li>Pemeriksaan otomatis berjalan sambil Anda mengetik; kesalahan ditandai merah pada nomor barisnya.</li>
          <li>Baca ringkasan perubahan, lalu coba rancangan dengan simulasi dan skenario.</li>
          <li>
            Terbitkan dengan nomor SK dan tanggal berlakunya. Nomor versi diisi otomatis. Kasus yang sedang berjalan tetap selesai dengan versi
            lamanya; kasus baru memakai versi baru.
          </li>
        </ol>
      </details>

      <form class="unggah" method="post" action={`${base}/unggah`} enctype="multipart/form-data">
        <CsrfInput viewer={props.viewer} />
        <label for="berkas">Unggah berkas YAML ke editor</label>
        <input type="file" id="berkas" name="berkas" accept=".yaml,.yml,text/yaml" />
        <button type="submit">Muat ke editor</button>
        <span class="muted kecil">Isi berkas masuk ke editor untuk diperiksa; belum diterbitkan.</span>
      </form>

      <form id="rancangan" method="post" action={`${base}/periksa`}>
        <CsrfInput viewer={props.viewer} />
        <input type="hidden" name="_dasar" value={a ? String(a.version) : ''} />
        <div class="sunting">
          <div class="sunting-teks">
            <label for="sumber">
              Teks SOP (YAML){props.origin ? <span class="asal"> · {props.origin}</span> : null}
            </label>
            <p class="muted kecil" id="batas-ukuran">
              Batas satu layanan: {MAX_BYTES / 1024} KiB teks, {MAX_STEPS} langkah, {MAX_FIELDS_PER_STEP} isian per langkah dan {MAX_FIELDS} isian
              seluruhnya. Diagram digambar untuk alur sampai {DIAGRAM_MAX_STEPS} langkah.
            </p>
            <div class="kode">
              <LineNumbers count={lineCount} errors={props.check.errors.map((e) => e.line)} />
              <textarea
                id="sumber"
                name="sumber"
                wrap="off"
                spellcheck={false}
                autocapitalize="off"
                autocomplete="off"
                rows={30}
                hx-post={`${base}/periksa`}
                hx-trigger="input changed delay:500ms"
                hx-target="#pemeriksaan"
                hx-swap="outerHTML"
                hx-sync="this:replace"
                aria-describedby="pemeriksaan batas-ukuran"
              >
                {`\n${props.source}`}
              </textarea>
            </div>
            <p class="actions">
              <button type="submit" formaction={`${base}/periksa`} formnovalidate>
                Periksa sekarang
              </button>
              <a href={base}>Buang perubahan (muat versi yang berlaku)</a>
            </p>
          </div>
          <CheckPanel check={props.check} />
        </div>

        <ChangesPanel check={props.check} />

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
                <button
                  type="submit"
                  formaction={`${base}/skenario`}
                  formnovalidate
                  hx-post={`${base}/skenario`}
                  hx-target="#hasil-uji"
                  hx-swap="outerHTML"
                  disabled={props.scenarioCount === 0}
                >
                  Jalankan {props.scenarioCount} skenario
                </button>
              </p>
              <p class="muted kecil">
                {props.scenarioFile
                  ? `Skenario dibaca dari ${props.scenarioFile} di folder workflows dan dijalankan terhadap rancangan ini, bukan versi yang berlaku.`
                  : 'Layanan ini belum punya berkas skenario (<id>.scenarios.yaml) di folder workflows.'}
              </p>
            </div>
            <TrialResult trial={props.trial} />
          </div>
        </section>

        <section class="terbit card" id="terbitkan">
          <h2>Terbitkan sebagai versi {props.nextVersion}</h2>
          {p.error ? (
            <p class="flash flash-error" role="alert">
              {p.error}
            </p>
          ) : null}
          <p>
            {a
              ? `Versi ${props.nextVersion} menggantikan versi ${a.version} untuk kasus baru. ${a.openCases + props.olderOpenCases} kasus yang sedang berjalan tetap selesai dengan versinya masing-masing.`
              : 'Ini akan menjadi versi pertama layanan ini.'}
          </p>
          <div class="terbit-isian">
            <div class={`field${p.fields?.sk_nomor ? ' has-error' : ''}`}>
              <label for="sk_nomor">Nomor SK baru</label>
              <input
                type="text"
                id="sk_nomor"
                name="sk_nomor"
                value={p.decree}
                required
                maxlength={120}
                placeholder="mis. KPTS.800/DISSOSP3A-Set/05"
                aria-describedby={p.fields?.sk_nomor ? 'sk_nomor-salah' : undefined}
              />
              <FieldError id="sk_nomor-salah" message={p.fields?.sk_nomor} />
            </div>
            <div class={`field${p.fields?.sk_berlaku ? ' has-error' : ''}`}>
              <label for="sk_berlaku">Berlaku sejak</label>
              <input type="date" id="sk_berlaku" name="sk_berlaku" value={p.effective} required aria-describedby={p.fields?.sk_berlaku ? 'sk_berlaku-salah' : undefined} />
              <FieldError id="sk_berlaku-salah" message={p.fields?.sk_berlaku} />
            </div>
          </div>
          <div class="field">
            <label for="catatan">Catatan untuk riwayat (tidak wajib)</label>
            <input type="text" id="catatan" name="catatan" value={p.note} maxlength={300} placeholder="mis. Menyesuaikan SK perubahan tahun 2027" />
          </div>
          <p class="actions">
            <button type="submit" class="primary" formaction={`${base}/terbitkan`} id="tombol-terbit">
              Terbitkan versi {props.nextVersion}
            </button>
          </p>
        </section>

        <section class="diagram-admin">
          <h2>Diagram prosedur</h2>
          <p class="actions">
            <button type="submit" formaction={`${base}/diagram`} formnovalidate hx-post={`${base}/diagram`} hx-target="#diagram-rancangan" hx-swap="outerHTML">
              Tampilkan diagram rancangan
            </button>
          </p>
          <div id="diagram-rancangan">
            {props.draftDiagram ? (
              <>
                <h3>Rancangan</h3>
                {props.draftDiagram}
              </>
            ) : null}
          </div>
          {props.diagram ? (
            <>
              <h3>Versi {a?.version} yang berlaku</h3>
              {props.diagram}
            </>
          ) : null}
        </section>
      </form>
      <script src={assetUrl(props.assets, 'admin.js')} defer></script>
    </Layout>
  );
}

/** The draft's diagram alone, for htmx to swap in. */
export function DraftDiagram(props: { diagram?: Child; problem?: string }) {
  return (
    <div id="diagram-rancangan">
      <h3>Rancangan</h3>
      {props.problem ? <p class="flash flash-error">{props.problem}</p> : props.diagram}
    </div>
  );
}
