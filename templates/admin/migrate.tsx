/**
 * Moving open cases to the version in force: the dry run (each open case on an older version, where it waits, the
 * step it would wait at, what the new version finds missing, or why it stays), the choice, and what was done.
 * Lists case numbers and steps only: no name or other identity of the people in a case.
 */
import type { MovePlan } from '../../engine/migrate-case.ts';
import { formatDateTime } from '../format.ts';
import { CsrfInput, Layout, type LayoutProps } from '../layout.tsx';

export interface MoveRowView {
  plan: MovePlan;
  createdAt: string;
  /** Titles of the roles of the step the case would wait at, when they differ from the old step's. */
  newRoles?: string;
}

export interface MovePageProps extends Omit<LayoutProps, 'title' | 'children'> {
  workflowId: string;
  workflowTitle: string;
  version: number;
  decree: string;
  rows: MoveRowView[];
  truncated: boolean;
  reason: string;
  /** Ids ticked (after a refused post); default every case that can move. */
  chosen?: Set<string>;
  fields?: Record<string, string>;
  error?: string;
  /** What the last move did. */
  done?: { moved: string[]; stayed: Array<{ id: string; reasons: string[] }> };
  timeZone: string;
}

const num = (n: string | number) => String(n);

export function MovePage(props: MovePageProps) {
  const base = `/admin/layanan/${props.workflowId}`;
  const movable = props.rows.filter((r) => r.plan.movable);
  const staying = props.rows.filter((r) => !r.plan.movable);
  const chosen = props.chosen ?? new Set(movable.map((r) => r.plan.caseId));
  const f = props.fields ?? {};
  return (
    <Layout {...props} title={`Pindahkan kasus berjalan: ${props.workflowTitle}`} nav="admin" bodyClass="admin-lebar">
      <p class="crumbs">
        <a href="/admin">Kelola SOP</a> › <a href={`${base}/riwayat`}>{props.workflowTitle}</a> › Pindahkan kasus berjalan
      </p>
      <h1>Pindahkan kasus berjalan ke versi {props.version}</h1>
      <p class="lead">
        Kasus yang sedang berjalan biasanya selesai dengan versi tempat ia dimulai. Bila SK versi {props.version} ({props.decree}) memerintahkan
        kasus berjalan ikut aturan baru, pindahkan di sini. Daftar ini uji coba: belum ada yang berubah sampai Anda menekan tombol pindahkan.
      </p>
      {props.done ? (
        <section class={`flash ${props.done.stayed.length ? 'flash-error' : 'flash-ok'}`} role="status" id="hasil-pindah">
          <p>
            <strong>{props.done.moved.length} kasus dipindahkan ke versi {props.version}</strong>
            {props.done.moved.length ? `: ${props.done.moved.join(', ')}.` : '.'} Setiap pemindahan tercatat di riwayat kasus dan log audit.
          </p>
          {props.done.stayed.length ? (
            <>
              <p>{props.done.stayed.length} kasus tetap pada versinya:</p>
              <ul>
                {props.done.stayed.map((s) => (
                  <li>
                    {s.id}: {s.reasons.join(' ')}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </section>
      ) : null}
      {props.error ? (
        <p class="flash flash-error" role="alert">
          {props.error}
        </p>
      ) : null}
      {props.truncated ? <p class="note">Ada lebih banyak kasus berjalan pada versi lama daripada yang dapat ditampilkan sekaligus; pindahkan yang ini dulu, lalu buka halaman ini lagi.</p> : null}

      {props.rows.length === 0 ? (
        <p class="card" id="tidak-ada-kasus">
          Tidak ada kasus berjalan pada versi lama layanan ini. Semua kasus yang berjalan sudah memakai versi {props.version}.
        </p>
      ) : (
        <form method="post" action={`${base}/pindah`} id="form-pindah">
          <CsrfInput viewer={props.viewer} />
          <section class="card">
            <h2>Dapat dipindahkan ({movable.length})</h2>
            {f.kasus ? <p class="error">{f.kasus}</p> : null}
            {movable.length ? (
              <table class="list pindah-kasus">
                <thead>
                  <tr>
                    <th>Pindahkan</th>
                    <th>Kasus</th>
                    <th>Sekarang</th>
                    <th>Sesudah dipindah</th>
                    <th>Belum diisi menurut versi {props.version}</th>
                  </tr>
                </thead>
                <tbody>
                  {movable.map((r) => (
                    <tr>
                      <td data-label="Pindahkan">
                        <label class="choice">
                          <input type="checkbox" name="kasus" value={r.plan.caseId} checked={chosen.has(r.plan.caseId)} aria-label={`Pindahkan kasus ${r.plan.caseId}`} />
                        </label>
                      </td>
                      <td data-label="Kasus">
                        <a href={`/kasus/${r.plan.caseId}`}>{r.plan.caseId}</a>
                        <br />
                        <small class="muted">
                          versi {r.plan.fromVersion}, dicatat {formatDateTime(r.createdAt, props.timeZone)}
                        </small>
                      </td>
                      <td data-label="Sekarang">
                        {r.plan.tasks.map((t) => (
                          <div>
                            Langkah {num(t.from.number)}: {t.from.title}
                          </div>
                        ))}
                      </td>
                      <td data-label="Sesudah dipindah">
                        {r.plan.tasks.map((t) => (
                          <div>
                            Langkah {num(t.to.number)}: {t.to.title}
                            {t.roleChanged && r.newRoles ? <small class="muted"> (kini dikerjakan {r.newRoles})</small> : null}
                          </div>
                        ))}
                      </td>
                      <td data-label={`Belum diisi menurut versi ${props.version}`}>{r.plan.missing.length ? r.plan.missing.map((m) => `${m.label} (langkah ${num(m.number)})`).join(', ') : <span class="muted">tidak ada</span>}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : (
              <p>Tidak ada kasus yang dapat dipindahkan.</p>
            )}
            {movable.length ? (
              <>
                <div class={`field${f.alasan ? ' has-error' : ''}`}>
                  <label for="alasan">Dasar pemindahan (dicatat di riwayat setiap kasus)</label>
                  <input type="text" id="alasan" name="alasan" value={props.reason} maxlength={300} placeholder={`mis. Pasal peralihan SK ${props.decree}`} aria-describedby={f.alasan ? 'alasan-salah' : undefined} />
                  {f.alasan ? (
                    <p class="error" id="alasan-salah">
                      {f.alasan}
                    </p>
                  ) : null}
                </div>
                <p class="actions">
                  <button type="submit" class="primary" id="tombol-pindah">
                    Pindahkan kasus yang dicentang ke versi {props.version}
                  </button>
                </p>
              </>
            ) : null}
          </section>
          {staying.length ? (
            <section class="card" id="tetap">
              <h2>Tetap pada versinya ({staying.length})</h2>
              <ul>
                {staying.map((r) => (
                  <li>
                    <a href={`/kasus/${r.plan.caseId}`}>{r.plan.caseId}</a> (versi {r.plan.fromVersion}): {r.plan.reasons.join(' ')}
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
        </form>
      )}
    </Layout>
  );
}
