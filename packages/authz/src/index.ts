export * as authSchema from './schema';
