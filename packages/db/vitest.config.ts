import { baseConfig } from '@warden/vitest-config';
import { mergeConfig } from 'vitest/config';
import { dbTestConfig } from './src/testing/config.js';

export default mergeConfig(
  baseConfig,
  dbTestConfig(new URL('./test/db-setup.ts', import.meta.url)),
);
