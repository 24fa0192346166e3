/** The case list with its filters (case number, service, status, overdue, step); works as a plain GET form. */
import type { StepNumber } from '../engine/types.ts';
import { formatDateTime } from './format.ts';
import { CsrfInput, Layout, type LayoutProps } from './layout.tsx';
import { Due, Kind, PriorityBadge, StatusBadge, Subject, type DueView } from './parts.tsx';

export interface CaseRow extends DueView {
  id: string;
  workflowTitle: string;
  status: 'open' | 'closed';
  /** "Langkah 3: Menerima berkas…" or the outcome label. */
  where: string;
  outcomeLabel?: string;
  createdAt: string;
  subject: Array<{ label: string; initials: string }>;
  priorityLabel?: string;
  priorityTop?: boolean;
  kind?: string;
}

export interface CaseFilterView {
  workflow?: string;
  status?: 'open' | 'closed';
  overdue?: boolean;
  step?: string;
  /** A case number or part of one. */
  number?: string;
  /** newest: newest first; otherwise most urgent first (the default). */
  order?: 'newest' | 'urgent';
  /** A child's name looked up (sent by POST, never in a link). */
  name?: string;
}

export interface CasesPageProps extends Omit<LayoutProps, 'title' | 'children'> {
  rows: CaseRow[];
  /** Cases matching, counted up to a cap (`totalCapped`: more than that). */
  total: number;
  totalCapped?: boolean;
  /** Cursor of the next page, and whether this is a later page than the first. */
  next?: string;
  later?: boolean;
  filter: CaseFilterView;
  services: Array<{ id: string; title: string; steps: Array<{ id: string; number: StepNumber; title: string }> }>;
  timeZone: string;
  /** Whether the viewer may look cases up by a child's name (roles that see identities). */
  nameSearch?: boolean;
}

function pageHref(filter: CaseFilterView, after?: string): string {
  const q = new URLSearchParams();
  if (filter.workflow) q.set('layanan', filter.workflow);
  if (filter.status) q.set('status', filter.status);
  if (filter.overdue) q.set('terlambat', '1');
  if (filter.step) q.set('langkah', filter.step);
  if (filter.number) q.set('nomor', filter.number);
  if (filter.order === 'newest') q.set('urutan', 'terbaru');
  if (after) q.set('setelah', after);
  const s = q.toString();
  return s ? `/kasus?${s}` : '/kasus';
}

export function CasesPage(props: CasesPageProps) {
  const f = props.filter;
  return (
    <Layout {...props} title="Daftar kasus" nav="kasus" bodyClass="lebar">
      <h1>Daftar kasus</h1>
      <form method="get" action="/kasus" class="filters" role="search">
        <label>
          Nomor kasus
          <input type="search" name="nomor" value={f.number ?? ''} placeholder="mis. 7F3K2" autocomplete="off" maxlength={40} inputmode="text" />
        </label>
        <label>
          Layanan
          <select name="layanan">
            <option value="">Semua layanan</option>
            {props.services.map((s) => (
              <option value={s.id} selected={f.workflow === s.id}>
                {s.title}
              </option>
            ))}
          </select>
        </label>
        <label>
          Status
          <select name="status">
            <option value="">Semua</option>
            <option value="open" selected={f.status === 'open'}>
              Berjalan
            </option>
            <option value="closed" selected={f.status === 'closed'}>
              Selesai
            </option>
          </select>
        </label>
        <label class="filter-step">
          Menunggu di langkah
          <select name="langkah">
            <option value="">Semua langkah</option>
            {props.services.map((s) => (
              <optgroup label={s.title}>
                {s.steps.map((st) => (
                  <option value={st.id} selected={f.step === st.id}>
                    {st.number}. {st.title}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </label>
        <label>
          Urutan
          <select name="urutan">
            <option value="" selected={f.order !== 'newest'}>
              Paling mendesak dulu
            </option>
            <option value="terbaru" selected={f.order === 'newest'}>
              Terbaru dulu
            </option>
          </select>
        </label>
        <label class="check">
          <input type="checkbox" name="terlambat" value="1" checked={f.overdue} /> Hanya yang terlambat
        </label>
        <button type="submit">Tampilkan</button>
      </form>
      {props.nameSearch ? (
        <form method="post" action="/kasus/cari" class="filters" role="search">
          <CsrfInput viewer={props.viewer} />
          {f.workflow ? <input type="hidden" name="layanan" value={f.workflow} /> : null}
          {f.status ? <input type="hidden" name="status" value={f.status} /> : null}
          {f.step ? <input type="hidden" name="langkah" value={f.step} /> : null}
          {f.overdue ? <input type="hidden" name="terlambat" value="1" /> : null}
          {f.order === 'newest' ? <input type="hidden" name="urutan" value="terbaru" /> : null}
          <label>
            Nama anak
            <input type="search" name="nama" value={f.name ?? ''} placeholder="mis. Rina" autocomplete="off" maxlength={80} />
          </label>
          <button type="submit">Cari nama</button>
          <p class="hint">Cocok bila setiap kata yang diketik ada pada nama (huruf besar-kecil tidak berpengaruh). Nama tidak tersimpan di alamat halaman.</p>
        </form>
      ) : null}
      <p class="meta">
        {props.totalCapped ? `Lebih dari ${props.total.toLocaleString('id-ID')}` : props.total.toLocaleString('id-ID')} kasus
        {props.later ? ', halaman lanjutan' : ''}
        {f.name ? ` dengan nama memuat “${f.name}”` : ''}.
        {f.name && props.total > props.rows.length ? ' Hanya 50 pertama yang ditampilkan: tambahkan kata dari nama lengkap.' : ''}
      </p>
      {props.rows.length ? (
        <table class="list">
          <thead>
            <tr>
              <th>Nomor</th>
              <th>Layanan / identitas</th>
              <th>Posisi</th>
              <th>Tenggat</th>
              <th>Dicatat</th>
            </tr>
          </thead>
          <tbody>
            {props.rows.map((r) => (
              <tr class={r.overdue ? 'late' : undefined}>
                <td data-label="Nomor">
                  <a href={`/kasus/${r.id}`}>{r.id}</a>
                  {r.priorityLabel ? (
                    <>
                      {' '}
                      <PriorityBadge label={r.priorityLabel} top={r.priorityTop} />
                    </>
                  ) : null}
                </td>
                <td data-label="Layanan">
                  {r.workflowTitle}
                  {r.kind ? (
                    <>
                      <br />
                      <Kind kind={r.kind} />
                    </>
                  ) : null}
                  <br />
                  <Subject subject={r.subject} />
                </td>
                <td data-label="Posisi">
                  <StatusBadge status={r.status} outcomeLabel={r.outcomeLabel} /> {r.where}
                </td>
                <td data-label="Tenggat">{r.status === 'open' ? <Due {...r} timeZone={props.timeZone} /> : '—'}</td>
                <td data-label="Dicatat">{formatDateTime(r.createdAt, props.timeZone)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>Tidak ada kasus yang cocok dengan pilihan ini.</p>
      )}
      {props.later || props.next ? (
        <nav class="pager" aria-label="Halaman">
          {props.later ? <a href={pageHref(f)}>« Halaman pertama</a> : null}
          {props.next ? <a href={pageHref(f, props.next)}>Berikutnya ›</a> : null}
        </nav>
      ) : null}
    </Layout>
  );
}
