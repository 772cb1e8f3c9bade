import { appRouter, demoLoginLines, migrations, registry, schema, seedDemo } from '@warden/api';
import { runWardenCommand, WARDEN_COMMANDS, WARDEN_USAGE } from '@warden/auth/cli';
import { applyMigrations, syncPermissions } from '@warden/authz';
import { formatManifest, permissionManifest } from '@warden/authz/trpc';
import { connectionFromEnv, createDb, type DbHandle, EnvError } from '@warden/db';
import { readServerEnv } from './env.js';
import {
  ORGANIZATION_COMMANDS,
  ORGANIZATION_USAGE,
  runOrganizationCommand,
} from './organization-commands.js';
import { assertNotPreSplit } from './pre-split-database.js';

export const USAGE = `${WARDEN_USAGE.replace('usage: warden', 'usage: manage')}
${ORGANIZATION_USAGE}
       seed-demo                (only into an empty database)
       routes                   (every procedure with its guard)`;

const COMMANDS: readonly string[] = [...WARDEN_COMMANDS, ...ORGANIZATION_COMMANDS, 'seed-demo'];
const isOrganizationCommand = (c: string) => ORGANIZATION_COMMANDS.some((o) => o === c);

/**
 * Django's manage.py for this project: `@warden/auth`'s `warden` commands plus the demo's own, with
 * the server's environment and migrations. Callable in-process (tests), with the environment passed
 * in.
 */
export async function manage(
  args: readonly string[],
  out: (line: string) => void = console.log,
  environment: Record<string, string | undefined> = process.env,
  /** An open database to use (and leave open) instead of the environment's. */
  opened?: DbHandle,
): Promise<number> {
  const [command] = args;
  if (command === 'routes') {
    out(formatManifest(permissionManifest(appRouter, { registry }))); // the code's, no database needed
    return 0;
  }
  if (command === undefined || !COMMANDS.includes(command)) {
    out(USAGE);
    return 2;
  }
  const handle =
    opened ??
    (await createDb({
      schema,
      connection: connectionFromEnv(readServerEnv(environment)),
    }));
  try {
    await assertNotPreSplit(handle.db);
    await applyMigrations(handle.db, migrations);
    const db = handle.db;
    if (command !== 'perms' && command !== 'triggers') await syncPermissions(db, registry);
    if (isOrganizationCommand(command)) return await runOrganizationCommand(args, db, out);
    if (command !== 'seed-demo') {
      return await runWardenCommand(args, { db, registry, out, env: environment });
    }
    const logins = await seedDemo(db);
    if (logins === null) {
      out('the database has users already; demo data not created');
      return 1;
    }
    for (const line of demoLoginLines(logins)) out(line);
    return 0;
  } finally {
    if (opened === undefined) await handle.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  manage(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(
        error instanceof EnvError ? error.message : `error: ${(error as Error).message}`,
      );
      process.exit(1);
    },
  );
}
