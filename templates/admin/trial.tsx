/** Trying a draft before it goes live: the path of a simulated case, and the service's scenario files run against it. */
import type { Simulation } from '../../engine/simulate.ts';
import { formatDateTime } from '../format.ts';

export interface ScenarioRow {
  name: string;
  passed: boolean;
  /** "1. Menerima laporan → 2. …" */
  path: string;
  failures: string[];
}

export interface TrialView {
  /** What was run: the simulation with given values, or the scenario file. */
  kind: 'simulasi' | 'skenario';
  /** Why nothing ran (invalid JSON, draft with errors, no scenario file). */
  problem?: string;
  simulation?: Simulation;
  scenarios?: ScenarioRow[];
  /** Name of the scenario file that was run. */
  scenarioFile?: string;
  timeZone: string;
}

function SimulationResult(props: { sim: Simulation; timeZone: string }) {
  const s = props.sim;
  return (
    <>
      <p class={s.status === 'closed' ? 'hasil-sah' : 'note'}>
        {s.status === 'closed' ? (
          <>
            <span class="badge badge-ok">Selesai</span> Kasus contoh selesai dengan hasil <strong>{s.outcome?.label}</strong> setelah{' '}
            {s.steps.length} langkah.
          </>
        ) : (
          <>Kasus contoh belum selesai. {s.stopped}</>
        )}
      </p>
      <table class="list">
        <thead>
          <tr>
            <th>Langkah</th>
            <th>Dikerjakan oleh</th>
            <th>Mengapa ke sini / tenggat yang mulai</th>
          </tr>
        </thead>
        <tbody>
          {s.steps.map((st) => (
            <tr>
              <td>
                {st.number}. {st.title}
              </td>
              <td>{st.roles}</td>
              <td>
                {st.reason ? <p class="kecil">{st.reason}</p> : null}
                {st.deadlines.map((d) => (
                  <p class="kecil">
                    Tenggat {d.label}: {formatDateTime(d.due, props.timeZone)}
                  </p>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

export function TrialResult(props: { trial?: TrialView }) {
  const t = props.trial;
  return (
    <div id="hasil-uji" class="hasil-uji" aria-live="polite">
      {!t ? null : t.problem ? (
        <p class="flash flash-error">{t.problem}</p>
      ) : t.kind === 'simulasi' && t.simulation ? (
        <SimulationResult sim={t.simulation} timeZone={t.timeZone} />
      ) : t.scenarios ? (
        <>
          <p class={t.scenarios.every((r) => r.passed) ? 'hasil-sah' : 'hasil-salah'}>
            {t.scenarios.filter((r) => r.passed).length} dari {t.scenarios.length} skenario di <code>{t.scenarioFile}</code> lulus terhadap rancangan
            ini.
          </p>
          {t.scenarios.some((r) => !r.passed) ? (
            <p class="note kecil">
              Skenario yang gagal menunjukkan kasus yang akan berjalan lain dengan rancangan ini. Bila perubahan itu memang disengaja, perbarui juga
              harapan di berkas skenario ({t.scenarioFile}) agar pengujian berikutnya sesuai.
            </p>
          ) : null}
          <ul class="skenario">
            {t.scenarios.map((r) => (
              <li class={r.passed ? 'lulus' : 'gagal'}>
                <span class={`badge ${r.passed ? 'badge-ok' : 'badge-late'}`}>{r.passed ? 'Lulus' : 'Gagal'}</span> {r.name}
                <p class="kecil muted">{r.path}</p>
                {r.failures.length ? (
                  <ul>
                    {r.failures.map((f) => (
                      <li>{f}</li>
                    ))}
                  </ul>
                ) : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}
