import { PERMS_USAGE, runPermsCommand } from '@warden/authz';
import { connectionFromEnv, createDb, EnvError } from '@warden/db';
import { migrationsFolder, registry, schema } from '@warden/schema';
import { readServerEnv } from './env';

// `pnpm --filter @warden/server manage <command>`: the project's manage.py. Same environment as
// the server (DATABASE_URL or PGLITE_DIR), and the same migrations are applied first.
export async function manage(args: readonly string[], out = console.log): Promise<number> {
  const [command, ...rest] = args;
  if (command !== 'perms') {
    out(`commands:\n${PERMS_USAGE}`);
    return 2;
  }
  const env = readServerEnv();
  const handle = await createDb({ schema, migrationsFolder, connection: connectionFromEnv(env) });
  try {
    await handle.migrate();
    return await runPermsCommand(rest, { db: handle.db, registry, out });
  } finally {
    await handle.close();
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
