import { schema, seedDemo } from '@warden/api';
import { describeEachBackend } from '@warden/db/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { codeOf, startServer, Visitor } from './live-server.js';

// An organization's own admins, without staff: acme-admin (Organization admins in Acme) manages
// Acme's members, their roles and its invitations, and nothing of Globex; roles it may give are
// those whose every grant it holds in Acme. Invitation links are accepted by a logged-in user or
// by someone who creates their account with them.
describeEachBackend('organization administration over HTTP', (t) => {
  let server: Awaited<ReturnType<typeof startServer>>;
  const org: Record<string, number> = {};
  const as: Record<string, Visitor> = {};
  const role: Record<string, number> = {};

  const v = (name: string) => {
    const visitor = as[name];
    if (!visitor) throw new Error(name);
    return visitor;
  };
  const inOrg = (who: string, name: string) => v(who).within(`orgs.organization:${org[name]}`);
  const productNames = async (who: Visitor) =>
    (await who.trpc.shop.products.list.query()).items.map((p) => p.name);
  const post = (who: Visitor, path: string, body: unknown) =>
    who.fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    await seedDemo(t.db);
    for (const row of await t.db.select().from(schema.organization)) org[row.name] = row.id;
    server = await startServer(t.handle);
    for (const name of ['acme-admin', 'acme-editor', 'globex-viewer', 'viewer', 'admin'])
      as[name] = await new Visitor(server.url).login(name, `${name}-demo-pw`);
    for (const r of await inOrg('acme-admin', 'Acme').organization.roles.query())
      role[r.name] = r.id;
  });
  afterAll(() => server.close());

  it('lists the members of its own organization only, to its admins only', async () => {
    const members = await inOrg('acme-admin', 'Acme').organization.members.list.query();
    expect(members.map((m) => [m.username, m.roles])).toEqual([
      ['acme-admin', ['Organization admins']],
      ['acme-editor', ['Shop editors']],
    ]);
    expect(await codeOf(inOrg('acme-admin', 'Globex').organization.members.list.query())).toBe(
      'FORBIDDEN',
    );
    expect(await codeOf(v('acme-admin').trpc.organization.members.list.query())).toBe('FORBIDDEN');
    expect(await codeOf(inOrg('acme-editor', 'Acme').organization.members.list.query())).toBe(
      'FORBIDDEN',
    );
    // A superuser manages any organization (it holds everything, globally).
    expect(await inOrg('admin', 'Globex').organization.members.list.query()).toHaveLength(1);
  });

  it('offers the roles whose every grant the admin holds in the organization', async () => {
    const roles = await inOrg('acme-admin', 'Acme').organization.roles.query();
    const assignable = roles.filter((r) => r.assignable).map((r) => r.name);
    expect(assignable).toEqual(['Organization admins', 'Shop editors', 'Shop viewers']);
  });

  it('adds, changes and removes a member, within the escalation rules', async () => {
    const acme = inOrg('acme-admin', 'Acme');
    await acme.organization.members.add.mutate({
      username: 'globex-viewer',
      roles: [role['Shop viewers'] ?? -1],
    });
    expect(await productNames(v('globex-viewer'))).toEqual(['Teapot', 'Kettle', 'Mug', 'Spoon']);
    const added = (await acme.organization.members.list.query()).find(
      (m) => m.username === 'globex-viewer',
    );
    const userId = added?.id ?? -1;
    // Editors grants polls permissions acme-admin does not hold: refused, nothing changes.
    expect(
      await codeOf(
        acme.organization.members.setRoles.mutate({
          userId,
          roles: [role['Shop editors'] ?? -1, role.Editors ?? -1],
        }),
      ),
    ).toBe('FORBIDDEN');
    expect(
      (await acme.organization.members.list.query()).find((m) => m.id === userId)?.roles,
    ).toEqual(['Shop viewers']);
    expect(
      await codeOf(acme.organization.members.add.mutate({ username: 'globex-viewer', roles: [1] })),
    ).toBe('CONFLICT');
    await acme.organization.members.remove.mutate({ userId });
    expect(await productNames(v('globex-viewer'))).toEqual(['Mug', 'Spoon']);
    expect(await codeOf(acme.organization.members.remove.mutate({ userId }))).toBe('NOT_FOUND');
  });

  it('sends a link that creates an account and joins it, once', async () => {
    const acme = inOrg('acme-admin', 'Acme');
    const sent = await acme.organization.invitations.create.mutate({
      roles: [role['Shop viewers'] ?? -1],
      email: 'newcomer@example.com',
    });
    const stranger = new Visitor(server.url);
    await stranger.fetch(`${server.url}/auth/csrf`);
    expect(await stranger.trpc.invitation.show.mutate({ token: sent.token })).toMatchObject({
      organization: { name: 'Acme' },
      roles: ['Shop viewers'],
      invitedBy: 'acme-admin',
      status: 'pending',
    });
    const signup = await post(stranger, '/auth/invitations/signup', {
      token: sent.token,
      username: 'newcomer',
      password: 'newcomer-long-pw',
    });
    expect(signup.status).toBe(201);
    expect((await stranger.trpc.auth.me.query()).user?.username).toBe('newcomer');
    expect(await productNames(stranger)).toEqual(['Teapot', 'Kettle']);
    const again = new Visitor(server.url);
    await again.fetch(`${server.url}/auth/csrf`);
    const reuse = await post(again, '/auth/invitations/signup', {
      token: sent.token,
      username: 'another',
      password: 'another-long-pw',
    });
    expect(reuse.status).toBe(409);
    const listed = await acme.organization.invitations.list.query();
    expect(listed.find((i) => i.id === sent.id)).toMatchObject({
      status: 'accepted',
      acceptedBy: 'newcomer',
    });
  });

  it('joins a logged-in user by a link, and withdraws one not yet used', async () => {
    const acme = inOrg('acme-admin', 'Acme');
    const sent = await acme.organization.invitations.create.mutate({
      roles: [role['Shop editors'] ?? -1],
    });
    const res = await post(v('globex-viewer'), '/auth/invitations/accept', { token: sent.token });
    expect(res.status).toBe(200);
    expect(await productNames(v('globex-viewer'))).toEqual(['Teapot', 'Kettle', 'Mug', 'Spoon']);

    const unused = await acme.organization.invitations.create.mutate({
      roles: [role['Shop viewers'] ?? -1],
    });
    expect(
      await codeOf(
        inOrg('acme-admin', 'Globex').organization.invitations.withdraw.mutate({ id: unused.id }),
      ),
    ).toBe('FORBIDDEN');
    await acme.organization.invitations.withdraw.mutate({ id: unused.id });
    expect(await codeOf(v('viewer').trpc.invitation.show.mutate({ token: unused.token }))).toBe(
      'NOT_FOUND',
    );
    // An invitation to give a role acme-admin may not give is refused when sent.
    expect(
      await codeOf(acme.organization.invitations.create.mutate({ roles: [role.Editors ?? -1] })),
    ).toBe('FORBIDDEN');
  });
});
