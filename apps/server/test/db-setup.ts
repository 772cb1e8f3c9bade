import { migrations } from '@warden/api/migrations';
import { migratedTemplates } from '@warden/db/testing/setup';

export default migratedTemplates(migrations);
