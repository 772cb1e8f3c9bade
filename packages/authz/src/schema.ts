import { sql } from 'drizzle-orm';
import {
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
  varchar,
} from 'drizzle-orm/pg-core';

// The tables of Django's contrib.auth (+ contenttypes, + guardian's object grants), owned by authz.
// Every grant row references its user/group and permission with ON DELETE CASCADE, so deleting any
// of them leaves no orphan grant. Plain pgTable only: the SQL name is a literal in the types, and
// the codename registry derives model names from it.

export const user = pgTable(
  'auth_user',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    username: varchar('username', { length: 150 }).notNull(),
    email: varchar('email', { length: 254 }).notNull().default(''),
    /** A PHC-format hash (argon2id), or a Django `pbkdf2_sha256$…` hash; '' = unusable password. */
    password: text('password').notNull().default(''),
    isActive: boolean('is_active').notNull().default(true),
    isStaff: boolean('is_staff').notNull().default(false),
    isSuperuser: boolean('is_superuser').notNull().default(false),
    dateJoined: timestamp('date_joined', { withTimezone: true }).notNull().defaultNow(),
    lastLogin: timestamp('last_login', { withTimezone: true }),
  },
  (t) => [
    unique('auth_user_username_key').on(t.username),
    // Unique regardless of case as well: `Admin` beside `admin` read as one person in
    // the audit log and the admin pages. Login still matches the name exactly, as Django's does.
    uniqueIndex('auth_user_username_lower_key').on(sql`lower(${t.username})`),
  ],
);

export const group = pgTable(
  'auth_group',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    name: varchar('name', { length: 150 }).notNull(),
  },
  (t) => [unique('auth_group_name_key').on(t.name)],
);

/** Django's `django_content_type`: one row per registered model. */
export const contentType = pgTable(
  'auth_content_type',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    appLabel: varchar('app_label', { length: 100 }).notNull(),
    model: varchar('model', { length: 100 }).notNull(),
  },
  (t) => [unique('auth_content_type_app_label_model_key').on(t.appLabel, t.model)],
);

export const permission = pgTable(
  'auth_permission',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    contentTypeId: integer('content_type_id')
      .notNull()
      .references(() => contentType.id, { onDelete: 'cascade' }),
    /** The part after the dot: `add_choice`, `can_vote`. */
    codename: varchar('codename', { length: 100 }).notNull(),
    /** Human name: "Can add choice". */
    name: varchar('name', { length: 255 }).notNull(),
  },
  (t) => [unique('auth_permission_content_type_id_codename_key').on(t.contentTypeId, t.codename)],
);

export const userGroup = pgTable(
  'auth_user_groups',
  {
    userId: integer('user_id')
      .notNull()
      .references(() => user.id, { onDelete: 'cascade' }),
    groupId: integer('group_id')
      .notNull()
      .references(() => group.id, { onDelete: 'cascade' }),
  },
  (t) => [
    primaryKey({ name: 'auth_user_groups_pkey', columns: [t.userId, t.groupId] }),
    index('auth_user_groups_group_id_idx').on(t.groupId),
  ],
);

export const userPermission = pgTable(
  'auth_user_user_permissions',
  {
    userId: integer('user_id')
      .notNull()
      .references(() => user.id, { onDelete: 'cascade' }),
    permissionId: integer('permission_id')
      .notNull()
      .references(() => permission.id, { onDelete: 'cascade' }),
  },
  (t) => [
    primaryKey({ name: 'auth_user_user_permissions_pkey', columns: [t.userId, t.permissionId] }),
    index('auth_user_user_permissions_permission_id_idx').on(t.permissionId),
  ],
);

export const groupPermission = pgTable(
  'auth_group_permissions',
  {
    groupId: integer('group_id')
      .notNull()
      .references(() => group.id, { onDelete: 'cascade' }),
    permissionId: integer('permission_id')
      .notNull()
      .references(() => permission.id, { onDelete: 'cascade' }),
  },
  (t) => [
    primaryKey({ name: 'auth_group_permissions_pkey', columns: [t.groupId, t.permissionId] }),
    index('auth_group_permissions_permission_id_idx').on(t.permissionId),
  ],
);

// Object grants (django-guardian). The content type is implied by the permission, so it is not
// repeated. `object_pk` is text so any primary key type fits; the (permission_id, object_pk) index
// serves both "may u do p on o?" and "which objects may u do p on?".
export const userObjectPermission = pgTable(
  'auth_user_object_permission',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    userId: integer('user_id')
      .notNull()
      .references(() => user.id, { onDelete: 'cascade' }),
    permissionId: integer('permission_id')
      .notNull()
      .references(() => permission.id, { onDelete: 'cascade' }),
    objectPk: text('object_pk').notNull(),
  },
  (t) => [
    unique('auth_user_object_permission_key').on(t.userId, t.permissionId, t.objectPk),
    index('auth_user_object_permission_perm_obj_idx').on(t.permissionId, t.objectPk),
  ],
);

export const groupObjectPermission = pgTable(
  'auth_group_object_permission',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    groupId: integer('group_id')
      .notNull()
      .references(() => group.id, { onDelete: 'cascade' }),
    permissionId: integer('permission_id')
      .notNull()
      .references(() => permission.id, { onDelete: 'cascade' }),
    objectPk: text('object_pk').notNull(),
  },
  (t) => [
    unique('auth_group_object_permission_key').on(t.groupId, t.permissionId, t.objectPk),
    index('auth_group_object_permission_perm_obj_idx').on(t.permissionId, t.objectPk),
  ],
);

// Scopes: grants on a parent row, and memberships of one. A row of `scope_type` (a content type:
// the parent's model) with key `scope_pk` (text, as object grants') is the root of a subtree: a
// permission granted there covers every descendant row, and a member holds their role's (a group's)
// model grants within it. The indexes serve "which rows of this model does u hold p under?".
export const userScopePermission = pgTable(
  'auth_user_scope_permission',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    userId: integer('user_id')
      .notNull()
      .references(() => user.id, { onDelete: 'cascade' }),
    permissionId: integer('permission_id')
      .notNull()
      .references(() => permission.id, { onDelete: 'cascade' }),
    scopeTypeId: integer('scope_type_id')
      .notNull()
      .references(() => contentType.id, { onDelete: 'cascade' }),
    scopePk: text('scope_pk').notNull(),
  },
  (t) => [
    unique('auth_user_scope_permission_key').on(t.userId, t.permissionId, t.scopeTypeId, t.scopePk),
    index('auth_user_scope_permission_scope_idx').on(t.scopeTypeId, t.scopePk),
  ],
);

export const groupScopePermission = pgTable(
  'auth_group_scope_permission',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    groupId: integer('group_id')
      .notNull()
      .references(() => group.id, { onDelete: 'cascade' }),
    permissionId: integer('permission_id')
      .notNull()
      .references(() => permission.id, { onDelete: 'cascade' }),
    scopeTypeId: integer('scope_type_id')
      .notNull()
      .references(() => contentType.id, { onDelete: 'cascade' }),
    scopePk: text('scope_pk').notNull(),
  },
  (t) => [
    unique('auth_group_scope_permission_key').on(
      t.groupId,
      t.permissionId,
      t.scopeTypeId,
      t.scopePk,
    ),
    index('auth_group_scope_permission_scope_idx').on(t.scopeTypeId, t.scopePk),
  ],
);

/** A user's role in a scope row (an organization): the group's model grants, within its subtree. */
export const membership = pgTable(
  'auth_membership',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    userId: integer('user_id')
      .notNull()
      .references(() => user.id, { onDelete: 'cascade' }),
    /** The role. */
    groupId: integer('group_id')
      .notNull()
      .references(() => group.id, { onDelete: 'cascade' }),
    scopeTypeId: integer('scope_type_id')
      .notNull()
      .references(() => contentType.id, { onDelete: 'cascade' }),
    scopePk: text('scope_pk').notNull(),
  },
  (t) => [
    unique('auth_membership_key').on(t.userId, t.scopeTypeId, t.scopePk, t.groupId),
    index('auth_membership_scope_idx').on(t.scopeTypeId, t.scopePk),
    index('auth_membership_group_idx').on(t.groupId),
  ],
);

// Invitations to a scope row (an organization) with roles: a link whose token is shown once and
// stored as its SHA-256 only, expiring, and used at most once (`accepted_at`). Whoever holds the
// link may accept it, as with any invitation link; the sender's authority is checked again then.
export const invitation = pgTable(
  'auth_invitation',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    /** SHA-256 of the token, as hex. */
    tokenHash: text('token_hash').notNull().unique(),
    scopeTypeId: integer('scope_type_id')
      .notNull()
      .references(() => contentType.id, { onDelete: 'cascade' }),
    scopePk: text('scope_pk').notNull(),
    /** The sender; null for the operator (CLI). A deleted sender's invitations go with them. */
    invitedBy: integer('invited_by').references(() => user.id, { onDelete: 'cascade' }),
    /** Whom it is for, as the sender said (the app may mail the link there): not checked. */
    email: text('email').notNull().default(''),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    acceptedBy: integer('accepted_by').references(() => user.id, { onDelete: 'set null' }),
  },
  (t) => [index('auth_invitation_scope_idx').on(t.scopeTypeId, t.scopePk)],
);

/** The roles (groups) an invitation gives; a deleted group leaves the invitations it was in. */
export const invitationRole = pgTable(
  'auth_invitation_role',
  {
    invitationId: integer('invitation_id')
      .notNull()
      .references(() => invitation.id, { onDelete: 'cascade' }),
    groupId: integer('group_id')
      .notNull()
      .references(() => group.id, { onDelete: 'cascade' }),
  },
  (t) => [
    primaryKey({ columns: [t.invitationId, t.groupId] }),
    index('auth_invitation_role_group_idx').on(t.groupId),
  ],
);

// Who changed which permissions: one row per change to users, groups, memberships and grants,
// written by the grants API in the change's own transaction (so a rolled-back change leaves no
// row, and no change is left without one). No foreign keys: the record outlives what it names.
export const AUDIT_ACTIONS = [
  'create-user',
  'update-user',
  'set-password',
  'create-group',
  'delete-group',
  'add-member',
  'remove-member',
  'grant',
  'revoke',
  'invite',
  'uninvite',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const auditLog = pgTable(
  'auth_audit_log',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    /** The acting user's id; null for the operator (CLI, seeds). */
    actorId: integer('actor_id'),
    /** `ann`, or `operator:cli`: readable after the user is gone. */
    actor: varchar('actor', { length: 160 }).notNull(),
    /** How the actor came: `session`, `token`, `cli`, or `app` (code calling the API directly). */
    via: varchar('via', { length: 20 }).notNull(),
    action: varchar('action', { length: 20 }).$type<AuditAction>().notNull(),
    targetUserId: integer('target_user_id'),
    targetGroupId: integer('target_group_id'),
    codename: varchar('codename', { length: 201 }),
    objectPk: text('object_pk'),
    /** The scope row of a scoped grant or membership: `orgs.organization:5`. */
    scope: text('scope'),
    before: jsonb('before'),
    after: jsonb('after'),
  },
  (t) => [
    index('auth_audit_log_at_idx').on(t.at),
    index('auth_audit_log_target_user_idx').on(t.targetUserId),
    index('auth_audit_log_actor_idx').on(t.actorId),
  ],
);
