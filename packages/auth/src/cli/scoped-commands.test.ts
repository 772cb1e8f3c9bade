import { createGrants, defineModels, syncPermissions } from '@warden/authz';
import { group, permission, user } from '@warden/authz/schema';
import { describeEachBackend } from '@warden/db/testing';
import { sql } from 'drizzle-orm';
import { integer, pgTable } from 'drizzle-orm/pg-core';
import { beforeAll, expect, it } from 'vitest';
import { runWardenCommand } from './commands.js';

// Organizations from the command line: roles within a scope row, grants within one, and what a
// user is a member of.
const organization = pgTable('orgs_organization', { id: integer('id').primaryKey() });
const project = pgTable('orgs_project', {
  id: integer('id').primaryKey(),
  orgId: integer('org_id')
    .notNull()
    .references(() => organization.id),
});
const registry = defineModels(
  { auth: { user, group, permission }, orgs: { organization, project } },
  { scopes: { 'orgs.project': { parent: 'orgs.organization', via: 'orgId' } } },
);

describeEachBackend('warden commands within a scope', (t) => {
  const run = async (...args: string[]) => {
    const lines: string[] = [];
    const code = await runWardenCommand(args, { db: t.db, registry, out: (l) => lines.push(l) });
    return { code, out: lines.join('\n') };
  };

  beforeAll(async () => {
    await t.db.execute(sql`create table orgs_organization (id integer primary key)`);
    await t.db.execute(sql`create table orgs_project (id integer primary key,
      org_id integer not null references orgs_organization (id))`);
    await t.db.execute(sql`insert into orgs_organization values (1), (2)`);
    await t.db.execute(sql`insert into orgs_project values (1, 1), (2, 2)`);
    await syncPermissions(t.db, registry);
    const grants = createGrants({ db: t.db, registry });
    await grants.createUser({ username: 'ann' });
    await grants.createGroup('Project editors');
    await grants.grant({ group: { name: 'Project editors' } }, 'orgs.change_project');
  });

  it('gives a role within a scope row, lists it, and takes it back', async () => {
    expect(
      await run('addmember', 'ann', 'Project editors', '--within', 'orgs.organization:1'),
    ).toEqual({
      code: 0,
      out: "'ann' is a member of 'Project editors' within orgs.organization:1",
    });
    expect(await run('memberships', 'ann')).toEqual({
      code: 0,
      out: 'orgs.organization:1  Project editors',
    });
    expect(await run('why', 'ann', 'orgs.change_project', '1')).toMatchObject({
      code: 0,
      out: expect.stringMatching(/^yes: the user is a member of orgs.organization 1/),
    });
    expect(await run('why', 'ann', 'orgs.change_project', '2')).toMatchObject({
      out: expect.stringMatching(/^no: /),
    });
    await run('removemember', 'ann', 'Project editors', '--within', 'orgs.organization:1');
    expect((await run('memberships', 'ann')).out).toBe("'ann' is a member of no scope row");
  });

  it('grants within a scope row, and says plainly what names none', async () => {
    expect(
      await run('grant', 'user', 'ann', 'orgs.view_project', '--within', 'orgs.organization:2'),
    ).toEqual({
      code: 0,
      out: "granted orgs.view_project within orgs.organization:2 to user 'ann'",
    });
    expect(await run('why', 'ann', 'orgs.view_project', '2')).toMatchObject({
      out: expect.stringMatching(/^yes: granted to the user within orgs.organization 2/),
    });
    expect(
      await run('grant', 'user', 'ann', 'orgs.view_project', '--within', 'orgs.project:1'),
    ).toMatchObject({ code: 1, out: expect.stringContaining('is no scope') });
    expect(
      await run('grant', 'user', 'ann', 'orgs.view_project', '--within', 'nope:1'),
    ).toMatchObject({ code: 1, out: expect.stringContaining('APP.MODEL:KEY') });
  });

  it('lists members, sends an invitation and withdraws it', async () => {
    await run('addmember', 'ann', 'Project editors', '--within', 'orgs.organization:2');
    expect(await run('members', '--within', 'orgs.organization:2')).toEqual({
      code: 0,
      out: 'ann  Project editors',
    });
    const sent = await run(
      'invite',
      'Project editors',
      '--within',
      'orgs.organization:2',
      '--email',
      'new@example.com',
      '--days',
      '3',
    );
    expect(sent.code).toBe(0);
    const [said = '', token = ''] = sent.out.split('\n');
    expect(said).toMatch(/^invitation #\d+ to orgs\.organization:2 as Project editors, until /);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const id = /#(\d+)/.exec(said)?.[1] ?? '';
    expect(await run('invitations', '--within', 'orgs.organization:2')).toEqual({
      code: 0,
      out: `#${id}  pending  Project editors for new@example.com  (from the operator)`,
    });
    expect(await run('uninvite', id)).toEqual({ code: 0, out: `invitation #${id} withdrawn` });
    expect((await run('uninvite', id)).code).toBe(1);
    expect((await run('invite', 'Nobody', '--within', 'orgs.organization:2')).code).toBe(1);
    expect((await run('invite', 'Project editors')).code).toBe(2);
    expect(
      (await run('invite', 'Project editors', '--within', 'orgs.organization:2', '--days', '99'))
        .code,
    ).toBe(2);
  });
});
