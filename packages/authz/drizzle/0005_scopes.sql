-- Scopes: grants on a parent row (auth_user_scope_permission, auth_group_scope_permission) and
-- memberships of one with a role (auth_membership); the audit log records the scope of a change.
CREATE TABLE "auth_group_scope_permission" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "auth_group_scope_permission_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"group_id" integer NOT NULL,
	"permission_id" integer NOT NULL,
	"scope_type_id" integer NOT NULL,
	"scope_pk" text NOT NULL,
	CONSTRAINT "auth_group_scope_permission_key" UNIQUE("group_id","permission_id","scope_type_id","scope_pk")
);
--> statement-breakpoint
CREATE TABLE "auth_membership" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "auth_membership_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"user_id" integer NOT NULL,
	"group_id" integer NOT NULL,
	"scope_type_id" integer NOT NULL,
	"scope_pk" text NOT NULL,
	CONSTRAINT "auth_membership_key" UNIQUE("user_id","scope_type_id","scope_pk","group_id")
);
--> statement-breakpoint
CREATE TABLE "auth_user_scope_permission" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "auth_user_scope_permission_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"user_id" integer NOT NULL,
	"permission_id" integer NOT NULL,
	"scope_type_id" integer NOT NULL,
	"scope_pk" text NOT NULL,
	CONSTRAINT "auth_user_scope_permission_key" UNIQUE("user_id","permission_id","scope_type_id","scope_pk")
);
--> statement-breakpoint
ALTER TABLE "auth_audit_log" ADD COLUMN "scope" text;--> statement-breakpoint
ALTER TABLE "auth_group_scope_permission" ADD CONSTRAINT "auth_group_scope_permission_group_id_auth_group_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."auth_group"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "auth_group_scope_permission" ADD CONSTRAINT "auth_group_scope_permission_permission_id_auth_permission_id_fk" FOREIGN KEY ("permission_id") REFERENCES "public"."auth_permission"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "auth_group_scope_permission" ADD CONSTRAINT "auth_group_scope_permission_scope_type_id_auth_content_type_id_fk" FOREIGN KEY ("scope_type_id") REFERENCES "public"."auth_content_type"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "auth_membership" ADD CONSTRAINT "auth_membership_user_id_auth_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."auth_user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "auth_membership" ADD CONSTRAINT "auth_membership_group_id_auth_group_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."auth_group"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "auth_membership" ADD CONSTRAINT "auth_membership_scope_type_id_auth_content_type_id_fk" FOREIGN KEY ("scope_type_id") REFERENCES "public"."auth_content_type"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "auth_user_scope_permission" ADD CONSTRAINT "auth_user_scope_permission_user_id_auth_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."auth_user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "auth_user_scope_permission" ADD CONSTRAINT "auth_user_scope_permission_permission_id_auth_permission_id_fk" FOREIGN KEY ("permission_id") REFERENCES "public"."auth_permission"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "auth_user_scope_permission" ADD CONSTRAINT "auth_user_scope_permission_scope_type_id_auth_content_type_id_fk" FOREIGN KEY ("scope_type_id") REFERENCES "public"."auth_content_type"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "auth_group_scope_permission_scope_idx" ON "auth_group_scope_permission" USING btree ("scope_type_id","scope_pk");--> statement-breakpoint
CREATE INDEX "auth_membership_scope_idx" ON "auth_membership" USING btree ("scope_type_id","scope_pk");--> statement-breakpoint
CREATE INDEX "auth_membership_group_idx" ON "auth_membership" USING btree ("group_id");--> statement-breakpoint
CREATE INDEX "auth_user_scope_permission_scope_idx" ON "auth_user_scope_permission" USING btree ("scope_type_id","scope_pk");

--> statement-breakpoint
-- The cleanup trigger's function (0002, 0004), now also ending the scoped grants and memberships of
-- a deleted scope row (an organization gone takes its members' roles and the grants made on it with
-- it: a row that later gets the same key must not inherit them), each with its audit record.
create or replace function auth_delete_object_grants() returns trigger language plpgsql as $$
declare
  key text;
  deleted jsonb := jsonb_build_object('objectDeleted', TG_ARGV[0] || '.' || TG_ARGV[1]);
  scope text;
  scope_type integer;
begin
  execute format('select ($1).%I::text', TG_ARGV[2]) using OLD into key;
  scope := TG_ARGV[0] || '.' || TG_ARGV[1] || ':' || key;
  select id into scope_type from auth_content_type
    where app_label = TG_ARGV[0] and model = TG_ARGV[1];
  with gone as (
    delete from auth_user_object_permission where object_pk = key and permission_id in
      (select p.id from auth_permission p where p.content_type_id = scope_type)
    returning user_id, permission_id
  )
  insert into auth_audit_log (actor, via, action, target_user_id, codename, object_pk, before)
  select 'database:' || current_user, 'trigger', 'revoke', gone.user_id,
         TG_ARGV[0] || '.' || p.codename, key, deleted
  from gone join auth_permission p on p.id = gone.permission_id
  order by gone.user_id, p.codename;
  with gone as (
    delete from auth_group_object_permission where object_pk = key and permission_id in
      (select p.id from auth_permission p where p.content_type_id = scope_type)
    returning group_id, permission_id
  )
  insert into auth_audit_log (actor, via, action, target_group_id, codename, object_pk, before)
  select 'database:' || current_user, 'trigger', 'revoke', gone.group_id,
         TG_ARGV[0] || '.' || p.codename, key, deleted
  from gone join auth_permission p on p.id = gone.permission_id
  order by gone.group_id, p.codename;
  with gone as (
    delete from auth_user_scope_permission where scope_type_id = scope_type and scope_pk = key
    returning user_id, permission_id
  )
  insert into auth_audit_log (actor, via, action, target_user_id, codename, scope, before)
  select 'database:' || current_user, 'trigger', 'revoke', gone.user_id,
         ct.app_label || '.' || p.codename, scope, deleted
  from gone join auth_permission p on p.id = gone.permission_id
    join auth_content_type ct on ct.id = p.content_type_id
  order by gone.user_id, p.codename;
  with gone as (
    delete from auth_group_scope_permission where scope_type_id = scope_type and scope_pk = key
    returning group_id, permission_id
  )
  insert into auth_audit_log (actor, via, action, target_group_id, codename, scope, before)
  select 'database:' || current_user, 'trigger', 'revoke', gone.group_id,
         ct.app_label || '.' || p.codename, scope, deleted
  from gone join auth_permission p on p.id = gone.permission_id
    join auth_content_type ct on ct.id = p.content_type_id
  order by gone.group_id, p.codename;
  with gone as (
    delete from auth_membership where scope_type_id = scope_type and scope_pk = key
    returning user_id, group_id
  )
  insert into auth_audit_log (actor, via, action, target_user_id, target_group_id, scope, before)
  select 'database:' || current_user, 'trigger', 'remove-member', gone.user_id, gone.group_id,
         scope, deleted
  from gone order by gone.user_id, gone.group_id;
  return OLD;
end $$;
