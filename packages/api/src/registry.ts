import { defineModels } from '@warden/authz';
import { group, permission, user } from '@warden/authz/schema';
import { organization } from './orgs/tables.js';
import { choice, pollOption, question } from './polls/tables.js';
import { product } from './shop/tables.js';

/**
 * The application's permission registry: the auth tables as app `auth` (what Django admin guards
 * with `auth.change_user`, …), the two example apps, and the organizations the shop's products
 * belong to.
 */
export const apps = {
  auth: { user, group, permission },
  orgs: { organization },
  polls: { question, choice, pollOption },
  shop: { product },
} as const;
export type Apps = typeof apps;

export const registry = defineModels(apps, {
  permissions: {
    'polls.question': { can_vote: 'Can vote' },
    // An organization's own admins: held within it (their role's grant), it lets them manage its
    // members, their roles and invitations there (packages/api/src/orgs/admin-router.ts).
    'orgs.organization': { manage_members: 'Can manage members and invitations' },
  },
  // Owners change and delete their products: the escalation rules count that as held, and the
  // owner classes of the shop read the column from here.
  owners: { 'shop.product': 'ownerId' },
  // A product's organization is its parent: a grant within an organization, or a membership of it
  // with a role (a group), reaches the organization's products and no others.
  scopes: { 'shop.product': { parent: 'orgs.organization', via: 'orgId' } },
});
export type Codename = typeof registry.$codename;
