/** Accounts, for the administrator: who has which role, change the roles, disable or enable an account, reset a password, add one. */
import { formatDateTime } from './format.ts';
import { CsrfInput, Layout, type LayoutProps } from './layout.tsx';

export interface UserRow {
  username: string;
  name: string;
  /** Role ids (the form's ticked boxes) and their titles. */
  roles: string[];
  roleLabels: string[];
  /** For a letter's signature block. */
  nip?: string;
  jabatan?: string;
  disabled: boolean;
  mustChange: boolean;
  passwordChangedAt?: string;
  /** Live browser sessions and API tokens. */
  sessions: number;
  self: boolean;
}

export interface UsersPageProps extends Omit<LayoutProps, 'title' | 'children'> {
  users: UserRow[];
  /** Every role an account can get, grouped for the forms. */
  roleGroups: RoleGroup[];
  timeZone: string;
  /** A password made just now, shown once (after a reset or a new account). */
  issued?: { username: string; password: string; reason: 'reset' | 'add' };
  /** Errors of the new-account form, by field, and its values. */
  errors?: Record<string, string>;
  values?: { username?: string; name?: string; roles?: string[]; nip?: string; jabatan?: string };
  /** A refused change of an account's name, NIP or jabatan: its form shown open with the values and errors. */
  profileEdit?: { username: string; values: { name?: string; nip?: string; jabatan?: string }; errors: Record<string, string> };
  /** A refused change of an account's roles: its form is shown open, with what was ticked and why it was refused. */
  rolesEdit?: { username: string; roles: string[]; error: string };
}

/** Roles under one heading: a service's own roles, those several services share, or the administrator's. */
export interface RoleGroup {
  title: string;
  help?: string;
  /** `note`: which services declare a shared role. */
  roles: Array<{ id: string; title: string; note?: string }>;
}

/** One checkbox per role, 44px rows, in titled groups. */
function RoleChoices(props: { groups: RoleGroup[]; checked: string[] }) {
  return (
    <div class="role-groups">
      {props.groups.map((g) => (
        <fieldset class="role-group">
          <legend>{g.title}</legend>
          {g.help ? <p class="help">{g.help}</p> : null}
          <div class="choices">
            {g.roles.map((r) => (
              <label class="choice">
                <input type="checkbox" name="roles" value={r.id} checked={props.checked.includes(r.id)} />
                <span>
                  {r.title}
                  {r.note ? <small class="role-note"> ({r.note})</small> : null}
                </span>
              </label>
            ))}
          </div>
        </fieldset>
      ))}
    </div>
  );
}

/** The roles form of one account, folded under its current roles. */
function RolesEdit(props: { user: UserRow; groups: RoleGroup[]; viewer: UsersPageProps['viewer']; refused?: UsersPageProps['rolesEdit'] }) {
  const u = props.user;
  const refused = props.refused?.username === u.username ? props.refused : undefined;
  const offered = new Set(props.groups.flatMap((g) => g.roles.map((r) => r.id)));
  const stale = u.roles.filter((r) => !offered.has(r));
  return (
    <details class="roles-edit" open={Boolean(refused)}>
      <summary>Ubah peran</summary>
      <form method="post" action={`/pengguna/${u.username}/peran`} class="stack">
        <CsrfInput viewer={props.viewer} />
        <fieldset class={refused ? 'field has-error' : 'field'}>
          <legend>Peran {u.username}</legend>
          <p class="help">
            Centang peran yang dikerjakan orang ini sekarang (misalnya setelah pindah tugas). Berlaku segera, juga di sesi yang sedang
            terbuka; tidak perlu membuat akun baru.
          </p>
          {stale.length ? (
            <p class="help">
              Peran {stale.join(', ')} tidak lagi dinyatakan oleh layanan mana pun: tidak ada kotaknya, dan dilepas saat peran disimpan.
            </p>
          ) : null}
          {refused ? <p class="error">{refused.error}</p> : null}
          <RoleChoices groups={props.groups} checked={refused ? refused.roles : u.roles} />
        </fieldset>
        <div class="actions">
          <button type="submit" class="primary">
            Simpan peran
          </button>
        </div>
      </form>
    </details>
  );
}

/** Name, NIP and jabatan fields: what a letter prints under the signature. */
function SignatureFields(props: { prefix: string; values: { name?: string; nip?: string; jabatan?: string }; errors: Record<string, string>; nameRequired?: boolean }) {
  const e = props.errors;
  const v = props.values;
  return (
    <>
      <div class={e.name ? 'field has-error' : 'field'}>
        <label for={`${props.prefix}-name`}>Nama lengkap</label>
        <p class="help">Dengan gelar, seperti pada tanda tangan surat; misalnya Drs. H. Budi Santoso, M.Si</p>
        {e.name ? <p class="error">{e.name}</p> : null}
        <input id={`${props.prefix}-name`} name="name" maxlength={100} value={v.name ?? ''} required={props.nameRequired ?? true} />
      </div>
      <div class={e.jabatan ? 'field has-error' : 'field'}>
        <label for={`${props.prefix}-jabatan`}>Jabatan (untuk surat yang ditandatangani)</label>
        <p class="help">Misalnya Kepala Dinas Sosial, Pemberdayaan Perempuan dan Perlindungan Anak Kabupaten Rokan Hulu. Boleh kosong.</p>
        {e.jabatan ? <p class="error">{e.jabatan}</p> : null}
        <input id={`${props.prefix}-jabatan`} name="jabatan" maxlength={200} value={v.jabatan ?? ''} />
      </div>
      <div class={e.nip ? 'field has-error' : 'field'}>
        <label for={`${props.prefix}-nip`}>NIP</label>
        <p class="help">18 angka; boleh kosong bila bukan pegawai negeri.</p>
        {e.nip ? <p class="error">{e.nip}</p> : null}
        <input id={`${props.prefix}-nip`} name="nip" inputmode="numeric" maxlength={24} value={v.nip ?? ''} />
      </div>
    </>
  );
}

/** The signature details form of one account, folded. */
function ProfileEdit(props: { user: UserRow; viewer: UsersPageProps['viewer']; refused?: UsersPageProps['profileEdit'] }) {
  const u = props.user;
  const refused = props.refused?.username === u.username ? props.refused : undefined;
  return (
    <details class="roles-edit" open={Boolean(refused)}>
      <summary>Ubah nama, jabatan, NIP</summary>
      <form method="post" action={`/pengguna/${u.username}/profil`} class="stack">
        <CsrfInput viewer={props.viewer} />
        <SignatureFields prefix={`p-${u.username}`} values={refused?.values ?? { name: u.name, nip: u.nip, jabatan: u.jabatan }} errors={refused?.errors ?? {}} />
        <div class="actions">
          <button type="submit" class="primary">
            Simpan data tanda tangan
          </button>
        </div>
      </form>
    </details>
  );
}

export function UsersPage(props: UsersPageProps) {
  const e = props.errors ?? {};
  const v = props.values ?? {};
  return (
    <Layout {...props} title="Pengguna" nav="pengguna">
      <h1>Pengguna</h1>
      {props.issued ? (
        <div class="flash flash-ok" role="status">
          <p>
            {props.issued.reason === 'reset' ? 'Kata sandi sementara' : 'Akun dibuat. Kata sandi awal'} untuk <code>{props.issued.username}</code>:{' '}
            <strong>
              <code class="issued">{props.issued.password}</code>
            </strong>
          </p>
          <p>
            Catat dan sampaikan langsung kepada orangnya (jangan lewat grup obrolan). Halaman ini tidak akan menampilkannya lagi;
            saat masuk, ia wajib memilih kata sandi sendiri.
          </p>
        </div>
      ) : null}
      <details class="step-form add-account" id="tambah" open={Boolean(props.errors) || props.users.length <= 1}>
        <summary>
          <h2>Tambah akun</h2>
        </summary>
        <form method="post" action="/pengguna" class="stack">
          <CsrfInput viewer={props.viewer} />
          <div class={e.username ? 'field has-error' : 'field'}>
            <label for="f-username">Nama pengguna</label>
            <p class="help">Huruf kecil, angka, titik, garis bawah atau tanda hubung; misalnya sari.fo</p>
            {e.username ? <p class="error">{e.username}</p> : null}
            <input id="f-username" name="username" autocapitalize="none" maxlength={32} value={v.username ?? ''} required />
          </div>
          <SignatureFields prefix="f" values={v} errors={e} />
          <fieldset class={e.roles ? 'field has-error' : 'field'}>
            <legend>Peran</legend>
            <p class="help">Beri hanya peran yang dikerjakan orang ini: peran menentukan kasus dan identitas anak yang dapat ia lihat.</p>
            {e.roles ? <p class="error">{e.roles}</p> : null}
            <RoleChoices groups={props.roleGroups} checked={v.roles ?? []} />
          </fieldset>
          <div class="actions">
            <button type="submit" class="primary">
              Buat akun dengan kata sandi acak
            </button>
          </div>
        </form>
      </details>
      <h2>Akun ({props.users.length})</h2>
      <table class="list">
        <thead>
          <tr>
            <th>Nama pengguna</th>
            <th>Nama / peran</th>
            <th>Status</th>
            <th>Tindakan</th>
          </tr>
        </thead>
        <tbody>
          {props.users.map((u) => (
            <tr>
              <td data-label="Nama pengguna">
                <code>{u.username}</code>
              </td>
              <td data-label="Nama / peran">
                {u.name}
                <br />
                <small>{u.roleLabels.join(', ')}</small>
                {u.jabatan || u.nip ? (
                  <>
                    <br />
                    <small class="signature-facts">
                      {u.jabatan ?? ''}
                      {u.jabatan && u.nip ? ' · ' : ''}
                      {u.nip ? `NIP ${u.nip}` : ''}
                    </small>
                  </>
                ) : null}
                <ProfileEdit user={u} viewer={props.viewer} refused={props.profileEdit} />
                {u.self ? null : <RolesEdit user={u} groups={props.roleGroups} viewer={props.viewer} refused={props.rolesEdit} />}
              </td>
              <td data-label="Status">
                {u.disabled ? <span class="badge badge-late">Nonaktif</span> : <span class="badge badge-ok">Aktif</span>}
                {u.mustChange ? ' harus mengganti kata sandi' : ''}
                <br />
                <small>
                  {u.sessions} sesi/token aktif
                  {u.passwordChangedAt ? `; kata sandi diganti ${formatDateTime(u.passwordChangedAt, props.timeZone)}` : ''}
                </small>
              </td>
              <td data-label="Tindakan">
                {u.self ? (
                  <a href="/akun">Akun saya</a>
                ) : (
                  <>
                    <form method="post" action={`/pengguna/${u.username}/${u.disabled ? 'aktifkan' : 'nonaktifkan'}`} class="inline">
                      <CsrfInput viewer={props.viewer} />
                      <button type="submit">{u.disabled ? 'Aktifkan' : 'Nonaktifkan'}</button>
                    </form>{' '}
                    <form method="post" action={`/pengguna/${u.username}/reset-sandi`} class="inline">
                      <CsrfInput viewer={props.viewer} />
                      <button type="submit">Reset kata sandi</button>
                    </form>
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>

    </Layout>
  );
}
