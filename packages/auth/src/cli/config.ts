import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AnyPgDatabase, AppTables, Registry } from '@warden/authz';
import type { RouterLike } from './usage.js';

/** What `warden.config.js` exports by default: the app's registry and an open database. */
export interface WardenConfig<C extends string = string> {
  registry: Registry<AppTables, C>;
  db: AnyPgDatabase;
  /** The app's tRPC router, for `warden routes` (its procedures, guards and codenames). */
  router?: RouterLike;
  /** Called when the command is done (end the connection pool). */
  close?: () => unknown;
}

/** Types a `warden.config.js` (as drizzle-kit's `defineConfig` does for its config). */
export function defineConfig<C extends string>(config: WardenConfig<C>): WardenConfig<C> {
  return config;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export const CONFIG_FILES = ['warden.config.js', 'warden.config.mjs'] as const;

/** Loads the config: `--config PATH`, else the first of CONFIG_FILES in the directory. */
export async function loadConfig(cwd: string, path?: string): Promise<WardenConfig> {
  const file =
    path === undefined
      ? CONFIG_FILES.map((name) => resolve(cwd, name)).find((f) => existsSync(f))
      : resolve(cwd, path);
  if (file === undefined || !existsSync(file)) {
    throw new ConfigError(
      `no ${path ?? CONFIG_FILES.join(' or ')} in ${cwd}: create one that exports { registry, db } (see @warden/auth's README)`,
    );
  }
  const loaded: unknown = await import(pathToFileURL(file).href);
  const config = isObject(loaded) && 'default' in loaded ? loaded.default : undefined;
  if (!isConfig(config)) {
    throw new ConfigError(
      `${file} must export default { registry, db }: a registry from defineModels and a Drizzle database`,
    );
  }
  return config;
}

const isObject = (value: unknown): value is object => typeof value === 'object' && value !== null;

function isConfig(value: unknown): value is WardenConfig {
  if (!isObject(value) || !('registry' in value) || !('db' in value)) return false;
  const { registry, db } = value;
  return (
    isObject(registry) &&
    'permissions' in registry &&
    Array.isArray(registry.permissions) &&
    isObject(db) &&
    'transaction' in db &&
    typeof db.transaction === 'function'
  );
}
