-- Deactivating a user ends their credentials, in the same transaction, whatever made the change
-- (the grants API, the CLI, an app's own UPDATE). Before, a deactivated user's sessions and API
-- tokens were only refused while inactive: reactivating the user revived them all, although the
-- user had been deactivated to lock out whoever held them. The deletes notify the credential
-- cache (warden_auth_notify on auth_session and auth_api_token), and the UPDATE holds the user's
-- row, so a credential being issued concurrently either is deleted here or finds the user
-- inactive (packages/auth/src/credentials.ts).
CREATE OR REPLACE FUNCTION warden_end_credentials_of_inactive() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM auth_session WHERE user_id = NEW.id;
  DELETE FROM auth_api_token WHERE user_id = NEW.id;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER warden_end_credentials_of_inactive AFTER UPDATE OF is_active ON auth_user
  FOR EACH ROW WHEN (OLD.is_active AND NOT NEW.is_active)
  EXECUTE FUNCTION warden_end_credentials_of_inactive();
