/**
 * Every error Warden throws on purpose has a `code` from this list, as tRPC's errors do: match on
 * `error.code`, not on the class, and it works across two copies of the package too.
 */
export const WARDEN_ERROR_CODES = [
  'NOT_FOUND',
  'CONFLICT',
  'PERMISSION_DENIED',
  'PERMISSION_NOT_SYNCED',
  'UNKNOWN_CODENAME',
  'WRONG_MODEL',
  'OBJECT_HIDDEN',
  'UNGUARDED_PROCEDURE',
  'CREDENTIAL_ENDED',
  'UNKNOWN_APP_LABEL',
] as const;
export type WardenErrorCode = (typeof WARDEN_ERROR_CODES)[number];

/** The base of Warden's errors: a literal `code`, and the error behind it as `cause`. */
export abstract class WardenError extends Error {
  abstract readonly code: WardenErrorCode;
  // Narrows Error's options to what we pass.
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/**
 * A Warden error, also one thrown by another copy of the package (where `instanceof` fails): an
 * `Error` whose `code` is one of ours and whose name says so, as tRPC's own error check does.
 */
export function isWardenError(error: unknown): error is Error & { readonly code: WardenErrorCode } {
  if (error instanceof WardenError) return true;
  if (!(error instanceof Error) || !('code' in error)) return false;
  // Our classes are all named `…Error`; a bare Error with a borrowed code is not one of ours.
  if (error.name === 'Error' || !error.name.endsWith('Error')) return false;
  const codes: readonly unknown[] = WARDEN_ERROR_CODES;
  return codes.includes(error.code);
}

/** A user, group, object or permission row that a management call names does not exist. */
export class NotFoundError extends WardenError {
  override readonly name = 'NotFoundError';
  readonly code = 'NOT_FOUND';
}

/** A codename is valid in the registry but has no auth_permission row yet: run the sync. */
export class PermissionNotSyncedError extends WardenError {
  override readonly name = 'PermissionNotSyncedError';
  readonly code = 'PERMISSION_NOT_SYNCED';
  constructor(readonly codename: string) {
    super(`permission '${codename}' is not in the database; run the permission sync (perms sync)`);
  }
}

/** A unique value is taken (username, group name), or a change would break an invariant. */
export class ConflictError extends WardenError {
  override readonly name = 'ConflictError';
  readonly code = 'CONFLICT';
}

/**
 * The acting user may not make this change to users, groups or grants: it would give someone
 * (possibly themselves) more than the actor holds. See the escalation rules in `escalation.ts`.
 */
export class PermissionDeniedError extends WardenError {
  override readonly name = 'PermissionDeniedError';
  readonly code = 'PERMISSION_DENIED';
}

/**
 * An object handed to an object-level check is not a row of the codename's model (a product row
 * for `polls.can_vote`). Guardian raises WrongAppError for this; it is a mistake in the calling
 * code, so it is never answered as a denial.
 */
export class WrongModelError extends WardenError {
  override readonly name = 'WrongModelError';
  readonly code = 'WRONG_MODEL';
}

/**
 * Thrown by an object-level hook when the user may not even know the object exists: the call is
 * answered NOT_FOUND, as DRF raises Http404, rather than FORBIDDEN.
 */
export class ObjectHiddenError extends WardenError {
  override readonly name = 'ObjectHiddenError';
  readonly code = 'OBJECT_HIDDEN';
}

/** Procedures that are neither guarded nor marked public (`assertEveryProcedureGuarded`). */
export class UnguardedProcedureError extends WardenError {
  override readonly name = 'UnguardedProcedureError';
  readonly code = 'UNGUARDED_PROCEDURE';
  constructor(readonly paths: readonly string[]) {
    super(
      `${paths.length} procedure(s) have no permission class and are not marked public: ${paths.join(', ')}. ` +
        "Guard each with protect(…), or mark it open on purpose with .meta(publicAccess('why'))",
    );
  }
}

/**
 * A credential was to be issued on a basis that no longer holds: the session or token asking was
 * ended, the password just verified was changed, or the user deactivated, while the request ran.
 * The request is answered as not authenticated: a recovery (log out everywhere, a new password)
 * must not be outlived by a credential minted in a race with it.
 */
export class CredentialEndedError extends WardenError {
  override readonly name = 'CredentialEndedError';
  readonly code = 'CREDENTIAL_ENDED';
}

/** A string that is no app label of the registry (`hasModulePerms`), naming the ones there are. */
export class UnknownAppLabelError extends WardenError {
  override readonly name = 'UnknownAppLabelError';
  readonly code = 'UNKNOWN_APP_LABEL';
  constructor(
    readonly value: string,
    readonly known: readonly string[],
  ) {
    super(`unknown app label '${value}' (apps: ${known.join(', ')})`);
  }
}
