// @warden/authz/internal
/**
 * `@warden/authz/internal`: what `@warden/auth` builds on (the permission query its session lookup
 * embeds, the per-request cache it primes, the `perms` commands of its CLI). Not a public API:
 * it changes with @warden/auth, in any release.
 */
export { modelPermissionsQuery, type PermissionRow, primeModelPermissions } from './model-perms.js';
export { describeReport, PERMS_USAGE, runPermsCommand } from './perms-command.js';
