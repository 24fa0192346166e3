/** The store ports: the interfaces every store adapter implements and the application layer uses. */
export type * from './accounts.ts';
export type * from './audit.ts';
export type * from './cases.ts';
export type * from './misc.ts';
export type * from './store.ts';
export type * from './versions.ts';
export { UserExistsError, UnknownUserError } from './accounts.ts';
export { GENESIS } from './audit.ts';
export { BadCursorError, CaseExistsError, CorruptCaseError } from './cases.ts';
export { StoreUnavailableError, PLAIN_CODEC } from './store.ts';
