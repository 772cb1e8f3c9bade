import { migrations } from '@warden/api/migrations';
import { applyMigrations } from '@warden/authz';
import { migratedTemplates } from '@warden/db/testing/setup';

export default migratedTemplates(migrations, applyMigrations);
