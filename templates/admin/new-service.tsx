/**
 * Adding a service from the browser: its code and name, and where its first draft comes from (a blank standard,
 * a copy of a running service, or a YAML file from the administrator's computer). The draft opens in the SOP
 * editor; nothing runs until it is published with its decree.
 */
import { CsrfInput, Layout, type LayoutProps } from '../layout.tsx';

export interface NewServiceProps extends Omit<LayoutProps, 'title' | 'children'> {
  services: Array<{ id: string; title: string }>;
  values: { kode: string; judul: string; dasar: string };
  /** Field name (kode, judul, dasar, berkas) → message. */
  fields?: Record<string, string>;
}

function Problem(props: { id: string; message?: string }) {
  return props.message ? (
    <p class="error" id={props.id}>
      {props.message}
    </p>
  ) : null;
}

export function NewServicePage(props: NewServiceProps) {
  const f = props.fields ?? {};
  const v = props.values;
  const count = Object.keys(f).length;
  return (
    <Layout {...props} title="Layanan baru" nav="admin">
      <p class="crumbs">
        <a href="/admin">Kelola SOP</a> › Layanan baru
      </p>
      <h1>Layanan baru</h1>
      <p class="lead">
        Layanan baru dibuka di editor SOP sebagai rancangan: lengkapi di Formulir SOP, periksa, coba dengan skenario, lalu terbitkan dengan nomor
        SK. Sesudah terbit, layanan tampil di daftar layanan publik dan petugas dapat mencatat kasusnya.
      </p>
      {count ? (
        <p class="flash flash-error" role="alert">
          {count === 1 ? 'Satu isian' : `${count} isian`} perlu diperbaiki; lihat pesan merah di bawah.
        </p>
      ) : null}
      <form method="post" action="/admin/layanan-baru" class="card layanan-baru" id="form-layanan-baru">
        <CsrfInput viewer={props.viewer} />
        <h2>Mulai dari standar kosong atau salinan</h2>
        <div class={`field${f.judul ? ' has-error' : ''}`}>
          <label for="judul">Nama layanan</label>
          <input type="text" id="judul" name="judul" value={v.judul} maxlength={120} placeholder="mis. Rekomendasi Rehabilitasi Sosial" aria-describedby={f.judul ? 'judul-salah' : undefined} />
          <Problem id="judul-salah" message={f.judul} />
        </div>
        <div class={`field${f.kode ? ' has-error' : ''}`}>
          <label for="kode">Kode layanan</label>
          <input
            type="text"
            id="kode"
            name="kode"
            value={v.kode}
            maxlength={60}
            pattern="[a-z][a-z0-9]*(-[a-z0-9]+)*"
            autocapitalize="none"
            spellcheck={false}
            class="mono"
            placeholder="mis. rekomendasi-rehabilitasi-sosial"
            aria-describedby={`kode-bantuan${f.kode ? ' kode-salah' : ''}`}
          />
          <p class="help" id="kode-bantuan">
            Huruf kecil, angka dan tanda hubung. Menjadi alamat layanan (/layanan/kode) dan nama berkasnya (kode.yaml); tidak dapat diubah sesudah
            terbit. Kosongkan untuk dibuat dari nama layanan.
          </p>
          <Problem id="kode-salah" message={f.kode} />
        </div>
        <fieldset class={`field${f.dasar ? ' has-error' : ''}`}>
          <legend>Mulai dari</legend>
          <label class="choice">
            <input type="radio" name="dasar" value="kosong" checked={v.dasar === 'kosong' || !v.dasar} />{' '}
            <span>Standar kosong (kop kantor, satu langkah penerimaan, dua hasil akhir; sisanya Anda lengkapi)</span>
          </label>
          {props.services.map((s) => (
            <label class="choice">
              <input type="radio" name="dasar" value={`salin:${s.id}`} checked={v.dasar === `salin:${s.id}`} /> <span>Salinan {s.title} (versi yang berlaku)</span>
            </label>
          ))}
          <Problem id="dasar-salah" message={f.dasar} />
        </fieldset>
        <p class="actions">
          <button type="submit" class="primary" id="tombol-buat">
            Buka di editor SOP
          </button>
          <a href="/admin">Batal</a>
        </p>
      </form>
      <form method="post" action="/admin/layanan-baru/unggah" enctype="multipart/form-data" class="card layanan-baru" id="form-unggah-baru">
        <CsrfInput viewer={props.viewer} />
        <h2>Atau unggah berkas YAML</h2>
        <p>Berkas layanan yang ditulis di tempat lain. Kode layanannya diambil dari baris id di berkas dan belum boleh dipakai layanan lain.</p>
        <div class={`field${f.berkas ? ' has-error' : ''}`}>
          <label for="berkas-baru">Berkas YAML</label>
          <input type="file" id="berkas-baru" name="berkas" accept=".yaml,.yml,text/yaml" aria-describedby={f.berkas ? 'berkas-salah' : undefined} />
          <Problem id="berkas-salah" message={f.berkas} />
        </div>
        <p class="actions">
          <button type="submit">Muat berkas ke editor</button>
        </p>
      </form>
    </Layout>
  );
}
