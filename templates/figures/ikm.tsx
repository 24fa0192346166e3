/** The IKM figures on the report page: index, grade, respondents, and each element's mean. */
import { IKM_ELEMENTS, type PublishedIkm } from '../../engine/report/ikm.ts';
import { N } from './parts.tsx';

const dec = (x: number, d: number) => x.toLocaleString('id-ID', { minimumFractionDigits: d, maximumFractionDigits: d });

export function IkmFigures(props: { ikm: PublishedIkm; period: string; kioskHref?: string }) {
  const r = props.ikm.result;
  return (
    <section aria-labelledby="ikm">
      <h2 id="ikm">Survei Kepuasan Masyarakat (IKM)</h2>
      {r ? (
        <>
          <ul class="headline">
            <li class="hl-main">
              <span class="hl-value">{dec(r.score, 2)}</span>
              <span class="hl-label">
                IKM {props.period}: mutu <strong>{r.grade}</strong> ({r.quality}), <N n={props.ikm.respondents} /> responden
              </span>
            </li>
          </ul>
          <table class="list compact">
            <caption>Nilai rata-rata setiap unsur (1-4), bobot 1/9 setiap unsur; IKM = jumlah nilai tertimbang x 25</caption>
            <thead>
              <tr><th>Unsur</th><th>Rata-rata</th><th>Tertimbang</th></tr>
            </thead>
            <tbody>
              {r.elements.map((e, i) => (
                <tr>
                  <td data-label="Unsur">U{i + 1}. {IKM_ELEMENTS[i].label}</td>
                  <td data-label="Rata-rata">{dec(e.mean, 2)}</td>
                  <td data-label="Tertimbang">{dec(e.weighted, 3)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : (
        <p class="muted">
          {props.ikm.respondents === 0
            ? `Belum ada jawaban survei pada ${props.period}.`
            : <>Baru <N n={props.ikm.respondents} /> responden pada {props.period}: indeks belum ditampilkan agar jawaban seseorang tidak dapat dikenali.</>}
        </p>
      )}
      <p class="meta">
        Jawaban survei tidak menyimpan identitas. Survei ditawarkan lewat tautan atau kode QR sekali pakai sesudah kasus selesai, dan lewat
        halaman kios di ruang pelayanan{props.kioskHref ? <>: <a href={props.kioskHref}>kelola kios dan kode QR</a></> : ''}.
      </p>
    </section>
  );
}
