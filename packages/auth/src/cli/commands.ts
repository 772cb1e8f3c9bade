import {
  type AnyPgDatabase,
  type AppTables,
  applyMigrations,
  ConflictError,
  createAuthz,
  createGrants,
  NotFoundError,
  OPERATOR,
  objectGrantCleanupSql,
  PermissionDeniedError,
  type Registry,
  UnknownCodenameError,
  WrongModelError,
} from '@warden/authz';
import { runPermsCommand } from '@warden/authz/internal';
import { user } from '@warden/authz/schema';
import { eq } from 'drizzle-orm';
import { createApiTokens } from '../api-tokens.js';
import { wardenMigrations } from '../migrations.js';
import { MIN_PASSWORD_LENGTH, setPassword } from '../password-change.js';
import { hashPassword } from '../passwords.js';
import { parseArgs } from './args.js';
import { isMemberCommand, MEMBER_COMMANDS, runMemberCommand } from './member-commands.js';
import { type PromptStreams, readNewPassword } from './prompt.js';
import { writeTriggersMigration } from './triggers-migration.js';
import { NO_APP_TRIGGERS, type RouterLike, scopeFlag, WARDEN_USAGE } from './usage.js';

export interface WardenCommandDeps<C extends string> {
  db: AnyPgDatabase;
  registry: Registry<AppTables, C>;
  /** The app's tRPC router, for `routes`. */
  router?: RouterLike | undefined;
  out: (line: string) => void;
  /** Where PASSWORD is read from. Default: none. */
  env?: Record<string, string | undefined>;
  /** Where a password is prompted for when neither flag nor PASSWORD gives one. */
  prompt?: PromptStreams;
}

/** The command names `runWardenCommand` knows, for an app's CLI that adds its own. */
export const WARDEN_COMMANDS = [
  'migrate',
  'perms',
  'triggers',
  'routes',
  'createsuperuser',
  'createuser',
  'changepassword',
  'creategroup',
  'addmember',
  'removemember',
  'memberships',
  'grant',
  'revoke',
  'createtoken',
  'why',
  ...MEMBER_COMMANDS,
] as const;

/**
 * Django's `manage.py` commands for users, grants and tokens, acting as the operator (the escalation
 * rules' OPERATOR; the audit log says `cli`). Resolves with the exit code: 0, 1 for a refused
 * operation (its message printed, no stack trace), 2 for a usage mistake.
 */
export async function runWardenCommand<C extends string>(
  args: readonly string[],
  deps: WardenCommandDeps<C>,
): Promise<number> {
  const { db, registry, out } = deps;
  const [command, ...rest] = args;
  const usage = (problem: string) => {
    out(`error: ${problem}\n${WARDEN_USAGE}`);
    return 2;
  };
  const password = async (given: string | undefined) => {
    const value =
      given ?? deps.env?.PASSWORD ?? (deps.prompt && (await readNewPassword(deps.prompt)));
    if (value === undefined || value === '') return { error: 'no password given' };
    if (value.length < MIN_PASSWORD_LENGTH)
      return { error: `the password needs ${MIN_PASSWORD_LENGTH}+ characters` };
    return { value };
  };
  const userId = async (username: string) => {
    const [row] = await db.select({ id: user.id }).from(user).where(eq(user.username, username));
    if (row === undefined) throw new NotFoundError(`user '${username}' does not exist`);
    return row.id;
  };
  const { flags, positional } = parseArgs(rest, ['staff']);
  try {
    if (isMemberCommand(command))
      return await runMemberCommand(command, positional, flags, { db, registry, out, usage });
    switch (command) {
      case 'migrate':
        // Django's `migrate` for Warden's apps; the app's own tables are drizzle-kit's to migrate.
        for (const { source, applied, total } of await applyMigrations(db, wardenMigrations)) {
          out(`${source.migrationsTable}: ${applied} applied, ${total} in all`);
        }
        return 0;
      case 'perms':
        return await runPermsCommand(rest, { db, registry, out });
      case 'triggers': {
        const triggers = objectGrantCleanupSql(registry);
        // A registry of authz's tables only needs none: authz's migrations create theirs.
        if (triggers.trim() === '') {
          out(NO_APP_TRIGGERS);
          return 0;
        }
        if (flags.write === undefined) {
          out(triggers);
          return 0;
        }
        if (flags.write === '') return usage('triggers --write needs the drizzle-kit folder');
        const result = writeTriggersMigration(flags.write, triggers);
        if ('problem' in result) {
          out(`error: ${result.problem}`);
          return 1;
        }
        out(
          'written' in result
            ? `wrote ${result.written}: apply it with your migrations`
            : `${result.upToDate} already installs these triggers`,
        );
        return 0;
      }
      case 'routes': {
        if (deps.router === undefined)
          return usage('routes needs `router` in warden.config.js (your tRPC app router)');
        // Loaded here only: the other commands need no tRPC.
        const { formatManifest, permissionManifest } = await import('@warden/authz/trpc');
        out(formatManifest(permissionManifest(deps.router, { registry })));
        return 0;
      }
      case 'creategroup': {
        const [name] = positional;
        if (!name) return usage('creategroup needs a name');
        const { id } = await createGrants({ db, registry }).createGroup(name);
        out(`group '${name}' created (id ${id})`);
        return 0;
      }
      case 'addmember':
      case 'removemember': {
        const [member, groupName] = positional;
        if (!member || !groupName) return usage(`${command} needs USER GROUP`);
        const grants = createGrants({ db, registry });
        const change = command === 'addmember' ? grants.addToGroup : grants.removeFromGroup;
        const scope = flags.within === undefined ? undefined : scopeFlag(registry, flags.within);
        await change({ username: member }, { name: groupName }, scope);
        const where = flags.within === undefined ? '' : ` within ${flags.within}`;
        out(
          command === 'addmember'
            ? `'${member}' is a member of '${groupName}'${where}`
            : `'${member}' is not a member of '${groupName}'${where}`,
        );
        return 0;
      }
      case 'memberships': {
        const [name] = positional;
        if (!name) return usage('memberships needs a username');
        const [row] = await db
          .select({ id: user.id, isActive: user.isActive, isSuperuser: user.isSuperuser })
          .from(user)
          .where(eq(user.username, name));
        if (!row) throw new NotFoundError(`user '${name}' does not exist`);
        const found = await createAuthz({ db, registry }).memberships(row);
        for (const m of found) out(`${m.scope}  ${m.roles.join(', ')}`);
        if (found.length === 0) out(`'${name}' is a member of no scope row`);
        return 0;
      }
      case 'createsuperuser':
      case 'createuser': {
        if (!flags.username) return usage(`${command} needs --username`);
        const pw = await password(flags.password);
        if (pw.error !== undefined) return usage(pw.error);
        const superuser = command === 'createsuperuser';
        const { id } = await createGrants({ db, registry }).createUser({
          username: flags.username,
          email: flags.email ?? '',
          passwordHash: await hashPassword(pw.value),
          isStaff: superuser || flags.staff === 'true',
          isSuperuser: superuser,
        });
        out(`${superuser ? 'superuser' : 'user'} '${flags.username}' created (id ${id})`);
        return 0;
      }
      case 'changepassword': {
        const [name] = positional;
        if (!name) return usage('changepassword needs a username');
        const id = await userId(name);
        const pw = await password(flags.password);
        if (pw.error !== undefined) return usage(pw.error);
        const ended = await setPassword(db, id, pw.value, { actor: OPERATOR, registry });
        out(
          `password of '${name}' changed (as the operator); ${ended.sessionsEnded} session(s) and ${ended.tokensEnded} API token(s) ended`,
        );
        return 0;
      }
      case 'grant':
      case 'revoke': {
        const [kind, name, codename] = positional;
        if ((kind !== 'user' && kind !== 'group') || !name || !codename)
          return usage(`${command} needs user|group NAME CODENAME`);
        const target = kind === 'user' ? { user: { username: name } } : { group: { name } };
        if (flags.object !== undefined && flags.within !== undefined)
          return usage(`${command} takes --object or --within, not both`);
        await createGrants({ db, registry })[command](
          target,
          registry.toCodename(codename),
          flags.within === undefined ? flags.object : scopeFlag(registry, flags.within),
        );
        const on = flags.object
          ? ` on object ${flags.object}`
          : flags.within
            ? ` within ${flags.within}`
            : '';
        out(
          command === 'grant'
            ? `granted ${codename}${on} to ${kind} '${name}'`
            : `revoked ${codename}${on} from ${kind} '${name}'`,
        );
        return 0;
      }
      case 'createtoken': {
        const [name] = positional;
        if (!name) return usage('createtoken needs a username');
        const days = flags.days === undefined ? undefined : Number(flags.days);
        if (days !== undefined && !(Number.isInteger(days) && days > 0))
          return usage('--days needs a whole number of days');
        const expires = days === undefined ? undefined : new Date(Date.now() + days * 86_400_000);
        const created = await createApiTokens({ db }).create(await userId(name), 'operator', {
          name: flags.name ?? 'cli',
          expiresAt: expires,
        });
        out(created.token);
        return 0;
      }
      case 'why': {
        const [name, codename, object] = positional;
        if (!name || !codename) return usage('why needs a username and a codename');
        const [row] = await db
          .select({ id: user.id, isActive: user.isActive, isSuperuser: user.isSuperuser })
          .from(user)
          .where(eq(user.username, name));
        if (!row) throw new NotFoundError(`user '${name}' does not exist`);
        const answer = await createAuthz({ db, registry }).explain(row, codename, object);
        out(`${answer.allowed ? 'yes' : 'no'}: ${answer.message}`);
        return answer.reason === 'unknown-codename' ? 1 : 0;
      }
      default:
        out(WARDEN_USAGE);
        return 2;
    }
  } catch (error) {
    // Operator mistakes get their message, not a stack trace.
    if (
      error instanceof NotFoundError ||
      error instanceof ConflictError ||
      error instanceof UnknownCodenameError ||
      error instanceof WrongModelError ||
      error instanceof PermissionDeniedError
    ) {
      out(`error: ${error.message}`);
      return 1;
    }
    throw error;
  }
}
