/** alur's stores: open one (openStore), back it up and restore it, and the stored shapes. */
export { openStore, type Store, type SealedStore, type OpenStoreOptions } from './open.ts';
export { KeyError, defaultKeyFile, KEY_FILE_ENV, MASTER_KEY_ENV } from './crypt/master-key.ts';
export { backup, restore, type BackupReport, type RestoreReport } from './backup.ts';
export { verifyAuditFile, AUDIT_FILE, type AuditAnchor } from './file/audit-log.ts';
export { CASES_DIR, caseFile } from './file/case-files.ts';
export { CaseExistsError, CorruptCaseError, BadCursorError, UserExistsError, UnknownUserError, StoreUnavailableError } from '../../engine/ports/index.ts';
export { casePrefix, generateCaseId, isValidCaseId } from './case-ids.ts';
export { CorruptFileError } from './durable-file.ts';
export { StoreLockedError } from './lock.ts';
export type * from './types.ts';
