import { appRouter, migrationsFolder, registry, schema, seedDemo } from '@warden/api';
import { hashPassword, MIN_PASSWORD_LENGTH, setPassword } from '@warden/auth';
import {
  ConflictError,
  createAuthz,
  createGrants,
  NotFoundError,
  OPERATOR,
  PERMS_USAGE,
  runPermsCommand,
  syncPermissions,
  UnknownCodenameError,
} from '@warden/authz';
import { user } from '@warden/authz/schema';
import { formatManifest, permissionManifest } from '@warden/authz/trpc';
import { connectionFromEnv, createDb, type DbHandle, EnvError } from '@warden/db';
import { eq } from 'drizzle-orm';
import { readServerEnv } from './env';

export const USAGE = `usage: manage <command>
${PERMS_USAGE.replace(/^usage: /, '       ')}
       createsuperuser --username U [--email E] --password P   (or the PASSWORD environment variable)
       changepassword U --password P                           (ends all of U's sessions)
       grant  user|group NAME CODENAME [--object ID]
       revoke user|group NAME CODENAME [--object ID]
       seed-demo                                               (only into an empty database)
       why USER CODENAME [ID]                                  (the decision and its reason)
       routes                                                  (every procedure with its guard)`;

/**
 * Django's manage.py for this project: same environment and migrations as the server. Callable
 * in-process (tests), with the environment passed in.
 */
export async function manage(
  args: readonly string[],
  out: (line: string) => void = console.log,
  environment: Record<string, string | undefined> = process.env,
  /** An open database to use (and leave open) instead of the environment's. */
  opened?: DbHandle,
): Promise<number> {
  const [command, ...rest] = args;
  const known = [
    'perms',
    'createsuperuser',
    'changepassword',
    'grant',
    'revoke',
    'seed-demo',
    'why',
  ];
  if (command === 'routes') {
    out(formatManifest(permissionManifest(appRouter))); // the code's, no database needed
    return 0;
  }
  if (command === undefined || !known.includes(command)) {
    out(USAGE);
    return 2;
  }
  const handle =
    opened ??
    (await createDb({
      schema,
      migrationsFolder,
      connection: connectionFromEnv(readServerEnv(environment)),
    }));
  try {
    await handle.migrate();
    const db = handle.db;
    if (command === 'perms') return await runPermsCommand(rest, { db, registry, out });
    await syncPermissions(db, registry);
    const { flags, positional } = parseArgs(rest);
    const grants = createGrants({ db, registry });
    switch (command) {
      case 'createsuperuser': {
        const password = flags.password ?? environment.PASSWORD;
        if (!flags.username || !password)
          return usage(out, 'createsuperuser needs --username and --password');
        if (password.length < MIN_PASSWORD_LENGTH)
          return usage(out, `the password needs ${MIN_PASSWORD_LENGTH}+ characters`);
        const { id } = await grants.createUser({
          username: flags.username,
          email: flags.email ?? '',
          passwordHash: await hashPassword(password),
          isStaff: true,
          isSuperuser: true,
        });
        out(`superuser '${flags.username}' created (id ${id})`);
        return 0;
      }
      case 'changepassword': {
        const [name] = positional;
        if (!name || !flags.password)
          return usage(out, 'changepassword needs a username and --password');
        if (flags.password.length < MIN_PASSWORD_LENGTH)
          return usage(out, `the password needs ${MIN_PASSWORD_LENGTH}+ characters`);
        const [row] = await db.select({ id: user.id }).from(user).where(eq(user.username, name));
        if (!row) throw new NotFoundError(`user '${name}' does not exist`);
        const ended = await setPassword(db, row.id, flags.password, { actor: OPERATOR });
        out(
          `password of '${name}' changed (as the operator); ${ended.sessionsEnded} session(s) and ${ended.tokensEnded} API token(s) ended`,
        );
        return 0;
      }
      case 'why': {
        const [name, codename, object] = positional;
        if (!name || !codename) return usage(out, 'why needs a username and a codename');
        const [row] = await db
          .select({ id: user.id, isActive: user.isActive, isSuperuser: user.isSuperuser })
          .from(user)
          .where(eq(user.username, name));
        if (!row) throw new NotFoundError(`user '${name}' does not exist`);
        const answer = await createAuthz({ db, registry }).explain(row, codename, object);
        out(`${answer.allowed ? 'yes' : 'no'}: ${answer.message}`);
        return answer.reason === 'unknown-codename' ? 1 : 0;
      }
      case 'grant':
      case 'revoke': {
        const [kind, name, codename] = positional;
        if ((kind !== 'user' && kind !== 'group') || !name || !codename) {
          return usage(out, `${command} needs user|group NAME CODENAME`);
        }
        const target = kind === 'user' ? { user: { username: name } } : { group: { name } };
        await grants[command](target, registry.toCodename(codename), flags.object);
        out(
          `${command === 'grant' ? 'granted' : 'revoked'} ${codename}${flags.object ? ` on object ${flags.object}` : ''} ${command === 'grant' ? 'to' : 'from'} ${kind} '${name}'`,
        );
        return 0;
      }
      default: {
        const logins = await seedDemo(db);
        if (logins === null) {
          out('the database has users already; demo data not created');
          return 1;
        }
        for (const l of logins) out(`${l.username.padEnd(9)} ${l.password.padEnd(17)} ${l.role}`);
        return 0;
      }
    }
  } catch (error) {
    // Operator mistakes get their message, not a stack trace.
    if (
      error instanceof NotFoundError ||
      error instanceof ConflictError ||
      error instanceof UnknownCodenameError
    ) {
      out(`error: ${error.message}`);
      return 1;
    }
    throw error;
  } finally {
    if (opened === undefined) await handle.close();
  }
}

function usage(out: (line: string) => void, problem: string): number {
  out(`error: ${problem}\n${USAGE}`);
  return 2;
}

function parseArgs(args: readonly string[]) {
  const flags: Record<string, string> = {};
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg.startsWith('--')) {
      flags[arg.slice(2)] = args[i + 1] ?? '';
      i++;
    } else positional.push(arg);
  }
  return { flags, positional };
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
