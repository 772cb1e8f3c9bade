import type { SessionUser } from '@warden/auth';
import { asc, inArray } from 'drizzle-orm';
import type { ApiContext } from '../trpc.js';
import { organization } from './tables.js';

/**
 * The organizations the user is a member of, with their roles there: what the client's
 * organization switcher offers. Two statements (the memberships, then the organizations' names).
 */
export async function organizationsOf(
  ctx: Pick<ApiContext, 'authz' | 'db'>,
  user: SessionUser,
): Promise<Array<{ id: number; name: string; roles: readonly string[] }>> {
  const memberships = (await ctx.authz.memberships(user)).filter(
    (m) => m.appLabel === 'orgs' && m.model === 'organization',
  );
  if (memberships.length === 0) return [];
  const roles = new Map(memberships.map((m) => [Number(m.key), m.roles]));
  const rows = await ctx.db
    .select({ id: organization.id, name: organization.name })
    .from(organization)
    .where(inArray(organization.id, [...roles.keys()]))
    .orderBy(asc(organization.name));
  return rows.map((row) => ({ ...row, roles: roles.get(row.id) ?? [] }));
}
