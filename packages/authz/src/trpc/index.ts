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
} from './classes';
export {
  canCall,
  createContextProtect,
  createProtect,
  type PermissionContext,
  type PermissionMeta,
  type ProtectOptions,
  permissionMeta,
  type UncheckedObjectPolicy,
} from './middleware';
