-- Usernames are unique regardless of case (issue 24 #10): `Admin` beside `admin` read as one person
-- in the audit log and the admin pages. A database that already holds names differing only in case
-- cannot take the index, and picking which account keeps its name is not a migration's call: it
-- stops here and names them (the migration runs in one transaction, so nothing of it is applied).
do $$
declare
  clashes text;
begin
  select string_agg(names, '; ' order by names) into clashes from (
    select string_agg(format('%L (id %s)', username, id), ', ' order by id) as names
    from auth_user group by lower(username) having count(*) > 1
  ) as clash;
  if clashes is not null then
    raise exception 'usernames must be unique regardless of case; these differ only in case: %', clashes
      using hint = 'rename all but one of each (update auth_user set username = ''…'' where id = …), then migrate again';
  end if;
end $$;
--> statement-breakpoint
CREATE UNIQUE INDEX "auth_user_username_lower_key" ON "auth_user" USING btree (lower("username"));
--> statement-breakpoint
-- The cleanup trigger's function of 0002, now writing an audit record for each object grant it
-- removes (issue 24 #13: they vanished without one). The trigger cannot know the application's
-- user, so the actor is the database role that deleted the row (`database:app`), `via` is
-- `trigger`, and `before` names the deleted object's model. Every trigger calling it, authz's and
-- the app's, gets the records.
create or replace function auth_delete_object_grants() returns trigger language plpgsql as $$
declare
  key text;
  deleted jsonb := jsonb_build_object('objectDeleted', TG_ARGV[0] || '.' || TG_ARGV[1]);
begin
  execute format('select ($1).%I::text', TG_ARGV[2]) using OLD into key;
  with gone as (
    delete from auth_user_object_permission where object_pk = key and permission_id in
      (select p.id from auth_permission p join auth_content_type ct on ct.id = p.content_type_id
       where ct.app_label = TG_ARGV[0] and ct.model = TG_ARGV[1])
    returning user_id, permission_id
  )
  insert into auth_audit_log (actor, via, action, target_user_id, codename, object_pk, before)
  select 'database:' || current_user, 'trigger', 'revoke', gone.user_id,
         TG_ARGV[0] || '.' || p.codename, key, deleted
  from gone join auth_permission p on p.id = gone.permission_id
  order by gone.user_id, p.codename;
  with gone as (
    delete from auth_group_object_permission where object_pk = key and permission_id in
      (select p.id from auth_permission p join auth_content_type ct on ct.id = p.content_type_id
       where ct.app_label = TG_ARGV[0] and ct.model = TG_ARGV[1])
    returning group_id, permission_id
  )
  insert into auth_audit_log (actor, via, action, target_group_id, codename, object_pk, before)
  select 'database:' || current_user, 'trigger', 'revoke', gone.group_id,
         TG_ARGV[0] || '.' || p.codename, key, deleted
  from gone join auth_permission p on p.id = gone.permission_id
  order by gone.group_id, p.codename;
  return OLD;
end $$;
