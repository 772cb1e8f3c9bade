import type { AuthUser } from '@warden/authz';
import { createAuthz, createGrants, within } from '@warden/authz';
import { describeEachBackend } from '@warden/db/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { cacheSourceOf } from '../test/cache-source.js';
import { organization, project, scopedRegistry, setUpScoped } from '../test/scoped-fixture.js';
import { createApiTokens } from './api-tokens.js';
import { type HeardCache, heardCache } from './cache-invalidation.js';
import { invalidationSender } from './credential-cache.js';
import { createSessions, type Sessions } from './sessions.js';

// The credential cache keeps each user's memberships and scope grants beside their permissions, so
// a warm request answers the organization switcher and its active organization's model-level checks
// without a statement; the scope tables' triggers (auth migration 0003) invalidate them as grants.
describeEachBackend('credential cache with memberships and scope grants', (t) => {
  let heard: HeardCache;
  let made: Awaited<ReturnType<typeof setUpScoped>>;
  let ann: number;
  const cache = () => heard.cache;

  beforeAll(async () => {
    made = await setUpScoped(t.db);
    const { grants } = made;
    ann = (await grants.createUser({ username: 'ann' })).id;
    await grants.createGroup('Editors');
    await grants.grant({ group: { name: 'Editors' } }, 'orgs.change_project');
    await grants.createGroup('Viewers');
    await grants.grant({ group: { name: 'Viewers' } }, 'orgs.view_project');
    await grants.addToGroup(ann, { name: 'Editors' }, within(organization, 1));
    heard = heardCache(cacheSourceOf(t.handle), t.db);
    await vi.waitFor(() => expect(heard.cache.enabled).toBe(true), { timeout: 10_000 });
  });
  afterAll(() => heard.stop());

  const userOf = async (sessions: Sessions, token: string): Promise<AuthUser> => {
    const validation = await sessions.validate(token);
    if (!validation.ok) throw new Error(`the session was refused: ${validation.reason}`);
    return validation.user;
  };

  it('a warm request answers memberships and checks in its organization with no statement', async () => {
    const counting = t.counting();
    const sessions = createSessions({ db: counting.db, cache: cache() });
    const authz = createAuthz({ db: counting.db, registry: scopedRegistry });
    const { token } = await sessions.create(ann, 'operator');
    const asked = async (user: AuthUser) => ({
      memberships: await authz.memberships(user),
      inAcme: (await authz.load(user, within(organization, 1))).has('orgs.change_project'),
    });
    const answer = {
      memberships: [
        {
          scope: 'orgs.organization:1',
          appLabel: 'orgs',
          model: 'organization',
          key: '1',
          roles: ['Editors'],
        },
      ],
      inAcme: true,
    };
    // Cold: the lookup's one statement brought the holdings too.
    counting.reset();
    expect(await asked(await userOf(sessions, token))).toEqual(answer);
    expect(counting.statements()).toBe(1);
    counting.reset();
    const warm = await userOf(sessions, token);
    expect(await asked(warm)).toEqual(answer);
    expect(
      (await authz.load(warm, within(organization, 1))).hasGlobally('orgs.change_project'),
    ).toBe(false);
    expect(counting.statements()).toBe(0);
    // A project is below its organization: its chain (one level) is read, nothing else.
    expect((await authz.load(warm, within(project, 2))).has('orgs.change_project')).toBe(true);
    expect(counting.statements()).toBe(1);

    const tokens = createApiTokens({ db: counting.db, cache: cache() });
    const { token: bearer } = await tokens.create(ann, 'operator', { name: 'script' });
    await tokens.validate(bearer);
    counting.reset();
    const viaToken = await tokens.validate(bearer);
    if (!viaToken.ok) throw new Error('the token was refused');
    expect(await asked(viaToken.user)).toEqual(answer);
    expect(counting.statements()).toBe(0);
  });

  // Each change made through another pool (on Postgres, another process's connections), while the
  // session is cached: only the trigger's NOTIFY can make this process see it.
  it('a membership added or removed, a scope grant to the user or a group, and a role’s grants changed are each heard', async () => {
    const other = await t.anotherPool();
    try {
      const grants = createGrants({ db: other.db, registry: scopedRegistry });
      const sessions = createSessions({ db: t.db, cache: cache() });
      const { token, session } = await sessions.create(ann, 'operator');
      const seen = async () => {
        const user = await userOf(sessions, token);
        return {
          roles: (await made.authz.memberships(user)).map((m) => `${m.key}: ${m.roles.join(', ')}`),
          inGlobex: [...(await made.authz.load(user, within(organization, 2))).all()].sort(),
        };
      };
      const heardAs = async (
        expected: Awaited<ReturnType<typeof seen>>,
        change: () => Promise<unknown>,
      ) => {
        // Every earlier change heard (a sync comes back after them), then cached: what follows is
        // served from memory until a notification drops it.
        expect(await cache().sync(invalidationSender(t.db))).toBe(true);
        await seen();
        expect(cache().get(`s:${session.id}`)).toBeDefined();
        await change();
        await vi.waitFor(async () => expect(await seen()).toEqual(expected), { timeout: 5_000 });
      };

      await heardAs({ roles: ['1: Editors', '2: Viewers'], inGlobex: ['orgs.view_project'] }, () =>
        grants.addToGroup(ann, { name: 'Viewers' }, within(organization, 2)),
      );
      await heardAs(
        {
          roles: ['1: Editors', '2: Viewers'],
          inGlobex: ['orgs.delete_project', 'orgs.view_project'],
        },
        () => grants.grant({ group: { name: 'Viewers' } }, 'orgs.delete_project'),
      );
      await heardAs({ roles: ['1: Editors', '2: Viewers'], inGlobex: ['orgs.view_project'] }, () =>
        grants.revoke({ group: { name: 'Viewers' } }, 'orgs.delete_project'),
      );
      await heardAs(
        {
          roles: ['1: Editors', '2: Viewers'],
          inGlobex: ['orgs.add_project', 'orgs.view_project'],
        },
        () => grants.grant({ user: ann }, 'orgs.add_project', within(organization, 2)),
      );
      await heardAs({ roles: ['1: Editors', '2: Viewers'], inGlobex: ['orgs.view_project'] }, () =>
        grants.revoke({ user: ann }, 'orgs.add_project', within(organization, 2)),
      );
      // A grant within the organization to a group the user is in (globally): '*'.
      await grants.createGroup('Auditors');
      await grants.addToGroup(ann, { name: 'Auditors' });
      await heardAs(
        {
          roles: ['1: Editors', '2: Viewers'],
          inGlobex: ['orgs.delete_project', 'orgs.view_project'],
        },
        () =>
          grants.grant(
            { group: { name: 'Auditors' } },
            'orgs.delete_project',
            within(organization, 2),
          ),
      );
      // The role's name is in the memberships: a rename is heard too.
      await heardAs(
        {
          roles: ['1: Editors', '2: Readers'],
          inGlobex: ['orgs.delete_project', 'orgs.view_project'],
        },
        () => other.db.execute(sql`update auth_group set name = 'Readers' where name = 'Viewers'`),
      );
      await heardAs({ roles: ['1: Editors'], inGlobex: ['orgs.delete_project'] }, () =>
        grants.removeFromGroup(ann, { name: 'Readers' }, within(organization, 2)),
      );
      // An organization deleted: the cleanup trigger ends its memberships, which notify.
      await heardAs({ roles: [], inGlobex: ['orgs.delete_project'] }, () =>
        other.db.execute(sql`delete from orgs_organization where id = 1`),
      );
    } finally {
      await other.close();
    }
  });

  // Whether the user holds any object grant is kept too (a list leaves the object grant tables
  // out for one who holds none): a grant to the user or to a group of theirs must be heard.
  it('an object grant to the user or to their group is heard by their lists', async () => {
    const other = await t.anotherPool();
    try {
      const grants = createGrants({ db: other.db, registry: scopedRegistry });
      const sessions = createSessions({ db: t.db, cache: cache() });
      const { token, session } = await sessions.create(ann, 'operator');
      const visible = async () => {
        const user = await userOf(sessions, token);
        const where = await made.authz.objectsFor(user, 'orgs.view_project', project);
        const rows = await t.db.select({ id: project.id }).from(project).where(where);
        return rows.map((r) => r.id).sort((a, b) => a - b);
      };
      const heardAs = async (expected: number[], change: () => Promise<unknown>) => {
        expect(await cache().sync(invalidationSender(t.db))).toBe(true);
        await visible();
        expect(cache().get(`s:${session.id}`)).toBeDefined();
        await change();
        await vi.waitFor(async () => expect(await visible()).toEqual(expected), { timeout: 5_000 });
      };
      await grants.createGroup('Sharers');
      await grants.addToGroup(ann, { name: 'Sharers' });
      await heardAs([5], () => grants.grant({ user: ann }, 'orgs.view_project', 5));
      await heardAs([5, 6], () =>
        grants.grant({ group: { name: 'Sharers' } }, 'orgs.view_project', 6),
      );
      await heardAs([6], () => grants.revoke({ user: ann }, 'orgs.view_project', 5));
      await heardAs([], () =>
        grants.revoke({ group: { name: 'Sharers' } }, 'orgs.view_project', 6),
      );
    } finally {
      await other.close();
    }
  });

  it('without the listener, every request reads its holdings from the database (fail closed)', async () => {
    const counting = t.counting();
    const sessions = createSessions({ db: counting.db, cache: cache() });
    const { token } = await sessions.create(ann, 'operator');
    await userOf(sessions, token);
    cache().listening(false);
    try {
      counting.reset();
      const before = await made.authz.memberships(await userOf(sessions, token));
      await made.grants.addToGroup(ann, { name: 'Editors' }, within(organization, 3));
      const after = await made.authz.memberships(await userOf(sessions, token));
      expect(after.length).toBe(before.length + 1);
      expect(counting.statements()).toBe(2); // the lookup, each time
    } finally {
      cache().listening(true);
      await vi.waitFor(() => expect(cache().enabled).toBe(true), { timeout: 10_000 });
    }
  });
});
