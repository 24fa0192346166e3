/** "Pemberitahuan": a person's in-app notifications, newest first, unread in bold; plain links and forms (no script needed). */
import { formatDateTime } from './format.ts';
import { CsrfInput, Layout, type LayoutProps } from './layout.tsx';

export interface NotificationRow {
  id: string;
  at: string;
  text: string;
  read: boolean;
}

export interface NotificationsProps extends Omit<LayoutProps, 'title' | 'children'> {
  items: NotificationRow[];
  unread: number;
  /** The link to older notifications, when there are more. */
  olderHref?: string;
  later?: boolean;
  timeZone: string;
}

/**
 * A notice's words as a phone reads them: what happened and the case number first, on a line of their own
 * ("Tugas baru: RKA-…"), then the service, the step and the due time (server/notify/message.ts writes them so).
 */
function NoticeText(props: { text: string }) {
  const cut = props.text.indexOf(' (');
  if (cut < 0) return <span class="notice-text">{props.text}</span>;
  const rest = props.text.slice(cut + 2).replace(/\)/, '');
  return (
    <span class="notice-text">
      <strong class="notice-head">{props.text.slice(0, cut)}</strong>
      <span class="notice-rest">{rest}</span>
    </span>
  );
}

export function NotificationsPage(props: NotificationsProps) {
  return (
    <Layout {...props} title="Pemberitahuan" nav="notifikasi">
      <div class="page-head">
        <h1>Pemberitahuan</h1>
        {props.unread ? (
          <form method="post" action="/notifikasi/baca">
            <CsrfInput viewer={props.viewer} />
            <button type="submit">Tandai semua sudah dibaca</button>
          </form>
        ) : null}
      </div>
      <p class="lead">
        {props.unread ? `${props.unread} belum dibaca.` : 'Semua sudah dibaca.'} Pesan hanya menyebut nomor kasus, layanan dan langkah; buka kasusnya untuk
        rinciannya.
      </p>
      {props.items.length === 0 ? <p>Belum ada pemberitahuan.</p> : null}
      <ol class="notices">
        {props.items.map((n) => (
          <li class={n.read ? 'notice' : 'notice unread'}>
            <a class="notice-link" href={`/notifikasi/${n.id}`}>
              {n.read ? null : <span class="badge badge-open">Baru</span>}
              <NoticeText text={n.text} />
              <time datetime={n.at}>{formatDateTime(n.at, props.timeZone)}</time>
            </a>
            {n.read ? null : (
              <form method="post" action="/notifikasi/baca" class="notice-read">
                <CsrfInput viewer={props.viewer} />
                <input type="hidden" name="id" value={n.id} />
                <button type="submit" class="secondary">
                  Tandai sudah dibaca
                </button>
              </form>
            )}
          </li>
        ))}
      </ol>
      {props.later || props.olderHref ? (
        <nav class="pager" aria-label="Halaman">
          {props.later ? <a href="/notifikasi">« Terbaru</a> : null}
          {props.olderHref ? <a href={props.olderHref}>Lebih lama ›</a> : null}
        </nav>
      ) : null}
    </Layout>
  );
}
