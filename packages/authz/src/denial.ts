// What a refusal says as data, for clients: a guard's refusal in tRPC's error shape
// (`data.denial`, from `denialFormatter`), and `@warden/auth`'s CSRF refusal in its envelope. The
// error's message stays a sentence for people and logs; a client reads this instead of parsing it.
// Import-free: the browser entry (`client.ts`) re-exports it.

/**
 * Why a request was refused:
 * - `not-authenticated`: no active user (anonymous, or inactive), and the guard needs one (401);
 * - `not-staff`: the guard's class needs a staff user (`isAdminUser`, alone or under `and`);
 * - `missing-permission`: the user lacks a codename the call asks for (`needs` names them);
 * - `denied-on-object`: the model level passed, the object check did not (the object is visible);
 * - `refused`: the class said no for a reason of its own (a custom check, `not(…)`);
 * - `csrf`: a cookie-carrying unsafe request failed the CSRF check (reload the page for a token).
 */
export const DENIAL_REASONS = [
  'not-authenticated',
  'not-staff',
  'missing-permission',
  'denied-on-object',
  'refused',
  'csrf',
] as const;
export type DenialReason = (typeof DENIAL_REASONS)[number];

/** A refusal as data: its reason and the codenames that would let the call pass. */
export interface Denial<C extends string = string> {
  readonly reason: DenialReason;
  /**
   * The codenames the call asks for (its class's `requires`) that the user does not hold
   * model-wide; for `not-authenticated`, all of them. Under `or` one of them may be enough; for
   * `denied-on-object`, a grant on that object is. Empty when no codename is missing (a staff
   * flag, ownership, a custom check).
   */
  readonly needs: readonly C[];
}
