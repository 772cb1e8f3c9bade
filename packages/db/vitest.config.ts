import { baseConfig } from '@warden/vitest-config';
import { mergeConfig } from 'vitest/config';
import { dbTestConfig } from './src/testing/config';

export default mergeConfig(baseConfig, dbTestConfig);
