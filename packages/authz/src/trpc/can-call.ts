import type { AuthUser } from '../types.js';
import { defOf, guardsOf, publicReason } from './guards.js';
import type { PermissionSource } from './middleware.js';
import type { PermissionRequest, ProcedureKind } from './permission-class.js';

/**
 * "May this user call these procedures?" — each procedure's model-level checks (its guards'
 * `hasPermission`, all of them) for the user; `null` for an unknown path, `true` for a procedure
 * marked `publicAccess`, and `false` for one that is neither guarded nor public (fail closed).
 * Object checks need the object and stay with the call itself.
 */
export async function canCall<C extends string>(
  router: { _def: { procedures: object } },
  authz: PermissionSource<C>,
  rawUser: AuthUser | null | undefined,
  paths: readonly string[],
): Promise<Record<string, boolean | null>> {
  const user = rawUser?.isActive === true ? rawUser : null;
  const perms = await authz.load(user);
  const procedures = new Map(Object.entries(router._def.procedures));
  const answers: Record<string, boolean | null> = {};
  for (const path of paths) {
    const procedure = procedures.get(path);
    const def = defOf(procedure);
    if (def === undefined || !('type' in def) || !isKind(def.type)) {
      answers[path] = null;
      continue;
    }
    const req: PermissionRequest<C> = {
      user,
      type: def.type,
      perms,
      hasObjectPerm: (codename, object) => authz.hasPermOn(user, codename, object),
    };
    const classes = guardsOf(procedure);
    let allowed = classes.length > 0 || publicReason(procedure) !== undefined;
    for (const cls of classes) allowed = allowed && (await cls.hasPermission(req));
    answers[path] = allowed;
  }
  return answers;
}

const isKind = (value: unknown): value is ProcedureKind =>
  value === 'query' || value === 'mutation' || value === 'subscription';
