import { dbTestConfig } from '@warden/db/testing/config';
import { migrationsFolder } from '@warden/schema';
import { baseConfig } from '@warden/vitest-config';
import { mergeConfig } from 'vitest/config';

export default mergeConfig(baseConfig, dbTestConfig(migrationsFolder));
