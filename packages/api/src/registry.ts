import { defineModels } from '@warden/authz';
import { group, permission, user } from '@warden/authz/schema';

/**
 * The application's permission registry. The auth tables take part as app `auth` (Django admin's
 * `auth.change_user`, …); the example apps join here as they are added.
 */
export const registry = defineModels({ auth: { user, group, permission } });
export type Codename = typeof registry.$codename;
