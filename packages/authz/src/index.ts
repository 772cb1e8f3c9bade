export {
  type AuditEntry,
  type AuditQuery,
  type AuditVia,
  readAuditLog,
  recordChange,
} from './audit';
export { type Authz, createAuthz, type LoadedPermissions, type MaybeUser } from './authz';
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
} from './codenames';
export {
  ConflictError,
  NotFoundError,
  PermissionDeniedError,
  PermissionNotSyncedError,
  WrongModelError,
} from './errors';
export {
  type AccountChange,
  type Actor,
  checkAccountChange,
  isOperator,
  OPERATOR,
  type Operator,
} from './escalation';
export type { Explanation } from './explain';
export {
  type ActingGrants,
  createGrants,
  type Grants,
  type GrantTarget,
  type GroupRef,
  type NewUser,
  type UserChanges,
  type UserRef,
} from './grants';
export { authzMigrationsFolder } from './migrations';
export {
  forgetModelPermissions,
  type ModelPermissions,
  modelPermissionsQuery,
  type PermissionRow,
  primeModelPermissions,
} from './model-perms';
export { objectKey } from './object-perms';
export { describeReport, PERMS_USAGE, runPermsCommand } from './perms-command';
export { type CodenameForTable, defineModels, type Registry } from './registry';
export * as authSchema from './schema';
export { suggestCodenames } from './suggest';
export { formatPermissionTable, type SyncReport, syncPermissions } from './sync';
export type { AnyPgDatabase, AuthUser, ObjectRef } from './types';
