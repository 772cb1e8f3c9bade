-- Object grants name rows by key, so no foreign key can cascade: a trigger on each registered table
-- deletes the grants of a deleted row (objectGrantCleanupSql writes an app's triggers; these are
-- authz's own tables', registered under app label 'auth'). TG_ARGV: the app label and model of the
-- table the trigger is on, and its key column.
create or replace function auth_delete_object_grants() returns trigger language plpgsql as $$
declare
  key text;
begin
  execute format('select ($1).%I::text', TG_ARGV[2]) using OLD into key;
  delete from auth_user_object_permission where object_pk = key and permission_id in
    (select p.id from auth_permission p join auth_content_type ct on ct.id = p.content_type_id
     where ct.app_label = TG_ARGV[0] and ct.model = TG_ARGV[1]);
  delete from auth_group_object_permission where object_pk = key and permission_id in
    (select p.id from auth_permission p join auth_content_type ct on ct.id = p.content_type_id
     where ct.app_label = TG_ARGV[0] and ct.model = TG_ARGV[1]);
  return OLD;
end $$;
--> statement-breakpoint
create or replace trigger "auth_user_auth_object_grants" after delete on "public"."auth_user"
  for each row execute function auth_delete_object_grants('auth', 'user', 'id');
--> statement-breakpoint
create or replace trigger "auth_group_auth_object_grants" after delete on "public"."auth_group"
  for each row execute function auth_delete_object_grants('auth', 'group', 'id');
--> statement-breakpoint
create or replace trigger "auth_permission_auth_object_grants" after delete on "public"."auth_permission"
  for each row execute function auth_delete_object_grants('auth', 'permission', 'id');
