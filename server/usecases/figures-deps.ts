/**
 * What the report, survey, tracking and complaint use cases take of the app's dependencies, and their answer: a
 * refusal may also be "too many" (429) with the seconds to wait.
 */
import type { AppDeps } from './deps.ts';

export type FiguresDeps = Pick<AppDeps, 'store' | 'workflows' | 'now'>;

export type Refused = { ok: false; status: 400 | 403 | 404 | 409 | 422 | 429; error: string; fields?: Record<string, string>; retryAfter?: number };
export type Done<T> = { ok: true; value: T } | Refused;
