import {
  type AnyPgDatabase,
  type AppTables,
  createMemberships,
  type Registry,
} from '@warden/authz';
import { scopeFlag } from './usage.js';

// An organization's members and invitations from the command line, as the operator: `members`,
// `invite`, `invitations`, `uninvite`. (Roles one at a time are `addmember … --within`.)

export const MEMBER_COMMANDS = ['members', 'invite', 'invitations', 'uninvite'] as const;
export type MemberCommand = (typeof MEMBER_COMMANDS)[number];
export const isMemberCommand = (c: string | undefined): c is MemberCommand =>
  MEMBER_COMMANDS.some((m) => m === c);

/** Runs one of MEMBER_COMMANDS; the exit code (2: a usage mistake, named by `usage`). */
export async function runMemberCommand(
  command: MemberCommand,
  positional: readonly string[],
  flags: Readonly<Record<string, string>>,
  deps: {
    db: AnyPgDatabase;
    registry: Registry<AppTables, string>;
    out: (line: string) => void;
    usage: (problem: string) => number;
  },
): Promise<number> {
  const { db, registry, out, usage } = deps;
  const memberships = createMemberships({ db, registry });
  if (command === 'uninvite') {
    const id = Number(positional[0]);
    if (!Number.isInteger(id) || id < 1) return usage('uninvite needs an invitation id');
    await memberships.withdraw(id);
    out(`invitation #${id} withdrawn`);
    return 0;
  }
  if (flags.within === undefined) return usage(`${command} needs --within APP.MODEL:KEY`);
  const scope = scopeFlag(registry, flags.within);
  switch (command) {
    case 'members': {
      const found = await memberships.list(scope);
      for (const m of found)
        out(`${m.username}${m.isActive ? '' : ' (inactive)'}  ${m.roles.join(', ')}`);
      if (found.length === 0) out(`${flags.within} has no members`);
      return 0;
    }
    case 'invite': {
      if (positional.length === 0) return usage('invite needs at least one ROLE (a group name)');
      const days = flags.days === undefined ? 7 : Number(flags.days);
      if (!Number.isInteger(days) || days < 1 || days > 30)
        return usage('--days needs a whole number of days, 1 to 30');
      const sent = await memberships.invite({
        within: scope,
        roles: positional.map((name) => ({ name })),
        expiresInDays: days,
        ...(flags.email === undefined ? {} : { email: flags.email }),
      });
      out(
        `invitation #${sent.id} to ${flags.within} as ${positional.join(', ')}, until ${sent.expiresAt.toISOString()}; its token (shown once):`,
      );
      out(sent.token);
      return 0;
    }
    case 'invitations': {
      const found = await memberships.invitations(scope);
      for (const i of found) {
        const by = i.invitedBy ?? 'the operator';
        const taken = i.acceptedBy === null ? '' : ` by ${i.acceptedBy}`;
        const to = i.email === '' ? '' : ` for ${i.email}`;
        out(`#${i.id}  ${i.status}${taken}  ${i.roles.join(', ')}${to}  (from ${by})`);
      }
      if (found.length === 0) out(`${flags.within} has no invitations`);
      return 0;
    }
  }
}
