-- The credential cache also keeps each user's holdings on scope rows (memberships with their roles,
-- and the scope grants to them and their groups), so the tables of authz's scopes (its migration
-- 0005, applied before auth's) notify like the grants (0001's warden_auth_notify): a membership or
-- a grant to a user names that user, a grant to a group everything. A role's own grants are
-- auth_group_permissions, which notify already; a role's name is in the cached memberships, so a
-- group renamed notifies too. The cleanup trigger's deletes (a scope row deleted) notify as rows.
CREATE TRIGGER warden_auth_notify AFTER INSERT OR UPDATE OR DELETE ON auth_membership
  FOR EACH ROW EXECUTE FUNCTION warden_auth_notify('user_id');
--> statement-breakpoint
CREATE TRIGGER warden_auth_notify AFTER INSERT OR UPDATE OR DELETE ON auth_user_scope_permission
  FOR EACH ROW EXECUTE FUNCTION warden_auth_notify('user_id');
--> statement-breakpoint
CREATE TRIGGER warden_auth_notify AFTER INSERT OR UPDATE OR DELETE ON auth_group_scope_permission
  FOR EACH ROW EXECUTE FUNCTION warden_auth_notify('*');
--> statement-breakpoint
CREATE TRIGGER warden_auth_notify AFTER UPDATE OF name ON auth_group
  FOR EACH ROW EXECUTE FUNCTION warden_auth_notify('*');
--> statement-breakpoint
-- A truncate (tests empty tables this way) drops everything.
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['auth_membership', 'auth_user_scope_permission',
      'auth_group_scope_permission'] LOOP
    EXECUTE format('CREATE TRIGGER warden_auth_notify_truncate AFTER TRUNCATE ON %I '
      'FOR EACH STATEMENT EXECUTE FUNCTION warden_auth_notify(''*'')', t);
  END LOOP;
END $$;
