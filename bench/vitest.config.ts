import { baseConfig } from '@warden/vitest-config';

export default baseConfig;
