/** The data of a case grouped by the step that recorded it, with labels; masked values stay masked. */
import type { StepNumber } from '../engine/types.ts';
import { formatDateTime } from './format.ts';

export interface DataItem {
  label: string;
  /** The value as the form showed it (option labels, dates in Indonesian), or "disembunyikan". */
  text: string;
  masked: boolean;
  long?: boolean;
  /** A file field: a download per file the viewer may see. */
  files?: Array<{ name: string; size: string; href: string }>;
  /** A repeating group: each row's values by column, masked per column. */
  rows?: Array<Array<{ label: string; text: string; masked: boolean }>>;
}

export interface DataGroup {
  stepNumber: StepNumber;
  stepTitle: string;
  actor: string;
  roleTitle: string;
  at: string;
  items: DataItem[];
}

/** The `<dd>` of one value: its text, or a file field's downloads (and what of it is not available). */
export function ItemValue(props: { item: DataItem }) {
  const i = props.item;
  if (!i.files) return <dd class={i.masked ? 'masked' : undefined}>{i.text}</dd>;
  return (
    <dd>
      <FileLinks files={i.files} />
      {i.text ? <span class="muted">{i.text}</span> : null}
    </dd>
  );
}

/** A file field's files as downloads, one a line. */
export function FileLinks(props: { files: NonNullable<DataItem['files']> }) {
  return (
    <ul class="files">
      {props.files.map((f) => (
        <li>
          <a href={f.href} download>
            {f.name}
          </a>{' '}
          <span class="muted">({f.size})</span>
        </li>
      ))}
    </ul>
  );
}

export function CaseData(props: { groups: DataGroup[]; timeZone: string; maskedNote?: boolean | string }) {
  if (!props.groups.length) return <p class="muted">Belum ada data.</p>;
  return (
    <div class="case-data">
      {typeof props.maskedNote === 'string' ? <p class="note">{props.maskedNote}</p> : null}
      {props.maskedNote === true ? (
        <p class="note">
          Sebagian isian yang menunjukkan identitas seseorang (nama, NIK, kontak, alamat) <strong>disembunyikan</strong> untuk peran Anda.
        </p>
      ) : null}
      {props.groups.map((g) => (
        <section class="data-group">
          <h3>
            Langkah {g.stepNumber}: {g.stepTitle}
          </h3>
          <p class="meta">
            oleh {g.actor} ({g.roleTitle}), {formatDateTime(g.at, props.timeZone)}
          </p>
          <dl class="data">
            {g.items.map((i) => (
              <div class={i.long ? 'row long' : 'row'}>
                <dt>{i.label}</dt>
                {i.rows ? (
                  <dd>
                    {i.rows.length ? (
                      <ol class="data-rows">
                        {i.rows.map((row) => (
                          <li>
                            {row.map((cell, k) => (
                              <>
                                {k ? ' · ' : ''}
                                {cell.label}: <span class={cell.masked ? 'masked' : undefined}>{cell.text}</span>
                              </>
                            ))}
                          </li>
                        ))}
                      </ol>
                    ) : (
                      '(tidak ada baris)'
                    )}
                  </dd>
                ) : (
                  <ItemValue item={i} />
                )}
              </div>
            ))}
          </dl>
        </section>
      ))}
    </div>
  );
}
