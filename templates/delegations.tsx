/**
 * Acting officials (Plt. / Plh.): who does whose work, for which roles and from when until when; a form to record
 * one (for the administrator or the head of the roles), and revoking one still to come or in force.
 */
import type { Delegation } from '../engine/types.ts';
import { formatDate, formatDateTime } from './format.ts';
import { CsrfInput, Layout, type LayoutProps } from './layout.tsx';

export interface DelegationRow {
  d: Delegation;
  official: string;
  acting: string;
  roles: string;
  state: 'berlaku' | 'akan' | 'selesai' | 'dicabut';
  mayRevoke: boolean;
  createdBy: string;
  revokedBy?: string;
}

export interface DelegationsProps extends Omit<LayoutProps, 'title' | 'children'> {
  rows: DelegationRow[];
  accounts: Array<{ username: string; name: string; roles: string }>;
  roles: Array<{ id: string; title: string }>;
  values: { official: string; acting: string; kind: string; roles: string[]; from: string; until: string; basis: string };
  fields?: Record<string, string>;
  flash?: { kind: 'ok' | 'error'; text: string };
  timeZone: string;
}

const STATE: Record<DelegationRow['state'], string> = { berlaku: 'Berlaku', akan: 'Akan berlaku', selesai: 'Selesai', dicabut: 'Dicabut' };

function Problem(props: { id: string; message?: string }) {
  return props.message ? (
    <p class="error" id={props.id}>
      {props.message}
    </p>
  ) : null;
}

export function DelegationsPage(props: DelegationsProps) {
  const f = props.fields ?? {};
  const v = props.values;
  const accountOptions = (selected: string) => [
    <option value="" selected={!selected}>
      (pilih akun)
    </option>,
    ...props.accounts.map((a) => (
      <option value={a.username} selected={a.username === selected}>
        {a.name} ({a.roles})
      </option>
    )),
  ];
  return (
    <Layout {...props} flash={undefined} title="Pelaksana tugas (Plt. / Plh.)" nav="delegasi">
      <h1>Pelaksana tugas (Plt. / Plh.)</h1>
      <p class="lead">
        Selama masa pelimpahan, pelaksana mengerjakan langkah pejabat yang diwakilinya, termasuk tugas yang ditugaskan kepada pejabat itu. Setiap
        langkah tercatat di riwayat kasus sebagai dikerjakan pelaksana atas nama pejabat. Plt. untuk jabatan kosong atau ketidakhadiran lama,
        Plh. untuk ketidakhadiran singkat.
      </p>
      {props.flash ? (
        <p class={`flash flash-${props.flash.kind}`} role={props.flash.kind === 'error' ? 'alert' : 'status'}>
          {props.flash.text}
        </p>
      ) : null}
      <section class="card" id="daftar-pelimpahan">
        <h2>Pelimpahan tercatat</h2>
        {props.rows.length ? (
          <table class="list pelimpahan">
            <thead>
              <tr>
                <th>Pejabat yang diwakili</th>
                <th>Pelaksana</th>
                <th>Peran</th>
                <th>Masa</th>
                <th>Keadaan</th>
                <th>Tindakan</th>
              </tr>
            </thead>
            <tbody>
              {props.rows.map((r) => (
                <tr id={`pelimpahan-${r.d.id}`}>
                  <td data-label="Pejabat yang diwakili">{r.official}</td>
                  <td data-label="Pelaksana">
                    {r.d.kind === 'plt' ? 'Plt.' : 'Plh.'} {r.acting}
                  </td>
                  <td data-label="Peran">{r.roles}</td>
                  <td data-label="Masa">
                    {formatDateTime(r.d.from, props.timeZone)} sampai {formatDateTime(r.d.until, props.timeZone)}
                    {r.d.basis ? (
                      <>
                        <br />
                        <small class="muted">Dasar: {r.d.basis}</small>
                      </>
                    ) : null}
                    <br />
                    <small class="muted">
                      dicatat {r.createdBy}, {formatDate(r.d.createdAt, props.timeZone)}
                      {r.d.revokedAt ? `; dicabut ${r.revokedBy ?? ''}, ${formatDateTime(r.d.revokedAt, props.timeZone)}` : ''}
                    </small>
                  </td>
                  <td data-label="Keadaan">
                    <span class={`badge${r.state === 'berlaku' ? ' badge-ok' : ''}`}>{STATE[r.state]}</span>
                  </td>
                  <td data-label="Tindakan">
                    {r.mayRevoke && (r.state === 'berlaku' || r.state === 'akan') ? (
                      <form method="post" action={`/delegasi/${r.d.id}/cabut`}>
                        <CsrfInput viewer={props.viewer} />
                        <button type="submit" aria-label={`Cabut pelimpahan ${r.official} kepada ${r.acting}`}>
                          Cabut
                        </button>
                      </form>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p>Belum ada pelimpahan.</p>
        )}
      </section>
      {props.roles.length ? (
        <form method="post" action="/delegasi" class="card" id="form-pelimpahan">
          <CsrfInput viewer={props.viewer} />
          <h2>Catat pelimpahan baru</h2>
          <div class="isian-grid">
            <div class={`field${f.official ? ' has-error' : ''}`}>
              <label for="pejabat">Pejabat yang diwakili</label>
              <select id="pejabat" name="pejabat">
                {accountOptions(v.official)}
              </select>
              <Problem id="pejabat-salah" message={f.official} />
            </div>
            <div class={`field${f.acting ? ' has-error' : ''}`}>
              <label for="pelaksana">Pelaksana</label>
              <select id="pelaksana" name="pelaksana">
                {accountOptions(v.acting)}
              </select>
              <Problem id="pelaksana-salah" message={f.acting} />
            </div>
          </div>
          <fieldset class={`field${f.kind ? ' has-error' : ''}`}>
            <legend>Jenis</legend>
            <label class="choice">
              <input type="radio" name="jenis" value="plh" checked={v.kind !== 'plt'} /> <span>Plh. (pelaksana harian: ketidakhadiran singkat)</span>
            </label>
            <label class="choice">
              <input type="radio" name="jenis" value="plt" checked={v.kind === 'plt'} /> <span>Plt. (pelaksana tugas: jabatan kosong atau ketidakhadiran lama)</span>
            </label>
            <Problem id="jenis-salah" message={f.kind} />
          </fieldset>
          <fieldset class={`field${f.roles ? ' has-error' : ''}`}>
            <legend>Peran yang dilimpahkan</legend>
            <p class="help">Hanya peran yang dipegang pejabat itu.</p>
            {props.roles.map((r) => (
              <label class="choice">
                <input type="checkbox" name="peran" value={r.id} checked={v.roles.includes(r.id)} /> <span>{r.title}</span>
              </label>
            ))}
            <Problem id="peran-salah" message={f.roles} />
          </fieldset>
          <div class="isian-grid">
            <div class={`field${f.from ? ' has-error' : ''}`}>
              <label for="mulai">Mulai tanggal</label>
              <input type="date" id="mulai" name="mulai" value={v.from} />
              <Problem id="mulai-salah" message={f.from} />
            </div>
            <div class={`field${f.until ? ' has-error' : ''}`}>
              <label for="sampai">Sampai dengan tanggal</label>
              <input type="date" id="sampai" name="sampai" value={v.until} />
              <p class="help">Termasuk tanggal ini; berakhir pukul 24.00.</p>
              <Problem id="sampai-salah" message={f.until} />
            </div>
          </div>
          <div class={`field${f.basis ? ' has-error' : ''}`}>
            <label for="dasar">Dasar penunjukan (tidak wajib)</label>
            <input type="text" id="dasar" name="dasar" value={v.basis} maxlength={200} placeholder="mis. Surat Perintah Kepala Dinas No. 800/12/2026" />
            <Problem id="dasar-salah" message={f.basis} />
          </div>
          <p class="actions">
            <button type="submit" class="primary" id="tombol-pelimpahan">
              Catat pelimpahan
            </button>
          </p>
        </form>
      ) : null}
    </Layout>
  );
}
