-- The credential cache also keeps whether a user or a group of theirs holds any object grant: a
-- list of a scoped model leaves the object grant tables out of its condition for a user who holds
-- none (they were most of what Postgres spent planning a member's list). So those tables notify
-- too: a user's object grant names that user, a group's everything (whether a member holds one
-- through it may have changed). The cleanup trigger's deletes (a row deleted) notify as rows.
CREATE TRIGGER warden_auth_notify AFTER INSERT OR UPDATE OR DELETE ON auth_user_object_permission
  FOR EACH ROW EXECUTE FUNCTION warden_auth_notify('user_id');
--> statement-breakpoint
-- Per row, not per statement: the cleanup trigger's delete runs for every deleted row of every
-- registered table, and must notify only when it removed a grant.
CREATE TRIGGER warden_auth_notify AFTER INSERT OR UPDATE OR DELETE ON auth_group_object_permission
  FOR EACH ROW EXECUTE FUNCTION warden_auth_notify('*');
--> statement-breakpoint
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['auth_user_object_permission', 'auth_group_object_permission'] LOOP
    EXECUTE format('CREATE TRIGGER warden_auth_notify_truncate AFTER TRUNCATE ON %I '
      'FOR EACH STATEMENT EXECUTE FUNCTION warden_auth_notify(''*'')', t);
  END LOOP;
END $$;
