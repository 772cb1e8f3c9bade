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
  type PermissionInfo,
  UnknownCodenameError,
} from './codenames';
export { type CodenameForTable, defineModels, type Registry } from './registry';
export * as authSchema from './schema';
export { suggestCodenames } from './suggest';
