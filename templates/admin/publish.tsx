/**
 * Publishing a draft as the next version with its decree; when the service's scenarios fail against the draft,
 * the administrator must tick a confirmation that names them (recorded in the version's history).
 */
import { CsrfInput, type Viewer } from '../layout.tsx';

export interface PublishFormView {
  decree: string;
  effective: string;
  note: string;
  /** Field name (sk_nomor, sk_berlaku) → message. */
  fields?: Record<string, string>;
  /** Refusal of the publish as a whole. */
  error?: string;
  /** Scenarios that fail against the draft: publishing needs the confirmation below. */
  failing?: string[];
  /** Names the confirmation covers (a digest of the failing scenarios when it was shown). */
  confirmFor?: string;
}

function FieldError(props: { message?: string; id: string }) {
  return props.message ? (
    <p class="error" id={props.id}>
      {props.message}
    </p>
  ) : null;
}

export function PublishSection(props: { p: PublishFormView; nextVersion: number; base: string; intro: string; viewer?: Viewer; standalone?: boolean }) {
  const p = props.p;
  const body = (
    <>
      <h2>Terbitkan sebagai versi {props.nextVersion}</h2>
      {p.error ? (
        <p class="flash flash-error" role="alert">
          {p.error}
        </p>
      ) : null}
      <p>{props.intro}</p>
      <div class="terbit-isian">
        <div class={`field${p.fields?.sk_nomor ? ' has-error' : ''}`}>
          <label for="sk_nomor">Nomor SK baru</label>
          <input type="text" id="sk_nomor" name="sk_nomor" value={p.decree} required maxlength={120} placeholder="mis. KPTS.800/DISSOSP3A-Set/05" aria-describedby={p.fields?.sk_nomor ? 'sk_nomor-salah' : undefined} />
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
      {p.failing?.length ? (
        <div class={`field konfirmasi${p.fields?.konfirmasi ? ' has-error' : ''}`} id="konfirmasi-skenario">
          <p>
            <strong>{p.failing.length} skenario gagal terhadap rancangan ini:</strong>
          </p>
          <ul>
            {p.failing.map((n) => (
              <li>{n}</li>
            ))}
          </ul>
          <FieldError id="konfirmasi-salah" message={p.fields?.konfirmasi} />
          <label class="choice">
            <input type="checkbox" name="konfirmasi_skenario" value={p.confirmFor} />
            <span>Saya sudah membaca skenario yang gagal di atas dan tetap menerbitkan versi ini. Konfirmasi ini dicatat di riwayat versi.</span>
          </label>
        </div>
      ) : null}
      <p class="actions">
        <button type="submit" class="primary" formaction={`${props.base}/terbitkan`} id="tombol-terbit">
          Terbitkan versi {props.nextVersion}
        </button>
      </p>
    </>
  );
  if (!props.standalone) return <section class="terbit card" id="terbitkan">{body}</section>;
  return (
    <form method="post" action={`${props.base}/terbitkan`} class="terbit card" id="terbitkan">
      <CsrfInput viewer={props.viewer} />
      {body}
    </form>
  );
}
