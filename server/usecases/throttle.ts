/**
 * A fixed-window limit on public actions (survey answers, tracking look-ups, complaints) per client address, counted
 * in the store's kv so every app server sees the same count.
 */
import type { FiguresDeps, Refused } from './figures-deps.ts';

export interface Limit {
  /** What is limited, e.g. "lacak". */
  name: string;
  max: number;
  windowMs: number;
  /** Indonesian: what to do. */
  message: string;
}

export const LIMITS = {
  track: { name: 'lacak', max: 10, windowMs: 10 * 60_000, message: 'Terlalu banyak pencarian kode dari alamat ini. Coba lagi beberapa menit lagi.' },
  survey: { name: 'survei', max: 20, windowMs: 60 * 60_000, message: 'Terlalu banyak jawaban survei dari alamat ini. Coba lagi nanti.' },
  verify: { name: 'verifikasi', max: 30, windowMs: 10 * 60_000, message: 'Terlalu banyak pemeriksaan surat dari alamat ini. Coba lagi beberapa menit lagi.' },
  complaint: { name: 'pengaduan', max: 5, windowMs: 60 * 60_000, message: 'Terlalu banyak pengaduan dari alamat ini dalam satu jam. Coba lagi nanti, atau hubungi saluran pengaduan di halaman layanan.' },
} satisfies Record<string, Limit>;

/** Counts one action of `address` against `limit`; a refusal (429, with seconds to wait) once it is spent. */
export async function spend(deps: FiguresDeps, limit: Limit, address: string): Promise<Refused | undefined> {
  const now = deps.now().getTime();
  const window = Math.floor(now / limit.windowMs);
  const resetAt = (window + 1) * limit.windowMs;
  const key = `${limit.name}:${address}:${window}`;
  // One claimed slot per action: claim is insert-if-absent, so two servers never hand out the same slot.
  for (let slot = 0; slot < limit.max; slot++) {
    const { claimed } = await deps.store.kv.claim('throttle-public', `${key}:${slot}`, true, { expiresAt: new Date(resetAt).toISOString(), now: new Date(now).toISOString() });
    if (claimed) return undefined;
  }
  return { ok: false, status: 429, error: limit.message, retryAfter: Math.ceil((resetAt - now) / 1000) };
}
