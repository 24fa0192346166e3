/** The staff sign-in page: user name and password, with a plain message when they do not match. */
import { Layout, type LayoutProps } from './layout.tsx';

export interface LoginPageProps extends Omit<LayoutProps, 'title' | 'children'> {
  username?: string;
  error?: string;
  /** Where to go after signing in (a local path). */
  next?: string;
  /** Anti-forgery token of this browser (the sign-in form is a post like any other). */
  csrf?: string;
  /** Demo mode only: the seeded accounts and their shared password, shown so a visitor can try each role. */
  demoAccounts?: { password: string; users: Array<{ username: string; label: string }> };
}

export function LoginPage(props: LoginPageProps) {
  return (
    <Layout {...props} title="Masuk">
      <section class="narrow">
        <h1>Masuk petugas</h1>
        <p class="lead">Masuk dengan akun yang diberikan administrator kantor.</p>
        {props.error ? (
          <p class="error-summary" role="alert">
            {props.error}
          </p>
        ) : props.next ? (
          <p class="note">Masuk dulu untuk membuka halaman tadi. Bila Anda sedang bekerja, sesi Anda berakhir karena terlalu lama tidak aktif.</p>
        ) : null}
        <form method="post" action="/login" class="stack">
          {props.csrf ? <input type="hidden" name="_csrf" value={props.csrf} /> : null}
          {props.next ? <input type="hidden" name="next" value={props.next} /> : null}
          <div class="field">
            <label for="username">Nama pengguna</label>
            <input id="username" name="username" autocomplete="username" autocapitalize="none" value={props.username ?? ''} required />
          </div>
          <div class="field">
            <label for="password">Kata sandi</label>
            <input id="password" name="password" type="password" autocomplete="current-password" required />
          </div>
          <button type="submit" class="primary">Masuk</button>
        </form>
        {props.demoAccounts ? <DemoAccounts {...props.demoAccounts} /> : null}
      </section>
    </Layout>
  );
}

/** In demo mode only: the published demo accounts, so a visitor can try each role. */
function DemoAccounts(props: { password: string; users: Array<{ username: string; label: string }> }) {
  return (
    <section class="demo-accounts">
      <h2>Akun demo</h2>
      <p>
        Kata sandi semua akun demo: <code>{props.password}</code>
      </p>
      <table>
        <thead>
          <tr>
            <th>Nama pengguna</th>
            <th>Peran</th>
          </tr>
        </thead>
        <tbody>
          {props.users.map((u) => (
            <tr>
              <td>
                <code>{u.username}</code>
              </td>
              <td>{u.label}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
