/** The integrity part of the administrator's start page: what the last check found, and what to do about it. */
import { formatDateTime } from '../format.ts';

/** What the page shows of an integrity report (server/usecases/integrity.ts gives it). */
export interface IntegrityView {
  checkedAt: string;
  ok: boolean;
  audit: { ok: boolean; entries: number; message?: string };
  anchor?: { seq: number; at: string };
  cases: Array<{ caseId: string; message: string }>;
  damaged: Array<{ caseId: string; reason: string }>;
}

export function IntegritySection(props: { report?: IntegrityView; timeZone: string }) {
  const r = props.report;
  if (!r) return null;
  if (r.ok) {
    return (
      <section id="integritas" class="integrity-ok" aria-labelledby="judul-integritas">
        <h2 id="judul-integritas">Integritas data</h2>
        <p>
          Diperiksa {formatDateTime(r.checkedAt, props.timeZone)}: rantai log audit utuh ({r.audit.entries} catatan), setiap kasus cocok dengan log audit.
        </p>
      </section>
    );
  }
  return (
    <section id="integritas" class="error-summary" aria-labelledby="judul-integritas">
      <h2 id="judul-integritas">Integritas data: ditemukan masalah</h2>
      <p>
        Diperiksa {formatDateTime(r.checkedAt, props.timeZone)}
        {r.anchor ? ` terhadap jangkar catatan ke-${r.anchor.seq} (${formatDateTime(r.anchor.at, props.timeZone)})` : ''}. Masalah ini juga tercatat di log audit
        (integrity.broken) dan di log server.
      </p>
      <ul>
        {!r.audit.ok ? (
          <li>
            <strong>Log audit rusak</strong>, {r.audit.message}
          </li>
        ) : null}
        {r.damaged.map((d) => (
          <li>
            <strong>Kasus {d.caseId} rusak</strong> dan tidak ditampilkan (halaman dan API menjawab 503): {d.reason}.
          </li>
        ))}
        {r.cases.slice(0, 50).map((p) => (
          <li>
            Kasus {p.caseId}: {p.message}
          </li>
        ))}
        {r.cases.length > 50 ? <li>… dan {r.cases.length - 50} masalah lainnya (lihat alur audit verify --cases).</li> : null}
      </ul>
      <p>
        Langkah: jangan ubah apa pun di folder data; simpan salinannya, bandingkan dengan cadangan terakhir (alur restore ke folder uji), laporkan kepada
        pimpinan. Bila data pribadi mungkin bocor atau diubah orang lain, jalankan layanan Pemberitahuan Kegagalan Pelindungan Data Pribadi (3 x 24 jam,
        UU 27/2022).
      </p>
    </section>
  );
}
