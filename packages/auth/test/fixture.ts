import type { AnyPgDatabase } from '@warden/authz';
import { createGrants, defineModels, syncPermissions } from '@warden/authz';
import { group, permission, user } from '@warden/authz/schema';

export const registry = defineModels({ auth: { user, group, permission } });

/** A settable clock for expiry tests. */
export function testClock(start = new Date('2026-01-01T00:00:00Z')) {
  let at = start.getTime();
  return {
    now: () => new Date(at),
    advance: (ms: number) => {
      at += ms;
    },
  };
}

export async function seedUsers(db: AnyPgDatabase) {
  await syncPermissions(db, registry, { triggers: 'install' });
  const grants = createGrants({ db, registry });
  return { grants };
}
