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

/** A unique value is taken (username, group name), or a change would break an invariant. */
export class ConflictError extends Error {
  override readonly name = 'ConflictError';
}

/**
 * The acting user may not make this change to users, groups or grants: it would give someone
 * (possibly themselves) more than the actor holds. See the escalation rules in `escalation.ts`.
 */
export class PermissionDeniedError extends Error {
  override readonly name = 'PermissionDeniedError';
}

/**
 * An object handed to an object-level check is not a row of the codename's model (a product row
 * for `polls.can_vote`). Guardian raises WrongAppError for this; it is a mistake in the calling
 * code, so it is never answered as a denial.
 */
export class WrongModelError extends Error {
  override readonly name = 'WrongModelError';
}
