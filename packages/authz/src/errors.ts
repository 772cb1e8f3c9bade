/** A user, group, object or permission row that a management call names does not exist. */
export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
}

/** A codename is valid in the registry but has no auth_permission row yet: run the sync. */
export class PermissionNotSyncedError extends Error {
  override readonly name = 'PermissionNotSyncedError';
  constructor(readonly codename: string) {
    super(`permission '${codename}' is not in the database; run the permission sync (perms sync)`);
  }
}
