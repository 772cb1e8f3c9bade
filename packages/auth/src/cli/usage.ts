import { type AppTables, NotFoundError, type Registry, type Within, within } from '@warden/authz';
import { PERMS_USAGE } from '@warden/authz/internal';

// What the `warden` commands take: their usage, and the arguments they parse beyond flags.

export const WARDEN_USAGE = `usage: warden <command>
       migrate                  apply Warden's migrations (authz's tables, then auth's)
${PERMS_USAGE.replace(/^usage: /, '       ')}
       triggers [--write DIR]   the object-grant cleanup triggers: printed, or written as the
                                next migration of the drizzle-kit folder DIR
       routes                   every procedure of the config's router, its guard and codenames
       createsuperuser --username U [--email E] [--password P]   (else PASSWORD, else a prompt)
       createuser --username U [--email E] [--password P] [--staff]
       changepassword U [--password P]                           (ends U's sessions and tokens)
       creategroup NAME
       addmember USER GROUP [--within APP.MODEL:KEY]              (a role in that scope row)
       removemember USER GROUP [--within APP.MODEL:KEY]
       grant  user|group NAME CODENAME [--object ID | --within APP.MODEL:KEY]
       revoke user|group NAME CODENAME [--object ID | --within APP.MODEL:KEY]
       memberships USER                                          (scope rows and roles)
       members --within APP.MODEL:KEY                            (its members and their roles)
       invite ROLE [ROLE…] --within APP.MODEL:KEY [--email E] [--days D]   (prints a link's token)
       invitations --within APP.MODEL:KEY                        (pending, accepted, expired)
       uninvite ID                                               (withdraws a pending invitation)
       createtoken U [--name N] [--days D]                       (prints the token once)
       why USER CODENAME [ID]                                    (the decision and its reason)`;

/**
 * `--within orgs.organization:5`: a scope row named by its model and key, as `within(table, key)`.
 * A model that is none is an UnknownCodenameError's cousin: said plainly, exit 1.
 */
export function scopeFlag(registry: Registry<AppTables, string>, value: string): Within {
  const match = /^([a-z][a-z0-9_]*)\.([a-z0-9_]+):(.+)$/.exec(value);
  const model =
    match && registry.models.find((m) => m.appLabel === match[1] && m.model === match[2]);
  if (!match?.[3] || !model)
    throw new NotFoundError(
      `--within names a scope row as APP.MODEL:KEY of a registered model (got '${value}')`,
    );
  return within(model.table, match[3]);
}

/** What `routes` reads of a tRPC router (any app's `AppRouter` is one). */
export interface RouterLike {
  readonly _def: { readonly procedures: object };
}

export const NO_APP_TRIGGERS =
  "-- no tables of the app are registered: authz's migrations have the triggers of its own";
