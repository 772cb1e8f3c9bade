import type { AnyPgDatabase } from '@warden/authz';
import { createAuthz, createGrants, defineModels, syncPermissions } from '@warden/authz';
import { group, permission, user } from '@warden/authz/schema';
import { sql } from 'drizzle-orm';
import { integer, pgTable } from 'drizzle-orm/pg-core';

// Scopes for the credential cache's tests: organization → project → task. Organization o has
// projects 2o-1 and 2o; tasks are only there to make projects a scope.

export const organization = pgTable('orgs_organization', {
  id: integer('id').primaryKey(),
});
export const project = pgTable('orgs_project', {
  id: integer('id').primaryKey(),
  orgId: integer('org_id')
    .notNull()
    .references(() => organization.id, { onDelete: 'cascade' }),
});

export const task = pgTable('orgs_task', {
  id: integer('id').primaryKey(),
  projectId: integer('project_id')
    .notNull()
    .references(() => project.id, { onDelete: 'cascade' }),
});

export const scopedRegistry = defineModels(
  { auth: { user, group, permission }, orgs: { organization, project, task } },
  {
    scopes: {
      'orgs.project': { parent: 'orgs.organization', via: 'orgId' },
      'orgs.task': { parent: 'orgs.project', via: 'projectId' },
    },
  },
);

/** The tables, three organizations and their projects, the permissions and cleanup triggers. */
export async function setUpScoped(db: AnyPgDatabase) {
  await db.execute(sql`create table orgs_organization (id integer primary key)`);
  await db.execute(sql`create table orgs_project (id integer primary key,
    org_id integer not null references orgs_organization (id) on delete cascade)`);
  await db.execute(sql`create table orgs_task (id integer primary key,
    project_id integer not null references orgs_project (id) on delete cascade)`);
  await db.execute(sql`insert into orgs_organization select generate_series(1, 3)`);
  await db.execute(
    sql`insert into orgs_project select p, (p + 1) / 2 from generate_series(1, 6) p`,
  );
  await syncPermissions(db, scopedRegistry, { triggers: 'install' });
  return {
    authz: createAuthz({ db, registry: scopedRegistry }),
    grants: createGrants({ db, registry: scopedRegistry }),
  };
}
