export {
  and,
  type ModelAction,
  type ModelPermissionOptions,
  not,
  ObjectHidden,
  or,
  type PermissionClass,
  type PermissionRequest,
  type ProcedureKind,
  permissionClass,
  permissionClasses,
} from './classes.js';
export { mapWardenErrors, TRPC_CODE_OF_WARDEN_ERROR, trpcErrorOf } from './errors.js';
export {
  assertEveryProcedureGuarded,
  formatManifest,
  type ManifestEntry,
  permissionManifest,
  UnguardedProcedureError,
} from './manifest.js';
export {
  canCall,
  createContextProtect,
  createProtect,
  guardsOf,
  type PermissionContext,
  type PermissionMeta,
  type PermissionSource,
  type ProtectOptions,
  permissionMeta,
  publicAccess,
} from './middleware.js';
