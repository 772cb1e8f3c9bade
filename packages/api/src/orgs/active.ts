import { TRPCError } from '@trpc/server';
import { type Within, within } from '@warden/authz';
import { organization } from './tables.js';

/** The request header naming the organization a request acts in: `orgs.organization:5`. */
export const ACTIVE_SCOPE_HEADER = 'x-warden-scope';

const PATTERN = /^orgs\.organization:([1-9]\d{0,9})$/;

/**
 * The active organization a request names, as the scope its guards answer in (`ctx.scope`): none
 * without the header, a 400 for one that is not `orgs.organization:<id>` (an id in int4's range).
 * Naming an organization grants nothing by itself: what the user holds there is what counts.
 */
export function activeScope(header: string | undefined): Within | null {
  if (header === undefined || header === '') return null;
  const id = PATTERN.exec(header)?.[1];
  if (id === undefined || Number(id) > 2_147_483_647) {
    throw new TRPCError({
      code: 'BAD_REQUEST',
      message: `${ACTIVE_SCOPE_HEADER} must be orgs.organization:<id> (got a value that is not)`,
    });
  }
  return within(organization, Number(id));
}
