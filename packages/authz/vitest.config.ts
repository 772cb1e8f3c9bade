export { default } from '@warden/vitest-config';
