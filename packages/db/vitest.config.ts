import { fileURLToPath } from 'node:url';
import { baseConfig } from '@warden/vitest-config';
import { mergeConfig } from 'vitest/config';
import { dbTestConfig } from './src/testing/config.js';

export default mergeConfig(
  baseConfig,
  dbTestConfig(fileURLToPath(new URL('./test/fixture/drizzle', import.meta.url))),
);
