/** "Akun saya": change my password, see where I am signed in (browser sessions, API tokens) and end any of them. */
import { formatDateTime } from './format.ts';
import { CsrfInput, Layout, type LayoutProps } from './layout.tsx';

export interface SessionRow {
  /** Public id (a prefix of the stored hash; never the secret). */
  id: string;
  kind: 'session' | 'token';
  label?: string;
  createdAt: string;
  lastSeen: string;
  expiresAt: string;
  current: boolean;
}

export interface AccountPageProps extends Omit<LayoutProps, 'title' | 'children'> {
  username: string;
  name: string;
  roleLabels: string[];
  /** For the signature block of letters. */
  jabatan?: string;
  nip?: string;
  /** A new password is due before anything else: 'first' for the first administrator (its password was printed on the server's console). */
  mustChange: boolean | 'first';
  sessions: SessionRow[];
  timeZone: string;
  /** Errors of the password form, by field (current, baru, ulang), and of the notifications form (email, phone). */
  errors?: Record<string, string>;
  /** Where notifications reach me, and the channels I turned off. */
  contact?: { email?: string; phone?: string; optOut: string[] };
  /** What was typed in a refused password form, kept in the fields that were right. */
  typed?: Record<string, string>;
}

const CHANNELS: Array<{ id: string; label: string; help: string }> = [
  { id: 'inapp', label: 'Di aplikasi', help: 'penghitung di menu dan halaman Pemberitahuan' },
  { id: 'email', label: 'Surel (e-mail)', help: 'ke alamat surel di atas' },
  { id: 'gateway', label: 'WhatsApp / SMS', help: 'ke nomor telepon di atas' },
];

function PasswordField(props: { name: string; label: string; autocomplete: string; error?: string; help?: string; value?: string }) {
  return (
    <div class={props.error ? 'field has-error' : 'field'}>
      <label for={`f-${props.name}`}>{props.label}</label>
      {props.help ? <p class="help">{props.help}</p> : null}
      {props.error && props.error.includes('\n') ? (
        <ul class="error" id={`e-${props.name}`}>
          {props.error.split('\n').map((line) => (
            <li>{line}</li>
          ))}
        </ul>
      ) : props.error ? (
        <p class="error" id={`e-${props.name}`}>
          {props.error}
        </p>
      ) : null}
      <input
        id={`f-${props.name}`}
        name={props.name}
        type="password"
        autocomplete={props.autocomplete}
        required
        maxlength={200}
        value={props.value}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={props.error ? `e-${props.name}` : undefined}
      />
    </div>
  );
}

export function AccountPage(props: AccountPageProps) {
  const e = props.errors ?? {};
  // A refused change keeps what was typed in the fields that were right; only a field in error is typed again.
  const typed = props.typed ?? {};
  return (
    <Layout {...props} title="Akun saya" nav="akun">
      <h1>Akun saya</h1>
      <dl class="facts">
        <dt>Nama</dt>
        <dd>{props.name}</dd>
        <dt>Nama pengguna</dt>
        <dd>
          <code>{props.username}</code>
        </dd>
        <dt>Peran</dt>
        <dd>{props.roleLabels.join(', ')}</dd>
        <dt>Jabatan</dt>
        <dd>{props.jabatan || <span class="muted">belum diisi</span>}</dd>
        <dt>NIP</dt>
        <dd>{props.nip || <span class="muted">belum diisi</span>}</dd>
      </dl>
      <p class="help">Nama, jabatan dan NIP dicetak di bawah tanda tangan surat yang Anda tandatangani; administrator mengubahnya di halaman Pengguna.</p>
      {props.viewer?.canDelegate ? (
        <p>
          <a class="button" href="/delegasi">
            Pelimpahan tugas (Plt. / Plh.)
          </a>{' '}
          <span class="muted">siapa mengerjakan tugas pejabat yang berhalangan, dan untuk masa berapa lama.</span>
        </p>
      ) : null}

      <section class="step-form" id="sandi">
        <h2>Ganti kata sandi</h2>
        {props.mustChange === 'first' ? (
          <p class="note" role="alert">
            Ini pertama kali akun administrator dipakai. Kata sandi awalnya ditampilkan di konsol server saat alur pertama kali
            dijalankan, dan catatan konsol menyimpannya: pilih kata sandi baru yang hanya Anda ketahui sebelum melanjutkan.
          </p>
        ) : props.mustChange ? (
          <p class="note" role="alert">
            Kata sandi Anda dibuat oleh administrator (akun baru atau kata sandi yang direset). Pilih kata sandi baru yang hanya Anda
            ketahui sebelum melanjutkan.
          </p>
        ) : null}
        {Object.keys(e).length > 1 ? (
          <p class="error-summary" role="alert">
            Ada {Object.keys(e).length} hal yang perlu diperbaiki; lihat pesan di tiap isian.
          </p>
        ) : null}
        <form method="post" action="/akun/sandi" class="stack">
          <CsrfInput viewer={props.viewer} />
          <PasswordField
            name="sandi_lama"
            label={props.mustChange === 'first' ? 'Kata sandi awal (dari konsol server)' : props.mustChange ? 'Kata sandi dari administrator' : 'Kata sandi sekarang'}
            autocomplete="current-password"
            error={e.sandi_lama}
            value={e.sandi_lama ? undefined : typed.sandi_lama}
          />
          <PasswordField
            name="sandi_baru"
            label="Kata sandi baru"
            autocomplete="new-password"
            error={e.sandi_baru}
            value={e.sandi_baru ? undefined : typed.sandi_baru}
            help="Paling sedikit 10 karakter, sulit ditebak, tanpa nama Anda, nama pengguna atau nama kantor. Tiga atau empat kata yang tidak berhubungan mudah diingat dan kuat."
          />
          <PasswordField name="sandi_ulang" label="Ulangi kata sandi baru" autocomplete="new-password" error={e.sandi_ulang} value={e.sandi_ulang || e.sandi_baru ? undefined : typed.sandi_ulang} />
          <div class="actions">
            <button type="submit" class="primary">
              Simpan kata sandi baru
            </button>
          </div>
        </form>
      </section>

      {props.contact ? (
        <section class="step-form" id="pemberitahuan">
          <h2>Pemberitahuan</h2>
          <p class="meta">Tugas baru, pengingat sebelum batas waktu dan eskalasi. Pesan hanya menyebut nomor kasus, layanan, langkah dan tautan.</p>
          <form method="post" action="/akun/pemberitahuan" class="stack">
            <CsrfInput viewer={props.viewer} />
            <div class={e.email ? 'field has-error' : 'field'}>
              <label for="f-email">Alamat surel</label>
              {e.email ? <p class="error">{e.email}</p> : null}
              <input id="f-email" name="email" type="email" inputmode="email" autocomplete="email" maxlength={254} value={props.contact.email ?? ''} />
            </div>
            <div class={e.phone ? 'field has-error' : 'field'}>
              <label for="f-phone">Nomor telepon (WhatsApp / SMS)</label>
              {e.phone ? <p class="error">{e.phone}</p> : null}
              <input id="f-phone" name="phone" type="tel" inputmode="tel" autocomplete="tel" maxlength={20} value={props.contact.phone ?? ''} placeholder="0812 3456 7890" />
            </div>
            <fieldset>
              <legend>Terima pemberitahuan lewat</legend>
              {CHANNELS.map((ch) => (
                <label class="check">
                  <input type="checkbox" name="saluran" value={ch.id} checked={!props.contact!.optOut.includes(ch.id)} /> {ch.label} <small>({ch.help})</small>
                </label>
              ))}
            </fieldset>
            <div class="actions">
              <button type="submit" class="primary">
                Simpan pemberitahuan
              </button>
            </div>
          </form>
        </section>
      ) : null}

      <section>
        <h2>Tempat Anda masuk</h2>
        <p class="meta">Sesi peramban dan token API yang masih berlaku. Cabut yang tidak Anda kenali, lalu ganti kata sandi.</p>
        {props.sessions.length ? (
          <table class="list">
            <thead>
              <tr>
                <th>Jenis</th>
                <th>Dibuat</th>
                <th>Terakhir dipakai</th>
                <th>Berakhir</th>
                <th></th>
              </tr>
            </thead>
            <tbody>
              {props.sessions.map((s) => (
                <tr>
                  <td data-label="Jenis">
                    {s.kind === 'session' ? 'Sesi peramban' : `Token API${s.label ? `: ${s.label}` : ''}`}
                    {s.current ? (
                      <>
                        {' '}
                        <span class="badge badge-ok">sesi ini</span>
                      </>
                    ) : null}
                  </td>
                  <td data-label="Dibuat">{formatDateTime(s.createdAt, props.timeZone)}</td>
                  <td data-label="Terakhir dipakai">{formatDateTime(s.lastSeen, props.timeZone)}</td>
                  <td data-label="Berakhir">{formatDateTime(s.expiresAt, props.timeZone)}</td>
                  <td>
                    <form method="post" action={`/akun/sesi/${s.id}/cabut`} class="inline">
                      <CsrfInput viewer={props.viewer} />
                      <button type="submit">{s.current ? 'Keluar' : 'Cabut'}</button>
                    </form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p>Tidak ada sesi lain.</p>
        )}
        {props.sessions.filter((s) => !s.current).length > 0 ? (
          <form method="post" action="/akun/sesi/cabut-semua" class="inline">
            <CsrfInput viewer={props.viewer} />
            <button type="submit">Cabut semua kecuali sesi ini</button>
          </form>
        ) : null}
      </section>
    </Layout>
  );
}
