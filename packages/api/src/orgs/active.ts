import type { Within } from '@warden/authz';
import { SCOPE_HEADER, scopeFromHeader } from '@warden/authz/trpc';
import { registry } from '../registry.js';
import { organization } from './tables.js';

/** The request header naming the organization a request acts in: `orgs.organization:5`. */
export const ACTIVE_SCOPE_HEADER = SCOPE_HEADER;

/**
 * The active organization a request names, as the scope its guards answer in (`ctx.scope`): none
 * without the header, a 400 for one that is not `orgs.organization:<id>` (an id in int4's range).
 * Naming an organization grants nothing by itself: what the user holds there is what counts.
 */
export const activeScope = (header: string | undefined): Within | null =>
  scopeFromHeader(registry, organization, header);
