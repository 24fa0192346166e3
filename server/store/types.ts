/** The stored shapes, as the ports declare them (engine/ports): re-exported for the server's older imports. */
export type * from '../../engine/ports/accounts.ts';
export type * from '../../engine/ports/audit.ts';
export type * from '../../engine/ports/versions.ts';
export type { StoreProblem } from '../../engine/ports/store.ts';
