export {
  type AuditEntry,
  type AuditQuery,
  type AuditVia,
  readAuditLog,
  recordChange,
} from './audit.js';
export { type Authz, createAuthz, type LoadedPermissions, type MaybeUser } from './authz.js';
export {
  installCleanupTriggers,
  missingCleanupTriggers,
  objectGrantCleanupSql,
} from './cleanup-triggers.js';
export type { CodenameArg, UnknownCodename } from './codename-arg.js';
export {
  type AnyTable,
  type AppTables,
  type CodenameOf,
  type CustomPermissions,
  DEFAULT_ACTIONS,
  type DefaultAction,
  type ModelInfo,
  type ModelKey,
  type ModelName,
  type ModelsOf,
  modelName,
  type ObjectOf,
  type PermissionInfo,
  UnknownCodenameError,
} from './codenames.js';
export { DATABASE_UNAVAILABLE_MESSAGE, isDatabaseUnavailable } from './database-unavailable.js';
export {
  ConflictError,
  CredentialEndedError,
  isWardenError,
  NotFoundError,
  ObjectHiddenError,
  PermissionDeniedError,
  PermissionNotSyncedError,
  UnguardedProcedureError,
  UnknownAppLabelError,
  WARDEN_ERROR_CODES,
  WardenError,
  type WardenErrorCode,
  WrongModelError,
} from './errors.js';
export {
  type AccountChange,
  type Actor,
  checkAccountChange,
  isOperator,
  OPERATOR,
  type Operator,
} from './escalation.js';
export type { Explanation } from './explain.js';
export { grantsOnObject, type ObjectGrantRow, objectGrantsOf } from './grant-listing.js';
export {
  type ActingGrants,
  createGrants,
  type Grants,
  type GrantTarget,
  type GroupRef,
  type NewUser,
  type UserChanges,
  type UserRef,
} from './grants.js';
export type { EscalationContext } from './holdings.js';
export {
  createMemberships,
  type InvitationInfo,
  type InvitationStatus,
  type Joined,
  type Memberships,
  type NewInvitation,
  type ScopeMember,
} from './memberships.js';
export { applyMigrations, type MigrationReport } from './migrate.js';
export { authzMigrations, type MigrationSource } from './migrations.js';
export { forgetModelPermissions, type ModelPermissions } from './model-perms.js';
export { type KeysetPage, objectKey, type RowOf } from './object-perms.js';
export { OWNER_ACTIONS, type OwnerColumns, type OwnerInfo } from './owners.js';
export { type CodenameForTable, defineModels, type Registry } from './registry.js';
export * as authSchema from './schema.js';
export { type ScopeRow, type Within, within } from './scoped-grants.js';
export type { Membership } from './scoped-load.js';
export type { CheckedScopes, ScopeDeclarations, ScopeInfo } from './scopes.js';
export { suggestCodenames } from './suggest.js';
export {
  formatPermissionTable,
  type SyncOptions,
  type SyncReport,
  syncPermissions,
} from './sync.js';
export type { AnyPgDatabase, AuthUser, ObjectRef } from './types.js';
