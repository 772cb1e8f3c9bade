-- Keyset pages of object-granted rows (issue 9, target 6): the grants of one user (or group) and
-- permission, walked in the integer order of their keys, so a page of 20 reads 20 index entries
-- whatever the grant count. object_pk is text (any key type fits); this reads it as the integer
-- it holds, or null for any other key (uuid, text), which then stays out of these indexes' order.
-- Immutable, so it may index; a SQL function and not STRICT, so the planner inlines its CASE
-- (a strict one it would call per row, 135 ms for an OFFSET page of 100,000 grants).
create or replace function warden_object_int(key text) returns bigint
  language sql immutable parallel safe
  as $$ select case when key ~ '^-?[0-9]{1,18}$' then key::bigint end $$;
--> statement-breakpoint
create index if not exists "auth_user_object_permission_int_key_idx"
  on "auth_user_object_permission" ("user_id", "permission_id", warden_object_int("object_pk"));
--> statement-breakpoint
create index if not exists "auth_group_object_permission_int_key_idx"
  on "auth_group_object_permission" ("group_id", "permission_id", warden_object_int("object_pk"));
