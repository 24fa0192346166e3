/** Small pieces of the report pages: a published count, a duration, a percentage, a chart beside its table. */
import type { Child } from 'hono/jsx';
import { raw } from 'hono/html';
import { describeSpan } from '../../engine/time.ts';
import type { Count } from '../../engine/report/suppress.ts';
import type { Chart } from './charts.ts';

/** A count as published: the number, or "<3" marked as suppressed. */
export function N(props: { n: Count }) {
  return typeof props.n === 'number' ? <>{props.n.toLocaleString('id-ID')}</> : <abbr class="small-count" title="Jumlah kecil disamarkan untuk melindungi identitas anak">{props.n}</abbr>;
}

export function span(ms: number | null): string {
  return ms === null ? '-' : describeSpan(ms);
}

/** "80,0%". */
export function percent(p: number | null): string {
  return p === null ? '-' : `${p.toLocaleString('id-ID', { minimumFractionDigits: 1, maximumFractionDigits: 1 })}%`;
}

/** A chart with the table of its figures beside it (below it on a phone); the SVG needs no script. */
export function ChartWithTable(props: { chart?: Chart; title: string; children: Child; id?: string; stacked?: boolean }) {
  return (
    <section class="figure" id={props.id ?? props.chart?.id} aria-labelledby={`${props.id ?? props.chart?.id ?? 'f'}-judul`}>
      <h3 id={`${props.id ?? props.chart?.id ?? 'f'}-judul`}>{props.title}</h3>
      <div class={props.stacked ? 'figure-body stacked' : 'figure-body'}>
        {props.chart ? (
          <figure class="chart">
            <div class={props.chart.wide ? 'chart-frame wide' : 'chart-frame'} role="region" tabindex={0} aria-label={`${props.title} (dapat digeser ke samping)`}>{raw(props.chart.svg)}</div>
            {props.chart.note ? <figcaption>{props.chart.note}</figcaption> : null}
          </figure>
        ) : null}
        <div class="figure-table">{props.children}</div>
      </div>
    </section>
  );
}
