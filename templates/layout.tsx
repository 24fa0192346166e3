/** The page shell every staff and public page shares: header, navigation, demo banner, main area. */
import { html } from 'hono/html';
import type { Child } from 'hono/jsx';

export interface Viewer {
  username: string;
  roles: string[];
  name?: string;
  /** Role id → label, for the roles this viewer holds. */
  roleLabels: string[];
  /** Anti-forgery token every state-changing form carries (see CsrfInput). */
  csrf?: string;
  /** Whether the viewer may record a new report in some service (shows "Laporan baru"). */
  canStart?: boolean;
  /** Whether the viewer may read some service's report (shows "Laporan layanan"). */
  canReport?: boolean;
  /** Whether the viewer may read the audit log (shows "Log audit"). */
  canAudit?: boolean;
  /** Unread in-app notifications (the counter beside "Pemberitahuan"). */
  unread?: number;
  /** Whether the viewer may record acting officials (the administrator, a role's head): "Pelimpahan" in the menu. */
  canDelegate?: boolean;
}

/** The hidden anti-forgery field of a POST form; renders nothing when the app runs without one. */
export function CsrfInput(props: { viewer?: Viewer }) {
  return props.viewer?.csrf ? <input type="hidden" name="_csrf" value={props.viewer.csrf} /> : null;
}

/** The static files a page may name. */
export type AssetName = 'app.css' | 'app.js' | 'htmx.min.js' | 'admin.js';
/** Their URLs as the server publishes them (fingerprinted, so a browser keeps them); plain `/static/NAME` when absent. */
export type AssetUrls = Partial<Record<AssetName, string>>;

export function assetUrl(assets: AssetUrls | undefined, name: AssetName): string {
  return assets?.[name] ?? `/static/${name}`;
}

export interface LayoutProps {
  title: string;
  assets?: AssetUrls;
  /** The page has htmx attributes (step forms, the SOP editor): only then is htmx loaded. */
  htmx?: boolean;
  viewer?: Viewer;
  demo?: boolean;
  /** What the last integrity check found broken (administrators only; see server/usecases/integrity.ts). */
  integrityAlert?: string;
  /** Which navigation entry is current. */
  nav?: 'tugas' | 'kasus' | 'lapor' | 'layanan' | 'admin' | 'pengguna' | 'audit' | 'akun' | 'laporan' | 'notifikasi' | 'delegasi';
  /** A short message after an action (success in green, else neutral). */
  flash?: { kind: 'ok' | 'info' | 'error'; text: string };
  /** Extra class on <body>, e.g. "print" for the printable document. */
  bodyClass?: string;
  children?: Child;
}

/** Whether the viewer holds a role of some service (an administrator alone has neither tasks nor cases). */
const worksCases = (v: Viewer) => v.roles.some((r) => r !== 'admin');

/** A menu label a phone shows short ("Tugas saya" reads "Tugas"), so the whole menu fits one row. */
function Label(props: { wide: string; short: string }) {
  return (
    <>
      <span class="nav-wide">{props.wide}</span>
      <span class="nav-short">{props.short}</span>
    </>
  );
}

function NavLink(props: { href: string; current: boolean; children: Child; class?: string }) {
  return (
    <a href={props.href} class={props.class} aria-current={props.current ? 'page' : undefined}>
      {props.children}
    </a>
  );
}

export function Layout(props: LayoutProps) {
  const v = props.viewer;
  return (
    <html lang="id">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        {props.htmx ? <meta name="htmx-config" content='{"includeIndicatorCSS":false}' /> : null}
        <title>{props.title} · alur</title>
        {/* No icon file: without this line every first visit asks for /favicon.ico and gets a 404. */}
        <link rel="icon" href="data:," />
        <link rel="stylesheet" href={assetUrl(props.assets, 'app.css')} />
        <script src={assetUrl(props.assets, 'app.js')}></script>
        {props.htmx ? <script src={assetUrl(props.assets, 'htmx.min.js')} defer></script> : null}
      </head>
      <body class={props.bodyClass}>
        <a class="skip-link" href="#main">
          Langsung ke isi halaman
        </a>
        {props.demo ? (
          <div class="demo-banner" role="note">
            MODE DEMO: data contoh fiktif, kata sandi diketahui umum. Jangan masukkan data anak yang sebenarnya.
          </div>
        ) : null}
        {props.integrityAlert ? (
          <div class="integrity-banner" role="alert">
            <strong>Pemeriksaan integritas menemukan masalah:</strong> {props.integrityAlert}.{' '}
            <a href="/admin#integritas">Rincian dan langkah</a>
          </div>
        ) : null}
        <header class="site">
          <a class="brand" href={v ? (worksCases(v) ? '/tugas' : '/admin') : '/layanan'}>
            alur
          </a>
          <nav aria-label="Menu utama">
            {v ? (
              <>
                {worksCases(v) ? (
                  <>
                    <NavLink href="/tugas" current={props.nav === 'tugas'}>
                      <Label wide="Tugas saya" short="Tugas" />
                    </NavLink>
                    <NavLink href="/kasus" current={props.nav === 'kasus'}>
                      <Label wide="Daftar kasus" short="Kasus" />
                    </NavLink>
                    <NavLink href="/notifikasi" current={props.nav === 'notifikasi'}>
                      <Label wide="Pemberitahuan" short="Pesan" />
                      {v.unread ? (
                        <span class="counter" aria-label={`${v.unread} belum dibaca`}>
                          {v.unread > 99 ? '99+' : v.unread}
                        </span>
                      ) : null}
                    </NavLink>
                  </>
                ) : null}
                {v.canStart ? (
                  <NavLink href="/lapor" current={props.nav === 'lapor'}>
                    <Label wide="Laporan baru" short="Lapor" />
                  </NavLink>
                ) : null}
                {v.canReport ? (
                  <NavLink href="/laporan" current={props.nav === 'laporan'}>
                    <Label wide="Laporan layanan" short="Laporan" />
                  </NavLink>
                ) : null}
                {v.roles.includes('admin') ? (
                  <NavLink href="/admin" current={props.nav === 'admin'}>
                    Kelola SOP
                  </NavLink>
                ) : null}
                {v.roles.includes('admin') ? (
                  <NavLink href="/pengguna" current={props.nav === 'pengguna'}>
                    Pengguna
                  </NavLink>
                ) : null}
                {v.canAudit ? (
                  <NavLink href="/audit" current={props.nav === 'audit'}>
                    Log audit
                  </NavLink>
                ) : null}
                {v.canDelegate ? (
                  // Not on a phone's one-row menu (six entries fill it): there it is on Akun saya.
                  <NavLink href="/delegasi" current={props.nav === 'delegasi'} class="nav-desk">
                    Pelimpahan
                  </NavLink>
                ) : null}
              </>
            ) : null}
            <NavLink href="/layanan" current={props.nav === 'layanan'}>
              <Label wide="Standar layanan" short="Standar" />
            </NavLink>
          </nav>
          {v ? (
            <form class="who" method="post" action="/logout">
              <CsrfInput viewer={v} />
              <span title={v.roleLabels.join(', ')}>
                <a href="/akun">{v.name ?? v.username}</a>
                <small>{v.roleLabels.join(', ')}</small>
              </span>
              <button type="submit" class="link">Keluar</button>
            </form>
          ) : (
            <a class="who" href="/login">Masuk petugas</a>
          )}
        </header>
        <main id="main">
          {props.flash ? (
            <p class={`flash flash-${props.flash.kind}`} role="status">
              {props.flash.text}
            </p>
          ) : null}
          {props.children}
        </main>
      </body>
    </html>
  );
}

/** A full HTML document: doctype + the rendered page (hono/jsx does not write the doctype). */
export function documentOf(page: unknown) {
  return html`<!doctype html>${page}`;
}
