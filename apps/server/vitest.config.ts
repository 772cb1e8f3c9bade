import { dbTestConfig } from '@warden/db/testing/config';
import { baseConfig } from '@warden/vitest-config';
import { mergeConfig } from 'vitest/config';

export default mergeConfig(
  baseConfig,
  dbTestConfig(new URL('./test/db-setup.ts', import.meta.url)),
);
