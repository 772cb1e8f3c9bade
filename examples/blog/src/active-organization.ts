import { TRPCError } from '@trpc/server';
import { type Within, within } from '@warden/authz';
import { organization } from './schema.js';

/**
 * The request header naming the organization a request acts in, `blog.organization:<id>`: the
 * spelling of `warden … --within` and of `authz.memberships(user)`'s `scope`, so a client sends
 * back what `me` lists.
 */
export const ACTIVE_ORGANIZATION_HEADER = 'x-warden-scope';

// An int4 id, as the column is: a longer one could only be a mistake, and must not reach SQL.
const PATTERN = /^blog\.organization:([1-9]\d{0,9})$/;
const INT4_MAX = 2_147_483_647;

/**
 * The tRPC context's `scope`: none without the header, the organization it names, and a 400 for
 * anything else (a typo must not silently act nowhere). Naming an organization grants nothing by
 * itself: what the user holds there is what the guards count.
 */
export function activeOrganization(header: string | undefined): Within | null {
  if (header === undefined || header === '') return null;
  const id = PATTERN.exec(header)?.[1];
  if (id === undefined || Number(id) > INT4_MAX) {
    throw new TRPCError({
      code: 'BAD_REQUEST',
      message: `${ACTIVE_ORGANIZATION_HEADER} must be blog.organization:<id>`,
    });
  }
  return within(organization, Number(id));
}
