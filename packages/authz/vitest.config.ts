import { dbTestConfig } from '@warden/db/testing/config';
import { baseConfig } from '@warden/vitest-config';
import { mergeConfig } from 'vitest/config';
import { authzMigrationsFolder } from './src/migrations.js';

export default mergeConfig(baseConfig, dbTestConfig(authzMigrationsFolder));
