// @warden/authz/trpc
export type { Denial, DenialReason } from '../denial.js';
export { SCOPE_HEADER, scopeFromHeader } from './active-scope.js';
export { canCall } from './can-call.js';
export { type ModelAction, type ModelPermissionOptions, permissionClasses } from './classes.js';
export { and, not, or } from './composition.js';
export { denialFormatter, denialOf } from './denial.js';
export { mapWardenErrors, TRPC_CODE_OF_WARDEN_ERROR, trpcErrorOf } from './errors.js';
export { guardsOf, type PermissionMeta, publicAccess } from './guards.js';
export { assertEveryProcedureGuarded, formatManifest, type ManifestEntry, type ManifestRegistry, permissionManifest, } from './manifest.js';
export { createContextProtect, createProtect, type PermissionContext, type PermissionSource, type ProtectedContext, type ProtectOptions, } from './middleware.js';
export { type PermissionClass, type PermissionRequest, type ProcedureKind, permissionClass, } from './permission-class.js';
