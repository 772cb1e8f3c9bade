#!/usr/bin/env node
import { parseArgs } from './args.js';
import { runWardenCommand } from './commands.js';
import { ConfigError, loadConfig } from './config.js';
import { WARDEN_USAGE } from './usage.js';

/**
 * The `warden` bin: loads `warden.config.js` from the working directory (or `--config PATH`) and
 * runs one command against the app's registry and database.
 */
async function main(argv: readonly string[]): Promise<number> {
  const at = argv.indexOf('--config');
  const configPath = at === -1 ? undefined : argv[at + 1];
  const args = at === -1 ? argv : [...argv.slice(0, at), ...argv.slice(at + 2)];
  const { positional } = parseArgs(args);
  if (positional.length === 0 || args.includes('--help')) {
    console.log(WARDEN_USAGE);
    return args.includes('--help') ? 0 : 2;
  }
  const config = await loadConfig(process.cwd(), configPath);
  try {
    return await runWardenCommand(args, {
      db: config.db,
      registry: config.registry,
      router: config.router,
      out: console.log,
      env: process.env,
      prompt: { input: process.stdin, output: process.stderr },
    });
  } finally {
    await config.close?.();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof ConfigError ? error.message : error);
    process.exitCode = 1;
  },
);
