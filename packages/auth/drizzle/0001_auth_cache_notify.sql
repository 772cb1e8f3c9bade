-- Invalidation of the cross-request credential cache (packages/auth/src/credential-cache.ts).
-- Every change that could make a cached session, API token, user or permission set wrong sends
-- NOTIFY warden_auth in the change's own transaction; Postgres delivers it at commit to every
-- listening server process, and never for a rolled-back change. Payloads: 'u:<user id>' (that
-- user's entries) or '*' (everything: a group's grants, a permission row, a truncate).
CREATE OR REPLACE FUNCTION warden_auth_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_ARGV[0] = '*' OR TG_LEVEL = 'STATEMENT' THEN
    PERFORM pg_notify('warden_auth', '*');
    RETURN NULL;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM pg_notify('warden_auth', coalesce('u:' || (to_jsonb(OLD) ->> TG_ARGV[0]), '*'));
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') THEN
    PERFORM pg_notify('warden_auth', coalesce('u:' || (to_jsonb(NEW) ->> TG_ARGV[0]), '*'));
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- The user's flags, password, name: any update (logins write last_login; they are rare).
CREATE TRIGGER warden_auth_notify AFTER UPDATE OR DELETE ON auth_user
  FOR EACH ROW EXECUTE FUNCTION warden_auth_notify('id');
--> statement-breakpoint
-- A session ends (logout, log out everywhere, password change, expiry); its renewal does not notify.
CREATE TRIGGER warden_auth_notify AFTER DELETE OR UPDATE OF secret_hash, user_id ON auth_session
  FOR EACH ROW EXECUTE FUNCTION warden_auth_notify('user_id');
--> statement-breakpoint
-- A token is revoked or changed; its last_used_at write does not notify.
CREATE TRIGGER warden_auth_notify AFTER DELETE OR UPDATE OF secret_hash, user_id, expires_at ON auth_api_token
  FOR EACH ROW EXECUTE FUNCTION warden_auth_notify('user_id');
--> statement-breakpoint
CREATE TRIGGER warden_auth_notify AFTER INSERT OR UPDATE OR DELETE ON auth_user_groups
  FOR EACH ROW EXECUTE FUNCTION warden_auth_notify('user_id');
--> statement-breakpoint
CREATE TRIGGER warden_auth_notify AFTER INSERT OR UPDATE OR DELETE ON auth_user_user_permissions
  FOR EACH ROW EXECUTE FUNCTION warden_auth_notify('user_id');
--> statement-breakpoint
CREATE TRIGGER warden_auth_notify AFTER INSERT OR UPDATE OR DELETE ON auth_group_permissions
  FOR EACH ROW EXECUTE FUNCTION warden_auth_notify('*');
--> statement-breakpoint
CREATE TRIGGER warden_auth_notify AFTER UPDATE OR DELETE ON auth_permission
  FOR EACH ROW EXECUTE FUNCTION warden_auth_notify('*');
--> statement-breakpoint
CREATE TRIGGER warden_auth_notify AFTER UPDATE OR DELETE ON auth_content_type
  FOR EACH ROW EXECUTE FUNCTION warden_auth_notify('*');
--> statement-breakpoint
-- A truncate (tests empty tables this way) drops everything.
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['auth_user', 'auth_session', 'auth_api_token', 'auth_user_groups',
      'auth_user_user_permissions', 'auth_group_permissions'] LOOP
    EXECUTE format('CREATE TRIGGER warden_auth_notify_truncate AFTER TRUNCATE ON %I '
      'FOR EACH STATEMENT EXECUTE FUNCTION warden_auth_notify(''*'')', t);
  END LOOP;
END $$;
