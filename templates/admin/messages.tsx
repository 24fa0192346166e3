/** The administrator's view of how messages leave the app: each channel, what waits, what failed and why; a test message. */
import { formatDateTime } from '../format.ts';
import { CsrfInput, Layout, type LayoutProps } from '../layout.tsx';

/** One channel as the page shows it (server/usecases/notify.ts channelStates). */
export interface ChannelState {
  id: string;
  label: string;
  configured: boolean;
  describe: string;
  pending: number;
  retrying: number;
  failed: number;
  sent: number;
  lastError?: string;
  lastErrorAt?: string;
  failing: boolean;
}

export interface MessagesProps extends Omit<LayoutProps, 'title' | 'children'> {
  channels: ChannelState[];
  accounts: Array<{ username: string; name: string; email?: string; phone?: string }>;
  timeZone: string;
}

/** The server settings of each channel, named where it fails. */
const SETTINGS: Record<string, string> = { inapp: 'tidak perlu diatur', email: 'ALUR_SMTP_URL, ALUR_MAIL_FROM', gateway: 'ALUR_GATEWAY_URL atau ALUR_GATEWAY_CONFIG' };

export function MessagesPage(props: MessagesProps) {
  const failing = props.channels.filter((c) => c.failing);
  return (
    <Layout {...props} title="Pengiriman pesan" nav="admin" bodyClass="admin-lebar">
      <h1>Pengiriman pesan</h1>
      <p class="lead">
        Pemberitahuan tugas, pengingat dan eskalasi. Pesan disimpan dulu, lalu dikirim; yang gagal dicoba lagi dengan jeda yang makin panjang (30 detik, 1
        menit, 2 menit … paling lama 1 jam).
      </p>
      {failing.length ? (
        <p class="flash flash-error" role="alert">
          {failing.map((c) => `${c.label}: gagal terus`).join('; ')}. Periksa galat terakhir di bawah dan pengaturan server (
          {failing.map((c) => SETTINGS[c.id]).join('; ')}; README, bagian “Risk first and notifications”), lalu kirim pesan uji.
        </p>
      ) : null}
      <table class="list">
        <thead>
          <tr>
            <th>Saluran</th>
            <th>Pengaturan</th>
            <th>Menunggu</th>
            <th>Dicoba lagi</th>
            <th>Gagal</th>
            <th>Terkirim</th>
            <th>Galat terakhir</th>
          </tr>
        </thead>
        <tbody>
          {props.channels.map((c) => (
            <tr class={c.failing ? 'late' : undefined}>
              <td data-label="Saluran">
                {c.label} {c.failing ? <span class="badge badge-late">Gagal terus</span> : c.configured ? <span class="badge badge-ok">Aktif</span> : <span class="badge badge-muted">Belum diatur</span>}
              </td>
              <td data-label="Pengaturan">{c.describe}</td>
              <td data-label="Menunggu">{c.id === 'inapp' ? '—' : c.pending}</td>
              <td data-label="Dicoba lagi">{c.id === 'inapp' ? '—' : c.retrying}</td>
              <td data-label="Gagal">{c.id === 'inapp' ? '—' : c.failed}</td>
              <td data-label="Terkirim">{c.id === 'inapp' ? '—' : c.sent}</td>
              <td data-label="Galat terakhir">
                {c.lastError ? (
                  <>
                    <code>{c.lastError}</code>
                    {c.lastErrorAt ? <small> ({formatDateTime(c.lastErrorAt, props.timeZone)})</small> : null}
                  </>
                ) : (
                  '—'
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Kirim pesan uji</h2>
      <form method="post" action="/admin/pesan/uji" class="filters">
        <CsrfInput viewer={props.viewer} />
        <label>
          Kepada
          <select name="username" required>
            {props.accounts.map((a) => (
              <option value={a.username}>
                {a.name} ({a.username}){a.email ? `, ${a.email}` : ''}
                {a.phone ? `, ${a.phone}` : ''}
              </option>
            ))}
          </select>
        </label>
        <label>
          Lewat
          <select name="channel">
            {props.channels.map((c) => (
              <option value={c.id} disabled={!c.configured}>
                {c.label}
                {c.configured ? '' : ' (belum diatur)'}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">Kirim pesan uji</button>
      </form>
    </Layout>
  );
}
