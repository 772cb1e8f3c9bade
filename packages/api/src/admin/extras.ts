import { router } from '../trpc.js';
import { groupMembers } from './group-members.js';
import { objectGrants } from './object-grants.js';

/**
 * Admin reads the web admin needs beyond `admin/router.ts`, merged into `admin` by `../router.ts`
 * (kept apart so that file's procedures and inputs stay as they are).
 */
export const adminExtrasRouter = router({ groupMembers, objectGrants });
