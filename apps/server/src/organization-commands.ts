import { schema } from '@warden/api';
import type { AnyPgDatabase } from '@warden/authz';
import { asc } from 'drizzle-orm';

// The demo's organizations from the command line. An organization is the app's own row (Warden
// knows it only as a scope): creating and listing them is the app's command, as Django's
// `manage.py` gets an app's own commands. Members, roles and invitations are Warden's (`addmember
// … --within orgs.organization:ID`, `members`, `invite`, `invitations`).

export const ORGANIZATION_COMMANDS = ['organizations', 'createorganization'] as const;

export const ORGANIZATION_USAGE = `       organizations            (each with its id, for --within orgs.organization:ID)
       createorganization NAME`;

/** Runs an organization command; the exit code (2: a usage mistake). */
export async function runOrganizationCommand(
  args: readonly string[],
  db: AnyPgDatabase,
  out: (line: string) => void,
): Promise<number> {
  const [command, name] = args;
  if (command === 'organizations') {
    const rows = await db.select().from(schema.organization).orderBy(asc(schema.organization.name));
    for (const row of rows) out(`${row.id}  ${row.name}`);
    if (rows.length === 0) out('no organizations');
    return 0;
  }
  const trimmed = name?.trim() ?? '';
  if (trimmed === '' || trimmed.length > 200) {
    out('error: createorganization needs a NAME (1 to 200 characters)');
    return 2;
  }
  const [row] = await db
    .insert(schema.organization)
    .values({ name: trimmed })
    .onConflictDoNothing()
    .returning({ id: schema.organization.id });
  if (row === undefined) {
    out(`error: organization '${trimmed}' exists`);
    return 1;
  }
  out(
    `organization '${trimmed}' created (id ${row.id}): add members with --within orgs.organization:${row.id}`,
  );
  return 0;
}
