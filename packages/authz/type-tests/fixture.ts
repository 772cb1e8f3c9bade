// The app every type test checks against: Django's tutorial app `polls` (with a custom permission)
// beside authz's own tables as app `auth`, the registry an adopter writes in getting-started.
// Compile-only: nothing here runs, so the database is only declared.
import { integer, pgTable, text } from 'drizzle-orm/pg-core';
import { createAuthz } from '../src/authz.js';
import { heldPermissions } from '../src/client.js';
import { createGrants } from '../src/grants.js';
import { defineModels } from '../src/registry.js';
import { group, permission, user } from '../src/schema.js';
import { permissionClasses } from '../src/trpc/classes.js';
import type { AnyPgDatabase, AuthUser } from '../src/types.js';

export const question = pgTable('polls_question', {
  id: integer('id').primaryKey(),
  text: text('text').notNull(),
});
export const choice = pgTable('polls_choice', {
  id: integer('id').primaryKey(),
  votes: integer('votes').notNull(),
});

export const registry = defineModels(
  { auth: { user, group, permission }, polls: { question, choice } },
  { permissions: { 'polls.question': { can_vote: 'Can vote' } } },
);
export type Codename = typeof registry.$codename;

declare const db: AnyPgDatabase;
export const authz = createAuthz({ db, registry });
export const grants = createGrants({ db, registry });
export const classes = permissionClasses(registry);
export const held = heldPermissions<Codename>([]);
export const me: AuthUser = { id: 1, isActive: true, isSuperuser: false };
