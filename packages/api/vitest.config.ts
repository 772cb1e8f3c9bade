import { dbTestConfig } from '@warden/db/testing/config';
import { baseConfig } from '@warden/vitest-config';
import { mergeConfig } from 'vitest/config';
import { migrationsFolder } from './src/migrations.js';

export default mergeConfig(baseConfig, dbTestConfig(migrationsFolder));
