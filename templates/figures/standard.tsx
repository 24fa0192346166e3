/**
 * The parts of the public standard this issue adds: contact channels as working links (mailto:, tel:, WhatsApp),
 * the other components of Permenpan RB 15/2014 with the maklumat pelayanan, and the latest figures (aggregates only).
 */
import { STANDARD_COMPONENTS } from '../../engine/definition/standard.ts';
import type { PublishedIkm } from '../../engine/report/ikm.ts';
import type { StandardText } from '../../engine/report/types.ts';
import type { ComplaintChannel, Workflow } from '../../engine/types.ts';
import { N, percent } from './parts.tsx';

/** "0813 7471 5282" → "6281374715282": digits in international form (Indonesia), or undefined when not a number. */
export function phoneDigits(value: string): string | undefined {
  const digits = value.replace(/[^\d+]/g, '');
  if (!/^\+?\d{6,15}$/.test(digits)) return undefined;
  if (digits.startsWith('+')) return digits.slice(1);
  if (digits.startsWith('62')) return digits;
  if (digits.startsWith('0')) return `62${digits.slice(1)}`;
  return digits;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Where a channel's value leads, or undefined when it is a name to search for (a Facebook page's name). */
export function channelHref(channel: ComplaintChannel['channel'], value: string): string | undefined {
  const v = value.trim();
  if (EMAIL.test(v)) return `mailto:${v}`;
  if (channel === 'email') return undefined;
  if (channel === 'whatsapp') {
    const d = phoneDigits(v);
    return d ? `https://wa.me/${d}` : undefined;
  }
  if (channel === 'telepon') {
    const d = phoneDigits(v);
    return d ? `tel:+${d}` : undefined;
  }
  if (/^https?:\/\/[^\s]+$/i.test(v)) return v;
  if (channel === 'website' && /^[a-z0-9-]+(\.[a-z0-9-]+)+(\/\S*)?$/i.test(v)) return `https://${v}`;
  return undefined;
}

export function ChannelValue(props: { channel: ComplaintChannel['channel']; value: string }) {
  const href = channelHref(props.channel, props.value);
  if (!href) return <>{props.value}</>;
  const external = href.startsWith('http');
  return (
    <a href={href} rel={external ? 'noopener noreferrer' : undefined} class="channel-link">
      {props.value}
      {props.channel === 'whatsapp' ? ' (buka WhatsApp)' : ''}
    </a>
  );
}

function Text(props: { text: StandardText }) {
  if (Array.isArray(props.text)) {
    return (
      <ul>
        {props.text.map((t) => (
          <li>{t}</li>
        ))}
      </ul>
    );
  }
  return <p>{props.text}</p>;
}

/** The components declared under `standard`, in the regulation's order; the pledge apart, framed. */
export function StandardComponents(props: { wf: Workflow }) {
  const s = props.wf.standard ?? {};
  const parts = STANDARD_COMPONENTS.filter((c) => c.key !== 'pledge' && s[c.key] !== undefined);
  return (
    <>
      {parts.length ? (
        <section class="components" aria-labelledby="komponen">
          <h2 id="komponen">Komponen standar pelayanan lainnya</h2>
          {parts.map((c) => (
            <div class="component">
              <h3>{c.label}</h3>
              <Text text={s[c.key]!} />
            </div>
          ))}
        </section>
      ) : null}
      {s.pledge ? (
        <section class="pledge" aria-labelledby="maklumat">
          <h2 id="maklumat">Maklumat pelayanan</h2>
          <Text text={s.pledge} />
          <p class="meta">{props.wf.service.agency}</p>
        </section>
      ) : null}
    </>
  );
}

export interface LatestFigures {
  /** "November 2026". */
  period: string;
  withinStandardPercent: number | null;
  withinStandard: number | string;
  closed: number | string;
  completion: string;
  ikm?: PublishedIkm & { period: string };
}

/** The latest figures of the standard kept: aggregates only. */
export function LatestFiguresSection(props: { figures: LatestFigures }) {
  const f = props.figures;
  const ikm = f.ikm;
  return (
    <section class="latest" aria-labelledby="kinerja">
      <h2 id="kinerja">Kinerja layanan</h2>
      <ul class="headline">
        <li class="hl-main">
          <span class="hl-value">{percent(f.withinStandardPercent)}</span>
          <span class="hl-label">
            selesai dalam waktu penyelesaian ({f.completion}) pada {f.period}: <N n={f.withinStandard} /> dari <N n={f.closed} /> kasus
            {f.withinStandardPercent === null ? ' (persen dihitung bila ada paling sedikit 3 kasus selesai)' : ''}
          </span>
        </li>
        <li class="hl-main">
          {ikm?.result ? (
            <>
              <span class="hl-value">
                {ikm.result.score.toLocaleString('id-ID', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} ({ikm.result.grade})
              </span>
              <span class="hl-label">
                Indeks Kepuasan Masyarakat {ikm.period}: mutu {ikm.result.quality}, <N n={ikm.respondents} /> responden
              </span>
            </>
          ) : (
            <>
              <span class="hl-value">-</span>
              <span class="hl-label">Indeks Kepuasan Masyarakat {ikm?.period ?? ''}: belum cukup responden{ikm && ikm.respondents !== 0 ? <> (<N n={ikm.respondents} />)</> : ''}</span>
            </>
          )}
        </li>
      </ul>
      <p class="meta">Angka gabungan dari data layanan; tidak ada data perorangan yang diterbitkan.</p>
    </section>
  );
}
