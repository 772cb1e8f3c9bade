CREATE TABLE "auth_invitation" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "auth_invitation_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"token_hash" text NOT NULL,
	"scope_type_id" integer NOT NULL,
	"scope_pk" text NOT NULL,
	"invited_by" integer,
	"email" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"accepted_at" timestamp with time zone,
	"accepted_by" integer,
	CONSTRAINT "auth_invitation_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "auth_invitation_role" (
	"invitation_id" integer NOT NULL,
	"group_id" integer NOT NULL,
	CONSTRAINT "auth_invitation_role_invitation_id_group_id_pk" PRIMARY KEY("invitation_id","group_id")
);
--> statement-breakpoint
ALTER TABLE "auth_invitation" ADD CONSTRAINT "auth_invitation_scope_type_id_auth_content_type_id_fk" FOREIGN KEY ("scope_type_id") REFERENCES "public"."auth_content_type"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "auth_invitation" ADD CONSTRAINT "auth_invitation_invited_by_auth_user_id_fk" FOREIGN KEY ("invited_by") REFERENCES "public"."auth_user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "auth_invitation" ADD CONSTRAINT "auth_invitation_accepted_by_auth_user_id_fk" FOREIGN KEY ("accepted_by") REFERENCES "public"."auth_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "auth_invitation_role" ADD CONSTRAINT "auth_invitation_role_invitation_id_auth_invitation_id_fk" FOREIGN KEY ("invitation_id") REFERENCES "public"."auth_invitation"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "auth_invitation_role" ADD CONSTRAINT "auth_invitation_role_group_id_auth_group_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."auth_group"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "auth_invitation_scope_idx" ON "auth_invitation" USING btree ("scope_type_id","scope_pk");--> statement-breakpoint
CREATE INDEX "auth_invitation_role_group_idx" ON "auth_invitation_role" USING btree ("group_id");--> statement-breakpoint
-- The cleanup trigger's function (0002, 0004, 0005), now also ending the pending invitations to a
-- deleted scope row: a row that later gets the same key must not be joined through them.
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
  with gone as (
    delete from auth_invitation where scope_type_id = scope_type and scope_pk = key
      and accepted_at is null
    returning id, email
  )
  insert into auth_audit_log (actor, via, action, scope, before)
  select 'database:' || current_user, 'trigger', 'uninvite', scope,
         deleted || jsonb_build_object('invitation', gone.id, 'email', gone.email)
  from gone order by gone.id;
  return OLD;
end $$;
