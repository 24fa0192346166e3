/** The embedded store of alur: open a data folder (openStore), back it up and restore it, and the stored shapes. */
export { openStore, CASES_DIR, type Store, type OpenStoreOptions } from './open.ts';
export { backup, restore, type BackupReport, type RestoreReport } from './backup.ts';
export { AuditLog, verifyAuditFile, AUDIT_FILE, type AuditAnchor } from './audit.ts';
export { FileCaseStore, CaseExistsError, CorruptCaseError } from './cases.ts';
export { casePrefix, generateCaseId, isValidCaseId } from './case-ids.ts';
export { CorruptFileError } from './durable-file.ts';
export { StoreLockedError } from './lock.ts';
export { SessionStore } from './sessions.ts';
export { UserStore, UserExistsError, UnknownUserError } from './users.ts';
export { VersionStore } from './versions.ts';
export type * from './types.ts';
