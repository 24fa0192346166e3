/**
 * The service report (/laporan): the period form, the headline figures against the published completion time,
 * charts with their tables, time per step, the statistical breakdown (SIMFONI-PPA for Respon Kasus Anak), the IKM,
 * and the exports. It renders a PublishedReport only: small counts arrive here already as "<3".
 */
import type { PublishedIkm } from '../../engine/report/ikm.ts';
import type { PublishedReport } from '../../engine/report/suppress.ts';
import { formatDateTime } from '../format.ts';
import { Layout, type LayoutProps } from '../layout.tsx';
import type { Chart } from './charts.ts';
import { IkmFigures } from './ikm.tsx';
import { ChartWithTable, N, percent, span } from './parts.tsx';

export interface PeriodChoice {
  key: string;
  label: string;
  group: string;
}

export interface ReportPageProps extends Omit<LayoutProps, 'title' | 'children'> {
  report: PublishedReport;
  ikm: PublishedIkm;
  charts: { cases: Chart; standard: Chart; steps?: Chart; dimensions: Map<string, Chart> };
  services: Array<{ id: string; title: string }>;
  periods: PeriodChoice[];
  /** The custom dates typed, shown back in the form. */
  custom?: { from: string; to: string };
  error?: string;
  timeZone: string;
  /** Links to the survey offered at the counter (kiosk, QR), for the roles that manage it. */
  survey?: { kioskHref?: string };
}

function query(r: PublishedReport): string {
  return new URLSearchParams({ dari: r.period.from, sampai: r.period.to }).toString();
}

export function ReportPage(props: ReportPageProps) {
  const r = props.report;
  const base = `/laporan/${encodeURIComponent(r.workflow.id)}`;
  const groups = [...new Set(props.periods.map((p) => p.group))];
  return (
    <Layout {...props} title={`Laporan ${r.workflow.title}`} nav="laporan" bodyClass="lebar">
      <div class="page-head">
        <h1>
          Laporan layanan: {r.workflow.title}
          <small class="period-label">{r.period.label}</small>
        </h1>
      </div>
      <form method="get" action="/laporan" class="filters no-print" role="search">
        <label>
          Layanan
          <select name="layanan">
            {props.services.map((s) => (
              <option value={s.id} selected={s.id === r.workflow.id}>
                {s.title}
              </option>
            ))}
          </select>
        </label>
        <label>
          Periode
          <select name="periode">
            {groups.map((g) => (
              <optgroup label={g}>
                {props.periods
                  .filter((p) => p.group === g)
                  .map((p) => (
                    <option value={p.key} selected={!props.custom && p.key === r.period.key}>
                      {p.label}
                    </option>
                  ))}
              </optgroup>
            ))}
          </select>
        </label>
        <fieldset class="custom-range">
          <legend>atau rentang tanggal sendiri</legend>
          <label>
            Dari
            <input type="date" name="dari" value={props.custom?.from ?? ''} />
          </label>
          <label>
            Sampai
            <input type="date" name="sampai" value={props.custom?.to ?? ''} />
          </label>
        </fieldset>
        <button type="submit" class="primary">
          Tampilkan
        </button>
      </form>
      {props.error ? (
        <p class="flash flash-error" role="alert">
          {props.error}
        </p>
      ) : null}

      <p class="meta">
        Dihitung dari data kasus, {formatDateTime(r.asOf, props.timeZone)} (akhir periode, atau saat ini bila periode masih berjalan). Tanpa identitas:
        angka 1 sampai {r.threshold - 1} ditulis <N n={`<${r.threshold}`} />.
      </p>
      <p class="exports no-print">
        Unduh: <a href={`${base}/laporan.csv?${query(r)}`}>CSV</a> · <a href={`${base}/laporan.xlsx?${query(r)}`}>Excel (XLSX)</a> ·{' '}
        <a href={`/api/v1/reports/${encodeURIComponent(r.workflow.id)}?from=${r.period.from}&to=${r.period.to}`}>JSON</a>
      </p>

      <section aria-labelledby="ringkasan">
        <h2 id="ringkasan">Apakah standar pelayanan ditepati?</h2>
        <ul class="headline">
          <li class="hl-main">
            <span class="hl-value">{percent(r.withinStandardPercent)}</span>
            <span class="hl-label">
              kasus selesai dalam waktu penyelesaian ({r.completion.text}): <N n={r.withinStandard} /> dari <N n={r.closed} />
              {r.withinStandardPercent === null ? ` (persen tidak dihitung untuk kurang dari ${r.threshold} kasus)` : ''}
            </span>
          </li>
          <li>
            <span class="hl-value"><N n={r.received} /></span>
            <span class="hl-label">diterima</span>
          </li>
          <li>
            <span class="hl-value"><N n={r.closed} /></span>
            <span class="hl-label">selesai</span>
          </li>
          <li>
            <span class="hl-value"><N n={r.open} /></span>
            <span class="hl-label">masih berjalan</span>
          </li>
          <li class={typeof r.overdue === 'number' && r.overdue === 0 ? '' : 'hl-late'}>
            <span class="hl-value"><N n={r.overdue} /></span>
            <span class="hl-label">terlambat (melewati {r.completion.text})</span>
          </li>
        </ul>
        <table class="list compact">
          <caption>Waktu dari laporan diterima sampai selesai</caption>
          <thead>
            <tr><th>Kasus selesai</th><th>Median</th><th>90% selesai dalam</th></tr>
          </thead>
          <tbody>
            <tr>
              <td data-label="Kasus selesai"><N n={r.timeToClose.n} /></td>
              <td data-label="Median">{span(r.timeToClose.median)}</td>
              <td data-label="90% selesai dalam">{span(r.timeToClose.p90)}</td>
            </tr>
          </tbody>
        </table>
        <table class="list compact">
          <caption>Hasil akhir kasus yang selesai</caption>
          <thead>
            <tr><th>Hasil</th><th>Kasus</th></tr>
          </thead>
          <tbody>
            {r.outcomes.map((o) => (
              <tr>
                <td data-label="Hasil">{o.label}</td>
                <td data-label="Kasus"><N n={o.count} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section aria-labelledby="perjalanan">
        <h2 id="perjalanan">Kasus dari waktu ke waktu</h2>
        <ChartWithTable chart={props.charts.cases} title={props.charts.cases.title}>
          <SeriesTable r={r} />
        </ChartWithTable>
        <ChartWithTable chart={props.charts.standard} title={props.charts.standard.title}>
          <table class="list compact">
            <thead>
              <tr><th>{r.series[0]?.key.length === 10 ? 'Tanggal' : 'Bulan'}</th><th>Dalam waktu</th><th>Melewati</th></tr>
            </thead>
            <tbody>
              {r.series.filter((p) => p.closed !== 0).map((p) => (
                <tr>
                  <td data-label="Periode">{p.label}</td>
                  <td data-label="Dalam waktu"><N n={p.withinStandard} /></td>
                  <td data-label="Melewati"><N n={p.overStandard} /></td>
                </tr>
              ))}
            </tbody>
          </table>
          {r.series.every((p) => p.closed === 0) ? <p class="muted">Belum ada kasus selesai pada periode ini.</p> : null}
        </ChartWithTable>
      </section>

      <section aria-labelledby="langkah">
        <h2 id="langkah">Di langkah mana kasus menunggu?</h2>
        <ChartWithTable chart={props.charts.steps} title="Waktu di setiap langkah (kasus yang selesai pada periode ini) dan yang menunggu saat ini" id="tabel-langkah" stacked>
          <table class="list">
            <thead>
              <tr><th>Langkah</th><th>Kasus</th><th>Median</th><th>90% dalam</th><th>Menunggu</th><th>Terlambat</th></tr>
            </thead>
            <tbody>
              {r.steps.map((s) => (
                <tr class={typeof s.overdue === 'string' || s.overdue > 0 ? 'late' : ''}>
                  <td data-label="Langkah">{s.number ? `${s.number}. ` : ''}{s.title}</td>
                  <td data-label="Kasus"><N n={s.time.n} /></td>
                  <td data-label="Median">{span(s.time.median)}</td>
                  <td data-label="90% dalam">{span(s.time.p90)}</td>
                  <td data-label="Menunggu saat ini"><N n={s.waiting} /></td>
                  <td data-label="Terlambat saat ini"><N n={s.overdue} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </ChartWithTable>
      </section>

      {r.dimensions.length ? (
        <section aria-labelledby="rincian">
          <h2 id="rincian">Rincian kasus yang diterima</h2>
          <p class="meta">Kategori menurut isian formulir (SIMFONI-PPA untuk kasus anak). Tidak ada nama, alamat atau tanggal lahir dalam laporan ini.</p>
          {r.dimensions.map((d) => (
            <ChartWithTable chart={props.charts.dimensions.get(d.id)} title={d.label}>
              <table class="list compact">
                <thead>
                  <tr><th>{d.label}</th><th>Kasus</th></tr>
                </thead>
                <tbody>
                  {d.categories.map((c) => (
                    <tr>
                      <td data-label="Kategori">{c.label}</td>
                      <td data-label="Kasus"><N n={c.count} /></td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {d.multi ? <p class="muted">Satu kasus dapat masuk lebih dari satu kategori.</p> : null}
            </ChartWithTable>
          ))}
          {r.tables.map((t) => (
            <section class="figure">
              <h3>{t.label}</h3>
              <div class="table-scroll">
                <table class="grid">
                  <thead>
                    <tr>
                      <th scope="col">{t.rows.label}</th>
                      {t.columns.categories.map((c) => <th scope="col">{c.label}</th>)}
                    </tr>
                  </thead>
                  <tbody>
                    {t.rows.categories.map((row, i) => (
                      <tr>
                        <th scope="row">{row.label}</th>
                        {t.cells[i].map((n) => <td><N n={n} /></td>)}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </section>
          ))}
        </section>
      ) : null}

      <IkmFigures ikm={props.ikm} period={r.period.label} kioskHref={props.survey?.kioskHref} />
    </Layout>
  );
}

function SeriesTable(props: { r: PublishedReport }) {
  const rows = props.r.series.filter((p) => p.received !== 0 || p.closed !== 0);
  return (
    <>
      <table class="list compact">
        <thead>
          <tr><th>{props.r.series[0]?.key.length === 10 ? 'Tanggal' : 'Bulan'}</th><th>Diterima</th><th>Selesai</th></tr>
        </thead>
        <tbody>
          {rows.map((p) => (
            <tr>
              <td data-label="Periode">{p.label}</td>
              <td data-label="Diterima"><N n={p.received} /></td>
              <td data-label="Selesai"><N n={p.closed} /></td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length < props.r.series.length ? <p class="muted">Hari atau bulan tanpa kasus tidak ditulis.</p> : null}
    </>
  );
}
