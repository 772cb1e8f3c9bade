import { TRPCError } from '@trpc/server';
import type { LoadedPermissions } from '../authz.js';
import { DENIAL_REASONS, type Denial, type DenialReason } from '../denial.js';
import type { AuthUser } from '../types.js';
import type { PermissionClass, ProcedureKind } from './permission-class.js';

// A guard's refusal travels as a TRPCError whose cause holds the denial; `denialFormatter` copies
// it into tRPC's error shape (`data.denial`), as create-t3-turbo's formatter copies zod's issues.
// Before, a client learnt the codenames only by parsing the message with regular expressions.

/**
 * The cause of a guard's UNAUTHORIZED or FORBIDDEN: the denial, kept for `denialFormatter` and
 * `denialOf`. Not a WardenError: it is never thrown on its own, only carried by a TRPCError that
 * already has its code, which `mapWardenErrors` must leave as it is.
 */
class GuardDenialError extends Error {
  override readonly name = 'GuardDenialError';
  constructor(
    message: string,
    readonly denial: Denial,
  ) {
    super(message);
  }
}

const isReason = (value: unknown): value is DenialReason =>
  DENIAL_REASONS.some((reason) => reason === value);

/**
 * The denial a guard's error carries, or null for any other error (a hidden object's NOT_FOUND
 * included: a missing row's has none either, so existence does not leak through the data). Read
 * by shape, so an error from another copy of the package counts too.
 */
export function denialOf(error: unknown): Denial | null {
  const cause = error instanceof Error ? error.cause : undefined;
  if (cause instanceof GuardDenialError) return cause.denial;
  if (!(cause instanceof Error) || cause.name !== 'GuardDenialError' || !('denial' in cause))
    return null;
  const { denial } = cause;
  if (typeof denial !== 'object' || denial === null) return null;
  if (!('reason' in denial) || !isReason(denial.reason)) return null;
  if (!('needs' in denial) || !Array.isArray(denial.needs)) return null;
  const needs = denial.needs.filter((c: unknown): c is string => typeof c === 'string');
  return { reason: denial.reason, needs };
}

/**
 * tRPC's `errorFormatter`, or a step of yours: adds `data.denial` (a guard's `Denial`, else null)
 * to the error shape, with its codenames checked against `registry`, so a typed client reads
 * `error.data.denial.needs` as the codename union. Only codenames travel, which the message
 * already names.
 *
 * @example
 * ```ts
 * const withDenial = denialFormatter(registry);
 * const t = initTRPC.context<Ctx>().create({ errorFormatter: withDenial });
 * // or, with steps of your own:
 * errorFormatter: (opts) => hideInternalErrors(withDenial(opts)),
 * ```
 */
export function denialFormatter<C extends string>(registry: {
  isCodename(value: unknown): value is C;
}) {
  const known = (codename: string): codename is C => registry.isCodename(codename);
  return function formatDenial<TShape extends { data: object }>(opts: {
    shape: TShape;
    error: TRPCError;
  }): Omit<TShape, 'data'> & { data: TShape['data'] & { denial: Denial<C> | null } } {
    const found = denialOf(opts.error);
    const denial = found && { reason: found.reason, needs: found.needs.filter(known) };
    return { ...opts.shape, data: { ...opts.shape.data, denial } };
  };
}

/** What a refusal reads of the class: what it asks for a call, and whether it needs staff. */
type Asking<C extends string> = Pick<
  PermissionClass<C, boolean, unknown>,
  'describe' | 'requires' | 'implies'
>;

/**
 * The error a guard refuses a call with: the sentence as before (what the class asks, for people
 * and logs), the denial as its cause. `held` is the user's model-wide codenames (absent before they
 * were loaded); `onObject`, when the object check refused, the codenames asked that the user holds
 * on that object (an object grant, a role in its organization): not missing, though no model-wide
 * grant gives them.
 */
export function refusal<C extends string>(
  cls: Asking<C>,
  type: ProcedureKind,
  user: AuthUser | null,
  held?: LoadedPermissions<C>,
  onObject?: readonly C[],
): TRPCError {
  const asked = cls.requires(type);
  const what = `this ${type} needs ${cls.describe(type)}`;
  if (user === null) {
    const message = `authentication required: ${what}`;
    const cause = new GuardDenialError(message, { reason: 'not-authenticated', needs: asked });
    return new TRPCError({ code: 'UNAUTHORIZED', message, cause });
  }
  const holding = held?.all();
  const needs = asked.filter(
    (codename) => holding?.has(codename) !== true && onObject?.includes(codename) !== true,
  );
  const reason: DenialReason =
    onObject !== undefined
      ? 'denied-on-object'
      : cls.implies.staff && user.isStaff !== true
        ? 'not-staff'
        : needs.length > 0
          ? 'missing-permission'
          : 'refused';
  const message = `permission denied: ${what}`;
  return new TRPCError({
    code: 'FORBIDDEN',
    message,
    cause: new GuardDenialError(message, { reason, needs }),
  });
}
