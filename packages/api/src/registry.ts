import { defineModels } from '@warden/authz';
import { group, permission, user } from '@warden/authz/schema';
import { choice, pollOption, question } from './polls/tables.js';
import { product } from './shop/tables.js';

/**
 * The application's permission registry: the auth tables as app `auth` (what Django admin guards
 * with `auth.change_user`, …) and the two example apps.
 */
export const apps = {
  auth: { user, group, permission },
  polls: { question, choice, pollOption },
  shop: { product },
} as const;
export type Apps = typeof apps;

export const registry = defineModels(apps, {
  permissions: { 'polls.question': { can_vote: 'Can vote' } },
  // Owners change and delete their products: the escalation rules count that as held, and the
  // owner classes of the shop read the column from here.
  owners: { 'shop.product': 'ownerId' },
});
export type Codename = typeof registry.$codename;
