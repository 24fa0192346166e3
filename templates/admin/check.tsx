/**
 * The check panel of the SOP editor, swapped by htmx as the administrator types: errors at their lines, what the
 * draft changes against the version in force (in the office's words) and the raw text diff beside it.
 */
import type { Change, ChangeWarning, DiffLine } from '../../engine/changes.ts';

export interface LocatedError {
  line: number;
  column: number;
  path: string;
  message: string;
  hint?: string;
  /** The text of that line in the draft, to show beside the message. */
  text?: string;
}

export interface CheckView {
  ok: boolean;
  errors: LocatedError[];
  /** Against the active version; absent for a brand-new service or while the draft has errors. */
  changes?: Change[];
  /** What the draft leaves inconsistent (open cases at changed steps, stale texts, checklist). */
  warnings?: ChangeWarning[];
  diff?: Array<DiffLine | { kind: 'skip'; count: number }>;
  /** The version the draft is compared with. */
  activeVersion?: number;
  /** A message about the draft as a whole (e.g. the id was changed). */
  notice?: string;
  /** What was sent could not be taken at all (e.g. an upload over the size limit): shown instead of any verdict. */
  refusal?: string;
}

const KIND: Record<Change['kind'], string> = { added: 'Baru', removed: 'Dihapus', changed: 'Diubah', renamed: 'Ganti nama' };

/** "Langkah 3 · Diubah · text", grouped in the order the summary gives them. */
export function ChangeList(props: { changes: Change[] }) {
  if (!props.changes.length) return <p class="muted">Tidak ada perubahan prosedur dibanding versi yang berlaku.</p>;
  return (
    <ul class="perubahan">
      {props.changes.map((c) => (
        <li class={`ubah-${c.kind}`}>
          <span class={`badge badge-${c.kind}`}>{KIND[c.kind]}</span> <strong>{c.subject}</strong>
          <br />
          {c.text}
        </li>
      ))}
    </ul>
  );
}

/** The line diff as a table: line number, sign, text; unchanged stretches folded into one row. */
export function DiffTable(props: { diff: Array<DiffLine | { kind: 'skip'; count: number }> }) {
  if (!props.diff.some((d) => d.kind === 'added' || d.kind === 'removed')) return <p class="muted">Teks sama persis dengan versi yang berlaku.</p>;
  return (
    <div class="beda-bingkai" role="region" tabindex={0} aria-label="Perbedaan teks (dapat digeser)">
      <table class="beda">
        <tbody>
          {props.diff.map((d) =>
            d.kind === 'skip' ? (
              <tr class="beda-lewat">
                <td colspan={3}>… {d.count} baris tidak berubah …</td>
              </tr>
            ) : (
              <tr class={`beda-${d.kind}`}>
                <td class="no">{d.line}</td>
                <td class="tanda" aria-label={d.kind === 'added' ? 'ditambah' : d.kind === 'removed' ? 'dihapus' : 'sama'}>
                  {d.kind === 'added' ? '+' : d.kind === 'removed' ? '−' : ' '}
                </td>
                <td>
                  <code>{d.text}</code>
                </td>
              </tr>
            ),
          )}
        </tbody>
      </table>
    </div>
  );
}

/** A message with `quoted` names (as the definition checker writes them) shown as code. */
export function WithCode(props: { text: string }) {
  return <>{props.text.split('`').map((part, i) => (i % 2 ? <code>{part}</code> : part))}</>;
}

/** The list of errors, each linking to its line in the editor (admin.js moves the cursor there). */
export function ErrorList(props: { errors: LocatedError[]; linkLines?: boolean }) {
  return (
    <ol class="salah-daftar">
      {props.errors.map((e) => (
        <li>
          {e.line > 0 ? (
            props.linkLines === false ? (
              <strong>
                Baris {e.line}, kolom {e.column}
              </strong>
            ) : (
              <a href="#sumber" class="ke-baris" data-baris={e.line} data-kolom={e.column}>
                Baris {e.line}, kolom {e.column}
              </a>
            )
          ) : (
            <strong>Berkas</strong>
          )}
          {e.path ? (
            <>
              {' '}
              (<code>{e.path}</code>)
            </>
          ) : null}
          : <WithCode text={e.message} />
          {e.text !== undefined && e.text.trim() ? (
            <pre class="baris-kutip">
              <span class="no">{e.line}</span> {e.text}
            </pre>
          ) : null}
          {e.hint ? (
            <p class="saran">
              Saran: <WithCode text={e.hint} />
            </p>
          ) : null}
        </li>
      ))}
    </ol>
  );
}

/** Status and errors of the draft, next to the editor. */
export function CheckPanel(props: { check: CheckView; oob?: boolean }) {
  const k = props.check;
  const lines = k.errors.filter((e) => e.line > 0).map((e) => e.line);
  return (
    <section id="pemeriksaan" class="pemeriksaan" aria-live="polite" data-baris-salah={lines.join(' ')} hx-swap-oob={props.oob ? 'true' : undefined}>
      <h2>Pemeriksaan otomatis</h2>
      {k.refusal ? (
        <p class="hasil-salah">
          <span class="badge badge-late">Ditolak</span> {k.refusal}
        </p>
      ) : k.ok ? (
        <p class="hasil-sah">
          <span class="badge badge-ok">Sah</span> Teks lolos semua pemeriksaan. Baca ringkasan perubahan di bawah, coba dengan simulasi, lalu
          terbitkan.
        </p>
      ) : (
        <div class="hasil-salah">
          <p>
            <span class="badge badge-late">Belum sah</span> {k.errors.length} kesalahan. Perbaiki dulu; selama itu versi yang berlaku tetap
            dipakai.
          </p>
          <ErrorList errors={k.errors} />
        </div>
      )}
      {k.notice ? <p class="note">{k.notice}</p> : null}
      <p class="muted kecil">Diperiksa ulang otomatis setengah detik setelah Anda berhenti mengetik.</p>
    </section>
  );
}

/** Warnings before publishing, each with its one-click mend when there is one (a button of the editor's form). */
export function WarningList(props: { warnings: ChangeWarning[]; fixAction?: string }) {
  if (!props.warnings.length) return null;
  return (
    <div class="peringatan" role="region" aria-labelledby="judul-peringatan">
      <h3 id="judul-peringatan">Periksa sebelum menerbitkan ({props.warnings.length})</h3>
      <ul>
        {props.warnings.map((w) => (
          <li class={`peringatan-${w.kind}`}>
            <strong>{w.subject}</strong>: {w.text}
            {w.quote ? <q class="kutip">{w.quote}</q> : null}
            {w.fix && props.fixAction ? (
              <>
                {' '}
                <button type="submit" name="_aksi" value={w.fix.action} formaction={props.fixAction} formnovalidate hx-post={props.fixAction} hx-target="#struktur" hx-swap="outerMorph" class="kecil">
                  {w.fix.label}
                </button>
              </>
            ) : null}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** What the draft changes against the version in force: the office's words beside the raw text diff. */
export function ChangesPanel(props: { check: CheckView; oob?: boolean; fixAction?: string }) {
  const k = props.check;
  return (
    <section id="perubahan" class="perubahan-panel" hx-swap-oob={props.oob ? 'true' : undefined}>
      {k.warnings?.length ? <WarningList warnings={k.warnings} fixAction={props.fixAction} /> : null}
      {k.activeVersion !== undefined ? (
        <>
          <h2>Apa yang berubah dibanding versi {k.activeVersion} (yang berlaku)</h2>
          <div class="beda-dua">
            <div>
              <h3>Ringkasan perubahan</h3>
              {k.changes ? <ChangeList changes={k.changes} /> : <p class="muted">Ringkasan muncul setelah teks sah.</p>}
            </div>
            <div>
              <h3>Perbedaan teks baris per baris</h3>
              {k.diff ? <DiffTable diff={k.diff} /> : null}
            </div>
          </div>
        </>
      ) : (
        <p class="muted">Layanan ini belum punya versi yang berlaku; seluruh teks akan menjadi versi pertama.</p>
      )}
    </section>
  );
}
