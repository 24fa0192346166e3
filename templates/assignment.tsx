/** Who holds an open task, and the buttons the viewer may press about it: take it, give it to someone, hand it back. */
import { CsrfInput, type Viewer } from './layout.tsx';

export interface HolderView {
  /** The case and the step the forms post to. */
  caseId: string;
  step: string;
  /** The holder's account and name, when someone holds it. */
  holderId?: string;
  holder?: string;
  /** Whether the viewer is the holder. */
  mine?: boolean;
  /** Who does it while nobody holds it, e.g. "Bidang Teknis". */
  roleTitle: string;
  claim?: boolean;
  release?: boolean;
  /** The accounts the viewer (the role's head) may give it to; absent when they may not. */
  accounts?: Array<{ username: string; name: string }>;
  rev: number;
  /** A line beside the holder, e.g. that the viewer does it as the holder's acting official. */
  note?: string;
  /** On the task page: one short line, so the form stays in a phone's first screen. */
  compact?: boolean;
}

function Action(props: { href: string; rev: number; viewer?: Viewer; label: string; primary?: boolean }) {
  return (
    <form method="post" action={props.href} class="inline">
      <CsrfInput viewer={props.viewer} />
      <input type="hidden" name="_rev" value={String(props.rev)} />
      <button type="submit" class={props.primary ? 'primary' : undefined}>
        {props.label}
      </button>
    </form>
  );
}

export function TaskHolder(props: HolderView & { viewer?: Viewer }) {
  const base = `/kasus/${props.caseId}/tugas/${encodeURIComponent(props.step)}`;
  const others = (props.accounts ?? []).filter((a) => a.username !== props.holderId);
  const select = `serahkan-${props.step}`;
  return (
    <div class={props.compact ? 'holder compact' : 'holder'}>
      <p>
        {props.holder ? (
          <>
            Dipegang: <strong>{props.holder}</strong>
            {props.mine ? ' (Anda)' : ''}
            {props.note ? <span class="muted"> · {props.note}</span> : null}
          </>
        ) : (
          <>Belum dipegang siapa pun{props.compact ? '.' : `: setiap ${props.roleTitle} dapat mengerjakannya.`}</>
        )}
      </p>
      {props.claim || props.release || others.length ? (
        <div class="holder-actions">
          {props.claim ? <Action href={`${base}/ambil`} rev={props.rev} viewer={props.viewer} label="Ambil tugas ini" /> : null}
          {props.release ? <Action href={`${base}/lepaskan`} rev={props.rev} viewer={props.viewer} label={props.mine ? 'Lepaskan' : `Lepaskan dari ${props.holder}`} /> : null}
          {others.length ? (
            <form method="post" action={`${base}/serahkan`} class="inline assign">
              <CsrfInput viewer={props.viewer} />
              <input type="hidden" name="_rev" value={String(props.rev)} />
              <label for={select}>Serahkan ke…</label>
              <select id={select} name="akun" required>
                <option value="">Pilih petugas</option>
                {others.map((a) => (
                  <option value={a.username}>{a.name}</option>
                ))}
              </select>
              <button type="submit">Serahkan</button>
            </form>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
