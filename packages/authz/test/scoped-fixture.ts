import { sql } from 'drizzle-orm';
import { integer, pgTable, text } from 'drizzle-orm/pg-core';
import { createAuthz } from '../src/authz.js';
import { createGrants } from '../src/grants.js';
import { defineModels } from '../src/registry.js';
import { group, permission, user } from '../src/schema.js';
import { syncPermissions } from '../src/sync.js';
import type { AnyPgDatabase } from '../src/types.js';

// Three levels of scope: organization → project → task. Organization o has projects 2o-1 and 2o,
// project p has tasks 2p-1 and 2p, so organization 1 holds projects 1–2 and tasks 1–4.

export const organization = pgTable('orgs_organization', {
  id: integer('id').primaryKey(),
  name: text('name').notNull(),
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
  /** Something to rename: the matrix's update (test/scoped-matrix.test.ts) writes it. */
  title: text('title'),
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
export type ScopedCodename = typeof scopedRegistry.$codename;

export const ORGS = 3;

export async function setUpScoped(db: AnyPgDatabase) {
  await db.execute(
    sql`create table orgs_organization (id integer primary key, name text not null)`,
  );
  await db.execute(sql`create table orgs_project (id integer primary key,
    org_id integer not null references orgs_organization (id) on delete cascade)`);
  await db.execute(sql`create table orgs_task (id integer primary key,
    project_id integer not null references orgs_project (id) on delete cascade, title text)`);
  await db.execute(sql`create index on orgs_project (org_id)`);
  await db.execute(sql`create index on orgs_task (project_id)`);
  await db.execute(
    sql`insert into orgs_organization select o, 'org ' || o from generate_series(1, ${ORGS}) o`,
  );
  await db.execute(
    sql`insert into orgs_project select p, (p + 1) / 2 from generate_series(1, ${ORGS * 2}) p`,
  );
  await db.execute(
    sql`insert into orgs_task select t, (t + 1) / 2 from generate_series(1, ${ORGS * 4}) t`,
  );
  await syncPermissions(db, scopedRegistry, { triggers: 'install' });
  return {
    authz: createAuthz({ db, registry: scopedRegistry }),
    grants: createGrants({ db, registry: scopedRegistry }),
  };
}
