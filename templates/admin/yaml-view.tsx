/** The YAML text of the SOP editor with its line numbers: errors marked red, lines the form just wrote marked green. */
import type { Child } from 'hono/jsx';

/** "1\n2\n3…" as spans; admin.js redraws it as the text grows. */
export function LineNumbers(props: { count: number; errors: number[]; changed?: number[] }) {
  const bad = new Set(props.errors);
  const changed = new Set(props.changed ?? []);
  const rows: Child[] = [];
  for (let i = 1; i <= Math.max(1, props.count); i++) rows.push(<span class={bad.has(i) ? 'salah' : changed.has(i) ? 'ubah' : undefined}>{`${i}\n`}</span>);
  return (
    <pre class="nomor-baris" id="nomor-baris" aria-hidden="true" data-baris-ubah={(props.changed ?? []).join(' ')}>
      {rows}
    </pre>
  );
}

export interface YamlViewProps {
  source: string;
  errors: number[];
  /** Lines the structured form just wrote. */
  changed?: number[];
  /** The live check's URL (htmx, as the administrator types). */
  check: string;
  oob?: boolean;
}

/** The text box and its gutter; swapped whole (morphed) when the structured form writes into the text. */
export function YamlView(props: YamlViewProps) {
  return (
    <div class="kode" id="kode" hx-swap-oob={props.oob ? 'outerMorph' : undefined} data-baris-pertama-ubah={props.changed?.[0]}>
      <LineNumbers count={props.source.split('\n').length} errors={props.errors} changed={props.changed} />
      <textarea
        id="sumber"
        name="sumber"
        wrap="off"
        spellcheck={false}
        autocapitalize="off"
        autocomplete="off"
        rows={30}
        hx-post={props.check}
        hx-trigger="input changed delay:500ms"
        hx-target="#pemeriksaan"
        hx-swap="outerHTML"
        hx-sync="this:replace"
        aria-describedby="pemeriksaan batas-ukuran"
      >
        {`\n${props.source}`}
      </textarea>
    </div>
  );
}
